"""Normalise article text without moving any character.

``normalise(text)`` returns a string of exactly the same length as ``text``,
so an offset into one is an offset into the other: typographic apostrophes
become ``'``, exotic spaces become ``' '``, and lines of page chrome (a lone
``×``, ``Vues : 167``, bare URLs...) are blanked with spaces.

>>> normalise("l’Asie\u00a0:")
"l'Asie :"
"""

from __future__ import annotations

import re
from functools import lru_cache
from importlib import resources
from pathlib import Path

_CHAR_MAP = str.maketrans(
    {
        "\u2019": "'",  # right single quotation mark, the French typographic apostrophe
        "\u2018": "'",
        "\u02bc": "'",  # modifier letter apostrophe
        "\u2032": "'",  # prime
        "\u00b4": "'",  # acute accent used as apostrophe
        "\u0060": "'",  # grave accent used as apostrophe
        "\u00a0": " ",  # no-break space
        "\u202f": " ",  # narrow no-break space (before ; : ! ? in French)
        "\u2007": " ",
        "\u2009": " ",
        "\u200a": " ",
        "\u2002": " ",
        "\u2003": " ",
        "\u200b": " ",  # zero-width space
        "\u2060": " ",
        "\ufeff": " ",  # byte order mark
        "\t": " ",
        "\r": " ",
        "\u00ad": "-",  # soft hyphen
        "\u2010": "-",
        "\u2011": "-",  # non-breaking hyphen
    }
)


def _load_patterns(text: str) -> re.Pattern[str]:
    rules = [
        line.strip()
        for line in text.splitlines()
        if line.strip() and not line.lstrip().startswith("#")
    ]
    return re.compile("|".join(f"(?:{r})" for r in rules), re.IGNORECASE)


@lru_cache(maxsize=8)
def chrome_pattern(path: str | None = None) -> re.Pattern[str]:
    """Return the compiled chrome-line pattern (the packaged list, or the file at ``path``)."""
    if path is None:
        text = resources.files("kg").joinpath("data/chrome_lines.txt").read_text("utf-8")
    else:
        text = Path(path).read_text("utf-8")
    return _load_patterns(text)


def chrome_lines(text: str, *, pattern: re.Pattern[str] | None = None) -> list[tuple[int, int]]:
    """Return ``(start, end)`` offsets of the lines of ``text`` that are page chrome."""
    pattern = pattern or chrome_pattern()
    spans = []
    pos = 0
    for line in text.splitlines(keepends=True):
        body = line.rstrip("\r\n")
        stripped = body.strip()
        if stripped and pattern.fullmatch(stripped):
            spans.append((pos, pos + len(body)))
        pos += len(line)
    return spans


def normalise(
    text: str, *, drop_chrome: bool = True, pattern: re.Pattern[str] | None = None
) -> str:
    """Return ``text`` with apostrophes and spaces normalised and chrome lines blanked.

    The result always has the same length as ``text``.
    """
    out = text.translate(_CHAR_MAP)
    if drop_chrome:
        chars = list(out)
        for start, end in chrome_lines(out, pattern=pattern):
            chars[start:end] = " " * (end - start)
        out = "".join(chars)
    assert len(out) == len(text)
    return out
