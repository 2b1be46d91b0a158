"""Who speaks: the speaker of a reporting verb or ``selon`` in an annotated document.

Used by :mod:`kg.speech`. A speaker is a mention: the verb's subject (also
inverted, or inherited by a participle, a gerund or a coordinated verb), the
antecedent of a relative ``qui``, a pronoun or description through
:mod:`kg.coref`, the name given to a noun in apposition (``le directeur de
Sprint, Marcelo Claure``), or the named body of a spokesperson noun
(``un porte-parole de MSF``).
"""

from __future__ import annotations

import bisect
from collections.abc import Iterator, Sequence
from dataclasses import dataclass

from spacy.tokens import Doc, Token

from kg.bodies import body_nouns, body_of
from kg.coref import SUBJECT_DEPS, Coreference
from kg.types import Mention

SPEAKER_TYPES = ("PER", "ORG")
"""Who speaks when found through a pronoun, a description, ``qui`` or ``selon``."""

INVERTED = frozenset({"-il", "-elle", "-ils", "-elles", "-on"})
"""Inverted subject clitics (``a-t-il dit``, ``explique-t-elle``)."""

_INHERIT_DEPS = frozenset({"advcl", "conj", "xcomp", "parataxis"})
_NAME_DEPS = frozenset({"appos", "flat:name", "flat", "flat:foreign"})


@dataclass
class SpeechContext:
    """One document as speech finding sees it: text, mentions, coreference, guillemet
    blocks and sentence starts (for the evidence sentence of an offset)."""

    sdoc: Doc
    text: str
    mentions: Sequence[Mention]
    coref: Coreference
    blocks: list[tuple[int, int]]
    starts: list[int]

    def sentence_at(self, offset: int) -> int:
        return max(0, bisect.bisect_right(self.starts, offset) - 1)

    def block_at(self, offset: int) -> tuple[int, int] | None:
        for b in self.blocks:
            if b[0] <= offset < b[1]:
                return b
        return None


def subjects_of(verb: Token) -> Iterator[Token]:
    """Yield the possible subjects of a reporting verb, nearest first: its own, then (for a
    participle, a gerund or a coordinated verb) those of the verbs it depends on."""
    word = verb
    started_as_participle = _participle(verb)
    for _depth in range(4):
        passive = word.i == verb.i and (
            "Pass" in verb.morph.get("Voice") or any(c.dep_ == "aux:pass" for c in verb.children)
        )  # "X a été annoncé": X is what is said; "X est arrivé et a dit": X speaks
        found = [
            c for c in word.children
            if (c.dep_ in SUBJECT_DEPS and c.lower_ != "-t"
                and not (passive and c.dep_ == "nsubj:pass"))
            or (c.pos_ == "PRON" and c.lower_ in INVERTED)
        ]  # fmt: skip
        yield from found
        if found and not started_as_participle:
            return
        if word.i == verb.i and incise(verb):
            # ", a affirmé l'ONU": an inverted subject the parser took for an object
            yield from (c for c in verb.children if c.dep_ == "obj" and c.i > verb.i)
            yield from _noun_after(verb)
        if (
            word.dep_ == "acl"
            and "Pres" in word.morph.get("Tense")
            and word.head.pos_ in ("PROPN", "NOUN")
            and word.head.i + 3 >= word.i
        ):
            yield word.head  # "Télérama le qualifiant …": the noun the participle describes
            return
        if word.i == verb.i and not found and started_as_participle:
            yield from _subject_before_clitic(verb)
        if word.dep_ == "ROOT" and not found:
            # "Sur Twitter, X, qui …, s'est dit …": X hung on the opening phrase by the parser
            yield from _name_after_opening(word)
            # "Après avoir annoncé …, l'opérateur Sprint a affirmé …": the parser made the
            # fronted clause the root; its subject is the main clause's
            yield from _subject_after_fronted(word)
        deps = _INHERIT_DEPS | ({"ccomp"} if started_as_participle else set())
        if (word.dep_ not in deps and not _participle(word)) or word.head.i == word.i:
            return  # a present participle inherits whatever its attachment ("reconnaissant")
        if word.dep_ == "xcomp" and word.head.pos_ not in ("VERB", "ADJ"):
            return
        if word.dep_ == "advcl" and not (
            "Pres" in word.morph.get("Tense")
            or any(c.lower_ in ("en", "après") for c in word.children)
        ):
            return  # "pour annoncer …", "avant de dire …": not said yet
        word = word.head


def _name_after_opening(verb: Token) -> Iterator[Token]:
    """Yield the proper noun that follows an opening phrase and its comma before a subjectless
    main verb (``Sur Twitter, Manuel Valls, qui …, s'est dit``)."""
    sent = verb.sent
    for t in verb.doc[sent.start : verb.i]:
        if t.pos_ == "PROPN" and t.i > sent.start and verb.doc[t.i - 1].text == ",":
            if any(w.text == "," for w in verb.doc[sent.start : t.i - 1]):
                return  # a second opening comma: a list, not an opening phrase
            yield t
            return


_OBJECT_CLITICS = frozenset({"le", "la", "les", "l'", "l’", "lui", "leur"})


def _subject_before_clitic(participle: Token) -> Iterator[Token]:
    """Yield the name right before ``le``/``la`` and a present participle (``, Télérama le
    qualifiant « … »``): an absolute clause's subject, whatever the parser made of it."""
    doc = participle.doc
    i = participle.i - 1
    if i < 1 or doc[i].lower_ not in _OBJECT_CLITICS or doc[i].pos_ != "PRON":
        return
    name = doc[i - 1]
    if name.pos_ == "PROPN":
        yield name


def _subject_after_fronted(verb: Token) -> Iterator[Token]:
    """Yield the subject of the main clause after a fronted ``après avoir …`` or ``en …-ant``
    clause that the parser made the root (``Après avoir annoncé …, X a affirmé``)."""
    doc = verb.doc
    sent = verb.sent
    marks = [c for c in verb.children if c.i < verb.i and c.lower_ in ("après", "en")]
    if not marks or marks[0].i != sent.start:
        return
    comma = next((t.i for t in doc[verb.i + 1 : sent.end] if t.text == ","), None)
    if comma is None:
        return
    for t in doc[comma + 1 : sent.end]:
        if t.is_punct:
            return
        if t.dep_ in SUBJECT_DEPS and t.head.i > t.i and t.head.pos_ in ("VERB", "AUX", "ADJ"):
            yield t
            return
        if t.pos_ in ("VERB", "AUX") and "Fin" in t.morph.get("VerbForm"):
            return


def _noun_after(verb: Token) -> Iterator[Token]:
    """Yield the first bare noun phrase after an incise verb (``, a confié, à Reuters, le
    directeur …``), whatever the parser hung it on: the inverted subject."""
    sent = verb.sent
    for t in verb.doc[verb.i + 1 : sent.end]:
        if t.is_sent_end or t.text in (".", ";", "«", "»"):
            return
        if t.pos_ not in ("NOUN", "PROPN") or any(c.dep_ == "case" for c in t.children):
            continue
        first = t.left_edge if t.left_edge.i <= t.i else t
        before = verb.doc[first.i - 1]
        if before.i == verb.i or before.text == ",":
            yield t
        return


def _participle(word: Token) -> bool:
    return "Pres" in word.morph.get("Tense") and "Part" in word.morph.get("VerbForm")


def speakers_of(ctx: SpeechContext, subject: Token) -> tuple[list[tuple[int, bool]], tuple[str, ...]]:
    """Return the mentions that speak through ``subject`` (with whether named right there)
    and the entity types they may have."""
    m = speaker_mention(ctx, subject)
    if m >= 0:
        m = _head_mention(ctx, m)
    if m < 0:
        return [], SPEAKER_TYPES
    direct = ctx.coref.token_mentions[subject.i] == m and subject.dep_ in SUBJECT_DEPS
    types = ("PER", "ORG", "LOC") if direct else SPEAKER_TYPES
    out = [(m, direct)]
    for child in subject.children:  # "X et Y ont déclaré"
        if child.dep_ == "conj" and any(c.lower_ == "et" for c in child.children):
            other = ctx.coref.token_mentions[child.i]
            if other >= 0 and other != m:
                out.append((other, direct))
    return out, types


def _head_mention(ctx: SpeechContext, m: int) -> int:
    """Return who speaks when mention ``m`` is the subject: ``m`` itself, the named noun
    phrase it completes (``la Société des journalistes (SDJ) d'I-Télé``: the Société), or -1
    when it completes an unnamed noun that is not a spokesperson's (``les salariés de X``)."""
    doc = ctx.sdoc
    span = doc.char_span(ctx.mentions[m].start, ctx.mentions[m].end, alignment_mode="expand")
    if span is None or span.start < 2:
        return m
    i = span.start - 1
    while i > 0 and doc[i].pos_ == "DET":
        i -= 1
    if doc[i].lower_ not in ("de", "d'", "d’", "du", "des") or i == 0:
        return m
    i -= 1
    if doc[i].text == ")":  # "la Société des journalistes (SDJ) d'I-Télé"
        while i > 0 and doc[i].text != "(":
            i -= 1
        i -= 1
    noun = doc[i]
    owner = ctx.coref.token_mentions[noun.i]
    if owner >= 0 and owner != m:
        return owner
    if noun.pos_ == "NOUN" and noun.lemma_.lower() not in body_nouns():
        return -1
    return m


def speaker_mention(ctx: SpeechContext, token: Token, depth: int = 0) -> int:
    """Return the mention a subject token stands for, or -1."""
    marks = ctx.coref.token_mentions
    if marks[token.i] >= 0:
        return marks[token.i]
    if token.pos_ in ("NOUN", "PROPN"):
        named = _named_by(ctx, token)  # "le président X", "le directeur de Sprint, Y"
        if named < 0 and token.pos_ == "NOUN":
            named = _apposed_name(ctx, token)  # "le dirigeant du Labour, Jeremy Corbyn, a …"
        if named >= 0:
            return named
        if token.lemma_.lower() in body_nouns():
            body = body_of(token, marks, ctx.mentions)
            if body >= 0:
                return body
    if token.pos_ == "PRON" and "Rel" in token.morph.get("PronType") and depth < 2:
        head = token.head
        if head.dep_.startswith("acl") and head.head.pos_ in ("NOUN", "PROPN"):
            m = speaker_mention(ctx, head.head, depth + 1)
            if m >= 0 and ctx.mentions[m].label != "LOC":
                return m
            # "X, le chef de mission de MSF pour la Syrie qui considère …": the relative hangs
            # on the last noun; the one who considers is the person the phrase is apposed to
            return _apposed_to(ctx, head.head)
        return -1
    return ctx.coref.links.get(token.i, -1)


def _apposed_to(ctx: SpeechContext, noun: Token) -> int:
    """Return the person whose apposition ``noun`` ends (``X, le chef de mission de MSF pour la
    Syrie``: X), climbing the noun's ``de``/``pour`` complements; or -1."""
    doc = noun.doc
    marks = ctx.coref.token_mentions
    top = noun
    while top.dep_ == "nmod" and top.head.pos_ == "NOUN" and top.head.i < top.i:
        top = top.head
    if top.i == noun.i or marks[top.i] >= 0:
        return -1
    first = top.left_edge.i
    if first < 2 or doc[first - 1].text != ",":
        return -1
    m = marks[first - 2]
    return m if m >= 0 and ctx.mentions[m].label == "PER" else -1


def _named_by(ctx: SpeechContext, noun: Token) -> int:
    """Return the person or organisation a noun is given a name by (``le président élu X``,
    ``le directeur de Sprint, X,``), or -1."""
    marks = ctx.coref.token_mentions
    for child in noun.children:
        if child.i <= noun.i:
            continue
        deps = [child]
        if child.dep_ in ("appos", "amod") and marks[child.i] < 0:
            deps += [g for g in child.children if g.i > child.i]  # "le président élu X"
        for word in deps:
            m = marks[word.i]
            if m < 0 or ctx.mentions[m].label == "MISC":
                continue
            doc = noun.doc
            if doc[word.i - 1].text == ",":  # "X, Y, a dit": Y closed by punctuation too
                after = ctx.mentions[m].end
                rest = ctx.text[after : after + 3].lstrip()
                if not rest or rest[0] not in ",.;:)»":
                    continue
            elif any(  # "le chef de l'organisation X" yes; "entraînée par le légendaire X" no
                t.pos_ in ("VERB", "AUX") and t.i != child.i for t in doc[noun.i + 1 : word.i]
            ):
                continue
            if (
                word.dep_ in _NAME_DEPS
                or (word.dep_ == "dep" and word.i != child.i)
                or (  # "l'association Wikimédia": a name right after its class noun
                    word.dep_ == "nmod"
                    and word.i == noun.i + 1
                    and not any(c.dep_ == "case" for c in word.children)
                )
                or (
                    word.dep_ == "conj"
                    and word.pos_ == "PROPN"
                    and doc[word.i - 1].text == ","
                    and not any(c.lower_ == "et" for c in word.children)
                )
            ):
                return m
    return -1


def _apposed_name(ctx: SpeechContext, noun: Token) -> int:
    """Return the person named between commas right after a noun phrase, whatever the parser
    attached it to (``le dirigeant du Labour, Jeremy Corbyn, a réagi``), or -1."""
    doc = noun.doc
    marks = ctx.coref.token_mentions
    for j in range(noun.i + 1, min(noun.right_edge.i + 2, len(doc) - 1)):
        if doc[j].text != ",":
            continue
        m = marks[j + 1]
        if m < 0 or ctx.mentions[m].label != "PER" or marks[j] == m:
            continue
        after = ctx.text[ctx.mentions[m].end : ctx.mentions[m].end + 3].lstrip()
        if after[:1] in (",", ":", ")"):
            return m
    return -1


def incise(verb: Token) -> bool:
    """Whether an inverted verb is an incise (``, a-t-il déclaré,``): after a comma or a mark."""
    first = min([verb.i, *(c.i for c in verb.children if c.dep_.startswith("aux"))])
    return first > 0 and verb.doc[first - 1].text in (",", "»", "”", "(", "—", "–")


def addressee_of(ctx: SpeechContext, verb: Token) -> int | None:
    """Return the mention a reporting verb's speech is addressed to (``a déclaré au China
    Daily``, ``lui a proposé``), or None."""
    for child in verb.children:
        if child.dep_ not in ("obl:arg", "obl:mod", "obl", "iobj"):
            continue
        m = ctx.coref.token_mentions[child.i]
        if m < 0 and child.dep_ == "iobj" and child.i < verb.i:
            m = ctx.coref.links.get(child.i, -1)  # "X lui a proposé": lui stands for someone
            if m >= 0:
                return m
        if m < 0 or ctx.mentions[m].label not in ("PER", "ORG"):
            continue
        if any(c.lower_ in ("à", "au", "aux") for c in child.children if c.dep_ == "case"):
            return m
    return None
