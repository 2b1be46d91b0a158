"""Per-document extraction: one annotated document -> one compact, picklable record.

Everything the corpus-level stages (:func:`kg.pipeline.merge`) need from a
document is computed here, from the document alone: cleaned mentions, alias
links, relation and quote candidates (with *document-local* mention
indices), the evidence sentences and the article metadata. The record is the
unit that is cached (:mod:`kg.cache`), computed in ``--jobs`` worker
processes and on Dask workers (:mod:`kg.distributed`), so every engine gives
the same records and therefore the same graph.
"""

from __future__ import annotations

import bisect
import re
from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, replace

from spacy.language import Language
from spacy.tokens import Doc

from kg.aliases import AliasEntry
from kg.coref import coreference
from kg.cues import cued_mentions
from kg.entities import (
    CommonWords,
    acronym_links,
    demonyms,
    doc_text,
    extract_mentions,
    propagate,
    sentences,
    split_compounds,
)
from kg.expansions import spelled_out
from kg.facilities import facility_links, named_facilities
from kg.gazetteer import Gazetteer, default_gazetteer, main_country
from kg.interactions import VerbLexicon, interaction_candidates, merge_candidates
from kg.joins import join_adjacent
from kg.metadata import ArticleMetadata, article_metadata, author_kind, find_date
from kg.normalise import normalise
from kg.patterns import CONTEXT_PREFIX, Candidate, RelationMatcher, Rule
from kg.resolve import identity_key
from kg.seated import national_bodies, seated_bodies
from kg.seats import seat_spans, seats_in_names
from kg.speech import QuoteCandidate, SpeechFinder
from kg.tails import trim_known_names
from kg.types import AliasLink, Document, DocumentInfo, EntityType, Mention, Sentence
from kg.variants import organisation_links, variant_links

RECORD_SCHEMA = 4
"""Version of the :class:`DocumentRecord` layout; part of every cache fingerprint."""

COMPONENT = "kg_records"
"""Name of the pipeline component that turns each annotated doc into a record (``--jobs``)."""


@dataclass(frozen=True, slots=True)
class DocumentRecord:
    """What one document contributes to the graph.

    ``candidates`` and ``quotes`` refer to mentions by their index in
    ``mentions`` (document-local); ``evidence`` holds the sentences that can
    back a relation as ``(sentence, whitespace-collapsed text)``.
    """

    info: DocumentInfo
    mentions: tuple[Mention, ...]
    links: tuple[AliasLink, ...]
    candidates: tuple[Candidate, ...]
    quotes: tuple[QuoteCandidate, ...]
    evidence: tuple[tuple[Sentence, str], ...]


class Extractor:
    """The per-document extraction step, built once per pipeline (and per worker).

    ``aliases`` are the alias entries, the user's first; ``gazetteer`` the
    place knowledge; ``relation_rules`` the relation patterns; ``verbs`` the
    verb lexicon of :mod:`kg.interactions` (default: the packaged one).
    """

    def __init__(
        self,
        nlp: Language,
        *,
        aliases: Sequence[AliasEntry],
        gazetteer: Gazetteer | None = None,
        relation_rules: Sequence[Rule] | None = None,
        verbs: VerbLexicon | None = None,
    ) -> None:
        self.gazetteer = gazetteer or default_gazetteer()
        self.known = {
            identity_key(name): entry.type for entry in reversed(aliases) for name in entry.names
        }
        self.common = CommonWords.from_pipeline(nlp)
        self.matcher = RelationMatcher(nlp.vocab, relation_rules)
        self.demonyms = demonyms()
        self.verbs = verbs
        self.speech = SpeechFinder(nlp.vocab)

    def known_type(self, name: str) -> EntityType | None:
        """Return the type the alias table or the gazetteer gives ``name``, else ``None``."""
        key = identity_key(name)
        if key in self.known:
            return self.known[key]
        return "LOC" if self.gazetteer.knows(name) else None

    def is_known(self, name: str) -> bool:
        """Return True if the alias table or the gazetteer knows ``name``."""
        return self.known_type(name) is not None

    def __call__(self, document: Document, sdoc: Doc) -> DocumentRecord:
        """Return the record of ``document`` annotated as ``sdoc``."""
        sents = sentences(document, sdoc)
        found = extract_mentions(
            document,
            sdoc,
            sents=sents,
            common=self.common,
            is_known=self.is_known,
            known_type=self.known_type,
        )
        text = doc_text(sdoc)
        found = join_adjacent(found, text)
        found = cued_mentions(
            document, sdoc, found, sents=sents, common=self.common, known_type=self.known_type
        )
        found = named_facilities(document, sdoc, found, sents=sents, known_type=self.known_type)
        found = seated_bodies(document, sdoc, found, sents=sents, known_type=self.known_type)
        found = national_bodies(document, sdoc, found, sents=sents, demonyms=demonyms())
        found = split_compounds(found, known_type=self.known_type)
        found = trim_known_names(found, known_type=self.known_type)
        found = seats_in_names(document, found, known_type=self.known_type)
        found = propagate(document, sdoc, found, sents)
        found, links = acronym_links(document, found, text)
        found, spelled = spelled_out(document, found, text, sents)
        links += spelled
        links += variant_links(found) + organisation_links(found) + facility_links(found)
        coref = coreference(sdoc, found)
        starts = [s.start for s in sents]

        def sentence_at(offset: int) -> int:
            return max(0, bisect.bisect_right(starts, offset) - 1)

        candidates, cues = self.matcher(sdoc, found, coref=coref.links, sentence_at=sentence_at)
        candidates = merge_candidates(
            candidates,
            interaction_candidates(
                sdoc, found, lexicon=self.verbs, coref=coref.links, sentence_at=sentence_at
            ),
        )
        candidates = in_context(candidates, found, gazetteer=self.gazetteer)
        quotes = self.speech(sdoc, found, coref=coref, sents=sents, cues=cues)
        quotes = [replace(q, text=document.text[q.start : q.end]) for q in quotes]
        per_sentence = Counter(m.sentence for m in found)
        wanted = {i for i, n in per_sentence.items() if n > 1}  # pairs can only come from these
        wanted |= {found[q.speaker].sentence if q.sentence is None else q.sentence for q in quotes}
        wanted |= {
            found[c.subject].sentence if c.sentence is None else c.sentence for c in candidates
        }
        wanted |= {m.sentence for m in found if " " in m.text and seat_spans(m.text, demonyms=self.demonyms)}  # fmt: skip
        evidence = tuple(
            (sents[i], " ".join(document.text[sents[i].start : sents[i].end].split()))
            for i in sorted(wanted)
        )
        meta = document_metadata(document)
        info = DocumentInfo(
            document.id, document.source, len(document.text), len(sents), len(found),
            meta.title, meta.date, meta.author, meta.author_kind, document.url,
        )  # fmt: skip
        return DocumentRecord(
            info, tuple(found), tuple(links), tuple(candidates), tuple(quotes), evidence
        )


def in_context(
    candidates: Sequence[Candidate], found: Sequence[Mention], *, gazetteer: Gazetteer
) -> list[Candidate]:
    """Return ``candidates`` with the objects the article gives filled in.

    A rule with ``"object_context": "country"`` (``le président François
    Hollande``) proposes the country the article is about
    (:func:`kg.gazetteer.main_country` over its place mentions); the candidate is
    dropped when no country is clearly the article's, or when the article states
    an office of the same person elsewhere (``le président américain Barack
    Obama``, then ``le président Obama``): the stated one wins.
    """
    def from_context(c: Candidate) -> bool:
        return (c.object_name or "").startswith(CONTEXT_PREFIX)

    if not any(from_context(c) for c in candidates):
        return list(candidates)

    def surname(i: int) -> str:
        words = found[i].text.casefold().split()
        return words[-1] if words else ""

    stated = {
        surname(c.subject)
        for c in candidates
        if c.kind == "holdsPosition" and not from_context(c)
    }
    country = main_country([m.text for m in found if m.label == "LOC"], gazetteer)
    out = []
    for c in candidates:
        if from_context(c):
            if country is None or surname(c.subject) in stated:
                continue
            c = replace(c, object_name=country)
        out.append(c)
    return out


_ISO_DATE = re.compile(r"^\s*(\d{4}-\d{2}-\d{2})")


def document_metadata(document: Document) -> ArticleMetadata:
    """Return the article metadata of ``document``: its explicit fields win over the text's.

    ``document.date`` may be ISO (``2016-01-01``, ``2016-01-01T10:00Z``) or
    any date :func:`kg.metadata.find_date` reads; an unreadable date is
    replaced by the one the text gives.

    >>> document_metadata(Document("a", "Titre du texte ici\\n\\nCorps.", title="Mon titre",
    ...                            date="3 mars 2016", author="AFP"))
    ArticleMetadata(title='Mon titre', date='2016-03-03', author='AFP', author_kind='Organization')
    """
    meta = article_metadata(document.text)
    date = None
    if document.date:
        iso = _ISO_DATE.match(document.date)
        found = find_date(iso.group(1) if iso else document.date)
        date = found[1] if found else None
    author = document.author.strip() if document.author and document.author.strip() else None
    return ArticleMetadata(
        title=(document.title or "").strip() or meta.title,
        date=date or meta.date,
        author=author or meta.author,
        author_kind=author_kind(author) if author else meta.author_kind,
    )


def records(
    items: Iterable[tuple[int, Document]],
    nlp: Language,
    extractor: Extractor,
    *,
    batch_size: int,
    n_process: int = 1,
) -> Iterator[tuple[int, DocumentRecord]]:
    """Yield ``(position, record)`` for ``(position, document)`` pairs, in order.

    Texts go through ``nlp.pipe`` (``n_process`` processes); with several
    processes the extraction runs in the workers (a pipeline component), so
    only the small records travel back to this process.
    """
    stream = ((normalise(d.text), (i, d)) for i, d in items)
    if n_process <= 1:
        for sdoc, (i, document) in nlp.pipe(stream, as_tuples=True, batch_size=batch_size):
            yield i, extractor(document, sdoc)
        return
    with_component(nlp, extractor)
    try:
        for _empty, (i, record) in nlp.pipe(
            stream, as_tuples=True, batch_size=batch_size, n_process=n_process
        ):
            yield i, record
    finally:
        nlp.remove_pipe(COMPONENT)


class _RecordComponent:
    """Last pipeline component: replaces each doc by an empty one and its context by the record.

    spaCy's multiprocessing sends ``doc._context`` (the ``as_tuples``
    context) back to the parent next to the serialised doc; the worker
    computes the record there, and the parent receives only the record.
    """

    def __init__(self, extractor: Extractor) -> None:
        self.extractor = extractor

    def __call__(self, doc: Doc) -> Doc:
        position, document = doc._context
        empty = Doc(doc.vocab, words=[])
        empty._context = (position, self.extractor(document, doc))
        return empty


def with_component(nlp: Language, extractor: Extractor) -> None:
    """Add the record component that runs ``extractor`` as the last step of ``nlp``."""
    if COMPONENT in nlp.pipe_names:
        nlp.remove_pipe(COMPONENT)
    component = _RecordComponent(extractor)
    Language.component(COMPONENT, func=component)
    nlp.add_pipe(COMPONENT, last=True)
