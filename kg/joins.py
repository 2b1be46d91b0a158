"""Names the model cut in two: ``Zeid Ra'ad`` + ``Zeid Al-Hussein``, ``CNDD`` + ``FDD``.

The model sometimes tags one long name as two names side by side: a person's
name of four words (``Zeid Ra'ad Zeid Al-Hussein``), or an acronym joined by a
hyphen (``(CNDD-FDD)``, which the tokenizer splits at the hyphen). Two full
person names (two words or more each) with one space between them are one
name (a list puts a comma or ``et`` there; a headline's ``Trump Clinton`` has
one word each), and two organisation names joined by a hyphen are one
acronym when the article gives it in parentheses (``… (CNDD-FDD)``; the
same words elsewhere in it too). Otherwise a hyphen joins two names
(``Trump-Clinton``, ``Toulouse-Lyon``): those stay apart.
"""

from __future__ import annotations

from collections.abc import Sequence

from kg.types import Mention


def join_adjacent(mentions: Sequence[Mention], text: str) -> list[Mention]:
    """Return ``mentions`` (of one document, in text order; ``text`` is its text) with each
    pair of halves of one name joined into one mention.

    >>> text = "Zeid Ra'ad Zeid Al-Hussein a parlé, selon le parti (CNDD-FDD)."
    >>> ms = [Mention("d", 0, 10, "Zeid Ra'ad", "PER", "Zeid Ra'ad", 0),
    ...       Mention("d", 11, 26, "Zeid Al-Hussein", "PER", "Zeid Al-Hussein", 0),
    ...       Mention("d", 52, 56, "CNDD", "ORG", "CNDD-", 0),
    ...       Mention("d", 57, 60, "FDD", "ORG", "FDD", 0)]
    >>> [m.text for m in join_adjacent(ms, text)]
    ["Zeid Ra'ad Zeid Al-Hussein", 'CNDD-FDD']
    """
    out: list[Mention] = []
    for m in mentions:
        prev = out[-1] if out else None
        if prev is not None and _halves(prev, m, text):  # a sentence break may fall between
            name = text[prev.start : m.end]
            out[-1] = Mention(
                m.doc_id, prev.start, m.end, name, prev.label, name, prev.sentence,
                prev.title, prev.cue or m.cue,
            )  # fmt: skip
            continue
        out.append(m)
    return out


def _halves(a: Mention, b: Mention, text: str) -> bool:
    """Whether mentions ``a`` and ``b`` (``a`` first) are two halves of one name."""
    if a.label != b.label or b.start <= a.end:
        return False
    between = text[a.end : b.start]
    if between == " ":
        return (
            a.label == "PER" and b.title is None and min(len(a.text.split()), len(b.text.split())) >= 2
        )
    return (
        a.label == "ORG" and between == "-" and f"({text[a.start : b.end]})" in text
    )  # the acronym in parentheses here or elsewhere in the article
