"""Where an organisation is, read from its own name: ``la Cour d'appel de Reims`` is in Reims.

French names of bodies often carry their seat or their country:

- a complement of place closing the name: ``Cour d'appel de Reims``, ``parquet de Nouméa``,
  ``gouvernement de la Nouvelle-Calédonie``, ``ambassade de France à Pékin`` (in Pékin);
- a place name closing it in apposition: ``Wikimédia France``, ``Radio Canada``;
- a nationality adjective inside it: ``Mouvement républicain australien``,
  ``Observatoire syrien des droits de l'homme``.

When that place is itself an entity the same article names (a place closing the
name is made a mention of its own inside it by :func:`seats_in_names` when the
alias table or the gazetteer knows it: ``le CHRU de Reims``), the organisation
is ``locatedIn`` it (pattern ``name-seat``), with the sentence naming the
organisation as evidence and the place's offsets inside the name. When a ``de``
complement closing the name is an organisation the article names (``la Société
des journalistes d'I-Télé``, ``le Conseil de sécurité de l'ONU``), the body is
``partOf`` it (pattern ``name-parent``). Bodies that
stand for a country abroad (``ambassade de France``, ``consulat du Maroc``) sit
in another country: only their ``à``/``en`` complement gives their seat.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Callable, Iterator, Mapping, Sequence

from kg.ids import fold
from kg.lexicons import packaged_lexicons
from kg.types import Document, EntityType, Mention, Relation, Sentence

SEAT_PATTERN = "name-seat"
"""The ``pattern`` of the relations this module makes."""

SEAT_CONFIDENCE = 0.8
PARENT_PATTERN = "name-parent"
"""The ``pattern`` of the ``partOf`` relations read from a body's name."""

ABROAD_HEADS = frozenset(
    {"ambassade", "consulat", "délégation", "représentation", "mission", "haut-commissariat"}
)
"""Head nouns of bodies that represent a country elsewhere: their ``de X`` is not their seat."""

PERSON_TITLES = frozenset(packaged_lexicons()["roles:holdsPosition"])
"""Titles of a person (``kg/data/roles.tsv``, ``holdsPosition``): a name opening with one is a
person's title the recogniser took for a body (``Chancelière allemande``, ``Président
américain``), not a body seated in the country it names."""

# a complement of place: "de Reims", "d'Alaska", "du Caire", "de la Réunion", "à Pékin"
_OF = re.compile(r"(?:\s|^)(de la |de l'|de |d'|du |des |à |au |aux |en )", re.IGNORECASE)
_AT = frozenset({"à ", "au ", "aux ", "en "})


def _complements(name: str) -> Iterator[tuple[str, int]]:
    """Yield ``(link, start)`` for each capitalised complement that closes ``name``
    (``Cour d'appel de Reims``: ``("de ", 16)``); ``link`` is lower case."""
    for match in _OF.finditer(name):
        start = match.end(1)
        if match.start(1) > 0 and start < len(name) and name[start].isupper():
            yield match.group(1).lower(), start


def complement_places(name: str) -> list[tuple[int, str]]:
    """Return the ``de``/``à`` complements closing ``name`` that may be its seat, as
    ``(start, text)``, longest first (none for a person's title; only the ``à``/``en``
    one for a body standing for a country abroad).

    >>> complement_places("Cour d'appel de Reims"), complement_places("ambassade de France à Pékin")
    ([(16, 'Reims')], [(22, 'Pékin')])
    """
    if name.split(" ", 1)[0].lower() in PERSON_TITLES:
        return []
    abroad = name.split(" ", 1)[0].lower() in ABROAD_HEADS
    starts = {start for link, start in _complements(name) if not abroad or link in _AT}
    return [(start, name[start:]) for start in sorted(starts)]


def seat_spans(name: str, *, demonyms: Mapping[str, str]) -> list[tuple[int, int, str]]:
    """Return where ``name`` names a place: ``(start, end, place name)`` offsets into it.

    The place is a complement closing the name, a capitalised last word (or
    two) after another word, or a country named by a nationality adjective
    (``demonyms`` maps lower-case adjectives to country names). Longest first.

    >>> seat_spans("Cour d'appel de Reims", demonyms={})
    [(16, 21, 'Reims')]
    >>> seat_spans("Mouvement républicain australien", demonyms={"australien": "Australie"})
    [(22, 32, 'Australie')]
    >>> seat_spans("ambassade de France à Pékin", demonyms={})
    [(22, 27, 'Pékin')]
    >>> seat_spans("Chancelière allemande", demonyms={"allemande": "Allemagne"})
    []
    """
    if name.split(" ", 1)[0].lower() in PERSON_TITLES:
        return []
    out = [(start, len(name), text) for start, text in complement_places(name)]
    abroad = name.split(" ", 1)[0].lower() in ABROAD_HEADS
    words = [(m.start(), m.end()) for m in re.finditer(r"\S+", name)]
    if not abroad:
        for k in (1, 2):  # "Wikimédia France", "Radio Canada"
            if len(words) > k and name[words[-k][0]].isupper():
                before = name[words[-k - 1][0] : words[-k - 1][1]]
                if before[:1].isupper():
                    out.append((words[-k][0], len(name), name[words[-k][0] :]))
        for i, (s, e) in enumerate(words):
            country = demonyms.get(name[s:e].lower())
            if i > 0 and country and name[s].islower():
                out.append((s, e, country))
    return sorted(set(out), key=lambda t: (t[0] - t[1], t[0]))


def seat_relations(
    mentions: Sequence[Mention],
    mention_entities: Sequence[str],
    *,
    entity_types: Mapping[str, str],
    entity_names: Mapping[str, Sequence[str]],
    sentences: Mapping[tuple[str, int], tuple[Sentence, str]],
    demonyms: Mapping[str, str],
    known: frozenset[tuple[str, str, str]] = frozenset(),
) -> list[Relation]:
    """Return ``locatedIn`` relations of organisations whose name holds a place of their article.

    ``mention_entities[i]`` is the entity of ``mentions[i]``; ``entity_names``
    gives each entity's name and aliases (places are found by any of them,
    folded); only places mentioned in the organisation's own document count.
    ``known`` ``(document, organisation, place)`` triples (already related
    by a pattern) are skipped. One relation per organisation, place and
    document, from the organisation's first mention that names it.
    """
    places_by_doc: dict[str, dict[str, str]] = defaultdict(dict)
    orgs_by_doc: dict[str, dict[str, str]] = defaultdict(dict)
    for m, e in zip(mentions, mention_entities, strict=True):
        kind = entity_types.get(e)
        if kind in ("LOC", "ORG"):
            names = (places_by_doc if kind == "LOC" else orgs_by_doc)[m.doc_id]
            for form in (m.text, *entity_names.get(e, ())):
                names.setdefault(fold(form), e)
    out: list[Relation] = []
    seen: set[tuple[str, str, str]] = set(known)
    for m, org in zip(mentions, mention_entities, strict=True):
        if entity_types.get(org) != "ORG":
            continue
        out += _parents(m, org, orgs_by_doc.get(m.doc_id, {}), sentences, seen)
        if m.doc_id not in places_by_doc:
            continue
        places = places_by_doc[m.doc_id]
        for start, end, place_name in seat_spans(m.text, demonyms=demonyms):
            place = places.get(fold(place_name))
            if place is None or place == org or (m.doc_id, org, place) in seen:
                continue
            seen.add((m.doc_id, org, place))
            said = sentences[(m.doc_id, m.sentence)]
            out.append(_from_name("locatedIn", m, org, place, said, (start, end), SEAT_PATTERN))
            break  # the longest place of this mention is its seat
    return out


def _parents(
    m: Mention,
    org: str,
    orgs: Mapping[str, str],
    sentences: Mapping[tuple[str, int], tuple[Sentence, str]],
    seen: set[tuple[str, str, str]],
) -> list[Relation]:
    """Return the ``partOf`` relation of the body named by ``m`` to the organisation its
    name's closing ``de`` complement names (``orgs``: folded names of the article's
    organisations), if any."""
    name = m.text
    if name.split(" ", 1)[0].lower() in PERSON_TITLES:
        return []
    for link, start in _complements(name):
        if link in _AT:
            continue
        parent = orgs.get(fold(name[start:]))
        said = sentences.get((m.doc_id, m.sentence))
        if parent is None or parent == org or (m.doc_id, org, parent) in seen or said is None:
            continue
        seen.add((m.doc_id, org, parent))
        return [_from_name("partOf", m, org, parent, said, (start, len(name)), PARENT_PATTERN)]
    return []


def _from_name(
    kind: str,
    m: Mention,
    subject: str,
    obj: str,
    said: tuple[Sentence, str],
    inside: tuple[int, int],
    pattern: str,
) -> Relation:
    """Return the relation read from the name of mention ``m``: ``said`` is its sentence and
    text, ``inside`` the offsets of the object's name in the mention's text."""
    sentence, text = said
    return Relation(
        kind=kind,
        subject=subject,
        object=obj,
        doc_id=m.doc_id,
        evidence=text,
        start=sentence.start,
        end=sentence.end,
        confidence=SEAT_CONFIDENCE,
        pattern=pattern,
        subject_span=(m.start, m.end),
        object_span=(m.start + inside[0], m.start + inside[1]),
    )


def seats_in_names(
    document: Document,
    mentions: Sequence[Mention],
    *,
    known_type: Callable[[str], EntityType | None],
) -> list[Mention]:
    """Return ``mentions`` with the place closing an organisation's name added inside it.

    ``la Cour d'appel de Reims``, ``le CHRU de Reims``: when the article names
    Reims nowhere else, the town is still where the body sits. A ``de``
    complement closing an organisation mention that ``known_type`` (the alias
    table and the gazetteer) knows as a place becomes a LOC mention of its own,
    inside the body's, whose seat :mod:`kg.seats` then finds. Only complements
    (not a nationality adjective, nor a place in apposition: ``Radio Canada``),
    and only places not already a mention there.

    >>> body = Mention("d", 4, 25, "Cour d'appel de Reims", "ORG", "Cour d'appel de Reims", 0)
    >>> known = {"Reims": "LOC"}.get
    >>> [(m.text, m.label) for m in seats_in_names(Document("d", ""), [body], known_type=known)]
    [("Cour d'appel de Reims", 'ORG'), ('Reims', 'LOC')]
    """
    taken = {(m.start, m.end) for m in mentions}
    added: list[Mention] = []
    for m in mentions:
        if m.label != "ORG" or m.end - m.start != len(m.text):
            continue
        for start, name in complement_places(m.text):
            span = (m.start + start, m.start + start + len(name))
            if span in taken or known_type(name) != "LOC":
                continue
            added.append(Mention(document.id, *span, name, "LOC", name, m.sentence))
            taken.add(span)
            break
    if not added:
        return list(mentions)
    return sorted([*mentions, *added], key=lambda m: (m.start, m.end))
