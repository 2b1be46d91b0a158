"""Read inputs: articles (``.txt``, JSONL, gzip'd or not) and RDF graphs for querying.

Documents are yielded one at a time (a corpus is never held in memory, a
gzip'd file is decompressed as it is read). Inputs:

- ``.txt`` / ``.txt.gz``: one UTF-8 article per file (UTF-16 and UTF-32 with a
  byte-order mark are read too); its id is the file name
  without the suffixes (``a.txt.gz`` -> ``a``), so it is stable across runs;
- ``.jsonl`` / ``.jsonl.gz``: one article per line, a JSON object with
  ``id`` and ``text`` and optionally ``title``, ``date``, ``url`` and
  ``author`` (strings), which flow into the graph.

Ids must be unique across all inputs; errors name the file and line.
"""

from __future__ import annotations

import codecs
import gzip
import json
import logging
import re
import zlib
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from pathlib import Path
from typing import TypeVar

import pyoxigraph as ox

from kg.config import MAX_ARTICLE_CHARS
from kg.errors import InputError
from kg.types import Document

log = logging.getLogger("kg")

TEXT_SUFFIXES = (".txt", ".txt.gz")
JSONL_SUFFIXES = (".jsonl", ".jsonl.gz")
INPUT_SUFFIXES = TEXT_SUFFIXES + JSONL_SUFFIXES
"""File names searched for in input folders."""

METADATA_FIELDS = ("title", "date", "url", "author")
"""Optional string fields of a JSONL article that flow into the graph."""


def is_jsonl(path: Path) -> bool:
    """Return True if ``path`` names a JSONL file (``.jsonl`` or ``.jsonl.gz``)."""
    return path.name.lower().endswith(JSONL_SUFFIXES)


def document_id(path: Path) -> str:
    """Return the id of the article file ``path``: its name without ``.txt``/``.gz``.

    >>> document_id(Path("news/a.txt.gz")), document_id(Path("b.txt")), document_id(Path("c"))
    ('a', 'b', 'c')
    """
    name = path.name
    for suffix in (".gz", ".txt"):
        if name.lower().endswith(suffix):
            name = name[: -len(suffix)]
    return name or path.name


def collect_paths(inputs: Sequence[str | Path]) -> list[Path]:
    """Return the article files named by ``inputs`` (files, or folders searched recursively).

    Folders are searched for ``.txt``, ``.jsonl`` and their ``.gz`` forms.
    Raises :class:`InputError` for a missing path, a folder without such
    files, or two text files with the same id (file name without suffixes).
    """
    if not inputs:
        raise InputError("no input given: name .txt or .jsonl files (or .gz) or folders of them")
    files: list[Path] = []
    for raw in inputs:
        path = Path(raw)
        if path.is_dir():
            found = sorted(
                p for p in path.rglob("*") if p.name.lower().endswith(INPUT_SUFFIXES) and p.is_file()
            )
            found = [
                p
                for p in found
                if not any(part.startswith(".") for part in p.relative_to(path).parts)
            ]
            if not found:
                raise InputError(
                    f"{path}: folder contains no .txt files (nor .jsonl, .txt.gz, .jsonl.gz); "
                    "give UTF-8 articles"
                )
            files.extend(found)
        elif path.is_file():
            files.append(path)
        elif path.exists():
            raise InputError(f"{path}: not a regular file or folder")
        else:
            raise InputError(f"{path}: no such file or folder")
    seen: dict[str, Path] = {}
    unique: list[Path] = []
    for path in files:
        if is_jsonl(path):
            if path.resolve() not in {p.resolve() for p in unique if is_jsonl(p)}:
                unique.append(path)
            continue
        key = document_id(path)
        previous = seen.get(key)
        if previous is not None:
            if previous.resolve() == path.resolve():
                continue
            raise InputError(
                f"{path}: same document id {key!r} as {previous}; rename one of them "
                "(the id is the file name without extension)"
            )
        seen[key] = path
        unique.append(path)
    return unique


def _read_bytes(path: Path) -> bytes:
    try:
        if path.name.lower().endswith(".gz"):
            with gzip.open(path, "rb") as fh:
                return fh.read()
        return path.read_bytes()
    except (gzip.BadGzipFile, EOFError, zlib.error) as exc:
        raise InputError(f"{path}: not a valid gzip file ({exc})") from exc
    except OSError as exc:
        raise InputError(f"{path}: cannot read ({exc.strerror or exc})") from exc


_BOMS = (
    (codecs.BOM_UTF32_LE, "UTF-32"),
    (codecs.BOM_UTF32_BE, "UTF-32"),
    (codecs.BOM_UTF16_LE, "UTF-16"),
    (codecs.BOM_UTF16_BE, "UTF-16"),
)
"""Byte-order marks of the Unicode encodings other than UTF-8 (UTF-32 first: its
little-endian mark starts with UTF-16's)."""


def _unicode_bom(data: bytes) -> str | None:
    """Return ``"UTF-16"`` or ``"UTF-32"`` when ``data`` starts with that byte-order mark."""
    return next((name for bom, name in _BOMS if data.startswith(bom)), None)


def _utf16_without_bom(data: bytes) -> str | None:
    """Return ``"UTF-16LE"`` or ``"UTF-16BE"`` when ``data`` looks like text in that encoding
    with no byte-order mark (most characters of a Latin text have a NUL byte beside them)."""
    head = data[:4000]
    if len(head) < 4:
        return None
    odd, even = head[1::2].count(0), head[0::2].count(0)
    if odd > 0.3 * len(head[1::2]) and even < 0.05 * len(head[0::2]):
        return "UTF-16LE"
    if even > 0.3 * len(head[0::2]) and odd < 0.05 * len(head[1::2]):
        return "UTF-16BE"
    return None


def _convert_advice(path: Path, encoding: str) -> str:
    fixed = "fixed.jsonl" if is_jsonl(path) else "fixed.txt"
    return f"convert it, e.g. iconv -f {encoding} -t UTF-8 {path} > {fixed}"


def read_document(path: Path) -> Document:
    """Return the document in ``path`` (``.txt`` or ``.txt.gz``).

    The text is UTF-8 (a UTF-8 byte-order mark is dropped), or UTF-16 or
    UTF-32 with a byte-order mark. Raises :class:`InputError`, with the
    command that converts the file, for any other encoding.
    """
    data = _read_bytes(path)
    encoding = _unicode_bom(data)
    if encoding is not None:
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError as exc:
            raise InputError(
                f"{path}: starts with a {encoding} byte-order mark but is not {encoding} text "
                f"(offset {exc.start}); save it as UTF-8"
            ) from exc
    else:
        guess = _utf16_without_bom(data)
        if guess is not None:
            raise InputError(
                f"{path}: looks like {guess} text without a byte-order mark; "
                + _convert_advice(path, guess)
            )
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            raise InputError(
                f"{path}: not UTF-8 text (byte 0x{data[exc.start]:02x} at offset {exc.start}); "
                + _convert_advice(path, "WINDOWS-1252")
            ) from exc
    if "\x00" in text:
        raise InputError(
            f"{path}: contains NUL bytes, which looks binary; give plain-text articles"
        )
    return Document(id=document_id(path), text=text, source=str(path))


_LONE_SURROGATE = re.compile("[\ud800-\udfff]")


def _replace_lone_surrogates(item: dict[str, object], where: str) -> None:
    """Replace in place, in the string fields of ``item``, each lone UTF-16 surrogate (a
    ``\\ud800`` escape with no pair, which no UTF-8 file can hold) by U+FFFD, one character
    for one so offsets are kept; warn once naming ``where`` and the fields."""
    fields = [
        name
        for name, value in item.items()
        if isinstance(value, str) and _LONE_SURROGATE.search(value)
    ]
    for name in fields:
        item[name] = _LONE_SURROGATE.sub("\ufffd", item[name])  # type: ignore[arg-type]
    if fields:
        log.warning(
            "%s: a lone surrogate escape (\\ud800-\\udfff) in %s replaced by U+FFFD",
            where,
            ", ".join(f'"{name}"' for name in fields),
        )


def _lines(path: Path) -> Iterator[tuple[int, bytes]]:
    """Yield ``(line number, raw line)`` of a text file, decompressing ``.gz`` on the fly."""
    try:
        opener = gzip.open if path.name.lower().endswith(".gz") else open
        with opener(path, "rb") as fh:
            yield from enumerate(fh, start=1)
    except (gzip.BadGzipFile, EOFError, zlib.error) as exc:
        raise InputError(f"{path}: not a valid gzip file ({exc})") from exc
    except OSError as exc:
        raise InputError(f"{path}: cannot read ({exc.strerror or exc})") from exc


def read_jsonl(path: Path) -> Iterator[Document]:
    """Yield the articles of JSONL file ``path`` (``.jsonl`` or ``.jsonl.gz``), one per line.

    Each non-blank line is an object with string fields ``id`` and ``text``
    and optional ``title``, ``date``, ``url``, ``author``. Raises
    :class:`InputError` naming the file and line for bad JSON, a missing or
    non-string field, or non-UTF-8 bytes.
    """
    for number, raw in _lines(path):
        where = f"{path}, line {number}"
        if number == 1:
            encoding = _unicode_bom(raw) or _utf16_without_bom(raw)
            if encoding is not None:
                raise InputError(f"{path}: {encoding} text; " + _convert_advice(path, encoding))
            raw = raw.removeprefix(codecs.BOM_UTF8)
        if not raw.strip():
            continue
        try:
            line = raw.decode("utf-8")
        except UnicodeDecodeError as exc:
            raise InputError(
                f"{where}: not UTF-8 text (byte offset {exc.start}); "
                + _convert_advice(path, "WINDOWS-1252")
            ) from None
        try:
            item = json.loads(line)
        except ValueError as exc:
            raise InputError(f"{where}: not valid JSON ({exc})") from None
        if not isinstance(item, dict):
            raise InputError(f'{where}: expected a JSON object with "id" and "text"')
        _replace_lone_surrogates(item, where)
        for name in ("id", "text"):
            if name not in item:
                raise InputError(f'{where}: missing "{name}" (each line needs "id" and "text")')
        if isinstance(item["id"], int) and not isinstance(item["id"], bool):
            item["id"] = str(item["id"])
        for name in ("id", "text", *METADATA_FIELDS):
            value = item.get(name)
            if value is not None and not isinstance(value, str):
                raise InputError(f'{where}: "{name}" must be a string, not {type(value).__name__}')
        if not item["id"].strip():
            raise InputError(f'{where}: empty "id"')
        if "\x00" in item["text"]:
            raise InputError(f'{where}: "text" contains NUL characters')
        yield Document(
            id=item["id"],
            text=item["text"],
            source=f"{path}:{number}",
            **{name: item.get(name) or None for name in METADATA_FIELDS},
        )


def input_state(inputs: Sequence[str | Path]) -> tuple[object, ...]:
    """Return what changes when an article file of ``inputs`` is added, removed or rewritten:
    each file's path, size and modification time (or the error that naming them raises).

    Cheap: files are listed and stat'ed, not read. :func:`kg.pipeline.watch`
    rebuilds when it changes.
    """
    try:
        paths = collect_paths(inputs)
    except InputError as exc:
        return ("error", str(exc))
    state: list[tuple[str, int, int]] = []
    for path in paths:
        try:
            info = path.stat()
        except OSError:  # removed between listing and stat: the next poll sees it gone
            continue
        state.append((str(path), info.st_size, info.st_mtime_ns))
    return tuple(state)


def count_documents(paths: Iterable[Path]) -> int:
    """Return how many articles ``paths`` hold (one per text file, non-blank lines of JSONL).

    Reads JSONL files (streaming) without parsing them; for progress bars.
    """
    total = 0
    for path in paths:
        if is_jsonl(path):
            total += sum(1 for _number, line in _lines(path) if line.strip())
        else:
            total += 1
    return total


def read_documents(
    paths: Iterable[Path], *, on_skip: Callable[[Path, str], None] | None = None
) -> Iterator[Document]:
    """Yield the documents of ``paths`` in order, skipping empty articles with a warning.

    ``on_skip(path, reason)`` is called for each skipped article. Raises
    :class:`InputError` when two articles share an id, or when one is longer than
    :data:`kg.config.MAX_ARTICLE_CHARS`.
    """
    seen: dict[str, str] = {}
    for path in paths:
        documents = read_jsonl(path) if is_jsonl(path) else iter([read_document(path)])
        for doc in documents:
            previous = seen.get(doc.id)
            if previous is not None:
                raise InputError(
                    f"{doc.source}: duplicate id {doc.id!r} (first at {previous}); ids must be unique"
                )
            seen[doc.id] = doc.source
            if not doc.text.strip():
                what = "empty article" if is_jsonl(path) else "empty file"
                log.warning("%s: %s, skipped", doc.source, what)
                if on_skip:
                    on_skip(Path(doc.source), "empty")
                continue
            if len(doc.text) > MAX_ARTICLE_CHARS:
                raise InputError(
                    f"{doc.source}: article {doc.id!r} has {len(doc.text):,} characters, over "
                    f"the {MAX_ARTICLE_CHARS:,} kg annotates in one piece; split it into "
                    "several articles (files or JSONL lines)"
                )
            yield doc


def read_text_file(path: str | Path, *, what: str) -> str:
    """Return the UTF-8 text of a user file (``what`` names the option, e.g. ``--aliases``).

    Raises :class:`InputError` naming the option and the file when it is
    missing or not UTF-8.
    """
    path = Path(path)
    try:
        return path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise InputError(f"{what} {path}: no such file") from None
    except UnicodeDecodeError as exc:
        raise InputError(f"{what} {path}: not UTF-8 text (byte offset {exc.start})") from None
    except OSError as exc:
        raise InputError(f"{what} {path}: cannot read ({exc.strerror or exc})") from None


RDF_SUFFIXES = {
    ".ttl": "turtle",
    ".turtle": "turtle",
    ".nt": "nt",
    ".n3": "n3",
    ".jsonld": "json-ld",
    ".json": "json-ld",
    ".rdf": "xml",
    ".xml": "xml",
    ".owl": "xml",
    ".trig": "trig",
    ".nq": "nquads",
}


RDF_OUTPUT_NAMES = ("graph.ttl", "graph.nt", "graph.jsonld", "graph.trig", "graph.nq")
"""Files looked for, in order, in a ``kg build`` output folder."""

F = TypeVar("F")


def rdf_file(path: str | Path, suffixes: Mapping[str, F]) -> tuple[Path, F]:
    """Return the RDF file named by ``path`` (a file, or a ``kg build`` output folder) and its
    format, looked up by suffix in ``suffixes``.

    Raises :class:`InputError` when the file is missing or its suffix is not in ``suffixes``.
    """
    path = Path(path)
    if path.is_dir():
        found = next((path / n for n in RDF_OUTPUT_NAMES if (path / n).is_file()), None)
        if found is None:
            raise InputError(
                f"{path}: folder has no {', '.join(RDF_OUTPUT_NAMES)}; run kg build first"
            )
        path = found
    if not path.is_file():
        raise InputError(f"{path}: no such file")
    fmt = suffixes.get(path.suffix.lower())
    if fmt is None:
        raise InputError(
            f"{path}: not an RDF file (unknown RDF suffix {path.suffix!r}); "
            f"use one of {', '.join(sorted(suffixes))}"
        )
    return path, fmt


_NATIVE = {"json-ld": "JSON_LD", "trig": "TRIG", "nquads": "N_QUADS"}
"""Formats read with Oxigraph's parser: rdflib's own parsers of these call its deprecated
``ConjunctiveGraph`` and ``Dataset.default_context``."""


def load_rdf(path: str | Path):  # -> rdflib.Graph (import kept local: rdflib is slow to import)
    """Return the RDF graph stored in ``path`` (a file, or an output folder with ``graph.ttl``).

    The format is guessed from the suffix. TriG and N-Quads give an
    ``rdflib.Dataset`` with their named graphs, the other formats an
    ``rdflib.Graph``. JSON-LD, TriG and N-Quads are parsed by Oxigraph (in
    native code), the others by rdflib. Raises :class:`InputError` with the
    parser's message when the file is missing or is not RDF.
    """
    import rdflib

    path, fmt = rdf_file(path, RDF_SUFFIXES)
    graph = rdflib.Graph() if fmt not in ("trig", "nquads") else rdflib.Dataset()
    try:
        if fmt in _NATIVE:
            _parse_natively(path, getattr(ox.RdfFormat, _NATIVE[fmt]), graph)
        else:
            graph.parse(path, format=fmt)
    except Exception as exc:  # rdflib raises many unrelated types for bad input
        message = " ".join(str(exc).split())[:300]
        raise InputError(f"{path}: not valid {fmt} RDF ({message})") from exc
    return graph


def _parse_natively(path: Path, rdf_format: ox.RdfFormat, graph: object) -> None:
    """Add the quads of file ``path`` to ``graph`` (an rdflib ``Graph`` or ``Dataset``)."""
    import rdflib

    from kg.terms import to_rdflib

    datasets: dict[object, rdflib.Graph] = {}
    for quad in ox.parse(path=str(path), format=rdf_format):
        triple = (to_rdflib(quad.subject), to_rdflib(quad.predicate), to_rdflib(quad.object))
        if isinstance(graph, rdflib.Dataset):
            name = quad.graph_name
            target = datasets.get(name)
            if target is None:
                if isinstance(name, ox.DefaultGraph):
                    target = graph.default_graph
                else:
                    target = graph.graph(to_rdflib(name))
                datasets[name] = target
            target.add(triple)
        else:
            graph.add(triple)  # type: ignore[attr-defined]


def locate(name: str | Path, *, start: str | Path | None = None) -> Path:
    """Return the absolute path of ``name`` found in ``start`` (default: the current folder) or
    the nearest of its parents that has it.

    For notebooks, which run from the repository or from ``notebooks/``:
    ``locate("seeds")`` finds the sample corpus from either. An absolute
    ``name`` is returned as it is when it exists. Raises :class:`InputError`
    naming the folders searched when none has it.
    """
    target = Path(name).expanduser()
    if target.is_absolute():
        if target.exists():
            return target
        raise InputError(f"{target}: no such file or folder")
    here = Path(start if start is not None else Path.cwd()).resolve()
    for folder in (here, *here.parents):
        candidate = folder / target
        if candidate.exists():
            return candidate
    raise InputError(f"{target}: not found in {here} or any folder above it")
