"""SPARQL queries with a time limit: each runs in a worker process that is ended past it.

Oxigraph cannot stop a query once it runs, and a thread cannot be killed, so
a query that joins everything with everything would keep a core busy long
after its client has gone. :class:`QueryWorkers` keeps a few worker
processes, forked from the process that holds the store (they share its
memory until it changes, which it does not: queries only read); a query is
sent to an idle worker, and when no answer comes within the time limit the
worker is killed, a fresh one takes its place and :class:`QueryTimeout` is
raised. An on-disk store (``path``) is opened read-only by each worker instead.

Used by :mod:`kg.serve` (a 503 answer) and ``kg query --timeout``.
"""

from __future__ import annotations

import multiprocessing
import queue
import threading
from collections.abc import Callable
from multiprocessing.connection import Connection
from pathlib import Path

import pyoxigraph as ox

from kg.errors import KgError

DEFAULT_TIMEOUT = 30.0
"""Seconds a query may run (``kg serve --timeout``, ``kg query --timeout``)."""

Answer = tuple[str, bytes | str]
"""What a worker sends back: ``("ok", body)``, or ``("syntax"|"error", message)``."""


class QueryTimeout(KgError):
    """A query ran past its time limit (its worker was ended)."""


class QueryWorkers:
    """Worker processes that answer queries on ``store`` within ``timeout`` seconds.

    ``answer(store, request)`` runs in a worker and returns the bytes to send
    back (it must be a module-level function); ``request`` is anything
    picklable. ``workers`` queries run at once; more wait for a free worker,
    within the same time limit. ``close()`` ends the workers.
    """

    def __init__(
        self,
        store: ox.Store,
        answer: Callable[[ox.Store, object], bytes],
        *,
        workers: int = 2,
        timeout: float = DEFAULT_TIMEOUT,
        path: str | Path | None = None,
    ) -> None:
        self.store = store
        self.answer = answer
        self.timeout = timeout
        self.path = None if path is None else str(path)
        self._context = multiprocessing.get_context("fork")
        self._idle: queue.Queue[tuple[multiprocessing.process.BaseProcess, Connection]] = (
            queue.Queue()
        )
        self._all: list[multiprocessing.process.BaseProcess] = []
        self._lock = threading.Lock()
        for _ in range(max(1, workers)):
            self._idle.put(self._spawn())

    def _spawn(self) -> tuple[multiprocessing.process.BaseProcess, Connection]:
        parent, child = self._context.Pipe()
        process = self._context.Process(
            target=_serve, args=(child, self.store if self.path is None else None, self.path,
                                 self.answer),
            daemon=True,
        )  # fmt: skip
        with self._lock:
            process.start()
            self._all.append(process)
        child.close()
        return process, parent

    def run(self, request: object) -> Answer:
        """Return the worker's answer to ``request``; raise :class:`QueryTimeout` past the limit."""
        try:
            process, conn = self._idle.get(timeout=self.timeout)
        except queue.Empty:
            raise QueryTimeout(
                f"every worker stayed busy for {self.timeout:g} s; try again later"
            ) from None
        try:
            conn.send(request)
            if conn.poll(self.timeout):
                result: Answer = conn.recv()
                self._idle.put((process, conn))
                return result
        except (EOFError, OSError, BrokenPipeError):
            pass  # the worker died: replaced below
        process.kill()
        process.join(5)
        conn.close()
        with self._lock:
            if process in self._all:
                self._all.remove(process)
        self._idle.put(self._spawn())
        raise QueryTimeout(
            f"the query ran over its time limit of {self.timeout:g} s and was stopped; "
            "narrow it (LIMIT, more specific patterns) or raise the limit (--timeout)"
        )

    def close(self) -> None:
        """End every worker."""
        with self._lock:
            processes, self._all = self._all, []
        for process in processes:
            process.kill()
        for process in processes:
            process.join(5)


def _serve(
    conn: Connection,
    store: ox.Store | None,
    path: str | None,
    answer: Callable[[ox.Store, object], bytes],
) -> None:
    """A worker's loop: answer requests until the pipe closes."""
    if store is None:
        store = ox.Store.read_only(path)
    while True:
        try:
            request = conn.recv()
        except (EOFError, OSError):
            return
        try:
            result: Answer = ("ok", answer(store, request))
        except SyntaxError as exc:
            result = ("syntax", str(exc))
        except KgError as exc:  # kg's own message, already one line and bounded: kept whole
            result = ("error", str(exc))
        except Exception as exc:  # the engine's message goes back to the client
            result = ("error", " ".join(str(exc).split())[:500])
        try:
            conn.send(result)
        except (EOFError, OSError):
            return
