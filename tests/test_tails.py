"""A known name followed by the field of a role is cut back to the known name."""

from __future__ import annotations

import pytest

from kg.tails import trim_known_names
from kg.types import Mention

KNOWN = {"Nations unies": "ORG", "Union européenne": "ORG", "Fonds monétaire international": "ORG"}


def _m(text: str, label: str = "ORG") -> Mention:
    return Mention("d", 0, len(text), text, label, text, 0)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Nations unies aux droits de l'homme", "Nations unies"),
        ("Nations unies pour les réfugiés", "Nations unies"),
        ("Union européenne chargé du commerce", "Union européenne"),
        # a known whole stays whole, and so does a name with no known start
        ("Fonds monétaire international", "Fonds monétaire international"),
        ("Comité pour les droits de l'homme", "Comité pour les droits de l'homme"),
        # a capitalised complement is part of the name
        ("Nations unies pour l'Enfance", "Nations unies pour l'Enfance"),
    ],
)
def test_trim_known_names(text, expected):
    (m,) = trim_known_names([_m(text)], known_type=KNOWN.get)
    assert m.text == expected and m.end - m.start == len(expected)


def test_only_organisations_are_trimmed():
    (m,) = trim_known_names([_m("Nations unies aux droits", "MISC")], known_type=KNOWN.get)
    assert m.text == "Nations unies aux droits"
