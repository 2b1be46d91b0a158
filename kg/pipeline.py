"""The whole pipeline as two library calls: :func:`extract` and :func:`build`.

read -> normalise -> annotate -> entities -> resolve -> relations -> graph.
Documents stream through spaCy; only mentions and the sentences that can be
evidence are kept, so memory grows with the graph, not with the corpus text.
"""

from __future__ import annotations

import time
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import networkx as nx
from spacy.language import Language

from kg.aliases import AliasEntry, packaged_aliases
from kg.annotate import annotate, load_model, packaged_patterns
from kg.config import BATCH_SIZE, DEFAULT_MODEL
from kg.entities import (
    CommonWords,
    acronym_links,
    extract_mentions,
    sentences,
    split_compounds,
)
from kg.gazetteer import Gazetteer, default_gazetteer
from kg.graph import graph_from_corpus
from kg.normalise import normalise
from kg.read import collect_paths, read_documents
from kg.relations import cooccurrences
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


def extract(
    documents: Iterable[Document],
    nlp: Language,
    *,
    aliases: Sequence[AliasEntry] | None = None,
    gazetteer: Gazetteer | None = None,
    batch_size: int = BATCH_SIZE,
    progress: Callable[[Document], None] | None = None,
) -> Corpus:
    """Return the mentions, entities and relations of ``documents``.

    ``nlp`` is a pipeline from :func:`kg.annotate.load_model`; ``aliases``
    the alias entries (default: the packaged ones; pass the user's first);
    ``gazetteer`` the place knowledge (default: :func:`default_gazetteer`);
    ``progress`` is called once per processed document.
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
    evidence: dict[tuple[str, int], tuple[Sentence, str]] = {}
    common = CommonWords.from_pipeline(nlp)
    items = ((normalise(d.text), d) for d in documents)
    for document, sdoc in annotate(items, nlp, batch_size=batch_size):
        sents = sentences(document, sdoc)
        found = extract_mentions(document, sdoc, sents=sents, common=common, is_known=is_known)
        found = split_compounds(found, known_type=known_type)
        found, found_links = acronym_links(document, found, sdoc.text)
        links.extend(found_links)
        per_sentence = Counter(m.sentence for m in found)
        for index, count in per_sentence.items():
            if count > 1:  # only sentences with two mentions can be evidence
                s = sents[index]
                evidence[(document.id, index)] = (
                    s,
                    " ".join(document.text[s.start : s.end].split()),
                )
        mentions.extend(found)
        infos.append(
            DocumentInfo(document.id, document.source, len(document.text), len(sents), len(found))
        )
        if progress:
            progress(document)

    resolution = resolve(mentions, links=links, aliases=aliases, gazetteer=gazetteer)
    types = {e.id: e.type for e in resolution.entities}
    relations = cooccurrences(
        mentions, resolution.mention_entities, entity_types=types, sentences=evidence
    )
    return Corpus(tuple(infos), tuple(mentions), resolution, tuple(relations), tuple(links))


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
    batch_size: int = BATCH_SIZE,
    progress: Callable[[Document], None] | None = None,
    on_start: Callable[[int], None] | None = None,
) -> BuildResult:
    """Build the knowledge graph of the ``.txt`` files and folders in ``inputs``.

    Loads ``model`` unless a pipeline is passed as ``nlp``. ``aliases`` (the
    user's alias entries) and ``patterns`` (span-ruler patterns) add to the
    packaged ones and win over them. ``on_start`` gets the number of input
    files before processing starts (for progress bars).

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
    corpus = extract(documents, nlp, aliases=all_aliases, batch_size=batch_size, progress=progress)
    graph = graph_from_corpus(corpus)
    name = nlp.meta.get("name", "")
    return BuildResult(
        graph=graph,
        corpus=corpus,
        seconds=time.perf_counter() - started,
        model=f"{nlp.lang}_{name}-{nlp.meta.get('version', '')}" if name else model,
        skipped=tuple(skipped),
    )
