"""Builds that cannot hurt: outputs replaced together, stale temporary files cleaned, and one
line (exit 2) for a full disk, a folder in a file's place, odd encodings and SPARQL Update."""

from __future__ import annotations

import codecs
import json
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest
from test_cli import assert_one_line_error, kg

from conftest import SEEDS, small_kg
from kg.errors import InputError, OutputError, QueryError
from kg.export import outputs
from kg.export.atomic import atomic_open, remove_stale, together, write_text
from kg.export.outputs import write_outputs
from kg.read import read_document, read_documents
from kg.store import example_store, query, update_keyword

DEAD_PID = 2**22 + 12345  # above Linux's largest pid (4,194,304): never a running process

# --------------------------------------------------------------------------- outputs together


def test_a_build_that_fails_half_way_leaves_every_previous_output(tmp_path, monkeypatch):
    (tmp_path / "graph.ttl").write_text("old turtle")
    (tmp_path / "graph.html").write_text("old page")

    def broken(*args, **kwargs):
        raise OutputError("the page broke")

    monkeypatch.setattr(outputs, "write_html", broken)
    with pytest.raises(OutputError, match="the page broke"):
        write_outputs(small_kg(), tmp_path, helper=False)
    # before, graph.ttl was already the new one beside the old page
    assert (tmp_path / "graph.ttl").read_text() == "old turtle"
    assert (tmp_path / "graph.html").read_text() == "old page"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["graph.html", "graph.ttl"]


def test_files_of_a_batch_replace_their_targets_only_at_the_end(tmp_path):
    with together() as batch:
        write_text(tmp_path / "a.txt", "new a", batch=batch)
        assert not (tmp_path / "a.txt").exists()
        write_text(tmp_path / "b.txt", "new b", batch=batch)
    assert [(tmp_path / n).read_text() for n in ("a.txt", "b.txt")] == ["new a", "new b"]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.txt", "b.txt"]


@pytest.mark.skipif(not hasattr(os, "fork"), reason="kill -9 of a forked writer (POSIX)")
def test_a_writer_killed_mid_file_leaves_a_temporary_file_the_next_build_removes(tmp_path):
    """``kill -9`` while writing: the previous output stays, and its temporary file goes."""
    (tmp_path / "graph.ttl").write_text("old")
    read, write = os.pipe()
    pid = os.fork()
    if pid == 0:  # the writer: opens its temporary file, says so, then waits to be killed
        os.close(read)
        with atomic_open(tmp_path / "graph.ttl") as fh:
            fh.write("half")
            fh.flush()
            os.write(write, b"x")
            while True:  # wait to be killed (os has no pause(): signal.pause may be woken)
                time.sleep(3600)
        os._exit(0)
    os.close(write)
    assert os.read(read, 1) == b"x"
    os.kill(pid, 9)
    os.waitpid(pid, 0)
    left = [p.name for p in tmp_path.iterdir() if p.name.endswith(".tmp")]
    assert len(left) == 1 and left[0].startswith(f".graph.ttl.{pid}.")
    assert (tmp_path / "graph.ttl").read_text() == "old"
    write_outputs(small_kg(), tmp_path, helper=False)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["graph.html", "graph.ttl"]


def test_only_stale_temporary_files_of_the_outputs_are_removed(tmp_path):
    names = {
        f".graph.ttl.{DEAD_PID}.abcd_123.tmp": True,  # its writer is gone
        f".graph.html.{DEAD_PID}.zz99yy88.tmp": True,
        f".graph.ttl.{os.getpid()}.abcd_123.tmp": False,  # this process is writing it
        f".graph.ttl.{os.getppid()}.abcd_123.tmp": False,  # a running process is writing it
        f".notes.txt.{DEAD_PID}.abcd_123.tmp": False,  # not an output of kg
        "graph.ttl.tmp": False,  # the user's file
    }
    for name in names:
        (tmp_path / name).write_text("x")
    removed = remove_stale(tmp_path, ["graph.ttl", "graph.html"])
    assert sorted(p.name for p in removed) == sorted(n for n, gone in names.items() if gone)
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(
        n for n, gone in names.items() if not gone
    )


def test_an_old_temporary_file_without_a_process_id_is_removed_after_an_hour(tmp_path):
    old, new = tmp_path / ".graph.ttl._j4b2utk.tmp", tmp_path / ".graph.html.k2_9xq0a.tmp"
    for path in (old, new):
        path.write_text("x")
    os.utime(old, (0, 0))
    assert remove_stale(tmp_path, ["graph.ttl", "graph.html"]) == [old]
    assert new.exists()


# --------------------------------------------------------------------------- one line, exit 2


def test_a_folder_named_like_an_output_is_refused_before_the_build(tmp_path):
    (tmp_path / "out" / "graph.ttl").mkdir(parents=True)
    proc = kg("build", str(SEEDS), "-o", str(tmp_path / "out"), "--no-cache")
    assert_one_line_error(proc, "graph.ttl: a folder has that name")
    assert "Built" not in proc.stdout


def test_an_output_folder_that_is_a_file_is_refused(tmp_path):
    (tmp_path / "out").write_text("notes")
    assert_one_line_error(
        kg("build", str(SEEDS), "-o", str(tmp_path / "out")), "a file has that name"
    )
    assert (tmp_path / "out").read_text() == "notes"


def test_writing_over_a_folder_is_one_error_naming_it(tmp_path):
    (tmp_path / "graph.html").mkdir()
    with pytest.raises(OutputError, match=r"graph\.html: a folder has that name"):
        write_text(tmp_path / "graph.html", "page")


FULL_DISK = """
import errno, os, sys
real = os.fdopen

class Full:
    def __init__(self, f): self.f = f
    def write(self, data): raise OSError(errno.ENOSPC, "No space left on device")
    def __getattr__(self, name): return getattr(self.f, name)
    def __enter__(self): return self
    def __exit__(self, *exc): self.f.close()

os.fdopen = lambda *a, **k: Full(real(*a, **k))
from kg.cli import main
sys.argv = ["kg", *sys.argv[1:]]
main()
"""


def kg_on_a_full_disk(*args: str) -> subprocess.CompletedProcess:
    """Run kg where every file written with :func:`atomic_open` meets a full disk."""
    return subprocess.run(
        [sys.executable, "-c", FULL_DISK, *args], capture_output=True, text=True, timeout=300
    )


@pytest.mark.parametrize(
    ("command", "fragment"),
    [
        (["build", str(SEEDS), "-o", "{out}", "--cache-dir", "{tmp}/cache"], "cache"),
        (["build", str(SEEDS), "-o", "{out}", "--no-cache"], "graph"),
        (["export", "{tmp}/src.nt", "{out}/graph.ttl"], None),
    ],
)
def test_a_full_disk_is_one_line_and_keeps_the_previous_outputs(tmp_path, command, fragment):
    out = tmp_path / "out"
    out.mkdir()
    (out / "graph.ttl").write_text("previous")
    (tmp_path / "src.nt").write_text("<http://e/a> <http://e/b> <http://e/c> .\n")
    args = [a.format(out=out, tmp=tmp_path) for a in command]
    proc = kg_on_a_full_disk(*args)
    assert_one_line_error(proc, "No space left on device", "free some space")
    if fragment:
        assert fragment in proc.stderr
    assert (out / "graph.ttl").read_text() == "previous"
    assert not [p for p in out.rglob("*.tmp")]


def test_export_into_a_folder_writes_the_formats_file_there(tmp_path):
    src = tmp_path / "graph.ttl"
    src.write_text("<http://e/a> <http://e/b> <http://e/c> .\n")
    (tmp_path / "exports").mkdir()
    proc = kg("export", str(src), str(tmp_path / "exports"), "--format", "nt")
    assert proc.returncode == 0, proc.stderr
    assert (tmp_path / "exports" / "graph.nt").read_text().strip() == (
        "<http://e/a> <http://e/b> <http://e/c> ."
    )


# --------------------------------------------------------------------------- encodings


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-be", "utf-32"])
def test_text_with_a_unicode_byte_order_mark_is_read(tmp_path, encoding):
    path = tmp_path / "a.txt"
    bom = {"utf-16": b"", "utf-16-be": codecs.BOM_UTF16_BE, "utf-32": b""}[encoding]
    path.write_bytes(bom + "Emmanuel Macron à Paris.".encode(encoding))
    assert read_document(path).text == "Emmanuel Macron à Paris."


def test_a_utf8_byte_order_mark_is_not_part_of_the_text(tmp_path):
    path = tmp_path / "a.txt"
    path.write_bytes(codecs.BOM_UTF8 + "À Paris.".encode())
    assert read_document(path).text == "À Paris."


@pytest.mark.parametrize(
    ("name", "data", "advice"),
    [
        # before: "use iconv -f WINDOWS-1252", or "NUL bytes, looks binary"
        ("a.txt", "Bonjour à Paris.".encode("utf-16-le"), "iconv -f UTF-16LE -t UTF-8"),
        ("a.txt", "Bonjour à Paris.".encode("utf-16-be"), "iconv -f UTF-16BE -t UTF-8"),
        ("a.txt", "Bonjour à Paris.".encode("cp1252"), "iconv -f WINDOWS-1252 -t UTF-8"),
        ("a.jsonl", '{"id": "a", "text": "à"}\n'.encode("utf-16"), "iconv -f UTF-16 -t UTF-8"),
        ("a.jsonl", '{"id": "a", "text": "à"}\n'.encode("cp1252"), "iconv -f WINDOWS-1252"),
    ],
)
def test_other_encodings_get_the_command_that_converts_them(tmp_path, name, data, advice):
    path = tmp_path / name
    path.write_bytes(data)
    with pytest.raises(InputError, match=advice) as caught:
        list(read_documents([path]))
    assert str(path) in str(caught.value)


def test_a_lone_surrogate_in_jsonl_becomes_a_replacement_character(tmp_path, caplog):
    path = tmp_path / "a.jsonl"
    path.write_text(json.dumps({"id": "a", "text": "Macron \ud800 à Paris", "title": "T\udc00"}))
    [doc] = read_documents([path])
    assert doc.text == "Macron \ufffd à Paris" and doc.title == "T\ufffd"
    assert len(doc.text) == len("Macron \ud800 à Paris")  # offsets are kept
    assert f"{path}, line 1" in caplog.text and '"text", "title"' in caplog.text


def test_a_paired_surrogate_escape_is_the_character(tmp_path):
    path = tmp_path / "a.jsonl"
    path.write_text('{"id": "a", "text": "Bravo \\ud83d\\ude00"}\n')
    assert next(read_documents([path])).text == "Bravo 😀"


@pytest.mark.model
def test_a_lone_surrogate_builds_a_graph_with_a_warning(tmp_path):
    path = tmp_path / "a.jsonl"
    path.write_text('{"id": "a", "text": "Emmanuel Macron \\ud800 est à Paris."}\n')
    proc = kg("build", str(path), "-o", str(tmp_path / "out"), "--no-cache")
    assert proc.returncode == 0, proc.stderr
    assert "Traceback" not in proc.stderr and "lone surrogate" in proc.stderr
    assert "Emmanuel Macron" in (tmp_path / "out" / "graph.ttl").read_text()


# --------------------------------------------------------------------------- read-only queries


@pytest.mark.parametrize(
    ("sparql", "operation"),
    [
        ("INSERT DATA { <a:b> <a:c> <a:d> }", "INSERT"),
        ("PREFIX ex: <http://e/>\n# remove\nDELETE WHERE { ?s ex:p ?o }", "DELETE"),
        ("BASE <http://e/> delete data { <a> <b> <c> }", "DELETE"),
        ("DROP ALL", "DROP"),
        ("CLEAR DEFAULT", "CLEAR"),
        ("LOAD <http://example.org/x.ttl>", "LOAD"),
        ("WITH <http://g> DELETE { ?s ?p ?o } WHERE { ?s ?p ?o }", "WITH"),
        ("SELECT * WHERE { ?s ?p 'INSERT' }", None),
        ("# INSERT DATA\nSELECT * WHERE { ?s ?p ?o }", None),
        ("PREFIX insert: <http://e/> SELECT * WHERE { ?s insert:p ?o }", None),
    ],
)
def test_update_keyword(sparql, operation):
    assert update_keyword(sparql) == operation


def test_an_update_is_told_that_kg_query_only_reads():
    with pytest.raises(QueryError, match=r"kg only reads graphs: SPARQL Update \(INSERT\)"):
        query(example_store(), "INSERT DATA { <http://e/a> <http://e/b> <http://e/c> }")


def test_kg_query_refuses_an_update_in_one_line(tmp_path):
    src = tmp_path / "graph.ttl"
    src.write_text("<http://e/a> <http://e/b> <http://e/c> .\n")
    proc = kg("query", str(src), "DELETE WHERE { ?s ?p ?o }")
    assert_one_line_error(proc, "SPARQL Update (DELETE) is not supported")
    assert "expected CONSTRUCT" not in proc.stderr
    assert Path(src).read_text().startswith("<http://e/a>")


def test_any_other_system_error_is_one_line_naming_the_file(tmp_path):
    """The last net of ``kg.cli.main``: an ``OSError`` no command expected is one line."""
    script = (
        "import sys, kg.cli, kg.store\n"
        "def boom(*a, **k): raise OSError(5, 'Input/output error', '/mnt/news/graph.ttl')\n"
        "kg.store.load = boom\n"
        "sys.argv = ['kg', 'query', 'out', 'SELECT * WHERE { ?s ?p ?o }']\n"
        "kg.cli.main()\n"
    )
    proc = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True)
    assert_one_line_error(proc, "/mnt/news/graph.ttl: Input/output error")


@pytest.mark.parametrize(
    ("name", "args"), [("big.txt", []), ("big.jsonl", []), ("big.jsonl", ["--jobs", "2"])]
)
def test_an_article_over_spacys_limit_is_refused_by_name(tmp_path, name, args):
    """Before: a spaCy traceback (``max_length``) that did not name the file."""
    text = "Le président parle à Paris. " * 36_000  # 1,008,000 characters
    path = tmp_path / name
    if name.endswith(".jsonl"):
        path.write_text(json.dumps({"id": "b", "text": text}) + "\n", encoding="utf-8")
    else:
        path.write_text(text, encoding="utf-8")
    proc = kg("build", str(path), "-o", str(tmp_path / "out"), "--no-cache", *args)
    assert_one_line_error(proc, str(path), "1,008,000 characters", "split it")
    assert not (tmp_path / "out" / "graph.ttl").exists()
