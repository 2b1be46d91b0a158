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

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from functools import lru_cache
from importlib import resources

from spacy.matcher import Matcher
from spacy.tokens import Doc, Token
from spacy.vocab import Vocab

from kg.coref import SUBJECT_DEPS, Coreference, coreference
from kg.entities import doc_text
from kg.errors import InputError
from kg.guillemets import guillemet_blocks
from kg.patterns import SpeechCue
from kg.said import (
    OBJECT_CASES,
    after_verb,
    before_clause,
    block_after,
    content_span,
    past_apposition,
    trim_marks,
)
from kg.speakers import (
    INVERTED,
    SPEAKER_TYPES,
    SpeechContext,
    addressee_of,
    incise,
    speaker_mention,
    speakers_of,
    subjects_of,
)
from kg.types import ALL_TYPES, Mention, Sentence

FRAMES = frozenset({"que", "inf", "np", "a", "quote"})
"""Complements a reporting verb may take (see ``kg/data/reporting_verbs.tsv``)."""

_QUE_MARKS = frozenset({"que", "qu'", "qu’"})
_NEGATIONS = frozenset({"pas", "plus", "jamais", "rien", "guère", "point", "nullement", "aucunement"})
_REFLEXIVE = frozenset({"se", "s'", "s’"})
_ACCORDING = frozenset({"selon", "d'après", "d’après"})
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
        # "Nintendo fait savoir que …": the model may tag "fait" as a noun and make the
        # second word the verb; the entry is then read from that second word
        self._split: dict[str, list[ReportingVerb]] = {}
        for v in self.verbs.get("faire", []):
            if v.words and not v.reflexive:
                self._split.setdefault(v.words[0], []).append(v)
        if self._split:
            self._matcher.add("split", [[
                {"LOWER": {"IN": sorted(_FAIRE_FORMS)}},
                {"LOWER": {"IN": sorted(self._split)}},
            ]])  # fmt: skip

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
        ctx = SpeechContext(sdoc, text, mentions, coref, guillemet_blocks(text), starts)
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
            elif label == "split":
                second = sdoc[end - 1]
                entries = [v for v in self._split[second.lower_] if len(v.words) == 1]
                # the subject may hang on either word ("X fait savoir", "X fait(NOUN) savoir")
                found += self._verb(ctx, second, entries=entries) or self._verb(
                    ctx, sdoc[start], entries=entries, after=second.i
                )
        found += _signatures(ctx)
        for cue in cues:
            found += self._cue(ctx, cue)
        return _keep_first(found, mentions)

    def _cue(self, ctx: SpeechContext, cue: SpeechCue) -> list[QuoteCandidate]:
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
            span = before_clause(ctx, trigger, subject.root, frames) if subject else None
        else:
            span = after_verb(ctx, trigger, frames, trigger.i)
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

    def _verb(
        self,
        ctx: SpeechContext,
        verb: Token,
        *,
        entries: list[ReportingVerb] | None = None,
        after: int | None = None,
    ) -> list[QuoteCandidate]:
        """The speech of one reporting verb; ``entries`` its lexicon entries when the verb's
        own lemma does not give them (a split ``fait savoir``), ``after`` the last token of
        the verb's words then (the speech follows it)."""
        split = entries is not None
        entries = entries if entries is not None else self._entries(verb)
        if not entries or _negated(verb) or _not_yet(verb):
            return []
        frames = frozenset().union(*(e.frames for e in entries))
        speakers, types, subject = [], SPEAKER_TYPES, None
        for subject in subjects_of(verb):
            speakers, types = speakers_of(ctx, subject)
            if speakers:
                break
        if not speakers or subject is None:
            return []
        fronted = (  # "Après avoir annoncé …, X a affirmé": X is the subject of a later verb
            subject.i > verb.i
            and subject.dep_ in SUBJECT_DEPS
            and subject.head.i > subject.i
            and subject.head.i != verb.i
        )
        inverted = (subject.i > verb.i and not fronted) or subject.lower_ in INVERTED  # "a-t-il dit"
        inside = ctx.block_at(verb.idx)
        if inside is not None and not (inverted and incise(verb)):
            return []  # a verb inside someone's quotation
        if split:  # the words of the entry stand elsewhere: the speech follows ``after``
            extra = (after - verb.i) if after is not None else 0
        else:
            extra = max((len(e.words) for e in entries), default=0)
        span = (
            before_clause(ctx, verb, subject, frames)
            if inverted
            else after_verb(ctx, verb, frames, verb.i + extra)
        )
        if span is not None and fronted:  # the fronted clause ends before the main subject
            span = trim_marks(ctx.text, span[0], min(span[1], subject.left_edge.idx))
        if span is None:
            return []
        start, end = span
        addressee = addressee_of(ctx, verb)
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

    def _colon(self, ctx: SpeechContext, colon: Token) -> list[QuoteCandidate]:
        """``X : « … »`` and ``X est plus explicite : « … »``: a clause then guillemets."""
        block = block_after(ctx, colon.idx + 1)
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
        speakers, types = speakers_of(ctx, subject)
        verb = root.lemma_ if root is not None and self._entries(root) else "-"
        block = trim_marks(ctx.text, *block)
        if block is None:
            return []
        return [
            _candidate(ctx, s, block[0], block[1], verb, "quote-colon", 0.8, colon.idx, types)
            for s, _direct in speakers
        ]


_FAIRE_FORMS = frozenset(
    ["fait", "font", "faisait", "faisaient", "fera", "feront", "ferait", "feraient", "fit", "firent"]
)
"""Forms of ``faire`` that the model may tag as a noun before ``savoir``."""


def _candidate(
    ctx: SpeechContext,
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


def _not_yet(verb: Token) -> bool:
    """Whether the verb says what is still to be said (``avant qu'il n'annonce``, ``pour
    annoncer``, ``sans dire``, ``va annoncer``, ``peut espérer``): nothing was said yet."""
    head = verb.head
    if (
        verb.dep_ == "xcomp"
        and "Inf" in verb.morph.get("VerbForm")
        and head.lemma_.lower() in _MODALS
        and not any(c.dep_.startswith("aux") for c in head.children)  # "a dû reconnaître": said
        and "Past" not in head.morph.get("Tense")
    ):
        return True
    return any(
        c.dep_ == "mark" and c.lower_ in ("avant", "pour", "afin", "sans") for c in verb.children
    ) or any(
        c.dep_ == "mark" and c.lower_ in _QUE_MARKS and verb.doc[c.i - 1].lower_ == "avant"
        for c in verb.children
        if c.i > 0
    )


_MODALS = frozenset({"pouvoir", "devoir", "vouloir", "aller", "compter", "souhaiter", "espérer"})
"""Verbs before an infinitive that say what may, must or will be said, not what was."""


def _negated(verb: Token) -> bool:
    """Whether the verb is negated (``n'a pas dit``); ``n'a confirmé que`` is not."""
    for child in verb.children:
        if child.lower_ in _NEGATIONS:
            return True
        if "Neg" in child.morph.get("Polarity") and child.lower_ not in ("ne", "n'", "n’"):
            return True
    return False


# ------------------------------------------------------------------ selon, pour


def _according(ctx: SpeechContext, first: Token, last: Token) -> list[QuoteCandidate]:
    """``Selon X, …`` / ``…, selon X`` / ``d'après X``: X's view is the rest of the sentence."""
    doc = ctx.sdoc
    head = last.head if last.head.i > last.i else None
    if head is None:
        nxt = doc[last.i + 1] if last.i + 1 < len(doc) else None
        head = nxt if nxt is not None and nxt.pos_ in ("PRON", "PROPN", "NOUN") else None
    if head is None:
        return []
    m = speaker_mention(ctx, head)
    if m < 0 or ctx.mentions[m].label == "MISC":
        return []
    sent = first.sent
    # the phrase ends with the speaker's noun phrase ("Selon X, du Territoire de …, …")
    named = [i for i in range(head.left_edge.i, head.right_edge.i + 1)
             if ctx.coref.token_mentions[i] == m] or [head.i]  # fmt: skip
    end = named[-1] + 1
    while end < sent.end and end <= head.right_edge.i:
        if doc[end].text == "," and doc[end + 1].lower_ not in OBJECT_CASES:
            break  # "Selon X, du Territoire de …, les liens …": a complement goes on
        end += 1
    end = past_apposition(doc, end, sent)
    before = [t for t in sent if t.i < first.i and not t.is_punct]
    after = [t for t in sent if t.i > end and not t.is_punct]
    if len(before) <= 1 and after:  # "Selon X, …" (or "Et selon X, …")
        span = content_span(ctx, after[0], after[-1], sent)
    elif before:  # "…, selon X."
        start = before[0]
        block = ctx.block_at(first.idx)
        ended = [b for b in ctx.blocks if sent.start_char <= b[1] <= first.idx]
        if ended and re.search(r"\w", ctx.text[ended[-1][1] : first.idx]):
            return []  # "« … », dit-il selon Francetv info": the source of a quote told above
        span = trim_marks(ctx.text, start.idx, doc[first.i - 1].idx + len(doc[first.i - 1].text))
        if block is not None:
            return []
    else:
        return []
    if span is None:
        return []
    return [
        _candidate(ctx, m, span[0], span[1], "selon", "according-to", 0.85, first.idx, SPEAKER_TYPES)
    ]


def _pour(ctx: SpeechContext, pour: Token) -> list[QuoteCandidate]:
    """``Pour X, …`` at the head of a sentence: X's view."""
    doc = ctx.sdoc
    head = pour.head
    if head.i <= pour.i or head.pos_ not in ("PROPN", "NOUN", "PRON"):
        return []
    m = speaker_mention(ctx, head)
    if m < 0 or ctx.mentions[m].label == "MISC":
        return []
    comma = head.right_edge.i + 1
    if comma >= len(doc) or doc[comma].text != ",":
        return []
    sent = pour.sent
    comma = past_apposition(doc, comma, sent)
    if comma + 1 >= sent.end:
        return []
    span = content_span(ctx, doc[comma + 1], doc[sent.end - 1], sent)
    if span is None:
        return []
    return [_candidate(ctx, m, span[0], span[1], "pour", "according-to", 0.8, pour.idx,
                       SPEAKER_TYPES)]  # fmt: skip


# ------------------------------------------------------------------ signatures


def _signatures(ctx: SpeechContext) -> list[QuoteCandidate]:
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
        span = trim_marks(text, paragraphs[-1][0], paragraphs[0][1])
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
