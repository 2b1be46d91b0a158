"""Organisation names written in lower case, given with their acronym.

French news often spells out a body in lower case once, its acronym in
brackets after it: ``l'union burundaise des journalistes (UBJ)``, ``la
confédération générale du travail (CGT)``. The model tags neither. When the
words right before a bracketed acronym start with an organisation's head noun
(``union``, ``association``, ``syndicat``: the ORG heads of
``kg/data/name_heads.tsv``) and their initials, link words left out, spell the
acronym, the words become an organisation mention and the acronym another,
linked as one entity. Concepts abbreviated the same way (``le produit
intérieur brut (PIB)``, ``la taxe sur la valeur ajoutée (TVA)``) start with no
such head and give nothing.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterable, Sequence
from functools import lru_cache

from kg.cues import default_name_heads
from kg.types import AliasLink, Document, Mention, Sentence

_ACRONYM = re.compile(r"\(\s*([A-ZÀ-Þ][A-ZÀ-Þ0-9]{1,7})\s*\)")
_WORD = re.compile(r"[^\W\d_]+(?:-[^\W\d_]+)*")
_LINKS = frozenset(
    {"de", "des", "du", "d", "la", "le", "l", "les", "et", "pour", "en", "aux", "au", "à", "sur"}
)
_MAX_WORDS = 12


@lru_cache(maxsize=1)
def _organisation_heads() -> frozenset[str]:
    """Return the head nouns of organisation names (``kg/data/name_heads.tsv``, ORG)."""
    return frozenset(w for w, t in default_name_heads().items() if t == "ORG")


def spelled_out(
    document: Document,
    mentions: Sequence[Mention],
    text: str,
    sents: Sequence[Sentence],
    *,
    heads: Iterable[str] | None = None,
) -> tuple[list[Mention], list[AliasLink]]:
    """Return ``mentions`` with lower-case organisation names before a bracketed acronym
    added, and the name/acronym links (``text`` is the document's normalised text).

    >>> text = "Cinq ONG, dont l'union burundaise des journalistes (UBJ), sont suspendues."
    >>> sents = [Sentence("d", 0, 0, len(text))]
    >>> ms, links = spelled_out(Document("d", text), [], text, sents)
    >>> [(m.text, m.label) for m in ms], [(k.name, k.alias) for k in links]
    ([('union burundaise des journalistes', 'ORG'), ('UBJ', 'ORG')], [('union burundaise des journalistes', 'UBJ')])
    >>> spelled_out(Document("d", "le produit intérieur brut (PIB)"), [], "le produit intérieur brut (PIB)", sents)[0]
    []
    """
    org_heads = frozenset(heads) if heads is not None else _organisation_heads()
    starts = [s.start for s in sents]
    taken = [(m.start, m.end) for m in mentions]
    out = list(mentions)
    links: list[AliasLink] = []
    for match in _ACRONYM.finditer(text):
        acronym = match[1]
        acr_start, acr_end = match.span(1)
        found = _name_before(text, match.start(), acronym, org_heads)
        if found is None:
            continue
        start, end = found
        if any(s < end and start < e for s, e in taken):
            continue  # the model found a name there: kg.entities.acronym_links links it
        sentence = max(0, bisect.bisect_right(starts, start) - 1)
        name = text[start:end]
        out.append(Mention(document.id, start, end, name, "ORG", name, sentence))
        if not any(s <= acr_start and acr_end <= e for s, e in taken):
            out.append(Mention(document.id, acr_start, acr_end, acronym, "ORG", acronym, sentence))
        links.append(AliasLink(document.id, name, acronym))
        taken.append((start, acr_end))
    out.sort(key=lambda m: (m.start, m.end))
    return out, links


def _name_before(
    text: str, paren: int, acronym: str, heads: frozenset[str]
) -> tuple[int, int] | None:
    """Return the span of the words before ``paren`` that ``acronym`` abbreviates, or None."""
    letters = acronym.casefold()
    window_start = max(0, paren - 200)
    window = text[window_start:paren]
    cut = max(window.rfind(c) for c in ",;:.()«»\n")
    words = list(_WORD.finditer(window, cut + 1))[-_MAX_WORDS:]
    if not words:
        return None
    end = window_start + words[-1].end()
    if text[end:paren].strip():
        return None  # something other than spaces between the name and the bracket
    content = 0
    for k in range(len(words) - 1, -1, -1):
        word = words[k][0].casefold()
        if word in _LINKS:
            continue
        content += 1
        if content > len(letters):
            return None
        if content == len(letters):
            chosen = [w[0].casefold() for w in words[k:] if w[0].casefold() not in _LINKS]
            if "".join(w[0] for w in chosen) != letters or word not in heads:
                return None
            return window_start + words[k].start(), end
    return None
