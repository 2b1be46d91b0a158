"""Score reported speech against a hand-made gold table (no file I/O, no model here).

The gold is a TSV with the header ``doc speaker quote_start_words verb``:
``speaker`` is a gold entity name of the article (pronouns resolved, an unnamed
spokesperson resolved to the body it speaks for), ``quote_start_words`` the
first words of the reported content, verbatim, and ``verb`` the reporting
verb's lemma (``selon`` for ``selon X``, ``-`` when a colon or a dash
introduces the quote).

A gold quote is *found* when an extracted quotation of the same document has
a speaker entity matching the gold speaker (its name or an alias, folded, as
for relations) and its text starts with the gold's first words: words are
compared folded, punctuation left out, and at most :data:`LEAD_WORDS` words
may come before them (``que``, ``d'``), so a quote cut at its start or run on
from the sentence before does not count. An extracted quotation is *correct*
when it finds some gold quote; precision is counted over the quotations
extracted in the gold's documents.

>>> gold = parse_gold_quotes("doc\\tspeaker\\tquote_start_words\\tverb\\n"
...                          "d1\\tMSF\\tLa destruction de cet hôpital prive\\tajouter\\n")
>>> starts_with(quote_words("que la destruction de cet hôpital prive 40 000 personnes"),
...             quote_words(gold[0].start_words))
True
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from kg.errors import InputError
from kg.evaluate import GoldEntity, tsv_rows
from kg.evaluate_relations import entity_forms, gold_name_forms
from kg.ids import fold
from kg.types import Entity, Quote

GOLD_QUOTE_COLUMNS = ("doc", "speaker", "quote_start_words", "verb")
"""Columns of the gold quote TSV, in order."""

START_WORDS = 6
"""How many of the gold's first words must open the extracted quotation."""

LEAD_WORDS = 2
"""How many words may come before them (``que``, ``d'``, a speaker's ``:``)."""

_WORD = re.compile(r"\w+")


@dataclass(frozen=True, slots=True)
class GoldQuote:
    """One gold row: ``speaker`` said something starting with ``start_words`` in ``doc``."""

    doc: str
    speaker: str
    start_words: str
    verb: str


@dataclass(frozen=True, slots=True)
class ScoredQuote:
    """An extracted quotation with the name of its speaker and the gold rows it finds."""

    quote: Quote
    speaker_name: str
    gold: tuple[GoldQuote, ...] = ()

    @property
    def matched(self) -> bool:
        """Return True when the quotation finds at least one gold quote."""
        return bool(self.gold)


@dataclass(frozen=True, slots=True)
class QuoteScores:
    """Quote recall and precision.

    ``found`` of ``total`` gold quotes are found; ``missed`` lists the others
    (each with the quotations of its document by the right speaker, to tell a
    cut quote from a missing one); ``extracted`` every quotation of the gold's
    documents, in document order.
    """

    found: int
    total: int
    missed: tuple[tuple[GoldQuote, tuple[Quote, ...]], ...]
    extracted: tuple[ScoredQuote, ...]

    @property
    def correct(self) -> int:
        """Return the number of extracted quotations that find a gold quote."""
        return sum(q.matched for q in self.extracted)

    @property
    def recall(self) -> float | None:
        """Return found / total, or None without gold quotes."""
        return self.found / self.total if self.total else None

    @property
    def precision(self) -> float | None:
        """Return correct / extracted, or None when nothing was extracted."""
        return self.correct / len(self.extracted) if self.extracted else None


def parse_gold_quotes(text: str) -> list[GoldQuote]:
    """Return the gold quotes of TSV ``text``; raise :class:`InputError` naming a bad line."""
    out = []
    for number, fields in tsv_rows(text, GOLD_QUOTE_COLUMNS):
        where = f"gold quotes, line {number}"
        if len(fields) != len(GOLD_QUOTE_COLUMNS):
            raise InputError(
                f"{where}: expected {len(GOLD_QUOTE_COLUMNS)} tab-separated columns "
                f"({' '.join(GOLD_QUOTE_COLUMNS)}), found {len(fields)}"
            )
        doc, speaker, start_words, verb = (f.strip() for f in fields)
        if not doc or not fold(speaker):
            raise InputError(f"{where}: the doc and speaker columns must not be empty")
        if not quote_words(start_words):
            raise InputError(f"{where}: quote_start_words has no word")
        out.append(GoldQuote(doc, speaker, start_words, verb))
    return out


def quote_words(text: str) -> list[str]:
    """Return the folded words of ``text``, punctuation left out.

    >>> quote_words("« L'arrêt des traitements », a-t-il dit")
    ['l', 'arret', 'des', 'traitements', 'a', 't', 'il', 'dit']
    """
    return _WORD.findall(fold(text))


def starts_with(words: Sequence[str], start: Sequence[str]) -> bool:
    """Return True when ``start`` (its first :data:`START_WORDS` words) opens ``words``.

    Up to :data:`LEAD_WORDS` words may come first.

    >>> starts_with(["qu", "il", "viendra"], ["il", "viendra"])
    True
    >>> starts_with(["il", "a", "dit", "qu", "il", "viendra"], ["il", "viendra"])
    False
    """
    head = list(start[:START_WORDS])
    if not head:
        return False
    return any(
        list(words[k : k + len(head)]) == head for k in range(min(LEAD_WORDS, len(words)) + 1)
    )


def score_quotes(
    quotes: Iterable[Quote],
    entities: Iterable[Entity],
    gold: Sequence[GoldQuote],
    *,
    gold_entities: Iterable[GoldEntity] = (),
    documents: Iterable[str] | None = None,
) -> QuoteScores:
    """Return how many ``gold`` quotes the extracted ``quotes`` find, and how many are right.

    Only quotations of ``documents`` are scored (default: the gold's
    documents); speakers are matched through the names and aliases of
    ``entities`` and of ``gold_entities`` (see
    :func:`kg.evaluate_relations.gold_name_forms`).
    """
    by_id = {e.id: e for e in entities}
    forms: Mapping[str, frozenset[str]] = {eid: entity_forms(e) for eid, e in by_id.items()}
    gold_entities = list(gold_entities)
    docs = set(documents) if documents is not None else {g.doc for g in gold}
    extracted = sorted(
        (q for q in quotes if q.doc_id in docs), key=lambda q: (q.doc_id, q.start, q.speaker)
    )
    words = [quote_words(q.text) for q in extracted]
    hits: list[list[GoldQuote]] = [[] for _ in extracted]
    found = 0
    missed = []
    for g in gold:
        speaker_forms = gold_name_forms(g.speaker, gold_entities)
        start = quote_words(g.start_words)
        by_speaker = [
            i
            for i, q in enumerate(extracted)
            if q.doc_id == g.doc and forms.get(q.speaker, frozenset({fold(q.speaker)})) & speaker_forms
        ]
        matching = [i for i in by_speaker if starts_with(words[i], start)]
        for i in matching:
            hits[i].append(g)
        if matching:
            found += 1
        else:
            missed.append((g, tuple(extracted[i] for i in by_speaker)))
    scored = tuple(
        ScoredQuote(q, by_id[q.speaker].name if q.speaker in by_id else q.speaker, tuple(h))
        for q, h in zip(extracted, hits, strict=True)
    )
    return QuoteScores(found, len(gold), tuple(missed), scored)


def _pct(value: float | None) -> str:
    return "n/a" if value is None else f"{value:.2f}"


def format_quote_report(scores: QuoteScores, *, show: bool = False) -> str:
    """Return the quote scores as text; with ``show``, every miss and every wrong quotation."""
    lines = [
        f"quotes: recall {scores.found}/{scores.total} ({_pct(scores.recall)}), "
        f"precision {scores.correct}/{len(scores.extracted)} ({_pct(scores.precision)})"
    ]
    if not show:
        return "\n".join(lines)
    lines.append(f"Missed gold quotes ({len(scores.missed)}):")
    for g, same_speaker in scores.missed:
        lines.append(f"  {g.doc}  {g.speaker} [{g.verb}]  « {g.start_words} … »")
        for q in same_speaker:
            lines.append(f"      extracted for this speaker: « {_short(q.text)} »")
    wrong = [s for s in scores.extracted if not s.matched]
    lines.append(f"Extracted quotations matching no gold quote ({len(wrong)}):")
    for s in wrong:
        q = s.quote
        lines.append(f"  {q.doc_id}  {s.speaker_name} [{q.verb}, {q.pattern}]  « {_short(q.text)} »")
    return "\n".join(lines)


def _short(text: str, limit: int = 110) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"
