"""Crash-safe file writing: write to a temporary file beside the target, then rename.

A temporary file is named ``.<target name>.<pid>.<random>.tmp``. One left
behind by a process that was killed (``kill -9``, power loss) is removed by
:func:`remove_stale` once that process is gone. Files written inside
:func:`together` are renamed onto their targets only when the whole block
has succeeded, one right after the other, so the outputs of one build
appear together: a build killed half-way leaves every previous output as it
was.
"""

from __future__ import annotations

import contextlib
import errno
import os
import re
import tempfile
import time
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import IO

from kg.errors import OutputError

_TEMP = re.compile(r"^\.(?P<name>.+?)\.(?:(?P<pid>\d+)\.)?[A-Za-z0-9_]{8}\.tmp$")
"""A temporary file of :func:`atomic_open`: ``.<name>.<pid>.<random>.tmp``, or
``.<name>.<random>.tmp`` (written by earlier versions, with no process id)."""


class Batch:
    """Temporary files waiting to be renamed onto their targets (see :func:`together`)."""

    def __init__(self) -> None:
        self._pending: list[tuple[str, Path]] = []

    def add(self, tmp: str, target: Path) -> None:
        """Rename ``tmp`` onto ``target`` when the batch is committed."""
        self._pending.append((tmp, target))

    def commit(self) -> None:
        """Rename every waiting file onto its target, in the order they were written."""
        pending, self._pending = self._pending, []
        for i, (tmp, target) in enumerate(pending):
            try:
                os.replace(tmp, target)
            except OSError as exc:
                for rest, _ in pending[i:]:
                    with contextlib.suppress(OSError):
                        os.unlink(rest)
                raise _write_error(target, exc, "choose a writable folder with -o") from exc

    def discard(self) -> None:
        """Remove every waiting file; the targets keep their previous content."""
        pending, self._pending = self._pending, []
        for tmp, _ in pending:
            with contextlib.suppress(OSError):
                os.unlink(tmp)


@contextlib.contextmanager
def together() -> Iterator[Batch]:
    """Yield a :class:`Batch` for :func:`atomic_open` and the ``write_*`` functions: their
    files replace their targets only when the block ends without an error, all at once;
    if it raises, none does."""
    batch = Batch()
    try:
        yield batch
    except BaseException:
        batch.discard()
        raise
    batch.commit()


def _write_error(target: Path, exc: OSError, advice: str) -> OutputError:
    """Return the one-line error for an ``OSError`` met while writing ``target``."""
    if exc.errno in (errno.ENOSPC, errno.EDQUOT):
        advice = "free some space on that disk, or " + advice
    if isinstance(exc, IsADirectoryError) or target.is_dir():
        return OutputError(f"cannot write {target}: a folder has that name; rename or remove it")
    return OutputError(f"cannot write {target}: {exc.strerror or exc}; {advice}")


@contextlib.contextmanager
def atomic_open(
    path: str | os.PathLike[str],
    mode: str = "w",
    *,
    advice: str = "choose a writable folder with -o",
    batch: Batch | None = None,
) -> Iterator[IO]:
    """Open a temporary file next to ``path``; rename it onto ``path`` on success.

    If the body raises, the temporary file is removed and ``path`` keeps its
    previous content. Errors creating or writing the file (a missing
    permission, a full disk, a folder with the target's name) become
    :class:`OutputError` naming the file and ending with ``advice`` (what
    the user can do about it). With a ``batch`` (see :func:`together`) the
    rename waits for the batch to be committed.
    """
    target = Path(path)
    binary = "b" in mode
    if target.is_dir():
        raise _write_error(target, IsADirectoryError(errno.EISDIR, "Is a directory"), advice)
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(
            prefix=f".{target.name}.{os.getpid()}.", suffix=".tmp", dir=target.parent
        )
    except OSError as exc:
        raise OutputError(
            f"cannot write to {target.parent}: {exc.strerror or exc}; {advice}"
        ) from exc
    try:
        with os.fdopen(
            fd, "wb" if binary else "w", **({} if binary else {"encoding": "utf-8"})
        ) as fh:
            yield fh
        os.chmod(tmp, 0o644)
        if batch is None:
            os.replace(tmp, target)
        else:
            batch.add(tmp, target)
    except OSError as exc:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise _write_error(target, exc, advice) from exc
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise


def write_text(path: str | os.PathLike[str], text: str, *, batch: Batch | None = None) -> Path:
    """Atomically write ``text`` (UTF-8) to ``path``; return the path."""
    with atomic_open(path, "w", batch=batch) as fh:
        fh.write(text)
    return Path(path)


def write_bytes(path: str | os.PathLike[str], data: bytes, *, batch: Batch | None = None) -> Path:
    """Atomically write ``data`` to ``path``; return the path."""
    with atomic_open(path, "wb", batch=batch) as fh:
        fh.write(data)
    return Path(path)


def _alive(pid: int) -> bool:
    """Return whether process ``pid`` exists on this machine."""
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # someone else's process
        return True
    return True


def remove_stale(folder: str | os.PathLike[str], names: Iterable[str]) -> list[Path]:
    """Remove the temporary files that a killed writer left in ``folder`` for the targets
    ``names``; return the paths removed.

    A temporary file is stale when the process that wrote it is gone (or, for
    a file of an earlier kg with no process id in its name, when it is over an
    hour old). Files of other names, and those of a writer still running, are
    left alone.
    """
    wanted = set(names)
    removed: list[Path] = []
    try:
        entries = list(os.scandir(folder))
    except OSError:
        return removed
    for entry in entries:
        match = _TEMP.match(entry.name)
        if not match or match["name"] not in wanted or not entry.is_file(follow_symlinks=False):
            continue
        pid = match["pid"]
        try:
            if pid is not None:
                if int(pid) == os.getpid() or _alive(int(pid)):
                    continue
            elif time.time() - entry.stat().st_mtime < 3600:
                continue
            os.unlink(entry.path)
        except OSError:
            continue
        removed.append(Path(entry.path))
    return removed
