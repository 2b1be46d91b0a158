"""Word lists that relation rules name instead of spelling them out.

A relation rule (``kg/data/relation_patterns.jsonl``) may put a reference in
an ``IN`` list of a token spec; it stands for every word of that lexicon::

    {"LOWER": {"IN": ["@roles:holdsPosition"]}}

References:

- ``@roles:KIND``: the role and title nouns of ``kg/data/roles.tsv`` whose
  kind is ``KIND`` (``holdsPosition``, ``memberOf``, ``worksFor``, ``leads``...):
  ``ministre``, ``porte-parole``, ``député``, ``correspondante``;
- ``@type_cues:TYPE``: the nouns of ``kg/data/type_cues.tsv`` that say a name
  is of type ``TYPE`` (``agence``, ``société`` for ``ORG``);
- ``@state_roles:country``: the offices of ``kg/data/state_roles.tsv`` held in
  the country an article is about when no place follows them (``président``,
  ``ministre``).

Users extend the lexicons (one word a line) and every rule that names them
follows; the rules stay general.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping
from functools import lru_cache
from importlib import resources

PREFIX = "@"


def read_lexicon(text: str, *, source: str = "lexicon") -> dict[str, tuple[str, ...]]:
    """Return ``{kind: words}`` from a two-column TSV (word, kind); ``#`` starts a comment.

    Raises ValueError naming the line on a row without two cells.

    >>> read_lexicon("ministre\\tholdsPosition\\ndéputé\\tmemberOf\\nministre\\tholdsPosition")
    {'holdsPosition': ('ministre',), 'memberOf': ('député',)}
    """
    out: dict[str, list[str]] = defaultdict(list)
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip() or line.startswith("#"):
            continue
        cells = [c.strip() for c in line.split("\t")]
        if len(cells) != 2 or not cells[0] or not cells[1]:
            raise ValueError(f"{source}, line {number}: expected 'word<TAB>kind', got {line!r}")
        word = cells[0].lower()
        if word not in out[cells[1]]:
            out[cells[1]].append(word)
    return {kind: tuple(words) for kind, words in out.items()}


def _packaged(name: str) -> str:
    return resources.files("kg").joinpath(f"data/{name}").read_text("utf-8")


@lru_cache(maxsize=1)
def packaged_lexicons() -> Mapping[str, tuple[str, ...]]:
    """Return every packaged lexicon by reference name (``roles:memberOf``, ``type_cues:ORG``)."""
    out: dict[str, tuple[str, ...]] = {}
    for stem in ("roles", "type_cues", "state_roles"):
        for kind, words in read_lexicon(_packaged(f"{stem}.tsv"), source=f"{stem}.tsv").items():
            out[f"{stem}:{kind}"] = words
    return out


def expand(value: object, lexicons: Mapping[str, tuple[str, ...]] | None = None) -> object:
    """Return ``value`` (a rule or part of one) with every ``@name`` in a list replaced by its words.

    Raises ValueError on an unknown reference.

    >>> expand({"LOWER": {"IN": ["@roles:x", "chef"]}}, {"roles:x": ("maire", "chef")})
    {'LOWER': {'IN': ['maire', 'chef']}}
    """
    lexicons = packaged_lexicons() if lexicons is None else lexicons
    if isinstance(value, dict):
        return {k: expand(v, lexicons) for k, v in value.items()}
    if isinstance(value, list):
        out: list = []
        for item in value:
            if isinstance(item, str) and item.startswith(PREFIX):
                name = item[len(PREFIX) :]
                if name not in lexicons:
                    raise ValueError(
                        f"unknown lexicon {item!r}; use one of "
                        + ", ".join(PREFIX + n for n in sorted(lexicons))
                    )
                out.extend(w for w in lexicons[name] if w not in out)
            elif not (isinstance(item, str) and item in out):  # words once; other items as they are
                out.append(expand(item, lexicons))
        return out
    return value
