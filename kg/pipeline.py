"""The whole pipeline as library calls: :func:`extract`, :func:`build` and :func:`watch`.

read -> normalise -> annotate -> entities -> resolve -> relations -> graph.
Documents stream through spaCy and become compact per-document records
(:mod:`kg.records`): only mentions, candidates and the sentences that can be
evidence are kept, so memory grows with the graph, not with the corpus text.
Records can come from the cache (:mod:`kg.cache`), from worker processes or
from a Dask cluster (:mod:`kg.engines`); :func:`merge` turns them, in
document order, into one corpus, so every route gives the same graph.
"""

from __future__ import annotations

import hashlib
import time
import unicodedata
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any, TypeVar

import networkx as nx
from spacy.language import Language

from kg.aliases import AliasEntry, packaged_aliases
from kg.annotate import packaged_patterns
from kg.cache import RecordCache, document_key, fingerprint
from kg.config import BATCH_SIZE, DEFAULT_MODEL
from kg.engines import (
    BuildConfig,
    Engine,
    LocalEngine,
    long_lived,
    model_label,
    model_meta,
    pipeline_meta,
)
from kg.entities import CommonWords, demonyms
from kg.errors import InputError, KgError
from kg.gazetteer import (
    Gazetteer,
    default_gazetteer,
    default_gazetteer_built,
    region_of,
    use_default_gazetteer,
)
from kg.graph import graph_from_corpus
from kg.interactions import VerbLexicon
from kg.patterns import Candidate, Rule, packaged_rules
from kg.read import collect_paths, count_documents, input_state, read_documents
from kg.records import RECORD_SCHEMA, DocumentRecord, Extractor, records
from kg.regions import subdivisions
from kg.relations import (
    association,
    cooccurrences,
    gazetteer_containment,
    located_chains,
    pairs_that_nest,
    places_agree,
    prune,
    quotes_and_addressees,
    typed_relations,
)
from kg.resolve import identity_key, resolve
from kg.seats import seat_relations
from kg.speech import QuoteCandidate
from kg.types import (
    AliasLink,
    Corpus,
    Document,
    DocumentInfo,
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
    n_process: int = 1,
) -> Corpus:
    """Return the mentions, entities and relations of ``documents``.

    ``nlp`` is a pipeline from :func:`kg.annotate.load_model`; ``aliases``
    the alias entries (default: the packaged ones; pass the user's first);
    ``gazetteer`` the place knowledge (default: :func:`default_gazetteer`);
    ``relation_rules`` the relation patterns (default: the packaged ones);
    co-occurring pairs seen in fewer than ``min_support`` sentences are
    dropped; ``progress`` is called once per processed document;
    ``n_process`` is spaCy's number of processes.
    """
    aliases = list(packaged_aliases() if aliases is None else aliases)
    gazetteer = gazetteer or default_gazetteer()
    extractor = Extractor(nlp, aliases=aliases, gazetteer=gazetteer, relation_rules=relation_rules)
    found: list[DocumentRecord] = []
    items = enumerate(documents)
    for _i, record in records(
        items, nlp, extractor, batch_size=batch_size, n_process=n_process
    ):
        found.append(record)
        if progress:
            progress(Document(record.info.id, "", record.info.source))
    return merge(
        found, aliases=aliases, gazetteer=gazetteer, common=extractor.common,
        min_support=min_support,
    )  # fmt: skip


def merge(
    records: Iterable[DocumentRecord],
    *,
    aliases: Sequence[AliasEntry],
    gazetteer: Gazetteer | None = None,
    common: CommonWords | None = None,
    min_support: int = 1,
) -> Corpus:
    """Return the corpus made of per-document ``records``, taken in document order.

    Resolves the mentions of all records into entities (``aliases``,
    ``gazetteer`` and the pipeline's ``common`` words as in
    :func:`kg.resolve.resolve`), then derives co-occurrences, typed relations
    and quotations; co-occurring pairs seen in fewer than ``min_support``
    sentences are dropped. The same records in the same order always give the
    same corpus, whichever engine computed them.
    """
    gazetteer = gazetteer or default_gazetteer()
    infos: list[DocumentInfo] = []
    mentions: list[Mention] = []
    links: list[AliasLink] = []
    candidates: list[tuple[str, Candidate]] = []
    quote_candidates: list[tuple[str, QuoteCandidate]] = []
    evidence: dict[tuple[str, int], tuple[Sentence, str]] = {}
    for record in records:
        doc_id = record.info.id
        offset = len(mentions)
        mentions.extend(record.mentions)
        links.extend(record.links)
        candidates += [(doc_id, shift(c, offset)) for c in record.candidates]
        quote_candidates += [(doc_id, shift(q, offset)) for q in record.quotes]
        for sentence, text in record.evidence:
            evidence[(doc_id, sentence.index)] = (sentence, text)
        infos.append(record.info)

    resolution = resolve(mentions, links=links, aliases=aliases, gazetteer=gazetteer, common=common)
    ids = resolution.mention_entities
    types = {e.id: e.type for e in resolution.entities}
    by_name = {identity_key(e.name): e.id for e in resolution.entities}
    places = {e.id: gazetteer.lookup(e.name) for e in resolution.entities if e.same_as}
    regions = {e.id: subdivisions(e.name) for e in resolution.entities if e.type == "LOC"}

    cooc = cooccurrences(mentions, ids, entity_types=types, sentences=evidence)
    associations = association(cooc, mentions, ids, total_sentences=sum(d.sentences for d in infos))
    typed = typed_relations(
        candidates,
        mentions,
        ids,
        entity_types=types,
        sentences=evidence,
        entity_named=lambda name: by_name.get(identity_key(name)),
        check=places_agree(places, regions),
    )
    sure = {
        e.id: place
        for e in resolution.entities
        if e.same_as and e.type == "LOC"
        and (place := gazetteer.unambiguous(e.name)) is not None and place == places[e.id]
    }  # fmt: skip
    typed += gazetteer_containment(
        mentions,
        ids,
        places=sure,
        sentences=evidence,
        regions={e: r for e, r in regions.items() if e not in places},
        region_of=region_of,
        known={(r.subject, r.object) for r in typed if r.kind == "locatedIn"},
    )
    typed += seat_relations(
        mentions,
        ids,
        entity_types=types,
        entity_names={e.id: (e.name, *e.aliases) for e in resolution.entities},
        sentences=evidence,
        demonyms=demonyms(),
        known=frozenset((r.doc_id, r.subject, r.object) for r in typed if r.kind == "locatedIn"),
    )
    typed = pairs_that_nest(typed)
    typed += located_chains(typed)
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
    """A built graph with the records it came from, how long it took and what was reused.

    ``processed`` documents went through spaCy, ``cached`` came from the
    record cache; ``duplicates`` pairs the source of each skipped duplicate
    article with the source of the article it repeats.
    """

    graph: nx.MultiDiGraph
    corpus: Corpus
    seconds: float
    model: str
    skipped: tuple[str, ...] = field(default=())
    processed: int = 0
    cached: int = 0
    duplicates: tuple[tuple[str, str], ...] = field(default=())
    timings: tuple[tuple[str, float], ...] = field(default=())
    """Seconds per phase, in order: ``load`` (the model), ``annotate`` (read,
    spaCy and per-document extraction, or the cache), ``resolve`` (entities,
    relations and the graph)."""

    def summary(self) -> dict[str, object]:
        """Return counts for display: documents, reuse, entities by type, relations by kind, seconds."""
        G = self.graph
        by_type = Counter(data["type"] for _, data in G.nodes(data=True))
        by_kind = Counter(key for _, _, key in G.edges(keys=True))
        return {
            "documents": len(self.corpus.documents),
            "processed": self.processed,
            "cached": self.cached,
            "duplicates": [f"{dup} = {original}" for dup, original in self.duplicates],
            "skipped": list(self.skipped),
            "mentions": len(self.corpus.mentions),
            "entities": dict(sorted(by_type.items())),
            "relations": dict(sorted(by_kind.items())),
            "quotes": len(self.corpus.quotes),
            "evidence": sum(d["weight"] for _, _, d in G.edges(data=True)),
            "seconds": round(self.seconds, 2),
            "timings": {name: round(t, 2) for name, t in self.timings},
            "model": self.model,
        }


def text_digest(text: str) -> str:
    """Return the hash that identifies duplicate articles: NFC text, whitespace collapsed.

    >>> text_digest("Un  texte\\n") == text_digest("Un texte")
    True
    """
    normal = " ".join(unicodedata.normalize("NFC", text).split())
    return hashlib.sha256(normal.encode("utf-8", "surrogatepass")).hexdigest()


class BuildSession:
    """What successive builds share: the loaded spaCy pipelines and the articles' records.

    Pass one session to several :func:`build` calls (:func:`watch` and
    ``kg build --watch`` do): the model is loaded by the first build that
    needs it and kept, so a rebuild after a change pays for the changed
    articles, the corpus-level steps and the exports, not for the load.
    A session holds one pipeline per configuration (model, knowledge,
    ``jobs``, batch size), not used by builds with an explicit ``nlp`` or on
    Dask; with a ``cache_dir``, it also keeps the records of the last build
    in memory, so unchanged articles are not read from disk again.
    """

    def __init__(self) -> None:
        self._engines: dict[tuple[str, str, int, int], LocalEngine] = {}
        self._records: dict[tuple[str, str], dict[str, object]] = {}

    def __len__(self) -> int:
        """Return the number of pipelines kept."""
        return len(self._engines)

    def engine(self, config: BuildConfig, *, jobs: int = 1) -> LocalEngine:
        """Return the local engine of ``config`` and ``jobs``, made on first use."""
        key = (config.model, config.digest(), jobs, config.batch_size)
        found = self._engines.get(key)
        if found is None:
            found = self._engines[key] = LocalEngine(config, jobs=jobs)
        return found

    def records(self, root: Path, fingerprint: str) -> dict[str, object]:
        """Return the in-memory records of cache folder ``root`` and ``fingerprint``
        (see :class:`kg.cache.RecordCache`), made on first use."""
        return self._records.setdefault((str(root), fingerprint), {})


def build(
    inputs: Sequence[str | Path],
    *,
    model: str = DEFAULT_MODEL,
    nlp: Language | None = None,
    aliases: Sequence[AliasEntry] = (),
    patterns: Sequence[dict] = (),
    relation_rules: Sequence[Rule] = (),
    verbs: VerbLexicon | None = None,
    min_support: int = 1,
    batch_size: int = BATCH_SIZE,
    progress: Callable[[Document], None] | None = None,
    on_start: Callable[[int], None] | None = None,
    jobs: int = 1,
    engine: str = "local",
    scheduler: str | None = None,
    cache_dir: str | Path | None = None,
    session: BuildSession | None = None,
) -> BuildResult:
    """Build the knowledge graph of the articles in ``inputs``; return it with its records.

    ``inputs`` are ``.txt``/``.jsonl`` files (or ``.gz``) and folders of them
    (see :mod:`kg.read`). Loads ``model`` unless a pipeline is passed as
    ``nlp`` (and only if some document is not cached). ``aliases`` (the
    user's alias entries) and ``patterns`` (span-ruler patterns) add to the
    packaged ones and win over them; ``relation_rules`` add to the packaged
    relation patterns and ``verbs`` (a user's verb lexicon, see
    :func:`kg.interactions.parse_lexicon`) to the packaged verb lexicon; co-occurring pairs seen in fewer than ``min_support``
    sentences are dropped. ``on_start`` gets the number of articles before
    processing starts and ``progress`` is called once per article (for
    progress bars).

    ``jobs`` is spaCy's number of processes; ``engine="dask"`` annotates on a
    Dask cluster (``scheduler`` address, or a local cluster of ``jobs``
    workers); ``cache_dir`` keeps per-document records there so that a
    rebuild only processes new or changed articles, and the built gazetteer
    so that the next process need not build it again (``None``: no cache).
    Articles whose text repeats an earlier one are skipped and reported.
    Every engine, with or without the cache, gives the same graph. A
    ``session`` keeps the loaded model for the next builds (local engine).

    >>> result = build(["seeds"])                    # doctest: +SKIP
    >>> result.graph.nodes["chen gang"]["type"]      # doctest: +SKIP
    'PER'
    """
    started = time.perf_counter()
    paths = collect_paths(inputs)
    skipped: list[str] = []
    all_aliases = [*aliases, *packaged_aliases()]
    config = BuildConfig(
        model=model,
        patterns=(*packaged_patterns(), *patterns),
        aliases=tuple(all_aliases),
        relation_rules=(*packaged_rules(), *relation_rules),
        batch_size=batch_size,
        verbs=verbs,
    )
    if engine == "dask":
        from kg.distributed import DaskEngine

        runner: Engine = DaskEngine(config, scheduler=scheduler, workers=jobs)
        meta = model_meta(model)
    elif engine == "local":
        if session is not None and nlp is None:
            runner = session.engine(config, jobs=jobs)
        else:
            runner = LocalEngine(config, jobs=jobs, nlp=nlp)
        meta = pipeline_meta(nlp) if nlp is not None else model_meta(model)
    else:
        raise ValueError(f"engine must be 'local' or 'dask', not {engine!r}")
    cache = None
    if cache_dir is not None:
        identity = {**meta, "loaded": nlp is not None} if nlp is not None else meta
        fp = fingerprint(pipeline=identity, knowledge=config.digest(), schema=RECORD_SCHEMA)
        memory = session.records(Path(cache_dir), fp) if session is not None else None
        cache = RecordCache(Path(cache_dir), fp, memory)
        if not default_gazetteer_built():
            with long_lived():  # kept for the life of the process, like the model
                stored = cache.get_gazetteer()
                if isinstance(stored, Gazetteer):
                    use_default_gazetteer(stored)
                else:
                    cache.put_gazetteer(default_gazetteer())
    loaded_before = runner.load_seconds
    if on_start:
        on_start(count_documents(paths))

    found: dict[int, DocumentRecord] = {}
    keys: dict[int, str] = {}
    first_with: dict[str, str] = {}
    duplicates: list[tuple[str, str]] = []
    sources: dict[int, str] = {}
    used: set[str] = set()
    cached = 0

    def pending() -> Iterator[tuple[int, Document]]:
        nonlocal cached
        documents = read_documents(paths, on_skip=lambda p, _why: skipped.append(str(p)))
        position = 0
        for document in documents:
            digest = text_digest(document.text)
            if digest in first_with:
                duplicates.append((document.source, first_with[digest]))
                if progress:
                    progress(document)
                continue
            first_with[digest] = document.source
            i, position = position, position + 1
            if cache is not None:
                key = document_key(document)
                used.add(key)
                record = cache.get(key)
                if isinstance(record, DocumentRecord):
                    found[i] = replace(record, info=replace(record.info, source=document.source))
                    cached += 1
                    if progress:
                        progress(document)
                    continue
                keys[i] = key
            sources[i] = document.source
            yield i, document

    try:
        for i, record in runner.records(pending()):
            found[i] = record
            if cache is not None:
                cache.put(keys.pop(i), record)
            if progress:
                progress(Document(record.info.id, "", sources.pop(i, record.info.source)))
        common = cache.get_common_words() if cache is not None else None
        if not isinstance(common, CommonWords):
            common = runner.common_words()
            if cache is not None:
                cache.put_common_words(common)
        if cache is not None:
            cache.keep_only(used)
    finally:
        runner.close()
    if not found:
        where = ", ".join(str(p) for p in inputs)
        raise InputError(
            f"{where}: no article with text ({len(skipped)} empty skipped); nothing was built "
            "and the previous outputs are kept (give files or JSONL lines with text)"
        )
    annotated = time.perf_counter()
    corpus = merge(
        (found[i] for i in range(len(found))),
        aliases=all_aliases,
        common=common,
        min_support=min_support,
    )
    graph = graph_from_corpus(corpus)
    ended = time.perf_counter()
    load = runner.load_seconds - loaded_before
    timings = (
        ("load", load),
        ("annotate", annotated - started - load),
        ("resolve", ended - annotated),
    )
    return BuildResult(
        graph=graph,
        corpus=corpus,
        seconds=ended - started,
        timings=timings,
        model=model_label(meta, model),
        skipped=tuple(skipped),
        processed=len(found) - cached,
        cached=cached,
        duplicates=tuple(duplicates),
    )


def watch(
    inputs: Sequence[str | Path],
    *,
    interval: float = 2.0,
    polls: int | None = None,
    sleep: Callable[[float], None] = time.sleep,
    on_error: Callable[[KgError], None] | None = None,
    session: BuildSession | None = None,
    **options: Any,
) -> Iterator[BuildResult]:
    """Build the graph of ``inputs``, then again each time they change; yield every result.

    The inputs are checked every ``interval`` seconds (``sleep`` waits; a
    change is an article file added, removed or rewritten, see
    :func:`kg.read.input_state`), ``polls`` times (``None``: until the caller
    stops iterating). ``options`` are those of :func:`build`; the builds
    share one :class:`BuildSession`, so the model is loaded once, and with a
    ``cache_dir`` only new or changed articles go through spaCy. A build that
    fails (a half-written file) goes to ``on_error``, and the next change is
    built again; without ``on_error`` the error is raised.
    """
    session = session if session is not None else BuildSession()
    seen: object = None
    checks = 0
    while True:
        state = input_state(inputs)
        if state != seen:
            seen = state
            try:
                yield build(inputs, session=session, **options)
            except KgError as exc:
                if on_error is None:
                    raise
                on_error(exc)
        if polls is not None and checks >= polls:
            return
        checks += 1
        sleep(interval)
