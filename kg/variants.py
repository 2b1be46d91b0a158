"""Two spellings of one person in one article: ``Jodie Simpson`` and ``Jodie Stimpson``.

News copy misspells names and shortens first names: one article writes
``Sebastian Kienle`` and then ``Sebastien Kienle``, ``Timothy Reed`` and then
``Tim Reed``. Two person names of the same document are linked
(:class:`~kg.types.AliasLink` of kind ``"variant"``, merged by
:func:`kg.resolve.resolve`) when they have the same number of words and all
words but one are the same, that one being

- a one-letter typo (one letter added, dropped or changed) in a word of at least
  five letters (``Sebastian``/``Sebastien``), but never a gendered pair
  (``Louis``/``Louise``, ``Pascal``/``Pascale``);
- a three-letter first name starting the other one (``Tim``/``Timothy``);
- the last part of a double surname, with or without a typo
  (``Godard-Monmarteau``/``Montmarteau``).

One-word names are never linked: ``Martin`` and ``Marti`` may be two people.

An organisation is also written in several forms in one article
(:func:`organisation_links`): with and without a company suffix (``Niantic
Labs``/``Niantic``), as a group named by its brand (``Groupe Canal+``/``Canal+``)
and as an acronym before the same complement (``SDJ d'I-Télé``/``Société des
journalistes de I-Télé``). Short forms that could name another body are not
linked here: ``Renault`` beside ``Renault Trucks``, and ``la Société des
journalistes`` alone, which other articles use for other newsrooms'
societies (a link joins the names across the corpus); :mod:`kg.resolve`
points such a mention to the full name of its own article only.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence

from kg.entities import initials, is_acronym
from kg.ids import fold
from kg.types import AliasLink, Mention

_NOT_NAME = re.compile(r"[^\w\s-]+")


def _words(name: str) -> list[str]:
    """Return the words of ``name`` lowercased, without accents, hyphens kept."""
    decomposed = unicodedata.normalize("NFKD", name)
    plain = "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()
    return _NOT_NAME.sub(" ", plain).split()


def one_edit(a: str, b: str) -> bool:
    """Return whether ``a`` and ``b`` differ by exactly one letter added, dropped or changed.

    >>> one_edit("simpson", "stimpson"), one_edit("kienle", "kienle"), one_edit("abc", "xyz")
    (True, False, False)
    """
    if a == b or abs(len(a) - len(b)) > 1:
        return False
    if len(a) > len(b):
        a, b = b, a
    i = 0
    while i < len(a) and a[i] == b[i]:
        i += 1
    if len(a) == len(b):
        return a[i + 1 :] == b[i + 1 :]
    return a[i:] == b[i + 1 :]


def _gendered(a: str, b: str) -> bool:
    """``Louis``/``Louise``, ``Michel``/``Michele``: one is the other plus a final ``e``."""
    short, long = sorted((a, b), key=len)
    return long == short + "e" or long == short + "es"


def _same_word(a: str, b: str, *, first: bool) -> bool:
    """Return whether the folded words ``a`` and ``b`` may spell one word of one name."""
    if a == b:
        return True
    if first and min(len(a), len(b)) == 3 and (a.startswith(b) or b.startswith(a)):
        return True  # Tim / Timothy
    if _gendered(a, b):
        return False
    if min(len(a), len(b)) >= 5 and one_edit(a, b):
        return True
    if not first and ("-" in a) != ("-" in b):  # Godard-Monmarteau / Montmarteau
        whole, part = (a, b) if "-" in a else (b, a)
        last = whole.rsplit("-", 1)[1]
        return last == part or (min(len(last), len(part)) >= 5 and one_edit(last, part))
    return False


def same_person(a: str, b: str) -> bool:
    """Return whether the person names ``a`` and ``b`` may be two spellings of one name.

    >>> same_person("Jodie Stimpson", "Jodie Simpson"), same_person("Tim Reed", "Timothy Reed")
    (True, True)
    >>> same_person("Louis Martin", "Louise Martin"), same_person("Jean Dupont", "Jean Durand")
    (False, False)
    """
    wa, wb = _words(a), _words(b)
    if len(wa) != len(wb) or len(wa) < 2 or wa == wb:
        return False
    differ = [i for i, (x, y) in enumerate(zip(wa, wb, strict=True)) if x != y]
    if len(differ) != 1:
        return False
    i = differ[0]
    return _same_word(wa[i], wb[i], first=i == 0)


def variant_links(mentions: Sequence[Mention]) -> list[AliasLink]:
    """Return the links between the person names of one document's ``mentions`` that
    :func:`same_person` calls two spellings of one name (the more frequent name first)."""
    counts: dict[str, int] = {}
    for m in mentions:
        if m.label == "PER":
            counts[m.text] = counts.get(m.text, 0) + 1
    names = sorted(counts, key=lambda n: (-counts[n], n))
    links: list[AliasLink] = []
    for k, a in enumerate(names):
        for b in names[k + 1 :]:
            if same_person(a, b):
                links.append(AliasLink(mentions[0].doc_id, a, b, "variant"))
    return links


_SUFFIXES = frozenset(
    {"labs", "lab", "inc", "inc.", "corp", "corp.", "corporation", "group", "groupe", "sa",
     "s.a.", "ag", "gmbh", "ltd", "ltd.", "limited", "holding", "holdings", "plc", "llc", "nv",
     "se", "sas"}
)  # fmt: skip
"""Company suffixes: ``Niantic Labs`` is ``Niantic``, ``Alibaba Group`` is ``Alibaba``."""

_GROUP_HEADS = frozenset({"groupe", "group"})
"""A group named by its brand: ``Groupe Canal+`` is ``Canal+``, ``Groupe PSA`` is ``PSA``."""



def name_complement(name: str) -> tuple[str, str] | None:
    """Split ``Société des journalistes d'I-Télé`` into its head and last capitalised
    complement (None when it has none).

    >>> name_complement("Cour d'appel de Reims"), name_complement("Cour d'appel")
    (("Cour d'appel", 'Reims'), None)
    """
    best = None
    for m in re.finditer(r"\s(?:de la |de l'|de |d'|du |des )", name):
        best = m
    if best is None or best.start() == 0:
        return None
    of = name[best.end() :].strip()
    return (name[: best.start()].strip(), of) if of[:1].isupper() else None


def organisation_links(mentions: Sequence[Mention]) -> list[AliasLink]:
    """Return the links between forms of one organisation's name in one document's
    ``mentions`` (see the module docstring).

    >>> ms = [Mention("d", 0, 1, t, "ORG", t, 0) for t in (
    ...     "Niantic Labs", "Niantic", "SDJ d'I-Télé", "Société des journalistes de I-Télé",
    ...     "Société des journalistes", "Renault Trucks", "Renault")]
    >>> [(k.name, k.alias) for k in organisation_links(ms)]
    [('Niantic Labs', 'Niantic'), ('Société des journalistes de I-Télé', "SDJ d'I-Télé")]
    """
    names = list(dict.fromkeys(m.text for m in mentions if m.label == "ORG"))
    if len(names) < 2:
        return []
    doc_id = mentions[0].doc_id
    folded = {fold(n): n for n in names}
    links: list[AliasLink] = []
    parts = {n: name_complement(n) for n in names}
    for n in names:
        words = n.split()
        k = len(words)
        while k > 1 and words[k - 1].casefold() in _SUFFIXES:
            k -= 1
        short = folded.get(fold(" ".join(words[:k]))) if k < len(words) else None
        if short is not None and short != n:
            links.append(AliasLink(doc_id, n, short, "variant"))
        # "Groupe Canal+" is the group named by its brand, "Canal+"
        if len(words) > 1 and words[0].casefold() in _GROUP_HEADS:
            brand = folded.get(fold(" ".join(words[1:])))
            if brand is not None and brand != n:
                links.append(AliasLink(doc_id, n, brand, "variant"))
        split = parts[n]
        if split is None:
            continue
        head, of = split
        # the same complement after the acronym of the head
        for other in names:
            o = parts[other]
            if other == n or o is None or fold(o[1]) != fold(of):
                continue
            if is_acronym(o[0]) and o[0].upper() in initials(head) and len(head.split()) > 1:
                links.append(AliasLink(doc_id, n, other, "variant"))
    return links

