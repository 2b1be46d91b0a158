"""Names the model cut in two (kg/joins.py): table of what is joined and what stays apart."""

from __future__ import annotations

import pytest

from kg.joins import join_adjacent
from kg.types import Mention


def mentions_in(text: str, names: list[tuple[str, str]]) -> list[Mention]:
    out, at = [], 0
    for name, label in names:
        start = text.index(name, at)
        out.append(Mention("d", start, start + len(name), name, label, name, 0))
        at = start + len(name)
    return out


@pytest.mark.parametrize(
    ("text", "names", "expected"),
    [
        # a person's name of four words, tagged as two
        ("Zeid Ra'ad Zeid Al-Hussein a parlé.", [("Zeid Ra'ad", "PER"), ("Zeid Al-Hussein", "PER")],
         ["Zeid Ra'ad Zeid Al-Hussein"]),
        # an acronym the tokenizer cut at its hyphen, given in parentheses here or elsewhere
        ("le parti (CNDD-FDD) gouverne", [("CNDD", "ORG"), ("FDD", "ORG")], ["CNDD-FDD"]),
        ("Le CNDD-FDD gouverne. Le parti (CNDD-FDD) a gagné.",
         [("CNDD", "ORG"), ("FDD", "ORG"), ("CNDD", "ORG"), ("FDD", "ORG")],
         ["CNDD-FDD", "CNDD-FDD"]),
        # a list, a duel, a route, two surnames of a headline: apart
        ("Jean Dupont, Marie Martin et Paul Durand", [("Jean Dupont", "PER"), ("Marie Martin", "PER"),
         ("Paul Durand", "PER")], ["Jean Dupont", "Marie Martin", "Paul Durand"]),
        ("Trump Clinton : le débat", [("Trump", "PER"), ("Clinton", "PER")], ["Trump", "Clinton"]),
        ("le débat Trump-Clinton", [("Trump", "PER"), ("Clinton", "PER")], ["Trump", "Clinton"]),
        ("l'accord PS-EELV", [("PS", "ORG"), ("EELV", "ORG")], ["PS", "EELV"]),
        ("le train Toulouse-Lyon", [("Toulouse", "LOC"), ("Lyon", "LOC")], ["Toulouse", "Lyon"]),
        # two types: apart
        ("Jean Dupont Renault SA", [("Jean Dupont", "PER"), ("Renault SA", "ORG")],
         ["Jean Dupont", "Renault SA"]),
    ],
)  # fmt: skip
def test_join_adjacent(text, names, expected):
    assert [m.text for m in join_adjacent(mentions_in(text, names), text)] == expected
