import re

import pytest

from kg.gazetteer import (
    GazetteerDataError,
    Place,
    PlaceRow,
    _key,
    build_gazetteer,
    default_gazetteer,
    load_geonames,
    match_row,
    read_place_rows,
)
from kg.ids import merge_key

BEIJING = (1816670, "city", "CN", "Pékin")
CHINA = (1814991, "country", "CN", "Chine")
VIETNAM = (1562822, "country", "VN", "Viêt Nam")
USA = (6252001, "country", "US", "États-Unis")
UK = (2635167, "country", "GB", "Royaume-Uni")

ROWS = read_place_rows()
PLACE_ROWS = [r for r in ROWS if r.kind != "stop"]
STOP_ROWS = [r for r in ROWS if r.kind == "stop"]


@pytest.fixture(scope="module")
def gaz():
    return default_gazetteer()


@pytest.fixture(scope="module")
def geonames():
    return load_geonames()


def summary(place):
    return (place.geonames_id, place.kind, place.country_code, place.label)


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("Pékin", BEIJING),
        ("Beijing", BEIJING),
        ("PEKIN", BEIJING),
        ("Peking", BEIJING),
        ("Chine", CHINA),
        ("République populaire de Chine", CHINA),
        ("China", CHINA),
        ("People's Republic of China", CHINA),
        ("Vietnam", VIETNAM),
        ("Viêt Nam", VIETNAM),
        ("Viet Nam", VIETNAM),
        ("États-Unis", USA),
        ("Etats-Unis", USA),
        ("etats unis", USA),
        ("USA", USA),
        ("États-Unis d'Amérique", USA),
        ("United States", USA),
        ("Royaume-Uni", UK),
        ("Grande-Bretagne", UK),
        ("United Kingdom", UK),
        ("Russie", (2017370, "country", "RU", "Russie")),
        ("Fédération de Russie", (2017370, "country", "RU", "Russie")),
        ("Kosovo", (831053, "country", "XK", "Kosovo")),
        ("Nanning", (1799869, "city", "CN", "Nanning")),
        ("Washington", (4140963, "city", "US", "Washington")),
        ("Shanghai", (1796236, "city", "CN", "Shanghai")),
        ("Xuhui", (1787957, "city", "CN", "Xuhui")),
        ("Paris", (2988507, "city", "FR", "Paris")),
        ("Londres", (2643743, "city", "GB", "Londres")),
        ("London", (2643743, "city", "GB", "Londres")),
        # the same words written otherwise name another place: the French town, the US city
        ("Saint-Cloud", (2981041, "city", "FR", "Saint-Cloud")),
        ("Saint Cloud", (5044407, "city", "US", "Saint Cloud")),
        ("Canton", (1809858, "city", "CN", "Guangzhou")),
        ("Guangzhou", (1809858, "city", "CN", "Guangzhou")),
        ("Kiev", (703448, "city", "UA", "Kiev")),
        ("Kyiv", (703448, "city", "UA", "Kiev")),
        # a French label beats the English name of a country ...
        ("Mexico", (3530597, "city", "MX", "Mexico")),
        ("Mexique", (3996063, "country", "MX", "Mexique")),
        # ... and the exonym of Vienna the French town of Vienne
        ("Vienne", (2761369, "city", "AT", "Vienne")),
        # labels with an article are found without it, as mention cleaning may trim it
        ("Le Caire", (360630, "city", "EG", "Le Caire")),
        ("Caire", (360630, "city", "EG", "Le Caire")),
        ("Haye", (2747373, "city", "NL", "La Haye")),
        ("Réunion", (935317, "country", "RE", "La Réunion")),
        # continents, by their French and English GeoNames names; no country code
        ("Afrique", (6255146, "continent", "", "Afrique")),
        ("Africa", (6255146, "continent", "", "Afrique")),
        ("Europe", (6255148, "continent", "", "Europe")),
        ("Asie", (6255147, "continent", "", "Asie")),
        ("Océanie", (6255151, "continent", "", "Océanie")),
        ("Amérique du Nord", (6255149, "continent", "", "Amérique du Nord")),
        ("South America", (6255150, "continent", "", "Amérique du Sud")),
    ],
)
def test_lookup(gaz, name, expected):
    place = gaz.lookup(name)
    assert place is not None, name
    assert summary(place) == expected


@pytest.mark.parametrize(
    "name",
    [
        "la Chine",  # callers pass cleaned mentions: determiners are not trimmed here
        "Usa",  # alpha-3 codes only in capitals
        "usa",
        "Chn",
        "US",  # alpha-2 codes never
        "CN",
        "FR",
        "GB",
        "Amérique",  # no continent: the Americas are two (see place_metonyms.tsv)
        "BJS",  # all-caps alternate names (IATA codes) are not indexed
        "SHA",
        "NNG",
        "",
        "  ",
        "!!",
    ],
)
def test_no_match(gaz, name):
    assert gaz.lookup(name) is None
    assert gaz.candidates(name) == ()


def test_candidates_are_ranked(gaz):
    washingtons = gaz.candidates("Washington")
    assert len(washingtons) > 1
    assert washingtons[0].geonames_id == 4140963
    assert [p.country_code for p in washingtons[:2]] == ["US", "GB"]
    cities = [p for p in washingtons if p.kind == "city"]
    assert [p.population for p in cities] == sorted((p.population for p in cities), reverse=True)
    # the French town comes after Vienna
    assert [(p.country_code, p.label) for p in gaz.candidates("Vienne")[:2]] == [
        ("AT", "Vienne"),
        ("FR", "Vienne"),
    ]
    # a country comes before a city of the same name
    assert [p.kind for p in gaz.candidates("Palestine")[:2]] == ["country", "city"]


@pytest.mark.parametrize(
    ("code", "label"),
    [
        ("FR", "France"),
        ("DE", "Allemagne"),
        ("GB", "Royaume-Uni"),
        ("US", "États-Unis"),
        ("RU", "Russie"),
        ("CN", "Chine"),
        ("VN", "Viêt Nam"),
        ("LA", "Laos"),
        ("KR", "Corée du Sud"),
        ("KP", "Corée du Nord"),
        ("IR", "Iran"),
        ("SY", "Syrie"),
        ("NL", "Pays-Bas"),
        ("JP", "Japon"),
        ("IN", "Inde"),
        ("BR", "Brésil"),
        ("MX", "Mexique"),
        ("CA", "Canada"),
        ("UA", "Ukraine"),
        ("TR", "Turquie"),
        ("IL", "Israël"),
        ("PS", "Palestine"),
        ("TW", "Taïwan"),
        ("BO", "Bolivie"),
        ("VE", "Venezuela"),
        ("TZ", "Tanzanie"),
        ("MD", "Moldavie"),
        ("MK", "Macédoine du Nord"),
        ("CZ", "Tchéquie"),
        ("CI", "Côte d'Ivoire"),
        ("CG", "République du Congo"),
        ("CD", "République démocratique du Congo"),
        ("VA", "Vatican"),
        ("MM", "Birmanie"),
        ("BY", "Biélorussie"),
        ("SA", "Arabie saoudite"),
        ("AE", "Émirats arabes unis"),
        ("FM", "Micronésie"),
        ("XK", "Kosovo"),
    ],
)
def test_country_labels(gaz, geonames, code, label):
    place = gaz.place(int(geonames.countries[code]["geonameid"]))
    assert place is not None
    assert (place.kind, place.country_code, place.label) == ("country", code, label)
    assert gaz.lookup(label) == place


def test_size_and_cache(gaz):
    assert default_gazetteer() is gaz
    assert len(gaz) > 34_000
    countries = {gaz.lookup(c).country_code for c in ("France", "Chine", "Kosovo")}
    assert countries == {"FR", "CN", "XK"}


@pytest.mark.parametrize("row", PLACE_ROWS, ids=lambda r: f"line{r.line}-{r.geonames_name}")
def test_every_place_row_matches_geonames(gaz, geonames, row):
    geonames_id = match_row(row, geonames)
    place = gaz.place(geonames_id)
    assert place is not None
    assert (place.kind, place.country_code, place.label) == (row.kind, row.country_code, row.label)
    # the label and every alias lead back to the place (nothing shadows them),
    # except that a city-state's country comes before its city (Singapour)
    for name in (row.label, *row.aliases):
        best = gaz.lookup(name)
        assert best == place or (best.kind, best.country_code) == ("country", place.country_code)
        assert place in gaz.candidates(name), name


@pytest.mark.parametrize("row", STOP_ROWS, ids=lambda r: f"line{r.line}-{r.geonames_name}")
def test_stop_words_do_not_match(gaz, row):
    assert (row.country_code, row.label, row.aliases) == ("-", "-", ())
    assert gaz.lookup(row.geonames_name) is None


def test_stop_list_covers_its_categories():
    words = {r.geonames_name for r in STOP_ROWS}
    assert {"Orange", "Union", "Chen", "Golfe", "CAN"} <= words


@pytest.mark.parametrize(
    "word",
    # ordinary words, companies and people that must not be places
    [
        "Port",
        "Sud",
        "Nord",
        "État",
        "Orange",
        "Mars",
        "Ville",
        "Centre",
        "Santé",
        "Banque",
        "Président",
        "Union",
        "Internet",
        "Intelligence",
        "Amazon",
        "Tesla",
        "Trump",
        "Biden",
        "Musk",
        "Chen",
        "Xi",
        "Gang",
        "Chinois",
        "Golfe",
        "Police",
        "Google",
        "Toyota",
        "Xinhua",
        "Obama",
        "Kim",
        "Arizona",
        "Ontario",
        "Bali",
        "CAN",
        "PER",
        "SUR",
    ],
)
def test_common_words_are_not_places(gaz, word):
    assert gaz.lookup(word) is None


@pytest.mark.parametrize(
    ("word", "code"),
    [("Paris", "FR"), ("Nice", "FR"), ("Tours", "FR"), ("Marseille", "FR"), ("Troyes", "FR")],
)
def test_town_names_that_are_words_stay_places(gaz, word, code):
    place = gaz.lookup(word)
    assert place is not None
    assert (place.kind, place.country_code, place.label) == ("city", code, word)


def test_bad_city_row_is_an_error(geonames):
    row = PlaceRow(7, "city", "CN", "Bejing", "Pékin")
    with pytest.raises(
        GazetteerDataError, match=r"line 7: no GeoNames city named 'Bejing' in 'CN'"
    ):
        match_row(row, geonames)


def test_bad_country_row_is_an_error(geonames):
    row = PlaceRow(3, "country", "CN", "Chine", "Chine")
    with pytest.raises(GazetteerDataError, match=r"line 3: .*GeoNames calls CN 'China'"):
        match_row(row, geonames)


def test_stale_stop_word_is_an_error(geonames):
    with pytest.raises(GazetteerDataError, match=r"line 9: stop word 'Zzyzxq' matches no place"):
        build_gazetteer([PlaceRow(9, "stop", "-", "Zzyzxq", "-")], geonames)


def test_two_rows_for_one_place_are_an_error(geonames):
    rows = [
        PlaceRow(1, "city", "CN", "Beijing", "Pékin"),
        PlaceRow(2, "city", "CN", "Beijing", "Pei"),
    ]
    with pytest.raises(GazetteerDataError, match=r"line 2: .*already labelled on line 1"):
        build_gazetteer(rows, geonames)


@pytest.mark.parametrize(
    "text",
    ["city\tCN\tBeijing", "town\tCN\tBeijing\tPékin", "city CN Beijing Pékin"],
)
def test_malformed_row_is_an_error(text):
    with pytest.raises(GazetteerDataError, match="line 2"):
        read_place_rows("# header\n" + text + "\n")


def test_read_place_rows_parses_aliases():
    (row,) = read_place_rows(
        "city\tDE\tFrankfurt am Main\tFrancfort\tFrankfurt | Francfort-sur-le-Main\n"
    )
    assert row == PlaceRow(
        1, "city", "DE", "Frankfurt am Main", "Francfort", ("Frankfurt", "Francfort-sur-le-Main")
    )


def test_iri():
    place = Place(1816670, "Pékin", "city", "CN", 18960744)
    assert place.iri == "https://sws.geonames.org/1816670/"


def test_every_iri_is_well_formed(gaz):
    for name in ("Chine", "Pékin", "Kosovo", "Washington"):
        assert re.fullmatch(r"https://sws\.geonames\.org/[1-9][0-9]*/", gaz.lookup(name).iri)


@pytest.mark.parametrize(
    "name",
    [
        "États-Unis",
        "Straße",
        "Œuvre",
        "ﬁnale",
        "Ürümqi",
        "Ḩamāh",
        "Xi’an",
        "北京",
        "Пекин",
        "Dà-Lạt",
        "İzmir",
    ],
)
def test_key_is_merge_key(name):
    assert _key(name) == merge_key(name)


def test_every_demonym_names_a_country_by_its_label(gaz):
    from kg.entities import demonyms

    by_country: dict[str, list[str]] = {}
    for form, country in demonyms().items():
        by_country.setdefault(country, []).append(form)
    assert len(by_country) > 130
    for country, forms in by_country.items():
        place = gaz.lookup(country)
        assert place is not None and place.kind == "country", (country, forms)
        assert place.label == country, (country, place.label)


@pytest.mark.parametrize(
    ("name", "codes"),
    [
        ("Jura", {"FR-39", "CH-JU"}),
        ("Hérault", {"FR-34"}),
        ("Australie-Occidentale", {"AU-WA"}),
        ("Western Australia", {"AU-WA"}),
        ("Territoire de la capitale australienne", {"AU-ACT"}),
        ("Floride", {"US-FL", "UY-FD"}),  # Florida, and the Uruguayan department
        ("Erdogan", set()),
    ],
)
def test_subdivisions(name, codes):
    from kg.regions import subdivisions

    assert {d.code for d in subdivisions(name)} == codes


def test_subdivision_parent_and_country():
    from kg.regions import subdivisions

    (savoie,) = subdivisions("Savoie")
    assert (savoie.code, savoie.country_code, savoie.parent) == ("FR-73", "FR", "FR-ARA")


def test_a_region_of_another_country_is_not_a_city_alternate_name(gaz):
    # GeoNames lists "Jura" among the names of Győr (Hungary): the French and Swiss Jura win
    assert all(p.country_code != "HU" for p in gaz.candidates("Jura"))


@pytest.mark.parametrize(
    ("name", "label"),
    [
        ("Pékin", "Pékin"),
        ("Paris", "Paris"),  # Paris, Texas is too small to compete
        ("France", "France"),
        ("Durham", None),  # North Carolina and England
        ("Saint-Cloud", "Saint-Cloud"),  # not Saint Cloud, Minnesota: written otherwise
        ("Jura", None),
        ("Erdogan", None),
    ],
)
def test_unambiguous(gaz, name, label):
    place = gaz.unambiguous(name)
    assert (place.label if place else None) == label
