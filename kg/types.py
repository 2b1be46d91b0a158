"""Typed records that flow between the pipeline stages.

Every stage is a pure function from records to records; the records are frozen
dataclasses so they can be cached, compared and shared between processes.
Character offsets always refer to the document text as read from disk: the
normalisation stage never changes the length of a text.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Literal

EntityType = Literal["PER", "LOC", "ORG", "MISC"]
"""Entity classes: people, places, organisations, and everything else the model tags."""

GRAPH_TYPES: tuple[EntityType, ...] = ("PER", "LOC", "ORG")
"""The entity types that take part in relations (MISC is kept apart)."""

ALL_TYPES: tuple[EntityType, ...] = ("PER", "LOC", "ORG", "MISC")


@dataclass(frozen=True, slots=True)
class Document:
    """One article: ``id`` is stable (the file stem or the JSONL ``id``), ``text`` the raw text.

    ``source`` says where it was read (``file`` or ``file:line``); ``title``,
    ``date``, ``url`` and ``author`` are metadata given with the article
    (JSONL fields), which win over what :mod:`kg.metadata` reads in the text.
    """

    id: str
    text: str
    source: str = ""
    title: str | None = None
    date: str | None = None
    url: str | None = None
    author: str | None = None


@dataclass(frozen=True, slots=True)
class Sentence:
    """A sentence of a document, as character offsets into the raw text."""

    doc_id: str
    index: int
    start: int
    end: int


@dataclass(frozen=True, slots=True)
class Mention:
    """One cleaned entity mention.

    ``start``/``end`` delimit the cleaned span (``Chine`` in ``la Chine``),
    ``surface`` is the span the model tagged (``la Chine``), ``text`` the
    cleaned span with normalised apostrophes and spaces, ``title`` a title or
    honorific that was trimmed off (``M.``, ``président``), if any; ``cue``
    what set the label instead of the model (a class noun such as
    ``société``, see :mod:`kg.cues`), if anything.
    """

    doc_id: str
    start: int
    end: int
    text: str
    label: EntityType
    surface: str
    sentence: int
    title: str | None = None
    cue: str | None = None


@dataclass(frozen=True, slots=True)
class AliasLink:
    """Evidence in a document that two names denote one entity.

    ``kind`` says how it was found: ``"parenthesis"`` for ``Nouvelle Banque
    de développement (NDB)`` or ``NDB (Nouvelle Banque de développement)``.
    """

    doc_id: str
    name: str
    alias: str
    kind: str = "parenthesis"


@dataclass(frozen=True, slots=True)
class Entity:
    """A resolved entity: one node of the graph.

    ``id`` is the resolution key (accent- and case-folded name), stable across
    runs; ``name`` the canonical label; ``aliases`` every other surface form
    seen; ``type_votes`` the number of mentions per model label;
    ``same_as`` IRIs of the same entity elsewhere (GeoNames); ``country`` an
    ISO 3166-1 alpha-2 code for linked places; ``titles`` the titles and
    honorifics seen before the name (``M.``, ``président``).
    """

    id: str
    name: str
    type: EntityType
    aliases: tuple[str, ...]
    mention_count: int
    documents: tuple[str, ...]
    type_votes: tuple[tuple[str, int], ...] = ()
    same_as: tuple[str, ...] = ()
    country: str | None = None
    titles: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Resolution:
    """The output of entity resolution.

    ``entities`` are sorted by id; ``mention_entities[i]`` is the entity id of
    the i-th input mention.
    """

    entities: tuple[Entity, ...]
    mention_entities: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Relation:
    """One piece of evidence for a relation between two entities.

    ``kind`` is a property name of the project vocabulary (``cooccursWith``,
    ``holdsPosition``...); ``start``/``end`` delimit the evidence sentence in
    the document; ``pattern`` names what produced the relation; ``value``
    carries an optional qualifier such as a role (``secrétaire général``);
    ``subject_span``/``object_span`` are the character offsets of the two
    mentions the relation was read from, when it comes from one pair of them;
    ``verb`` the lemma of the verb that states it (``critiquer``) and
    ``verb_class`` that verb's class (``verbalConflict``, see
    :data:`kg.interactions.CLASSES`), when a verb of the lexicon does.
    """

    kind: str
    subject: str
    object: str
    doc_id: str
    evidence: str
    start: int
    end: int
    confidence: float = 1.0
    pattern: str = ""
    value: str | None = None
    subject_span: tuple[int, int] | None = None
    object_span: tuple[int, int] | None = None
    verb: str | None = None
    verb_class: str | None = None


@dataclass(frozen=True, slots=True)
class Quote:
    """Reported speech: what ``speaker`` (an entity id) said, as offsets into the document.

    ``addressee`` is the entity it was said to, when named (``a déclaré Chen
    Gang au China Daily``); ``evidence``/``sent_start``/``sent_end`` give the
    sentence; ``verb`` the reporting verb's lemma (or ``selon``).
    """

    doc_id: str
    speaker: str
    text: str
    start: int
    end: int
    evidence: str
    sent_start: int
    sent_end: int
    verb: str
    pattern: str
    confidence: float
    addressee: str | None = None


@dataclass(frozen=True, slots=True)
class DocumentInfo:
    """What the graph keeps about a document once it has been processed."""

    id: str
    source: str
    characters: int
    sentences: int
    mentions: int
    title: str | None = None
    date: str | None = None
    author: str | None = None
    author_kind: str | None = None
    url: str | None = None


@dataclass(frozen=True, slots=True)
class Corpus:
    """Everything the extraction stages produced for a corpus.

    ``associations`` maps each co-occurring pair ``(s, o)`` (``s < o``) to its
    :class:`kg.relations.Association` (sentence and document counts, PMI, NPMI).
    """

    documents: tuple[DocumentInfo, ...]
    mentions: tuple[Mention, ...]
    resolution: Resolution
    relations: tuple[Relation, ...]
    links: tuple[AliasLink, ...] = field(default=())
    quotes: tuple[Quote, ...] = field(default=())
    associations: Mapping[tuple[str, str], object] = field(default_factory=dict)
