"""Inputs at scale: JSONL and gzip'd articles, ids, metadata and line-numbered errors."""

from __future__ import annotations

import gzip
import json
from pathlib import Path

import pytest

from kg.errors import InputError
from kg.read import collect_paths, count_documents, document_id, read_documents, read_jsonl
from kg.records import document_metadata
from kg.types import Document


def jsonl(path: Path, rows: list, *, compress: bool = False) -> Path:
    text = "".join((r if isinstance(r, str) else json.dumps(r, ensure_ascii=False)) + "\n" for r in rows)
    if compress:
        path.write_bytes(gzip.compress(text.encode("utf-8")))
    else:
        path.write_text(text, encoding="utf-8")
    return path


ROWS = [
    {"id": "a1", "text": "Xi Jinping était à Pékin.", "title": "Visite", "date": "2016-01-05",
     "url": "https://example.org/a1", "author": "AFP"},
    {"id": "a2", "text": "Li Qiang à Shanghai."},
]  # fmt: skip


@pytest.mark.parametrize("compress", [False, True])
def test_jsonl_articles_carry_their_metadata(tmp_path, compress):
    path = jsonl(tmp_path / ("news.jsonl.gz" if compress else "news.jsonl"), ROWS, compress=compress)
    docs = list(read_documents(collect_paths([tmp_path])))
    assert [d.id for d in docs] == ["a1", "a2"]
    first = docs[0]
    assert (first.title, first.date, first.url, first.author) == (
        "Visite", "2016-01-05", "https://example.org/a1", "AFP",
    )  # fmt: skip
    assert first.source == f"{path}:1"
    assert docs[1].title is None and docs[1].url is None
    assert count_documents([path]) == 2


def test_gzip_text_files_are_articles_named_without_suffixes(tmp_path):
    (tmp_path / "a.txt.gz").write_bytes(gzip.compress("Texte à Pékin.".encode()))
    (tmp_path / "b.txt").write_text("Autre texte.", encoding="utf-8")
    (tmp_path / "notes.md").write_text("ignored", encoding="utf-8")
    docs = list(read_documents(collect_paths([tmp_path])))
    assert [(d.id, d.text) for d in docs] == [("a", "Texte à Pékin."), ("b", "Autre texte.")]


@pytest.mark.parametrize(
    ("rows", "fragment"),
    [
        (['{"id": "x", "text": '], "line 1: not valid JSON"),
        ([{"id": "x", "text": "ok"}, {"text": "no id"}], 'line 2: missing "id"'),
        ([{"id": "x"}], 'line 1: missing "text"'),
        ([["not", "an", "object"]], "line 1: expected a JSON object"),
        ([{"id": "x", "text": 3}], 'line 1: "text" must be a string'),
        ([{"id": "x", "text": "t", "url": ["u"]}], 'line 1: "url" must be a string'),
        ([{"id": " ", "text": "t"}], 'line 1: empty "id"'),
        ([{"id": "x", "text": "a"}, "", {"id": "x", "text": "b"}], "bad.jsonl:3: duplicate id 'x' (first at"),
    ],
)
def test_bad_jsonl_lines_name_the_file_and_line(tmp_path, rows, fragment):
    path = jsonl(tmp_path / "bad.jsonl", rows)
    with pytest.raises(InputError) as err:
        list(read_documents([path]))
    assert str(path) in str(err.value) and fragment in str(err.value)


def test_ids_must_be_unique_across_text_and_jsonl_inputs(tmp_path):
    (tmp_path / "a1.txt").write_text("Un texte.", encoding="utf-8")
    jsonl(tmp_path / "more.jsonl", ROWS)
    with pytest.raises(InputError, match=r"more.jsonl:1: duplicate id 'a1' \(first at .*a1.txt\)"):
        list(read_documents(collect_paths([tmp_path])))


def test_broken_gzip_is_named(tmp_path):
    path = tmp_path / "x.jsonl.gz"
    path.write_bytes(b"not gzip at all")
    with pytest.raises(InputError, match=r"x\.jsonl\.gz: not a valid gzip file"):
        list(read_jsonl(path))


def test_non_utf8_jsonl_line_is_named(tmp_path):
    path = tmp_path / "latin.jsonl"
    path.write_bytes(b'{"id": "a", "text": "ok"}\n{"id": "b", "text": "P\xe9kin"}\n')
    with pytest.raises(InputError, match=r"latin.jsonl, line 2: not UTF-8"):
        list(read_jsonl(path))


def test_integer_ids_are_read_as_text(tmp_path):
    path = jsonl(tmp_path / "n.jsonl", [{"id": 7, "text": "Texte."}])
    assert [d.id for d in read_jsonl(path)] == ["7"]


@pytest.mark.parametrize(
    ("name", "expected"),
    [("a.txt", "a"), ("a.txt.gz", "a"), ("A.TXT.GZ", "A"), ("a.b.txt", "a.b"), ("x", "x")],
)
def test_document_id(name, expected):
    assert document_id(Path(name)) == expected


TEXT = "Un titre tiré du texte lui-même\n\npar Jean Dupont 13 décembre 2024\nLe corps."


@pytest.mark.parametrize(
    ("fields", "expected"),
    [
        ({}, ("Un titre tiré du texte lui-même", "2024-12-13", "Jean Dupont", "Person")),
        ({"title": "Titre donné"}, ("Titre donné", "2024-12-13", "Jean Dupont", "Person")),
        ({"date": "2016-01-05T10:00:00Z"}, ("Un titre tiré du texte lui-même", "2016-01-05", "Jean Dupont", "Person")),
        ({"date": "pas une date"}, ("Un titre tiré du texte lui-même", "2024-12-13", "Jean Dupont", "Person")),
        ({"author": "Reuters"}, ("Un titre tiré du texte lui-même", "2024-12-13", "Reuters", "Organization")),
    ],
)  # fmt: skip
def test_explicit_metadata_wins_over_the_text(fields, expected):
    meta = document_metadata(Document("d", TEXT, **fields))
    assert (meta.title, meta.date, meta.author, meta.author_kind) == expected


@pytest.mark.model
def test_cli_builds_jsonl_with_metadata_into_valid_rdf_and_reuses_the_cache(tmp_path):
    import subprocess
    import sys

    import rdflib

    rows = [
        {**ROWS[0], "text": "Xi Jinping a rencontré Li Qiang à Pékin. Ils ont parlé de la Chine."},
        {"id": "a2", "text": "Li Qiang est allé à Shanghai avec Xi Jinping."},
        {"id": "a3", "text": "Li Qiang est allé à  Shanghai avec Xi Jinping.\n"},  # duplicate of a2
    ]
    corpus = jsonl(tmp_path / "news.jsonl.gz", rows, compress=True)
    out, cache = tmp_path / "out", tmp_path / "cache"

    def kg(*args):
        return subprocess.run(
            [sys.executable, "-m", "kg.cli", *args], capture_output=True, text=True, timeout=300
        )

    first = kg("build", str(corpus), "-o", str(out), "--cache-dir", str(cache))
    assert first.returncode == 0, first.stderr
    assert "processed: 2, from the cache: 0" in first.stdout
    assert f"1 duplicate article skipped: {corpus}:3 = {corpus}:2" in first.stdout
    g = rdflib.Graph().parse(out / "graph.ttl")
    schema = rdflib.Namespace("https://schema.org/")
    article = next(g.subjects(schema.identifier, rdflib.Literal("a1")))
    assert g.value(article, schema.url) == rdflib.Literal(
        "https://example.org/a1", datatype=rdflib.XSD.anyURI
    )
    assert str(g.value(article, schema.headline)) == "Visite"
    assert str(g.value(article, schema.datePublished)) == "2016-01-05"
    assert kg("validate", str(out)).returncode == 0

    again = kg("build", str(corpus), "-o", str(tmp_path / "out2"), "--cache-dir", str(cache))
    assert "processed: 0, from the cache: 2" in again.stdout, again.stdout
    assert set(rdflib.Graph().parse(tmp_path / "out2" / "graph.ttl")) == set(g)
