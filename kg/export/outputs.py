"""Every output of a build: ``write_outputs(G, out)`` writes the RDF files and ``graph.html``.

What ``kg build`` writes after each build (and ``--watch`` after each
change). The page's layout (:func:`kg.export.html.layout`) is the slowest
part; a helper process forked after the build computes it while this
process writes the RDF and builds the rest of the page, then the page is
written with the helper's positions. The jobs only read the graph ``G``,
and each is pure Python or NumPy holding the interpreter lock, so threads
would not overlap them; a forked process starts at once and shares this
process's memory (a page of it is copied only when written).

The helper is used when :func:`can_fork` (Linux, more than one CPU, a single
Python thread) and the ``KG_SERIAL_EXPORT`` environment variable is not set;
otherwise everything runs here, one output after the other. The files are
the same either way.
"""

from __future__ import annotations

import contextlib
import dataclasses
import gc
import os
import pickle
import sys
import threading
import time
import traceback
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

import networkx as nx
from threadpoolctl import threadpool_limits

from kg.config import DEFAULT_BASE, DEFAULT_FORMATS, RDF_FORMATS
from kg.errors import OutputError
from kg.export.atomic import Batch, remove_stale, together
from kg.export.html import DEFAULT_MAX_NODES, Positions, layout, layout_key, refit, write_html
from kg.export.rdf import rdf_triples, write_rdf

T = TypeVar("T")

SERIAL_ENV = "KG_SERIAL_EXPORT"
"""Set this environment variable (to anything but ``0`` or empty) to write the outputs one
after the other in one process."""


@dataclass(frozen=True)
class Laid:
    """Where the page drew its entities (``positions``) and what made them valid (``key``:
    :func:`kg.export.html.layout_key`), for the next page of a watching build."""

    key: tuple[Any, ...]
    positions: Positions


@dataclass(frozen=True)
class Outputs:
    """What :func:`write_outputs` wrote: ``paths`` (the RDF files in the order of the
    formats, then the HTML page), the number of RDF ``triples``, the seconds of work on
    each kind of output (the page's layout counts wherever it ran), the wall-clock
    ``seconds`` of the whole, whether the helper process laid out the page (``helper``), and
    where the page drew its entities (``laid``, to pass to the next :func:`write_outputs`)."""

    paths: tuple[Path, ...]
    triples: int
    rdf_seconds: float
    html_seconds: float
    seconds: float
    helper: bool
    laid: Laid | None = None


def write_outputs(
    G: nx.MultiDiGraph,
    out: str | os.PathLike[str],
    *,
    formats: Sequence[str] = DEFAULT_FORMATS,
    base: str = DEFAULT_BASE,
    mentions: bool = True,
    max_nodes: int = DEFAULT_MAX_NODES,
    helper: bool | None = None,
    laid: Laid | None = None,
) -> Outputs:
    """Write the RDF of ``G`` in each of ``formats`` and its HTML page into the folder ``out``;
    return what was written (:class:`Outputs`).

    The files are named by :data:`kg.config.RDF_FORMATS` and ``graph.html``,
    each written atomically. ``base`` and ``mentions`` go to
    :func:`kg.export.rdf.rdf_triples`, ``max_nodes`` to
    :func:`kg.export.html.to_html`.

    With the helper, a forked process computes the page's layout
    (:func:`kg.export.html.layout`, the slow part) while this one writes the
    RDF and builds the rest of the page. ``helper=None`` (the default) uses
    it when :func:`can_fork` says it is safe and ``KG_SERIAL_EXPORT`` is not
    set; ``True`` whenever the platform can fork; ``False`` never.

    ``laid`` is the :attr:`Outputs.laid` of the previous call (a watching
    build passes it): when the page draws the same entities, their positions
    are kept (as they were when the sizes are the same too,
    :func:`kg.export.html.layout_key`; moved just enough that none overlaps
    otherwise, :func:`kg.export.html.refit`) and no layout is computed, so the
    picture stays where the reader left it.

    Every file is written under a temporary name first and the files replace
    the previous ones together, once all are written (:func:`together`): a
    build that fails or is killed half-way leaves the previous outputs as
    they were, never a new ``graph.ttl`` beside an old ``graph.html``.
    Temporary files left in ``out`` by a killed build are removed first.
    Raises :class:`OutputError` when an output cannot be written (a folder
    with its name, a full disk).
    """
    folder = Path(out)
    started = time.perf_counter()
    check_targets(folder, formats)
    remove_stale(folder, output_names(formats))
    with together() as batch:
        result = _write_all(G, folder, formats, base, mentions, max_nodes, helper, batch, laid)
    return dataclasses.replace(result, seconds=time.perf_counter() - started)


def output_names(formats: Sequence[str] = DEFAULT_FORMATS) -> list[str]:
    """Return the file names :func:`write_outputs` writes for ``formats``."""
    return [RDF_FORMATS[f][1] for f in formats] + ["graph.html"]


def check_targets(out: str | os.PathLike[str], formats: Sequence[str] = DEFAULT_FORMATS) -> None:
    """Raise :class:`OutputError` if an output of :func:`write_outputs` in folder ``out``
    cannot be written because a folder has its name (checked before a long build)."""
    for name in output_names(formats):
        target = Path(out) / name
        if target.is_dir():
            raise OutputError(
                f"cannot write {target}: a folder has that name; rename or remove it"
            )


def _write_all(
    G: nx.MultiDiGraph,
    folder: Path,
    formats: Sequence[str],
    base: str,
    mentions: bool,
    max_nodes: int,
    helper: bool | None,
    batch: Batch,
    laid: Laid | None,
) -> Outputs:
    """Write the outputs of :func:`write_outputs` into ``batch``; return what was written."""
    started = time.perf_counter()
    key = layout_key(G, max_nodes=max_nodes)

    def rdf() -> tuple[list[Path], int, float]:
        began = time.perf_counter()
        triples = rdf_triples(G, base=base, mentions=mentions)
        paths = [
            write_rdf(triples, folder / RDF_FORMATS[f][1], fmt=f, batch=batch) for f in formats
        ]
        return paths, len(triples), time.perf_counter() - began

    if helper is None:
        helper = can_fork() and os.environ.get(SERIAL_ENV, "") in ("", "0")
    elif helper:
        helper = hasattr(os, "fork")
    kept = None
    if laid is not None:  # a watching build: keep the previous page's picture if it fits
        kept = laid.positions if laid.key == key else refit(G, laid.positions, max_nodes=max_nodes)
    if kept is not None:
        helper = False  # nothing to lay out, or only a few entities to move apart
        where = kept
        paths, count, rdf_seconds = rdf()
        began = time.perf_counter()
        page = write_html(G, folder / "graph.html", max_nodes=max_nodes, positions=where,
                          batch=batch)  # fmt: skip
        html_seconds = time.perf_counter() - began
    elif not helper:
        paths, count, rdf_seconds = rdf()
        began = time.perf_counter()
        where = layout(G, max_nodes=max_nodes)
        page = write_html(G, folder / "graph.html", max_nodes=max_nodes, positions=where,
                          batch=batch)  # fmt: skip
        html_seconds = time.perf_counter() - began
    else:
        with forked(lambda: _timed(lambda: layout(G, max_nodes=max_nodes))) as laid_out:
            paths, count, rdf_seconds = rdf()
            waited = layout_seconds = 0.0

            def positions() -> Positions:
                nonlocal waited, layout_seconds, where
                began = time.perf_counter()
                where, layout_seconds = laid_out()
                waited = time.perf_counter() - began
                return where

            where: Positions = {}

            began = time.perf_counter()
            page = write_html(
                G, folder / "graph.html", max_nodes=max_nodes, positions=positions, batch=batch
            )
            html_seconds = time.perf_counter() - began - waited + layout_seconds
    return Outputs(
        (*paths, page), count, rdf_seconds, html_seconds, time.perf_counter() - started, helper,
        Laid(key, where),
    )  # fmt: skip


def _timed(task: Callable[[], T]) -> tuple[T, float]:
    """Return what ``task()`` returns and the seconds it took."""
    began = time.perf_counter()
    value = task()
    return value, time.perf_counter() - began


def can_fork() -> bool:
    """Return whether :func:`forked` is worth using and safe here: Linux (where ``fork`` is
    the norm), at least two CPUs for this process, and no Python thread but this one (a
    forked child only gets the thread that forked)."""
    if not sys.platform.startswith("linux") or not hasattr(os, "fork"):
        return False
    if len(os.sched_getaffinity(0)) < 2:
        return False
    return threading.active_count() == 1


@contextlib.contextmanager
def forked(task: Callable[[], T]) -> Iterator[Callable[[], T]]:
    """Run ``task`` in a forked child process; yield a function that waits for its result.

    The child sees this process's memory as it was at the fork. What
    ``task`` returns comes back pickled, and so does an exception it raises,
    raised again by the function (one that cannot be pickled comes back as a
    ``RuntimeError`` with its traceback). The child is waited for when the
    block ends, whether or not its result was asked for. POSIX only (see
    :func:`can_fork`).

    >>> with forked(os.getpid) as child_pid:
    ...     child_pid() != os.getpid()
    True
    """
    read_end, write_end = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child: run ``task``, send the outcome, leave without cleanup
        try:
            os.close(read_end)
            gc.disable()  # short-lived: a full collection would copy every page it walks
            # one BLAS thread: the parent keeps the other core busy, and OpenBLAS's
            # spinning threads would take it (the layout multiplies matrices)
            threadpool_limits(1)
            with os.fdopen(write_end, "wb") as pipe:
                pipe.write(_outcome(task))
        finally:
            os._exit(0)
    os.close(write_end)
    outcome: tuple[str, Any] | None = None

    def result() -> T:
        nonlocal outcome
        if outcome is None:
            outcome = _collect(read_end, pid)
        kind, value = outcome
        if kind == "error":
            raise value
        return value

    try:
        yield result
    finally:
        if outcome is None:
            outcome = _collect(read_end, pid)


def _outcome(task: Callable[[], Any]) -> bytes:
    """Return the pickled outcome of ``task()``: ``("ok", value)`` or ``("error", exception)``.

    An exception carries the child's traceback as a note; one that does not
    survive pickling is replaced by a ``RuntimeError`` holding that traceback.
    """
    try:
        return pickle.dumps(("ok", task()))
    except BaseException as exc:
        text = "".join(traceback.format_exception(exc)).rstrip()
        try:
            exc.add_note(f"(raised in the helper process)\n{text}")
            data = pickle.dumps(("error", exc))
            pickle.loads(data)  # some exceptions pickle but cannot be rebuilt
            return data
        except Exception:
            return pickle.dumps(("error", RuntimeError(f"in the helper process: {text}")))


def _collect(fd: int, pid: int) -> tuple[str, Any]:
    """Read the child's outcome from ``fd`` (closing it), wait for the child; return the
    outcome, or an error when the child died without one."""
    with os.fdopen(fd, "rb") as pipe:
        data = pipe.read()
    try:
        _, status = os.waitpid(pid, 0)
    except ChildProcessError:  # already reaped (SIGCHLD ignored by the application)
        status = 0
    if not data:
        code = os.waitstatus_to_exitcode(status)
        how = f"signal {-code}" if code < 0 else f"exit status {code}"
        return "error", RuntimeError(f"the helper process stopped without an answer ({how})")
    return pickle.loads(data)
