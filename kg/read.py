"""Read inputs: files and folders of UTF-8 ``.txt`` articles, and RDF graphs for querying.

Documents are yielded one at a time (a corpus is never held in memory). The
document id is the file stem, so it is stable across runs.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable, Iterator, Sequence
from pathlib import Path

from kg.errors import InputError
from kg.types import Document

log = logging.getLogger("kg")

TEXT_SUFFIXES = (".txt",)


def collect_paths(inputs: Sequence[str | Path]) -> list[Path]:
    """Return the article files named by ``inputs`` (files, or folders searched recursively).

    Raises :class:`InputError` for a missing path, a folder without ``.txt``
    files, or two files with the same stem (their ids would collide).
    """
    if not inputs:
        raise InputError("no input given: name .txt files or folders that contain them")
    files: list[Path] = []
    for raw in inputs:
        path = Path(raw)
        if path.is_dir():
            found = sorted(
                p for p in path.rglob("*") if p.suffix.lower() in TEXT_SUFFIXES and p.is_file()
            )
            found = [
                p
                for p in found
                if not any(part.startswith(".") for part in p.relative_to(path).parts)
            ]
            if not found:
                raise InputError(
                    f"{path}: folder contains no .txt files; give .txt articles (UTF-8)"
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
        previous = seen.get(path.stem)
        if previous is not None:
            if previous.resolve() == path.resolve():
                continue
            raise InputError(
                f"{path}: same document id {path.stem!r} as {previous}; rename one of them "
                "(the id is the file name without extension)"
            )
        seen[path.stem] = path
        unique.append(path)
    return unique


def read_document(path: Path) -> Document:
    """Return the document in ``path``; raise :class:`InputError` if it is not UTF-8 text."""
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise InputError(f"{path}: cannot read ({exc.strerror or exc})") from exc
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise InputError(
            f"{path}: not UTF-8 text (byte 0x{data[exc.start]:02x} at offset {exc.start}); "
            f"convert it, e.g. iconv -f WINDOWS-1252 -t UTF-8 {path} > fixed.txt"
        ) from exc
    if "\x00" in text:
        raise InputError(
            f"{path}: contains NUL bytes, which looks binary; give plain-text articles"
        )
    return Document(id=path.stem, text=text, source=str(path))


def read_documents(
    paths: Iterable[Path], *, on_skip: Callable[[Path, str], None] | None = None
) -> Iterator[Document]:
    """Yield the documents of ``paths`` in order, skipping empty files with a warning.

    ``on_skip(path, reason)`` is called for each skipped file.
    """
    for path in paths:
        doc = read_document(path)
        if not doc.text.strip():
            log.warning("%s: empty file, skipped", path)
            if on_skip:
                on_skip(path, "empty")
            continue
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


def load_rdf(path: str | Path):  # -> rdflib.Graph (import kept local: rdflib is slow to import)
    """Return the RDF graph stored in ``path`` (a file, or an output folder with ``graph.ttl``).

    The format is guessed from the suffix. Raises :class:`InputError` with the
    parser's message when the file is missing or is not RDF.
    """
    import rdflib

    path = Path(path)
    if path.is_dir():
        candidates = [path / name for name in ("graph.ttl", "graph.nt", "graph.jsonld")]
        found = next((c for c in candidates if c.is_file()), None)
        if found is None:
            raise InputError(
                f"{path}: folder has no graph.ttl, graph.nt or graph.jsonld; run kg build first"
            )
        path = found
    if not path.is_file():
        raise InputError(f"{path}: no such file")
    fmt = RDF_SUFFIXES.get(path.suffix.lower())
    if fmt is None:
        raise InputError(
            f"{path}: unknown RDF suffix {path.suffix!r}; use one of {', '.join(sorted(RDF_SUFFIXES))}"
        )
    graph = rdflib.Graph() if fmt not in ("trig", "nquads") else rdflib.Dataset()
    try:
        graph.parse(path, format=fmt)
    except Exception as exc:  # rdflib raises many unrelated types for bad input
        message = " ".join(str(exc).split())[:300]
        raise InputError(f"{path}: not valid {fmt} RDF ({message})") from exc
    return graph


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
