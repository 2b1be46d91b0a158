"""Guillemet blocks of a text: where quoted words begin and end, over sentences and paragraphs.

French news quotes with « … » (and “ … ”); a quotation running over several
paragraphs reopens each of them with «. :func:`guillemet_blocks` finds the
top-level blocks, :func:`quoted_tokens` marks the tokens inside them. Used by
coreference (pronouns inside a quotation are the quoted speaker's) and by
reported speech (a block is one quotation).
"""

from __future__ import annotations

from collections.abc import Sequence

from spacy.tokens import Doc


def guillemet_blocks(text: str) -> list[tuple[int, int]]:
    """Return the ``(start, end)`` offsets of top-level guillemet blocks, marks included.

    A block left open at the end of a paragraph goes on when the next
    paragraph opens with ``«`` (the French convention for quotes over
    several paragraphs); nested ``« »`` stay inside their block.

    >>> guillemet_blocks("Il a dit « oui » puis « non ».")
    [(9, 16), (22, 29)]
    >>> guillemet_blocks("« Un.\\n\\n« Deux. » fin")
    [(0, 16)]
    """
    out = []
    depth, start = 0, -1
    i, n = 0, len(text)
    while i < n:
        c = text[i]
        if c in "«“":
            if depth == 0:
                start = i
            depth += 1
        elif c in "»”" and depth > 0:
            depth -= 1
            if depth == 0:
                out.append((start, i + 1))
        elif c == "\n" and depth > 0 and text.startswith("\n", i + 1):
            # paragraph end inside a block: it goes on only if the next paragraph reopens
            j = i
            while j < n and text[j].isspace():
                j += 1
            if j < n and text[j] in "«“":
                depth = 1  # the reopening mark does not nest
                i = j + 1
                continue
            depth = 0
        i += 1
    return out


def quoted_tokens(sdoc: Doc, blocks: Sequence[tuple[int, int]]) -> list[bool]:
    """Return for each token whether it lies inside one of ``blocks``."""
    out = [False] * len(sdoc)
    for start, end in blocks:
        span = sdoc.char_span(start, end, alignment_mode="expand")
        if span is not None:
            for t in range(span.start, span.end):
                out[t] = True
    return out
