"""The Dask engine: annotate and extract partitions of documents on a Dask cluster.

The client ships the :class:`~kg.engines.BuildConfig` (model name,
patterns, aliases, relation rules), never a loaded model: each worker
process loads the pipeline once, on its first partition, and keeps it for
every later one (a per-process cache keyed by the configuration digest).
Workers return per-document records; the client merges them in document
order (:func:`kg.pipeline.merge`), so the graph is the same as a
single-process build.

Without a scheduler address a :class:`distributed.LocalCluster` is started
on this machine; with ``tcp://HOST:PORT`` the build runs on an existing
cluster whose workers have kg and the same spaCy model installed.
"""

from __future__ import annotations

import threading
from collections.abc import Iterable, Iterator
from itertools import islice

from kg.engines import BuildConfig, long_lived
from kg.entities import CommonWords
from kg.errors import KgError
from kg.records import DocumentRecord, Extractor, records
from kg.types import Document

PARTITION_SIZE = 64
"""Documents per Dask task: large enough to amortise scheduling, small enough to stream."""

_LOADED: dict[str, tuple[object, Extractor]] = {}
_LOCK = threading.Lock()


def worker_pipeline(config: BuildConfig) -> tuple[object, Extractor]:
    """Return the pipeline and extractor of ``config`` in this process, loading them once.

    Threads of one worker share them (the first one loads, the others wait).
    """
    key = f"{config.model}:{config.digest()}"
    with _LOCK:
        if key not in _LOADED:
            with long_lived():
                nlp = config.load()
                extractor = Extractor(
                    nlp,
                    aliases=config.aliases,
                    relation_rules=config.relation_rules,
                    verbs=config.lexicon(),
                )
            _LOADED[key] = (nlp, extractor)
        return _LOADED[key]


def process_partition(
    config: BuildConfig, items: list[tuple[int, Document]]
) -> list[tuple[int, DocumentRecord]]:
    """Return ``(position, record)`` for a partition of documents (runs on a worker)."""
    nlp, extractor = worker_pipeline(config)
    with _LOCK:  # a spaCy pipeline is not thread-safe: one partition at a time per process
        return list(records(items, nlp, extractor, batch_size=config.batch_size))  # type: ignore[arg-type]


def worker_common_words(config: BuildConfig) -> CommonWords:
    """Return the common words of ``config``'s pipeline (runs on a worker)."""
    return worker_pipeline(config)[1].common


class DaskEngine:
    """Annotate on a Dask cluster: ``scheduler`` (``tcp://HOST:PORT``) or a local cluster.

    The local cluster has ``workers`` single-threaded worker processes.
    At most two partitions per worker are in flight, so documents are read
    as the cluster consumes them.
    """

    def __init__(
        self,
        config: BuildConfig,
        *,
        scheduler: str | None = None,
        workers: int = 1,
        partition_size: int = PARTITION_SIZE,
        processes: bool = True,
    ) -> None:
        try:
            from distributed import Client, LocalCluster
        except ImportError as exc:  # pragma: no cover - dask is a dependency
            raise KgError(
                "--engine dask: the dask and distributed packages are not installed; "
                "pip install 'dask[distributed]'"
            ) from exc
        self.config = config
        self.partition_size = partition_size
        self.load_seconds = 0.0  # the workers load the model, in parallel with annotation
        self._cluster = None
        try:
            if scheduler:
                self.client = Client(scheduler, timeout="20s")
            else:
                self._cluster = LocalCluster(
                    n_workers=max(1, workers),
                    threads_per_worker=1,
                    processes=processes,
                    dashboard_address=None,
                    silence_logs=50,
                )
                self.client = Client(self._cluster)
        except (OSError, TimeoutError) as exc:
            self.close()
            raise KgError(
                f"--scheduler {scheduler!r}: cannot reach the Dask scheduler ({exc}); "
                "give tcp://HOST:PORT of a running dask scheduler"
            ) from None

    def _slots(self) -> int:
        return max(1, 2 * len(self.client.scheduler_info().get("workers", {})))

    def records(self, items: Iterable[tuple[int, Document]]) -> Iterator[tuple[int, object]]:
        """Yield ``(position, record)`` for every item as partitions finish (any order)."""
        from distributed import as_completed

        iterator = iter(items)

        def partitions() -> Iterator[list[tuple[int, Document]]]:
            while chunk := list(islice(iterator, self.partition_size)):
                yield chunk

        chunks = partitions()
        running = as_completed()
        for chunk in islice(chunks, self._slots()):
            running.add(self.client.submit(process_partition, self.config, chunk, pure=False))
        for future in running:
            result = future.result()
            future.release()
            nxt = next(chunks, None)
            if nxt is not None:
                running.add(self.client.submit(process_partition, self.config, nxt, pure=False))
            yield from result

    def common_words(self) -> CommonWords:
        """Return the common words of the pipeline, computed on a worker."""
        return self.client.submit(worker_common_words, self.config, pure=False).result()

    def close(self) -> None:
        """Close the client and, if this engine started one, the local cluster."""
        client = getattr(self, "client", None)
        if client is not None:
            client.close()
        if self._cluster is not None:
            self._cluster.close()
