"""ISO 3166-2 subdivisions of countries (states, provinces, regions, departments) from pycountry.

They are not linked as entities (GeoNames cities and countries are, see
:mod:`kg.gazetteer`); they let relation checks see that ``Jura`` or
``Hérault`` is a region and of which country, and which region contains a
department (``FR-73`` Savoie in ``FR-ARA``). Names are matched by
:func:`kg.ids.merge_key`, in French when pycountry has a French name
(``Australie-Occidentale``) and in the ISO name (``Western Australia``).
"""

from __future__ import annotations

import gettext
import re
from dataclasses import dataclass
from functools import lru_cache

from kg.ids import merge_key

_ARTICLE = re.compile(r"^(?:(?:les?|la)\s+|l['’]\s*)(?=\w)", re.IGNORECASE)


def _without_article(name: str) -> str | None:
    rest = _ARTICLE.sub("", name, count=1)
    return rest if rest != name else None


@dataclass(frozen=True, slots=True)
class Subdivision:
    """A first- or second-level subdivision of a country (ISO 3166-2, from :mod:`pycountry`).

    ``code`` is its ISO 3166-2 code (``FR-39``), ``label`` its French name when
    pycountry has one (``Australie-Occidentale``), ``country_code`` the ISO
    alpha-2 code of its country, ``kind`` pycountry's type (``State``,
    ``Metropolitan department``), ``parent`` the code of the subdivision it
    lies in (``FR-BFC``; empty for a first-level one).
    """

    code: str
    label: str
    country_code: str
    kind: str
    parent: str = ""


_DESIGNATOR = re.compile(r"\s+(?:(?:Zhuangzu|Huizu|Uygur)\s+)?(?:Sheng|Shi|Zizhiqu)$")
"""The word a romanised Chinese name ends with to say what it is (province, city, autonomous
region): ``Zhejiang Sheng`` is written ``Zhejiang`` in the news."""
_ALTERNATIVE = re.compile(r"^(?P<a>[^\[]+?)\s*\[(?P<b>[^\]]+)\]$")


def name_forms(name: str) -> list[str]:
    """Return ``name`` and the other ways news writes it: without a Chinese designator
    (``Zhejiang Sheng``), each of two bracketed names (``Catalunya [Cataluña]``), and a
    French name pycountry gives inverted (``Flamande, Région``).

    >>> name_forms("Zhejiang Sheng"), name_forms("Catalunya [Cataluña]")
    (['Zhejiang Sheng', 'Zhejiang'], ['Catalunya [Cataluña]', 'Catalunya', 'Cataluña'])
    >>> name_forms("Flamande, Région")
    ['Flamande, Région', 'Région flamande']
    """
    forms = [name]
    bare = _DESIGNATOR.sub("", name)
    if bare != name:
        forms.append(bare)
    alternative = _ALTERNATIVE.match(name)
    if alternative:
        forms += [alternative["a"], alternative["b"]]
    before, comma, after = name.partition(", ")
    if comma and " " not in after and after[:1].isupper():
        forms.append(f"{after} {before[:1].lower()}{before[1:]}")
    return forms


@lru_cache(maxsize=1)
def subdivision_index() -> dict[str, tuple[Subdivision, ...]]:
    """Return every subdivision by the merge keys of its names (also without a leading article)."""
    import pycountry

    _ = gettext.translation("iso3166-2", pycountry.LOCALES_DIR, languages=["fr"]).gettext
    index: dict[str, list[Subdivision]] = {}
    for d in pycountry.subdivisions:
        sub = Subdivision(d.code, _(d.name), d.country_code, d.type, d.parent_code or "")
        for name in {f for n in (d.name, sub.label) for f in name_forms(n)}:
            for n in (name, _without_article(name)):
                key = merge_key(n) if n else ""
                if key and sub not in index.setdefault(key, []):
                    index[key].append(sub)
    return {k: tuple(v) for k, v in index.items()}


def subdivisions(name: str) -> tuple[Subdivision, ...]:
    """Return the ISO 3166-2 subdivisions named ``name`` (French or English name), any order.

    These are not linked as entities (GeoNames cities and countries are); they
    let relation checks see that ``Jura`` or ``Hérault`` is a region and of
    which country.

    >>> [(d.code, d.label) for d in subdivisions("Western Australia")]
    [('AU-WA', 'Australie-Occidentale')]
    """
    return subdivision_index().get(merge_key(name), ())


def french_region_name(name: str) -> bool:
    """Return whether ``name`` is the French name of a subdivision (``Australie-Méridionale``,
    ``Hérault``, ``Zhejiang``), not only a name in another language that French news would
    not use for it (``Unity``, a state of South Sudan whose French name is ``Unité``).

    >>> french_region_name("Australie-Méridionale"), french_region_name("Unity")
    (True, False)
    """
    key = merge_key(name)
    return any(
        key in {merge_key(f) for f in name_forms(d.label)} for d in subdivisions(name)
    )

