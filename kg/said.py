"""What was said: the reported content of a reporting verb, as offsets into the text.

Used by :mod:`kg.speech`: the ``que`` clause, the infinitive, the noun phrase
or ``à``/``de`` complement, the guillemets after a colon, the guillemet block
an inverted clause follows or interrupts, or the sentence before it; stretched
to close the guillemets it opens and trimmed of surrounding marks.
"""

from __future__ import annotations

import re

from spacy.tokens import Doc, Token

from kg.speakers import SpeechContext

OBJECT_CASES = frozenset({"à", "au", "aux", "de", "du", "des", "d'", "d’"})
"""Prepositions of a complement that carries speech (``s'oppose à``, ``se félicite de``)."""

_QUE = frozenset({"que", "qu'", "qu’"})
_CLAUSE_HEADS = frozenset({"VERB", "AUX", "ADJ", "NOUN", "PROPN", "PRON", "NUM", "ADV"})
_TIME_WORDS = frozenset(
    ["janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre", "octobre", "novembre", "décembre", "lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche", "jour", "semaine", "mois", "an", "année", "matin", "soir", "soirée", "nuit", "hier", "veille", "lendemain", "heure", "fois"]
)
_POSSESSIVES = frozenset(
    ["sien", "sienne", "siens", "siennes", "leur", "leurs", "mien", "mienne", "tien", "tienne", "nôtre", "vôtre"]
)  # "annoncer la sienne": a pronoun, not what was announced
_MARKS = "«»\"“”'‹› ,;:—–-\n\t"


def block_after(ctx: SpeechContext, offset: int) -> tuple[int, int] | None:
    """Return the guillemet block that opens right after ``offset`` (spaces between), or None."""
    i = offset
    while i < len(ctx.text) and ctx.text[i].isspace():
        i += 1
    for b in ctx.blocks:
        if b[0] == i:
            return b
    return None


def before_clause(
    ctx: SpeechContext, verb: Token, subject: Token, frames: frozenset[str]
) -> tuple[int, int] | None:
    """What precedes an inverted reporting clause: the block it interrupts or follows, or the
    sentence before it (``…, a affirmé l'ONU``)."""
    if "quote" not in frames:
        return None
    inside = ctx.block_at(verb.idx)
    if inside is not None:
        return trim_marks(ctx.text, *inside)
    first = min([verb.i, *(c.i for c in verb.children if c.dep_.startswith("aux"))])
    clause = verb.doc[first].idx
    sent_start = verb.sent.start_char
    for b in reversed(ctx.blocks):
        if b[1] <= clause:
            between = ctx.text[b[1] : clause]
            # the block opens its sentence (or an earlier one): "« … » mardi, a déclaré X",
            # or follows a colon: "X a annoncé que … : « … », a-t-il déclaré"
            lead = ctx.text[sent_start : b[0]] if b[0] > sent_start else ""
            opens = not re.search(r"\w", lead) or lead.rstrip().endswith(":")
            if (
                opens
                and len(between.split()) <= 12
                and "\n" not in between
                and not re.search(r"[.!?](\s|$)", between)
            ):
                return trim_marks(ctx.text, *b)
            break
    sent = verb.sent
    if first <= sent.start or verb.doc[first - 1].text not in (",", "»", "”"):
        return None
    return trim_marks(ctx.text, sent.start_char, verb.doc[first].idx)


def after_verb(
    ctx: SpeechContext, verb: Token, frames: frozenset[str], last: int
) -> tuple[int, int] | None:
    """What follows a reporting verb whose subject precedes it (see the module docstring)."""
    doc = verb.doc
    sent = verb.sent
    window = doc[last + 1 : min(sent.end, last + 14)]
    if "quote" in frames:
        # "X a salué « un homme qui … »": guillemets right after the verb say it
        block = block_after(ctx, doc[last].idx + len(doc[last].text)) if last + 1 < sent.end else None
        if block is not None:
            return trim_marks(ctx.text, *block)
        # "X a affirmé : « … »" (the colon before any other verb)
        for t in doc[last + 1 : sent.end]:
            if t.text == ":":
                block = block_after(ctx, t.idx + 1)
                if block is not None:
                    return trim_marks(ctx.text, *block)
                rest = doc[t.i + 1 : sent.end]
                if any(w.pos_ in ("VERB", "AUX") for w in rest):  # a clause, not a list or name
                    return trim_marks(ctx.text, rest[0].idx, sent.end_char)
                break
            if t.pos_ in ("VERB", "AUX") and "Fin" in t.morph.get("VerbForm"):
                break
    options: list[tuple[int, Token, Token]] = []  # (first token, last token) of each reading
    if "que" in frames:  # "X a indiqué (au Monde) que …"
        for t in window:
            if t.pos_ == "NOUN" and t.lemma_.lower() not in _TIME_WORDS and not any(
                c.dep_ == "case" for c in t.children
            ):
                break  # "annonce un traitement … qu'il …": that que belongs to the noun phrase
            if t.lower_ in _QUE and t.pos_ == "SCONJ":
                if t.i + 1 < sent.end:
                    head = t.head
                    end = head.right_edge if head.i > t.i else doc[sent.end - 1]
                    if head.pos_ not in _CLAUSE_HEADS:
                        # the parser lost the clause ("que ce caractère « non lucratif »
                        # exclut …" hung on a guillemet): it runs to the sentence's end
                        end = doc[sent.end - 1]
                    options.append((t.i + 1, doc[t.i + 1], end))
                break
            if t.pos_ in ("VERB", "AUX") and "Fin" in t.morph.get("VerbForm"):
                break
    heads = [verb, *doc[verb.i + 1 : last + 1]]
    children = [c for h in heads for c in h.children if c.i > last]
    for c in children:
        infinitive = "Inf" in c.morph.get("VerbForm") or any(  # "avoir été exclue"
            a.dep_.startswith("aux") and "Inf" in a.morph.get("VerbForm") and a.i < c.i
            for a in c.children
        )
        if "inf" in frames and c.dep_ in ("xcomp", "ccomp", "obj") and (
            infinitive or (c.dep_ == "xcomp" and c.pos_ == "ADJ")
        ):  # "X a promis d'inverser …", "X dit avoir …", "X s'est dit attristé"
            first = max(c.left_edge.i, last + 1)
            marks = [m for m in c.children if m.dep_ == "mark" and m.i < c.i]
            if marks:
                first = max(min(first, marks[0].i), last + 1)
            options.append((first, doc[first], c.right_edge))
        elif "que" in frames and c.dep_ == "ccomp" and not infinitive:
            first = c.left_edge if c.left_edge.lower_ not in _QUE else doc[c.left_edge.i + 1]
            first = doc[max(first.i, last + 1)]
            options.append((first.i, first, c.right_edge))
        elif (
            "np" in frames
            and c.dep_ == "obj"
            and c.pos_ in ("NOUN", "PROPN")
            and c.lemma_.lower() not in _TIME_WORDS
            and c.lemma_.lower() not in _POSSESSIVES
            and not _only_a_name(ctx, c)
        ):  # "X a annoncé (le 6 novembre) le lancement de …"
            first = doc[max(c.left_edge.i, last + 1)]
            options.append((first.i, first, max(c.right_edge, _clause_end(verb), key=_index)))
    if options:
        _, first, end = min(options, key=lambda o: o[0])
        return content_span(ctx, first, end, sent)
    if "inf" in frames:
        found = _detached_infinitive(doc, last, sent)
        if found is not None:
            return content_span(ctx, *found, sent)
    if "np" in frames or "a" in frames:  # "X s'oppose à …", "X appelle à …"
        for c in children:
            if c.dep_ in ("obl:arg", "obl") and any(
                k.dep_ == "case" and k.lower_ in OBJECT_CASES for k in c.children
            ):
                if c.dep_ == "obl" and "a" not in frames:
                    continue
                if c.lemma_.lower() in _TIME_WORDS:
                    continue
                for inf in c.children:  # "demande à l'animateur de ne pas venir": what is asked
                    marks = [m for m in inf.children if m.dep_ == "mark" and m.i < inf.i]
                    if "Inf" in inf.morph.get("VerbForm") and marks and inf.i > c.i:
                        return content_span(ctx, marks[0], inf.right_edge, sent)
                after = next((t.i for t in doc[c.i + 1 : min(c.i + 4, sent.end)]
                              if t.lower_ in ("de", "d'", "d’")), sent.end)  # fmt: skip
                if after < sent.end:
                    inf = next((t for t in doc[after + 1 : min(after + 5, sent.end)]
                                if "Inf" in t.morph.get("VerbForm")), None)  # fmt: skip
                    if inf is not None:  # the same, parsed apart
                        return content_span(ctx, doc[after], max(inf.right_edge, inf, key=_index), sent)
                if _only_a_name(ctx, c):
                    continue
                return content_span(ctx, doc[max(c.left_edge.i, last + 1)], c.right_edge, sent)
    return None


_NOT_SAID_MARKS = frozenset({"pour", "afin", "sans", "avant", "à", "par"})


def _detached_infinitive(doc: Doc, last: int, sent) -> tuple[Token, Token] | None:
    """Return the first and last tokens of an infinitive that follows a reporting verb but that
    the parser hung elsewhere (``qui raconte avoir été approché par …``, ``le président
    promettant dès 2012 d'inverser la courbe``), or None.

    Only dates, adverbs and prepositional phrases may stand between the verb and the
    infinitive (or its ``de``); a comma, a finite verb or an object noun ends the search.
    """
    for j in range(last + 1, min(last + 10, sent.end)):
        t = doc[j]
        if t.is_punct or (t.pos_ in ("VERB", "AUX") and "Fin" in t.morph.get("VerbForm")):
            return None
        if "Inf" in t.morph.get("VerbForm"):
            before = doc[j - 1]
            if before.lower_ in _NOT_SAID_MARKS:
                return None  # "pour annoncer", "sans dire": not what was said
            first = before if before.lower_ in ("de", "d'", "d’") and before.i > last else t
            verb = t.head if t.pos_ == "AUX" and t.head.i > t.i else t
            end = max(verb.right_edge, verb, key=_index)
            for k in range(verb.i + 1, end.i):  # "qui raconte avoir …, a porté plainte"
                if doc[k].text == "," and any(
                    w.pos_ in ("VERB", "AUX") and "Fin" in w.morph.get("VerbForm")
                    for w in doc[k + 1 : min(k + 3, end.i + 1)]
                ):
                    end = doc[k - 1]
                    break
            return first, end if end.i >= first.i else verb
        if t.pos_ in ("NOUN", "PROPN") and t.lemma_.lower() not in _TIME_WORDS and not any(
            c.dep_ == "case" for c in t.children
        ):
            return None  # "raconte l'histoire de …": a noun phrase, not an infinitive
    return None


def _clause_end(verb: Token) -> Token:
    """Return the last token of a verb's own clause (coordinated clauses left out)."""
    ends = [
        c.right_edge for c in verb.children
        if c.i > verb.i and c.dep_ not in ("conj", "parataxis", "punct", "cc")
    ]  # fmt: skip
    return max(ends, key=_index) if ends else verb


def _index(token: Token) -> int:
    return token.i


def _only_a_name(ctx: SpeechContext, token: Token) -> bool:
    """Whether a complement is a mention and nothing more (``a salué Jean Dupont``)."""
    m = ctx.coref.token_mentions[token.i]
    if m < 0:
        return token.pos_ == "PROPN"
    apposed = {
        t.i for c in token.children if c.dep_ == "appos" and c.i > token.i for t in c.subtree
    }  # "à Bernie Sanders, un sénateur indépendant": still a name
    words = [
        t for t in token.subtree
        if not t.is_punct and t.pos_ not in ("DET", "ADP") and t.i not in apposed
    ]  # fmt: skip
    return all(ctx.coref.token_mentions[t.i] == m for t in words)


def content_span(ctx: SpeechContext, first: Token, last: Token, sent) -> tuple[int, int] | None:
    """Return the cleaned offsets from ``first`` to ``last``, stretched to close guillemets."""
    start, end = first.idx, last.idx + len(last.text)
    end = min(end, sent.end_char) if ctx.block_at(start) is None else end
    for b in ctx.blocks:  # a block opened inside the content runs to its end
        if start <= b[0] < end < b[1] or (b[0] <= start < b[1] and end < b[1] and b[0] >= start - 2):
            end = b[1]
    return trim_marks(ctx.text, start, end)


def trim_marks(text: str, start: int, end: int) -> tuple[int, int] | None:
    """Return ``(start, end)`` without surrounding marks and spaces, or None if too short."""
    while start < end and text[start] in _MARKS:
        start += 1
    while end > start and (text[end - 1] in _MARKS or text[end - 1] in ".…"):
        end -= 1
    if end - start < 5:
        return None
    return start, end


def past_apposition(doc: Doc, comma: int, sent) -> int:
    """Return the comma that ends a speaker's apposition (``Selon X, directeur de Y, …``):
    a verbless stretch of at most ten words between two commas; else ``comma``."""
    if comma >= sent.end or doc[comma].text != ",":
        return comma
    for j in range(comma + 1, min(comma + 12, sent.end)):
        word = doc[j]
        if word.pos_ in ("VERB", "AUX") or word.text in ("«", ":", ";"):
            return comma
        if word.text == ",":
            return j if j > comma + 1 else comma
    return comma
