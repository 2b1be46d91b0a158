import pytest

from kg.normalise import chrome_lines, normalise


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("qu’il", "qu'il"),
        ("d’IA", "d'IA"),
        ("l‘Asie", "l'Asie"),
        ("Pékin\u00a0: oui", "Pékin : oui"),
        ("prix\u202f!", "prix !"),
        ("ligne\r\nsuivante", "ligne \nsuivante"),
        ("mot\u200bcollé", "mot collé"),
        ("Ordinary text stays.", "Ordinary text stays."),
    ],
)
def test_characters_are_normalised_in_place(raw, expected):
    assert normalise(raw) == expected
    assert len(normalise(raw)) == len(raw)


@pytest.mark.parametrize(
    "line",
    [
        "×",
        "|",
        "__________________________",
        "Vues : 167",
        "1 234 vues",
        "Vous avez manqué",
        "Lire aussi :",
        "https://www.globaltimes.cn/page/202412/1325122.shtml",
        "www.example.org/article",
        "Publié le : 15 Déc 2024 23:40",
        "Partager sur Facebook",
    ],
)
def test_chrome_lines_are_blanked_without_moving_offsets(line):
    text = f"Première phrase.\n{line}\nLa Chine et le Guangxi coopèrent."
    out = normalise(text)
    assert len(out) == len(text)
    assert line not in out
    assert out.split("\n")[1] == " " * len(line)
    tail = "La Chine et le Guangxi coopèrent."
    assert out.index(tail) == text.index(tail)


@pytest.mark.parametrize(
    "line",
    [
        "Vues sur la mer, les maisons se vendent mieux.",
        "Le × est un symbole.",
        "Il a lu https://example.org hier.",
        "Chen Gang a déclaré que la coopération continuera.",
        "Publié par Reuters, l'article a été repris.",
    ],
)
def test_article_lines_are_kept(line):
    assert chrome_lines(line) == []
    assert normalise(line) == line.replace("’", "'")


def test_chrome_can_be_kept():
    assert normalise("×\nTexte", drop_chrome=False) == "×\nTexte"
