"""Dependency matching restricted to the parse trees that can hold a match.

spaCy's ``DependencyMatcher`` first runs a token matcher over the whole
document for every node of its patterns, then groups the tokens it found by
parse tree. A match lies in one tree, and a node that asks for given words
(``LOWER`` in a list, a ``LEMMA``) can only match where they occur: the trees
that hold a word of every such node are the only ones worth looking at.
:class:`Trees` finds them from a per-document index of words;
:class:`TreeMatcher` runs the token matcher over their extent only. Matches are
the same as spaCy's, in the same order (:mod:`kg.patterns` checks it against
the full matcher in its tests).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence

import numpy
from spacy.attrs import HEAD
from spacy.matcher import DependencyMatcher
from spacy.tokens import Doc, Span


class TreeMatcher(DependencyMatcher):
    """A ``DependencyMatcher`` that looks for its nodes' tokens only in the given parse
    trees (``spans``: ``(span, roots)`` with ``roots`` the tree root of each token of the
    document), not in the whole document; None: everywhere, as spaCy's does. A match is
    one tree, so a tree without a word every node asks for cannot hold one."""

    spans: Sequence[tuple[Span, Sequence[int]]] | None = None

    def _get_keys_to_position_maps(self, doc):
        if self.spans is None:
            return super()._get_keys_to_position_maps(doc)
        found: defaultdict[int, defaultdict[int, list[int]]] = defaultdict(
            lambda: defaultdict(list)
        )
        for span, roots in self.spans:
            for match_id, start, _end in self._matcher(span):
                position = span.start + start
                found[roots[position]][match_id].append(position)
        return found


class Trees:
    """The parse trees of a document: each token's root and each tree's extent."""

    def __init__(self, doc: Doc) -> None:
        self.doc = doc
        n = len(doc)
        roots = doc.to_array(HEAD).astype("int64") + numpy.arange(n)  # absolute heads
        while n:
            nxt = roots[roots]
            if numpy.array_equal(nxt, roots):
                break
            roots = nxt
        self.roots = roots.tolist()
        self._where: dict[int, dict[int, list[int]]] = {}
        self._bounds: dict[int, tuple[int, int]] = {}
        for i, r in enumerate(self.roots):
            lo, hi = self._bounds.get(r, (i, i))
            self._bounds[r] = (min(lo, i), max(hi, i))

    def spans_with(
        self, needs: Sequence[tuple[int, frozenset[int]]]
    ) -> list[tuple[Span, list[int]]]:
        """Return the extents of the trees that hold a word of every ``(attr, values)``."""
        keep: set[int] | None = None
        for attr, values in needs:
            where = self._where.get(attr)
            if where is None:
                where = self._where[attr] = {}
                for i, value in enumerate(self.doc.to_array(attr).tolist()):
                    where.setdefault(value, []).append(i)
            roots = self.roots
            here = {roots[i] for v in values.intersection(where) for i in where[v]}
            keep = here if keep is None else keep & here
            if not keep:
                return []
        spans = []
        for lo, hi in sorted(self._bounds[r] for r in keep or ()):
            if spans and lo <= spans[-1][1]:
                spans[-1] = (spans[-1][0], max(hi, spans[-1][1]))  # trees that interleave
            else:
                spans.append((lo, hi))
        return [(self.doc[lo : hi + 1], self.roots) for lo, hi in spans]
