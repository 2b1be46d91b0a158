"""The named body an unnamed spokesperson speaks for: ``un porte-parole de MSF`` is MSF.

The nouns whose holder (or text) speaks for a body are data
(``kg/data/spokesperson_nouns.txt``); :func:`body_of` follows a noun's ``de``
complements to the person or organisation mention they name. Used by
coreference (descriptions) and by reported speech (speakers).
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import lru_cache
from importlib import resources

from spacy.tokens import Token

from kg.types import Mention

NAME_CHILD_DEPS = frozenset({"appos", "flat:name", "flat", "nmod", "dep"})
"""Dependencies that attach a name to the noun it names (``le collectif Indecline``)."""


@lru_cache(maxsize=1)
def body_nouns() -> frozenset[str]:
    """Return the nouns whose holder speaks for a named body (``le porte-parole de MSF``).

    Read from ``kg/data/spokesperson_nouns.txt`` (one lemma per line).
    """
    text = resources.files("kg").joinpath("data/spokesperson_nouns.txt").read_text("utf-8")
    return frozenset(
        line.strip().lower() for line in text.splitlines() if line.strip() and line[0] != "#"
    )


def body_of(noun: Token, marks: Sequence[int], mentions: Sequence[Mention]) -> int:
    """Return the named body a spokesperson noun belongs to (``porte-parole de MSF``), or -1.

    Follows ``de`` complements (``nmod``) down two levels (``le directeur de
    cabinet du président du Syctom``); the body is a person or organisation
    mention (a lawyer speaks for a person).
    """
    frontier = [noun]
    for _depth in range(3):
        nxt = []
        for word in frontier:
            for child in word.children:
                if child.dep_ != "nmod" or child.i < word.i:
                    continue
                m = marks[child.i]
                if m >= 0 and mentions[m].label != "MISC":
                    return m  # its type is checked once entities are resolved
                if m < 0 and child.pos_ == "NOUN":
                    nxt.append(child)
                    for name in child.children:  # "du collectif Indecline"
                        n = marks[name.i]
                        if (
                            (name.dep_ in NAME_CHILD_DEPS or name.i == child.i + 1)
                            and n >= 0
                            and name.i > child.i
                            and mentions[n].label != "MISC"
                        ):
                            return n
        frontier = nxt
    return -1
