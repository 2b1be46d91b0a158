"""Reported speech: who said what in an article, direct and indirect.

:class:`SpeechFinder` reads quotations off an annotated document whose
mentions are known, with the coreference links of :mod:`kg.coref`:

- a reporting verb (``kg/data/reporting_verbs.tsv``, one lemma per line with
  the complements that carry the speech) with its speaker: the subject, also
  inverted (``a déclaré X``, ``a-t-il ajouté``, ``explique-t-il``), inherited
  by a participle or a coordinated verb (``X n'a pas signé, considérant
  que …``), a relative ``qui``, a pronoun or description resolved by
  coreference, or the named body of a spokesperson (``un porte-parole de
  MSF``, ``le bureau de MSF``; ``kg/data/spokesperson_nouns.txt``);
- what was said: the ``que`` clause (``X a indiqué que …``), the infinitive
  (``X a promis d'inverser …``, ``X dit avoir …``), the noun phrase
  (``X a annoncé le lancement de …``), the guillemets after a colon (``X a
  affirmé : « … »``), or the guillemet block the verb follows or interrupts
  (``« …, a-t-il déclaré, … »``; a block runs over sentences and over
  paragraphs that reopen with ``«``), or the sentence before an inverted
  clause (``…, a affirmé l'ONU``);
- ``selon X`` / ``d'après X`` (the rest of the sentence, or what precedes),
  ``Pour X, …`` at the head of a sentence;
- ``X : « … »`` (a clause ending in a colon whose subject is a mention,
  followed by guillemets) and a signature line ``— X`` under first-person
  paragraphs.

Each quotation is a :class:`QuoteCandidate`: speaker mention index, quote
offsets into the document text (the reported content, whole), the reporting
verb's lemma (``selon``, or ``-`` when only punctuation introduces it) and
``sentence``, the index of the sentence where it is said (the evidence).
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, replace
from functools import lru_cache
from importlib import resources

from spacy.matcher import Matcher
from spacy.tokens import Doc, Token
from spacy.vocab import Vocab

from kg.coref import SUBJECT_DEPS, Coreference, body_nouns, body_of, coreference, guillemet_blocks
from kg.entities import doc_text
from kg.errors import InputError
from kg.patterns import SpeechCue
from kg.types import ALL_TYPES, Mention, Sentence

FRAMES = frozenset({"que", "inf", "np", "a", "quote"})
"""Complements a reporting verb may take (see ``kg/data/reporting_verbs.tsv``)."""

SPEAKER_TYPES = ("PER", "ORG")
"""Who speaks when found through a pronoun, a description, ``qui`` or ``selon``."""

_NEGATIONS = frozenset({"pas", "plus", "jamais", "rien", "guère", "point", "nullement", "aucunement"})
_REFLEXIVE = frozenset({"se", "s'", "s’"})
_QUE = frozenset({"que", "qu'", "qu’"})
_INVERTED = frozenset({"-il", "-elle", "-ils", "-elles", "-on"})
_INHERIT_DEPS = frozenset({"advcl", "conj", "xcomp", "parataxis"})
_NAME_DEPS = frozenset({"appos", "flat:name", "flat", "flat:foreign"})
_OBJECT_CASES = frozenset({"à", "au", "aux", "de", "du", "des", "d'", "d’"})
_ACCORDING = frozenset({"selon", "d'après", "d’après"})
_TIME_WORDS = frozenset(
    ["janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre", "octobre", "novembre", "décembre", "lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche", "jour", "semaine", "mois", "an", "année", "matin", "soir", "soirée", "nuit", "hier", "veille", "lendemain", "heure", "fois"]
)
_MARKS = "«»\"“”'‹› ,;:—–-\n\t"
_FIRST_PERSON = re.compile(r"\b(je|j['’]|nous|me|m['’]|mon|ma|mes|notre|nos)\b", re.IGNORECASE)
_SIGNATURE = re.compile(r"^[ \t]*[—–][ \t]*\S.*$", re.MULTILINE)


@dataclass(frozen=True)
class ReportingVerb:
    """One reporting verb of the lexicon: ``lemma`` as written, its verb, the words after it.

    ``reflexive`` when the entry starts with ``se``/``s'`` (``se dire``);
    ``frames`` the complements that carry the speech (:data:`FRAMES`).
    """

    lemma: str
    verb: str
    words: tuple[str, ...]
    reflexive: bool
    frames: frozenset[str]


@dataclass(frozen=True)
class QuoteCandidate:
    """Reported speech in one document: speaker (and addressee) mention indices, quote offsets.

    ``sentence`` is the index of the sentence where the speech is attributed
    (the evidence), which may differ from the speaker mention's sentence when
    the speaker comes through coreference; None means the speaker's.
    """

    speaker: int
    start: int
    end: int
    text: str
    verb: str
    pattern: str
    confidence: float
    addressee: int | None = None
    speaker_types: tuple[str, ...] = ALL_TYPES
    addressee_types: tuple[str, ...] = ALL_TYPES
    sentence: int | None = None


def parse_reporting_verbs(text: str, *, source: str = "reporting verbs") -> list[ReportingVerb]:
    """Return the entries of a reporting-verb lexicon (``lemma<TAB>frames`` lines, ``#`` comments).

    >>> [(v.verb, v.words, v.reflexive, sorted(v.frames))
    ...  for v in parse_reporting_verbs("se dire\\tinf,que\\nmettre en avant\\tnp\\ndire")]
    [('dire', (), True, ['inf', 'que']), ('mettre', ('en', 'avant'), False, ['np']), ('dire', (), False, ['que', 'quote'])]
    """
    out = []
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        lemma, _, frames = line.partition("\t")
        words = lemma.strip().lower().replace("’", "'").split()
        reflexive = False
        if words and words[0] == "se":
            reflexive, words = True, words[1:]
        elif words and words[0].startswith("s'") and len(words[0]) > 2:
            reflexive, words = True, [words[0][2:], *words[1:]]
        found = frozenset(f.strip() for f in (frames or "que,quote").split(",") if f.strip())
        if not words or not found <= FRAMES:
            raise InputError(
                f"{source}, line {number}: bad reporting verb {line!r} "
                f"(frames are {', '.join(sorted(FRAMES))})"
            )
        out.append(ReportingVerb(lemma.strip(), words[0], tuple(words[1:]), reflexive, found))
    return out


@lru_cache(maxsize=1)
def packaged_reporting_verbs() -> tuple[ReportingVerb, ...]:
    """Return the reporting verbs shipped in ``kg/data/reporting_verbs.tsv``."""
    text = resources.files("kg").joinpath("data/reporting_verbs.tsv").read_text("utf-8")
    return tuple(parse_reporting_verbs(text, source="kg/data/reporting_verbs.tsv"))


@dataclass
class _Context:
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


class SpeechFinder:
    """Finds reported speech in annotated documents (see the module docstring).

    >>> import spacy
    >>> finder = SpeechFinder(spacy.blank("fr").vocab)
    >>> "dire" in finder.verbs
    True
    """

    def __init__(self, vocab: Vocab, verbs: Iterable[ReportingVerb] | None = None) -> None:
        self.verbs: dict[str, list[ReportingVerb]] = {}
        for v in packaged_reporting_verbs() if verbs is None else verbs:
            self.verbs.setdefault(v.verb, []).append(v)
        # lemmas as the model may give them ("estime" for estimer): the verb without its -r
        forms = set(self.verbs) | {v[:-1] for v in self.verbs if v.endswith("er")}
        self._matcher = Matcher(vocab)
        self._matcher.add("verb", [[{"LEMMA": {"IN": sorted(forms)}, "POS": {"IN": ["VERB", "AUX"]}}]])
        self._matcher.add("according", [[{"LOWER": {"IN": sorted(_ACCORDING)}}],
                                        [{"LOWER": {"IN": ["d'", "d’"]}}, {"LOWER": "après"}]])
        self._matcher.add("pour", [[{"LOWER": "pour", "IS_SENT_START": True}]])
        self._matcher.add("colon", [[{"ORTH": ":"}]])

    def __call__(
        self,
        sdoc: Doc,
        mentions: Sequence[Mention],
        *,
        coref: Coreference | None = None,
        sents: Sequence[Sentence] | None = None,
        cues: Sequence[SpeechCue] = (),
    ) -> list[QuoteCandidate]:
        """Return the quotations of ``sdoc`` whose speaker is one of ``mentions``.

        ``coref`` defaults to :func:`kg.coref.coreference`; ``sents`` are the
        document's sentences (:func:`kg.entities.sentences`), whose indices
        the candidates' ``sentence`` refers to (default: spaCy's sentences);
        ``cues`` the matches of user relation rules marked ``"quote": true``
        (:class:`kg.patterns.SpeechCue`), whose speech is read the same way.
        """
        if not mentions or not sdoc.has_annotation("DEP"):
            return []
        coref = coref or coreference(sdoc, mentions)
        text = doc_text(sdoc)
        starts = (
            [s.start for s in sents] if sents is not None else [s.start_char for s in sdoc.sents]
        )
        ctx = _Context(sdoc, text, mentions, coref, guillemet_blocks(text), starts)
        found: list[QuoteCandidate] = []
        strings = sdoc.vocab.strings
        # the headline sums up the article: its speech is reported again below
        headline = text.find("\n") if text.find("\n") > 0 and text.strip().count("\n") else 0
        for match_id, start, end in self._matcher(sdoc):
            if sdoc[start].idx < headline:
                continue
            label = strings[match_id]
            if label == "verb":
                found += self._verb(ctx, sdoc[start])
            elif label == "according":
                found += _according(ctx, sdoc[start], sdoc[end - 1])
            elif label == "pour":
                found += _pour(ctx, sdoc[start])
            elif label == "colon":
                found += self._colon(ctx, sdoc[start])
        found += _signatures(ctx)
        for cue in cues:
            found += self._cue(ctx, cue)
        return _keep_first(found, mentions)

    def _cue(self, ctx: _Context, cue: SpeechCue) -> list[QuoteCandidate]:
        """The speech of a user rule's match: its speaker is given, what was said is read."""
        trigger = ctx.sdoc[cue.trigger]
        m = ctx.mentions[cue.speaker]
        if trigger.lower_ in _ACCORDING or trigger.lower_ == "après":
            found = _according(ctx, trigger, trigger)
            return [replace(q, speaker=cue.speaker, pattern=cue.pattern) for q in found]
        entries = self._entries(trigger)
        frames = frozenset().union(*(e.frames for e in entries)) if entries else FRAMES
        if m.start > trigger.idx:
            subject = ctx.sdoc.char_span(m.start, m.end, alignment_mode="expand")
            span = _before(ctx, trigger, subject.root, frames) if subject else None
        else:
            span = _after(ctx, trigger, frames, trigger.i)
        if span is None:
            return []
        return [
            QuoteCandidate(
                cue.speaker, span[0], span[1], ctx.text[span[0] : span[1]], trigger.lemma_,
                cue.pattern, cue.confidence, cue.addressee, cue.speaker_types,
                cue.addressee_types, ctx.sentence_at(trigger.idx),
            )
        ]  # fmt: skip

    # ------------------------------------------------------------------ verbs

    def _entries(self, verb: Token) -> list[ReportingVerb]:
        lemma = verb.lemma_.lower()
        entries = self.verbs.get(lemma) or self.verbs.get(lemma + "r") or []
        reflexive = any(c.lower_ in _REFLEXIVE for c in verb.children)
        out = []
        for e in entries:
            if e.reflexive and not reflexive:
                continue
            if e.words:
                after = [t.lower_ for t in verb.doc[verb.i + 1 : verb.i + 1 + len(e.words)]]
                if after != list(e.words):
                    continue
            out.append(e)
        return out

    def _verb(self, ctx: _Context, verb: Token) -> list[QuoteCandidate]:
        entries = self._entries(verb)
        if not entries or _negated(verb):
            return []
        frames = frozenset().union(*(e.frames for e in entries))
        speakers, types, subject = [], SPEAKER_TYPES, None
        for subject in _subjects(verb):
            speakers, types = _speakers(ctx, subject)
            if speakers:
                break
        if not speakers or subject is None:
            return []
        inverted = subject.i > verb.i or subject.lower_ in _INVERTED  # "a-t-il dit"
        inside = ctx.block_at(verb.idx)
        if inside is not None and not (inverted and _incise(verb)):
            return []  # a verb inside someone's quotation
        extra = max((len(e.words) for e in entries), default=0)
        span = (
            _before(ctx, verb, subject, frames)
            if inverted
            else _after(ctx, verb, frames, verb.i + extra)
        )
        if span is None:
            return []
        start, end = span
        addressee = _addressee(ctx, verb)
        verb_name = next((e.lemma for e in entries if e.words or e.reflexive), verb.lemma_)
        if verb_name == verb.lemma_ and entries:
            verb_name = entries[0].lemma
        return [
            _candidate(
                ctx, s, start, end, verb_name, "reporting-verb", 0.9 if direct else 0.8, verb.idx,
                types, addressee,
            )
            for s, direct in speakers
        ]  # fmt: skip

    def _colon(self, ctx: _Context, colon: Token) -> list[QuoteCandidate]:
        """``X : « … »`` and ``X est plus explicite : « … »``: a clause then guillemets."""
        block = _block_after(ctx, colon.idx + 1)
        if block is None:
            return []
        sent = colon.sent
        clause = [t for t in sent if t.i < colon.i]
        if not clause:
            return []
        root = sent.root if sent.root.i < colon.i else None
        if root is not None and (self._entries(root) and not _negated(root)):
            return []  # a reporting verb: read by _verb
        subject = None
        if root is not None:
            subject = next((c for c in root.children if c.dep_ in SUBJECT_DEPS), None)
            if subject is None and ctx.coref.mention_at(root) >= 0:
                subject = root  # "Jean Dupont :" (a name alone before the colon)
        if subject is None:
            return []
        speakers, types = _speakers(ctx, subject)
        verb = root.lemma_ if root is not None and self._entries(root) else "-"
        block = _clean(ctx.text, *block)
        if block is None:
            return []
        return [
            _candidate(ctx, s, block[0], block[1], verb, "quote-colon", 0.8, colon.idx, types)
            for s, _direct in speakers
        ]


def _candidate(
    ctx: _Context,
    speaker: int,
    start: int,
    end: int,
    verb: str,
    pattern: str,
    confidence: float,
    at: int,
    types: tuple[str, ...],
    addressee: int | None = None,
) -> QuoteCandidate:
    return QuoteCandidate(
        speaker=speaker,
        start=start,
        end=end,
        text=ctx.text[start:end],
        verb=verb,
        pattern=pattern,
        confidence=confidence,
        addressee=addressee,
        speaker_types=types,
        addressee_types=SPEAKER_TYPES,
        sentence=ctx.sentence_at(at),
    )


def _negated(verb: Token) -> bool:
    """Whether the verb is negated (``n'a pas dit``); ``n'a confirmé que`` is not."""
    for child in verb.children:
        if child.lower_ in _NEGATIONS:
            return True
        if "Neg" in child.morph.get("Polarity") and child.lower_ not in ("ne", "n'", "n’"):
            return True
    return False


def _subjects(verb: Token) -> Iterator[Token]:
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
            or (c.pos_ == "PRON" and c.lower_ in _INVERTED)
        ]  # fmt: skip
        yield from found
        if found and not started_as_participle:
            return
        if word.i == verb.i and _incise(verb):
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


def _speakers(ctx: _Context, subject: Token) -> tuple[list[tuple[int, bool]], tuple[str, ...]]:
    """Return the mentions that speak through ``subject`` (with whether named right there)
    and the entity types they may have."""
    m = _speaker_mention(ctx, subject)
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


def _head_mention(ctx: _Context, m: int) -> int:
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


def _speaker_mention(ctx: _Context, token: Token, depth: int = 0) -> int:
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
            m = _speaker_mention(ctx, head.head, depth + 1)
            if m >= 0 and ctx.mentions[m].label != "LOC":
                return m
        return -1
    return ctx.coref.links.get(token.i, -1)


def _named_by(ctx: _Context, noun: Token) -> int:
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
                or (
                    word.dep_ == "conj"
                    and word.pos_ == "PROPN"
                    and doc[word.i - 1].text == ","
                    and not any(c.lower_ == "et" for c in word.children)
                )
            ):
                return m
    return -1


def _apposed_name(ctx: _Context, noun: Token) -> int:
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


def _incise(verb: Token) -> bool:
    """Whether an inverted verb is an incise (``, a-t-il déclaré,``): after a comma or a mark."""
    first = min([verb.i, *(c.i for c in verb.children if c.dep_.startswith("aux"))])
    return first > 0 and verb.doc[first - 1].text in (",", "»", "”", "(", "—", "–")


def _addressee(ctx: _Context, verb: Token) -> int | None:
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


def _block_after(ctx: _Context, offset: int) -> tuple[int, int] | None:
    """Return the guillemet block that opens right after ``offset`` (spaces between), or None."""
    i = offset
    while i < len(ctx.text) and ctx.text[i].isspace():
        i += 1
    for b in ctx.blocks:
        if b[0] == i:
            return b
    return None


def _before(
    ctx: _Context, verb: Token, subject: Token, frames: frozenset[str]
) -> tuple[int, int] | None:
    """What precedes an inverted reporting clause: the block it interrupts or follows, or the
    sentence before it (``…, a affirmé l'ONU``)."""
    if "quote" not in frames:
        return None
    inside = ctx.block_at(verb.idx)
    if inside is not None:
        return _clean(ctx.text, *inside)
    first = min([verb.i, *(c.i for c in verb.children if c.dep_.startswith("aux"))])
    clause = verb.doc[first].idx
    sent_start = verb.sent.start_char
    for b in reversed(ctx.blocks):
        if b[1] <= clause:
            between = ctx.text[b[1] : clause]
            # the block opens its sentence (or an earlier one): "« … » mardi, a déclaré X"
            opens = b[0] <= sent_start or not re.search(r"\w", ctx.text[sent_start : b[0]])
            if (
                opens
                and len(between.split()) <= 12
                and "\n" not in between
                and not re.search(r"[.!?](\s|$)", between)
            ):
                return _clean(ctx.text, *b)
            break
    sent = verb.sent
    if first <= sent.start or verb.doc[first - 1].text not in (",", "»", "”"):
        return None
    return _clean(ctx.text, sent.start_char, verb.doc[first].idx)


def _after(
    ctx: _Context, verb: Token, frames: frozenset[str], last: int
) -> tuple[int, int] | None:
    """What follows a reporting verb whose subject precedes it (see the module docstring)."""
    doc = verb.doc
    sent = verb.sent
    window = doc[last + 1 : min(sent.end, last + 14)]
    if "quote" in frames:  # "X a affirmé : « … »" (the colon before any other verb)
        for t in doc[last + 1 : sent.end]:
            if t.text == ":":
                block = _block_after(ctx, t.idx + 1)
                if block is not None:
                    return _clean(ctx.text, *block)
                rest = doc[t.i + 1 : sent.end]
                if any(w.pos_ in ("VERB", "AUX") for w in rest):  # a clause, not a list or name
                    return _clean(ctx.text, rest[0].idx, sent.end_char)
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
            and not _only_a_name(ctx, c)
        ):  # "X a annoncé (le 6 novembre) le lancement de …"
            first = doc[max(c.left_edge.i, last + 1)]
            options.append((first.i, first, max(c.right_edge, _clause_end(verb), key=_index)))
    if options:
        _, first, end = min(options, key=lambda o: o[0])
        return _span(ctx, first, end, sent)
    if "np" in frames or "a" in frames:  # "X s'oppose à …", "X appelle à …"
        for c in children:
            if c.dep_ in ("obl:arg", "obl") and any(
                k.dep_ == "case" and k.lower_ in _OBJECT_CASES for k in c.children
            ):
                if c.dep_ == "obl" and "a" not in frames:
                    continue
                if c.lemma_.lower() in _TIME_WORDS:
                    continue
                for inf in c.children:  # "demande à l'animateur de ne pas venir": what is asked
                    marks = [m for m in inf.children if m.dep_ == "mark" and m.i < inf.i]
                    if "Inf" in inf.morph.get("VerbForm") and marks and inf.i > c.i:
                        return _span(ctx, marks[0], inf.right_edge, sent)
                after = next((t.i for t in doc[c.i + 1 : min(c.i + 4, sent.end)]
                              if t.lower_ in ("de", "d'", "d’")), sent.end)  # fmt: skip
                if after < sent.end:
                    inf = next((t for t in doc[after + 1 : min(after + 5, sent.end)]
                                if "Inf" in t.morph.get("VerbForm")), None)  # fmt: skip
                    if inf is not None:  # the same, parsed apart
                        return _span(ctx, doc[after], max(inf.right_edge, inf, key=_index), sent)
                if _only_a_name(ctx, c):
                    continue
                return _span(ctx, doc[max(c.left_edge.i, last + 1)], c.right_edge, sent)
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


def _only_a_name(ctx: _Context, token: Token) -> bool:
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


def _span(ctx: _Context, first: Token, last: Token, sent) -> tuple[int, int] | None:
    """Return the cleaned offsets from ``first`` to ``last``, stretched to close guillemets."""
    start, end = first.idx, last.idx + len(last.text)
    end = min(end, sent.end_char) if ctx.block_at(start) is None else end
    for b in ctx.blocks:  # a block opened inside the content runs to its end
        if start <= b[0] < end < b[1] or (b[0] <= start < b[1] and end < b[1] and b[0] >= start - 2):
            end = b[1]
    return _clean(ctx.text, start, end)


def _clean(text: str, start: int, end: int) -> tuple[int, int] | None:
    """Return ``(start, end)`` without surrounding marks and spaces, or None if too short."""
    while start < end and text[start] in _MARKS:
        start += 1
    while end > start and (text[end - 1] in _MARKS or text[end - 1] in ".…"):
        end -= 1
    if end - start < 5:
        return None
    return start, end


# ------------------------------------------------------------------ selon, pour


def _according(ctx: _Context, first: Token, last: Token) -> list[QuoteCandidate]:
    """``Selon X, …`` / ``…, selon X`` / ``d'après X``: X's view is the rest of the sentence."""
    doc = ctx.sdoc
    head = last.head if last.head.i > last.i else None
    if head is None:
        nxt = doc[last.i + 1] if last.i + 1 < len(doc) else None
        head = nxt if nxt is not None and nxt.pos_ in ("PRON", "PROPN", "NOUN") else None
    if head is None:
        return []
    m = _speaker_mention(ctx, head)
    if m < 0 or ctx.mentions[m].label == "MISC":
        return []
    sent = first.sent
    # the phrase ends with the speaker's noun phrase ("Selon X, du Territoire de …, …")
    named = [i for i in range(head.left_edge.i, head.right_edge.i + 1)
             if ctx.coref.token_mentions[i] == m] or [head.i]  # fmt: skip
    end = named[-1] + 1
    while end < sent.end and end <= head.right_edge.i:
        if doc[end].text == "," and doc[end + 1].lower_ not in _OBJECT_CASES:
            break  # "Selon X, du Territoire de …, les liens …": a complement goes on
        end += 1
    end = _past_apposition(doc, end, sent)
    before = [t for t in sent if t.i < first.i and not t.is_punct]
    after = [t for t in sent if t.i > end and not t.is_punct]
    if len(before) <= 1 and after:  # "Selon X, …" (or "Et selon X, …")
        span = _span(ctx, after[0], after[-1], sent)
    elif before:  # "…, selon X."
        start = before[0]
        block = ctx.block_at(first.idx)
        ended = [b for b in ctx.blocks if sent.start_char <= b[1] <= first.idx]
        if ended and re.search(r"\w", ctx.text[ended[-1][1] : first.idx]):
            return []  # "« … », dit-il selon Francetv info": the source of a quote told above
        span = _clean(ctx.text, start.idx, doc[first.i - 1].idx + len(doc[first.i - 1].text))
        if block is not None:
            return []
    else:
        return []
    if span is None:
        return []
    return [
        _candidate(ctx, m, span[0], span[1], "selon", "according-to", 0.85, first.idx, SPEAKER_TYPES)
    ]


def _past_apposition(doc: Doc, comma: int, sent) -> int:
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


def _pour(ctx: _Context, pour: Token) -> list[QuoteCandidate]:
    """``Pour X, …`` at the head of a sentence: X's view."""
    doc = ctx.sdoc
    head = pour.head
    if head.i <= pour.i or head.pos_ not in ("PROPN", "NOUN", "PRON"):
        return []
    m = _speaker_mention(ctx, head)
    if m < 0 or ctx.mentions[m].label == "MISC":
        return []
    comma = head.right_edge.i + 1
    if comma >= len(doc) or doc[comma].text != ",":
        return []
    sent = pour.sent
    comma = _past_apposition(doc, comma, sent)
    if comma + 1 >= sent.end:
        return []
    span = _span(ctx, doc[comma + 1], doc[sent.end - 1], sent)
    if span is None:
        return []
    return [_candidate(ctx, m, span[0], span[1], "pour", "according-to", 0.8, pour.idx,
                       SPEAKER_TYPES)]  # fmt: skip


# ------------------------------------------------------------------ signatures


def _signatures(ctx: _Context) -> list[QuoteCandidate]:
    """``— X`` under first-person paragraphs (or a guillemet block): X wrote them."""
    out = []
    text = ctx.text
    for line in _SIGNATURE.finditer(text):
        named = [
            i for i, m in enumerate(ctx.mentions)
            if line.start() <= m.start < line.end() and m.label != "MISC"
        ]  # fmt: skip
        if not named:
            continue
        paragraphs = []
        end = line.start()
        while True:
            body = text[:end].rstrip()
            start = body.rfind("\n\n") + 2 if "\n\n" in body else 0
            para = body[start:].strip()
            if not para or _SIGNATURE.match(para):
                break
            outside = re.sub(r"«[^»]*»", "", para)
            if not (_FIRST_PERSON.search(outside) or para.startswith("«")):
                break
            paragraphs.append((start + (len(body[start:]) - len(body[start:].lstrip())), len(body)))
            end = start
            if para.startswith("«"):
                break
        if not paragraphs:
            continue
        span = _clean(text, paragraphs[-1][0], paragraphs[0][1])
        if span is None:
            continue
        out.append(
            _candidate(ctx, named[0], span[0], span[1], "-", "quote-signature", 0.75,
                       line.start() + 2, SPEAKER_TYPES)
        )  # fmt: skip
    return out


def _keep_first(found: Sequence[QuoteCandidate], mentions: Sequence[Mention]) -> list[QuoteCandidate]:
    """Drop a quotation that overlaps an earlier one of the same speaker (verbs come first)."""
    order = {"reporting-verb": 0, "according-to": 1, "quote-colon": 2, "quote-signature": 3}
    kept: list[QuoteCandidate] = []

    def name(q: QuoteCandidate) -> str:
        return " ".join(mentions[q.speaker].text.lower().split())

    for q in sorted(found, key=lambda q: (order.get(q.pattern, 9), q.start)):
        if any(
            name(k) == name(q)
            and k.start < q.end
            and q.start < k.end
            and (k.start == q.start or q.pattern != "reporting-verb")
            for k in kept
        ):
            continue  # the same speech read twice (two verbs may report nested contents)
        kept.append(q)
    return sorted(kept, key=lambda q: (q.start, q.speaker))
