"""Bodies named by a common noun and their seat: ``le parquet de Nouméa``.

The model finds the place (``Nouméa``) but not the body, which the press
names with a lower-case noun (``le parquet``, ``le tribunal administratif``,
``la préfecture``) and ``de`` before its seat. When such a noun phrase
(``kg/data/seated_bodies.txt``) follows an article and comes right before
``de``/``du``/``d'`` and a place mention, the phrase and the place become one
organisation mention, typed ORG, with the noun as its cue (so that a later
``le parquet`` can refer to it); the place is its seat, found again by
:mod:`kg.seats`.
"""

from __future__ import annotations

import bisect
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import replace
from functools import lru_cache
from importlib import resources

import numpy
from spacy.attrs import LOWER
from spacy.tokens import Doc, Token

from kg.entities import LOWER_CASE_HEADS
from kg.types import Document, EntityType, Mention, Sentence

_OF = frozenset({"de", "d'", "d’", "du"})
_ARTICLES = frozenset({"le", "la", "l'", "l’", "les", "du", "au", "des", "un", "une", "son", "sa"})


def parse_seated_bodies(text: str) -> frozenset[str]:
    """Return the body phrases of a ``seated_bodies.txt`` text (comments and blanks skipped)."""
    return frozenset(
        " ".join(line.lower().replace("’", "'").split())
        for line in text.splitlines()
        if line.strip() and not line.lstrip().startswith("#")
    )


@lru_cache(maxsize=1)
def packaged_seated_bodies() -> frozenset[str]:
    """Return the packaged body phrases (``kg/data/seated_bodies.txt``)."""
    return parse_bodies_file("seated_bodies.txt")


def parse_bodies_file(name: str) -> frozenset[str]:
    """Return the body phrases of the packaged file ``kg/data/<name>``."""
    return parse_seated_bodies(resources.files("kg").joinpath(f"data/{name}").read_text("utf-8"))


@lru_cache(maxsize=1)
def packaged_national_bodies() -> frozenset[str]:
    """Return the packaged phrases of state bodies (``kg/data/national_bodies.txt``)."""
    return parse_bodies_file("national_bodies.txt")


def national_bodies(
    document: Document,
    sdoc: Doc,
    mentions: list[Mention],
    *,
    sents: Sequence[Sentence],
    demonyms: Mapping[str, str],
    bodies: frozenset[str] | None = None,
) -> list[Mention]:
    """Return ``mentions`` with an ORG mention for each state body named by a common noun and
    a nationality adjective (``l'armée syrienne``, ``le régime syrien``), in text order.

    The phrase (``kg/data/national_bodies.txt``) follows an article and comes
    right before an adjective of ``demonyms`` (lower-case adjective → country);
    the mention is the phrase and the adjective, with the phrase's first word
    as its cue, unless it overlaps a mention already found. Its country is
    read from its name by :mod:`kg.seats`.

    >>> import spacy
    >>> doc = spacy.blank("fr")("L'offensive contre l'armée syrienne a échoué.")
    >>> found = national_bodies(Document("d", doc.text), doc, [], sents=[Sentence("d", 0, 0, 45)],
    ...                         demonyms={"syrienne": "Syrie"})
    >>> [(m.text, m.label, m.cue) for m in found]
    [('armée syrienne', 'ORG', 'armée')]
    """
    bodies = packaged_national_bodies() if bodies is None else bodies
    if not bodies or not demonyms:
        return mentions
    taken = sorted((m.start, m.end) for m in mentions)
    starts = [s.start for s in sents]
    added: list[Mention] = []
    text: str | None = None
    for first, n in _phrases(sdoc, bodies, capitalised=False, room=1):
        adjective = sdoc[first.i + n]
        if not adjective.is_lower or adjective.lower_ not in demonyms:
            continue
        end = adjective.idx + len(adjective)
        if any(a < end and first.idx < b for a, b in taken):
            continue
        if text is None:
            text = sdoc.text  # built once, when a body is found
        name = " ".join(text[first.idx : end].split())
        sentence = max(0, bisect.bisect_right(starts, first.idx) - 1)
        added.append(
            Mention(document.id, first.idx, end, name, "ORG", name, sentence, None, first.lower_)
        )
    if not added:
        return mentions
    return sorted([*mentions, *added], key=lambda m: (m.start, m.end))


def seated_bodies(
    document: Document,
    sdoc: Doc,
    mentions: list[Mention],
    *,
    sents: Sequence[Sentence],
    bodies: frozenset[str] | None = None,
    known_type: Callable[[str], EntityType | None] | None = None,
) -> list[Mention]:
    """Return ``mentions`` with an ORG mention for each ``<body> de <place>``, in text order.

    The place is a LOC mention, or a capitalised name that ``known_type`` (the
    alias table and the gazetteer) knows as a place when the model missed it
    (then added as a LOC mention). The place stays a mention of its own,
    inside the body's: the body is ``locatedIn`` it (:mod:`kg.seats`). After a
    noun of bodies often named after people (``université``, ``lycée``:
    :data:`kg.entities.LOWER_CASE_HEADS`) only a place the alias table or the
    gazetteer knows does; any other is part of the body's name
    (``l'université de Duke``).

    >>> import spacy
    >>> doc = spacy.blank("fr")("Selon le parquet de Nouméa, il a avoué.")
    >>> place = Mention("d", 20, 26, "Nouméa", "LOC", "Nouméa", 0)
    >>> found = seated_bodies(Document("d", doc.text), doc, [place], sents=[Sentence("d", 0, 0, 39)])
    >>> [(m.text, m.label, m.cue) for m in found]
    [('parquet de Nouméa', 'ORG', 'parquet'), ('Nouméa', 'LOC', None)]
    """
    bodies = packaged_seated_bodies() if bodies is None else bodies
    if not bodies:
        return mentions
    at = {m.start: k for k, m in enumerate(mentions)}
    taken = sorted((m.start, m.end) for m in mentions)
    out = list(mentions)
    added: list[Mention] = []
    starts = [s.start for s in sents]
    text: str | None = None
    for first, n in _phrases(sdoc, bodies, capitalised=True, room=2):
        of = first.i + n
        if sdoc[of].lower_ not in _OF:
            continue
        place = of + 1
        if place < len(sdoc) and sdoc[place].lower_ in ("la", "l'", "l’", "les"):
            place += 1  # "de la Savoie"
        if place >= len(sdoc):
            continue
        k = at.get(sdoc[place].idx, -1)
        if k >= 0 and mentions[k].label == "LOC":
            end = mentions[k].end
        else:
            end = _known_place(sdoc, place, known_type) if k < 0 else -1
            if end < 0:
                continue
        if text is None:
            text = sdoc.text  # built once, when a body is found
        name = " ".join(text[first.idx : end].split())
        sentence = max(0, bisect.bisect_right(starts, first.idx) - 1)
        mention = Mention(
            document.id, first.idx, end, name, "ORG", name, sentence, None, first.lower_
        )
        if k >= 0 and (
            first.lower_ not in LOWER_CASE_HEADS
            or known_type is None
            or known_type(mentions[k].text) == "LOC"
        ):
            # a known place stays a mention of its own, inside the body's name
            added.append(mention)
            if mentions[k].surface != mentions[k].text:  # "académie de Grenoble" tagged LOC
                out[k] = replace(mentions[k], surface=mentions[k].text)
        elif k >= 0:  # "l'université de Duke": a name the model took for a place
            out[k] = mention
        elif not any(a < end and first.idx < b for a, b in taken):
            seat = sdoc[place].idx
            where = " ".join(text[seat:end].split())
            added += [mention, Mention(document.id, seat, end, where, "LOC", where, sentence)]
    if not added:
        return out
    return sorted([*out, *added], key=lambda m: (m.start, m.end))


def _phrases(
    sdoc: Doc, bodies: frozenset[str], *, capitalised: bool, room: int
) -> Iterator[tuple[Token, int]]:
    """Yield ``(first word, number of words)`` of the longest phrase of ``bodies`` that
    starts at each word of ``sdoc`` written after an article, in lower case (or, with
    ``capitalised``, in title case too), with at least ``room`` words after it."""
    if not bodies:
        return
    longest = max(len(b.split()) for b in bodies)
    firsts = {b.split()[0] for b in bodies}
    keys = numpy.array([sdoc.vocab.strings.add(w) for w in firsts], dtype=numpy.uint64)
    where = numpy.flatnonzero(numpy.isin(sdoc.to_array(LOWER), keys)).tolist()
    for first in (sdoc[i] for i in where):  # the body nouns, found on the array
        if first.i == 0 or sdoc[first.i - 1].lower_ not in _ARTICLES:
            continue
        if not (first.is_lower or (capitalised and first.is_title)):
            continue
        for n in range(min(longest, len(sdoc) - first.i - room), 0, -1):
            words = sdoc[first.i : first.i + n]
            phrase = " ".join(words.text.lower().replace("’", "'").replace("' ", "'").split())
            if phrase in bodies:
                yield first, n
                break


def _known_place(
    sdoc: Doc, i: int, known_type: Callable[[str], EntityType | None] | None
) -> int:
    """Return the end offset of the place name the model missed at token ``i`` (the longest
    capitalised run of at most four tokens that ``known_type`` calls LOC), or -1."""
    if known_type is None or not sdoc[i].is_title:
        return -1
    for n in (4, 3, 2, 1):
        span = sdoc[i : i + n]
        if len(span) < n or not span[-1].is_alpha:
            continue
        if known_type(span.text) == "LOC":
            return span.end_char
    return -1
