"""The whole pipeline as two library calls: :func:`extract` and :func:`build`.

read -> normalise -> annotate -> entities -> resolve -> relations -> graph.
Documents stream through spaCy; only mentions and the sentences that can be
evidence are kept, so memory grows with the graph, not with the corpus text.
"""

from __future__ import annotations

import time
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TypeVar

import networkx as nx
from spacy.language import Language

from kg.aliases import AliasEntry, packaged_aliases
from kg.annotate import annotate, load_model, packaged_patterns
from kg.config import BATCH_SIZE, DEFAULT_MODEL
from kg.cues import cued_mentions
from kg.entities import (
    CommonWords,
    acronym_links,
    extract_mentions,
    propagate,
    sentences,
    split_compounds,
)
from kg.gazetteer import Gazetteer, default_gazetteer
from kg.graph import graph_from_corpus
from kg.metadata import article_metadata
from kg.normalise import normalise
from kg.patterns import Candidate, QuoteCandidate, RelationMatcher, Rule, packaged_rules
from kg.read import collect_paths, read_documents
from kg.relations import (
    association,
    cooccurrences,
    places_agree,
    prune,
    quotes_and_addressees,
    typed_relations,
)
from kg.resolve import identity_key, resolve
from kg.types import (
    AliasLink,
    Corpus,
    Document,
    DocumentInfo,
    EntityType,
    Mention,
    Sentence,
)

C = TypeVar("C", Candidate, QuoteCandidate)


def extract(
    documents: Iterable[Document],
    nlp: Language,
    *,
    aliases: Sequence[AliasEntry] | None = None,
    gazetteer: Gazetteer | None = None,
    relation_rules: Sequence[Rule] | None = None,
    min_support: int = 1,
    batch_size: int = BATCH_SIZE,
    progress: Callable[[Document], None] | None = None,
) -> Corpus:
    """Return the mentions, entities and relations of ``documents``.

    ``nlp`` is a pipeline from :func:`kg.annotate.load_model`; ``aliases``
    the alias entries (default: the packaged ones; pass the user's first);
    ``gazetteer`` the place knowledge (default: :func:`default_gazetteer`);
    ``relation_rules`` the relation patterns (default: the packaged ones);
    co-occurring pairs seen in fewer than ``min_support`` sentences are
    dropped; ``progress`` is called once per processed document.
    """
    aliases = list(packaged_aliases() if aliases is None else aliases)
    gazetteer = gazetteer or default_gazetteer()
    known = {identity_key(name): entry.type for entry in reversed(aliases) for name in entry.names}

    def known_type(name: str) -> EntityType | None:
        key = identity_key(name)
        if key in known:
            return known[key]
        return "LOC" if gazetteer.lookup(name) is not None else None

    def is_known(name: str) -> bool:
        return known_type(name) is not None

    infos: list[DocumentInfo] = []
    mentions: list[Mention] = []
    links: list[AliasLink] = []
    candidates: list[tuple[str, Candidate]] = []
    quote_candidates: list[tuple[str, QuoteCandidate]] = []
    evidence: dict[tuple[str, int], tuple[Sentence, str]] = {}
    common = CommonWords.from_pipeline(nlp)
    matcher = RelationMatcher(nlp.vocab, relation_rules)
    items = ((normalise(d.text), d) for d in documents)
    for document, sdoc in annotate(items, nlp, batch_size=batch_size):
        sents = sentences(document, sdoc)
        found = extract_mentions(document, sdoc, sents=sents, common=common, is_known=is_known)
        found = cued_mentions(
            document, sdoc, found, sents=sents, common=common, known_type=known_type
        )
        found = split_compounds(found, known_type=known_type)
        found = propagate(document, sdoc, found, sents)
        found, found_links = acronym_links(document, found, sdoc.text)
        links.extend(found_links)
        found_candidates, found_quotes = matcher(sdoc, found)
        offset = len(mentions)
        candidates += [(document.id, shift(c, offset)) for c in found_candidates]
        quote_candidates += [
            (document.id, replace(shift(q, offset), text=document.text[q.start : q.end]))
            for q in found_quotes
        ]
        per_sentence = Counter(m.sentence for m in found)
        wanted = {i for i, n in per_sentence.items() if n > 1}  # pairs can only come from these
        wanted |= {found[q.speaker].sentence for q in found_quotes}
        wanted |= {found[c.subject].sentence for c in found_candidates}
        for index in wanted:
            s = sents[index]
            evidence[(document.id, index)] = (s, " ".join(document.text[s.start : s.end].split()))
        mentions.extend(found)
        meta = article_metadata(document.text)
        infos.append(
            DocumentInfo(
                document.id,
                document.source,
                len(document.text),
                len(sents),
                len(found),
                meta.title,
                meta.date,
                meta.author,
                meta.author_kind,
            )
        )
        if progress:
            progress(document)

    resolution = resolve(mentions, links=links, aliases=aliases, gazetteer=gazetteer, common=common)
    ids = resolution.mention_entities
    types = {e.id: e.type for e in resolution.entities}
    by_name = {identity_key(e.name): e.id for e in resolution.entities}
    places = {e.id: gazetteer.lookup(e.name) for e in resolution.entities if e.same_as}

    cooc = cooccurrences(mentions, ids, entity_types=types, sentences=evidence)
    associations = association(cooc, mentions, ids, total_sentences=sum(d.sentences for d in infos))
    typed = typed_relations(
        candidates,
        mentions,
        ids,
        entity_types=types,
        sentences=evidence,
        entity_named=lambda name: by_name.get(identity_key(name)),
        check=places_agree(places),
    )
    quotes, said_to = quotes_and_addressees(
        quote_candidates, mentions, ids, entity_types=types, sentences=evidence
    )
    relations = prune(cooc, associations, min_support=min_support) + typed + said_to
    return Corpus(
        tuple(infos),
        tuple(mentions),
        resolution,
        tuple(relations),
        tuple(links),
        tuple(quotes),
        associations,
    )


def shift(candidate: C, offset: int) -> C:
    """Return a mention-level candidate with its mention indices moved by ``offset``."""
    changes = {}
    for name in ("subject", "object", "speaker", "addressee"):
        value = getattr(candidate, name, None)
        if isinstance(value, int):
            changes[name] = value + offset
    return replace(candidate, **changes)


@dataclass(frozen=True)
class BuildResult:
    """A built graph with the records it came from and how long it took."""

    graph: nx.MultiDiGraph
    corpus: Corpus
    seconds: float
    model: str
    skipped: tuple[str, ...] = field(default=())

    def summary(self) -> dict[str, object]:
        """Return counts for display: documents, entities by type, relations by kind, seconds."""
        G = self.graph
        by_type = Counter(data["type"] for _, data in G.nodes(data=True))
        by_kind = Counter(key for _, _, key in G.edges(keys=True))
        return {
            "documents": len(self.corpus.documents),
            "skipped": list(self.skipped),
            "mentions": len(self.corpus.mentions),
            "entities": dict(sorted(by_type.items())),
            "relations": dict(sorted(by_kind.items())),
            "quotes": len(self.corpus.quotes),
            "evidence": sum(d["weight"] for _, _, d in G.edges(data=True)),
            "seconds": round(self.seconds, 2),
            "model": self.model,
        }


def build(
    inputs: Sequence[str | Path],
    *,
    model: str = DEFAULT_MODEL,
    nlp: Language | None = None,
    aliases: Sequence[AliasEntry] = (),
    patterns: Sequence[dict] = (),
    relation_rules: Sequence[Rule] = (),
    min_support: int = 1,
    batch_size: int = BATCH_SIZE,
    progress: Callable[[Document], None] | None = None,
    on_start: Callable[[int], None] | None = None,
) -> BuildResult:
    """Build the knowledge graph of the ``.txt`` files and folders in ``inputs``.

    Loads ``model`` unless a pipeline is passed as ``nlp``. ``aliases`` (the
    user's alias entries) and ``patterns`` (span-ruler patterns) add to the
    packaged ones and win over them; ``relation_rules`` add to the packaged
    relation patterns; co-occurring pairs seen in fewer than ``min_support``
    sentences are dropped. ``on_start`` gets the number of input files
    before processing starts (for progress bars).

    >>> result = build(["seeds"])                    # doctest: +SKIP
    >>> result.graph.nodes["chen gang"]["type"]      # doctest: +SKIP
    'PER'
    """
    started = time.perf_counter()
    paths = collect_paths(inputs)
    skipped: list[str] = []
    all_aliases = [*aliases, *packaged_aliases()]
    if nlp is None:
        nlp = load_model(model, patterns=[*packaged_patterns(), *patterns], aliases=all_aliases)
    if on_start:
        on_start(len(paths))
    documents = read_documents(paths, on_skip=lambda p, _why: skipped.append(str(p)))
    corpus = extract(
        documents,
        nlp,
        aliases=all_aliases,
        relation_rules=[*packaged_rules(), *relation_rules],
        min_support=min_support,
        batch_size=batch_size,
        progress=progress,
    )
    graph = graph_from_corpus(corpus)
    name = nlp.meta.get("name", "")
    return BuildResult(
        graph=graph,
        corpus=corpus,
        seconds=time.perf_counter() - started,
        model=f"{nlp.lang}_{name}-{nlp.meta.get('version', '')}" if name else model,
        skipped=tuple(skipped),
    )
