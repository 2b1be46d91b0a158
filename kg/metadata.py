"""Article metadata read from the text itself: headline, publication date, author.

French news pages pasted as text keep a few conventions that
:func:`article_metadata` reads, without any model:

- **headline**: the first line that looks like one (4 to 25 words, at most
  150 characters, starts with a capital, does not end like a sentence, is
  neither a byline, a date line, a URL nor page chrome such as ``×`` or
  ``EN BREF``), looked for only before the first paragraph of body text;
- **date**: the first full date (day, month, year) in document order on a
  publication stamp (``Publié le : 15 Déc 2024 23:40``, ``Mis en ligne le``),
  a byline (``par Noah Smith 13 décembre 2024``), a short date line, or the
  dateline at the start of the text (``BEIJING, le 1er mai 2025 /CNW/``);
  French and English month names and abbreviations, ``1er``, ISO
  ``2024-12-15`` and ``15/12/2024`` are understood;
- **author**: the first byline, a line made of ``par``/``Par``/``By``/
  ``Auteur :``/``Écrit par`` and a capitalised name, optionally followed by a
  date or a short role (``Par Global Times``, ``By Liang Rui``).

>>> m = article_metadata("Le Guangxi va étendre sa coopération avec l'ASEAN\\n\\n"
...                      "par Noah Smith 13 décembre 2024\\nLe texte commence ici.")
>>> (m.title, m.date, m.author)
("Le Guangxi va étendre sa coopération avec l'ASEAN", '2024-12-13', 'Noah Smith')
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from datetime import date as _date
from typing import Literal

from kg.normalise import chrome_pattern, normalise

AuthorKind = Literal["Person", "Organization"]


@dataclass(frozen=True, slots=True)
class ArticleMetadata:
    """What the text says about itself; every field is ``None`` when not found.

    ``date`` is ISO ``yyyy-mm-dd``; ``author_kind`` guesses whether the author
    is a person or an organisation (``Global Times``, ``AFP``) from the name.
    """

    title: str | None = None
    date: str | None = None
    author: str | None = None
    author_kind: AuthorKind | None = None

    def __bool__(self) -> bool:
        return any((self.title, self.date, self.author))


def _fold(word: str) -> str:
    decomposed = unicodedata.normalize("NFKD", word)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold().rstrip(".")


_MONTHS: dict[str, int] = {}
for _number, _names in enumerate(
    (
        "janvier janv jan january",
        "fevrier fevr fev feb february",
        "mars mar march",
        "avril avr apr april",
        "mai may",
        "juin jun june",
        "juillet juil jul july",
        "aout aug august",
        "septembre sept sep september",
        "octobre oct october",
        "novembre nov november",
        "decembre dec december",
    ),
    start=1,
):
    for _name in _names.split():
        _MONTHS[_name] = _number

_MONTH = r"(?P<month>[A-Za-zÀ-ÿ]{3,10}\.?)"
_DAY = r"(?P<day>\d{1,2})(?:er|re|st|nd|rd|th)?"
_YEAR = r"(?P<year>(?:19|20)\d{2})"
_DATE_PATTERNS = (
    re.compile(rf"\b{_DAY}\s+{_MONTH}\s+{_YEAR}\b", re.IGNORECASE),  # 13 décembre 2024
    re.compile(rf"\b{_MONTH}\s+{_DAY},?\s+{_YEAR}\b", re.IGNORECASE),  # December 13, 2024
    re.compile(r"\b(?P<year>(?:19|20)\d{2})-(?P<month>\d{2})-(?P<day>\d{2})\b"),  # ISO
    re.compile(r"\b(?P<day>\d{1,2})[/.](?P<month>\d{1,2})[/.](?P<year>(?:19|20)\d{2})\b"),
)


def find_date(text: str) -> tuple[int, str] | None:
    """Return ``(offset, iso)`` of the first full, valid date in ``text``, or ``None``.

    >>> find_date("Publié le : 15 Déc 2024 23:40")
    (12, '2024-12-15')
    >>> find_date("BEIJING, le 1er mai 2025 /CNW/")[1]
    '2025-05-01'
    >>> find_date("en 2024, 30 février 2024") is None
    True
    """
    best: tuple[int, str] | None = None
    for pattern in _DATE_PATTERNS:
        for match in pattern.finditer(text):
            raw_month = match["month"]
            month = int(raw_month) if raw_month.isdigit() else _MONTHS.get(_fold(raw_month))
            if month is None:
                continue
            try:
                iso = _date(int(match["year"]), month, int(match["day"])).isoformat()
            except ValueError:
                continue
            if best is None or match.start() < best[0]:
                best = (match.start(), iso)
            break
    return best


_NAME_WORD = r"(?:[A-ZÀ-ÖØ-Þ][\w'’.-]*|[A-ZÀ-ÖØ-Þ]\.)"
_PARTICLE = r"(?:de|du|des|da|di|van|von|der|le|la|bin|al|el|ibn)"
_NAME = rf"{_NAME_WORD}(?:\s+(?:{_PARTICLE}\s+)?{_NAME_WORD}){{0,4}}"
_BYLINE = re.compile(
    r"^\s*(?i:par|by|écrit par|rédigé par|auteur\s*:|author\s*:|texte\s*:)"
    rf"\s+(?P<name>{_NAME})(?P<rest>(?:\s*[,|/–—-]\s*|\s+)(?P<tail>.{{0,60}}))?\s*$"
)
_STAMP = re.compile(
    r"^\s*(?:publié|mis en ligne|date de publication|published|posted|date)\b", re.IGNORECASE
)
_NOT_NAMES = frozenset(
    {"ailleurs", "exemple", "contre", "conséquent", "consequent", "ici", "là", "la", "le", "les"}
)
_ORG_WORDS = frozenset(
    {
        "afp", "agence", "agency", "ap", "bbc", "cctv", "cgtn", "cnn", "daily", "dpa", "france",
        "gazette", "herald", "journal", "le monde", "magazine", "media", "medias", "monde",
        "news", "observer", "post", "presse", "press", "radio", "redaction", "reuters",
        "staff", "times", "tribune", "tv", "xinhua", "rédaction", "médias", "quotidien",
        "service", "bureau", "desk",
    }
)  # fmt: skip


def author_kind(name: str) -> AuthorKind:
    """Guess whether a byline names a person or an organisation (a newspaper, an agency).

    >>> author_kind("Global Times"), author_kind("AFP"), author_kind("Liang Rui")
    ('Organization', 'Organization', 'Person')
    """
    words = [_fold(w) for w in re.findall(r"[\w'’]+", name)]
    if any(w in _ORG_WORDS for w in words):
        return "Organization"
    letters = re.sub(r"\W", "", name)
    if len(letters) >= 2 and letters.isupper():  # AFP, CGTN: acronyms are not people
        return "Organization"
    return "Person"


def parse_byline(line: str) -> tuple[str, str | None] | None:
    """Return ``(author, iso date or None)`` if ``line`` is a byline, else ``None``.

    >>> parse_byline("par Noah Smith 13 décembre 2024")
    ('Noah Smith', '2024-12-13')
    >>> parse_byline("Par Global Times")
    ('Global Times', None)
    >>> parse_byline("Par ailleurs, le Guangxi a accueilli 21 fois l'Exposition") is None
    True
    """
    if len(line.strip()) > 100:
        return None
    match = _BYLINE.match(line)
    if not match:
        return None
    words = match["name"].split()
    # a date or a role may follow the name without punctuation: cut the name there
    for i, word in enumerate(words):
        if word[:1].isdigit() or (_fold(word) in _MONTHS and i > 0):
            words = words[:i]
            break
    if not words or _fold(words[0]) in _NOT_NAMES:
        return None
    name = " ".join(words)
    found = find_date(line[match.start("name") :])
    return name, found[1] if found else None


def find_bylines(text: str) -> list[tuple[str, str | None]]:
    """Return every byline of ``text`` as ``(author, iso date or None)``, in order.

    A page may hold several articles (a digest); :func:`article_metadata`
    keeps the first byline as the author.

    >>> find_bylines("Par Global Times\\nPublié le : 15 Déc 2024\\nTexte.\\nBy Liang Rui")
    [('Global Times', None), ('Liang Rui', None)]
    """
    found = (parse_byline(line) for line in normalise(text, drop_chrome=False).splitlines())
    return [b for b in found if b is not None]


def _looks_like_headline(line: str) -> bool:
    words = line.split()
    return (
        4 <= len(words) <= 25
        and len(line) <= 150
        and line[:1].isupper()
        and not line.isupper()
        and not line.rstrip().endswith((".", ":", ";", ","))
        and "http" not in line
        and find_date(line) is None
    )


def article_metadata(text: str) -> ArticleMetadata:
    """Return the headline, publication date and author that ``text`` states.

    See the module docstring for the conventions read; a field is ``None``
    when the text does not give it.
    """
    clean = normalise(text, drop_chrome=False)  # same length: offsets agree with ``text``
    chrome = chrome_pattern()
    title: str | None = None
    date: tuple[int, str] | None = None
    author: str | None = None
    in_head = True  # before the first paragraph of body text
    offset = 0
    for raw in clean.splitlines(keepends=True):
        line = raw.strip()
        here, offset = offset, offset + len(raw)
        if not line:
            continue
        byline = parse_byline(line)
        if byline is not None:
            if author is None:
                author = byline[0]
            if byline[1] and date is None:
                date = (here, byline[1])
            continue
        if date is None and (_STAMP.match(line) or len(line) <= 60):
            found = find_date(line)
            if found and (_STAMP.match(line) or found[0] <= 15):
                date = (here, found[1])
                continue
        if chrome.fullmatch(line) or len(line) <= 2:
            continue
        if in_head:
            if date is None and here < 400:  # the dateline: "BEIJING, le 1er mai 2025 /CNW/"
                found = find_date(line[:200])
                if found:
                    date = (here + found[0], found[1])
            if title is None and _looks_like_headline(line):
                title = text[here : here + len(raw)].strip()  # the original typography
            elif len(line) > 200:
                in_head = False
        if author and date and not in_head:
            break
    return ArticleMetadata(
        title=title,
        date=date[1] if date else None,
        author=author,
        author_kind=author_kind(author) if author else None,
    )
