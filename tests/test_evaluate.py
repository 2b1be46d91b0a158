"""Entity scoring against gold: parsing, node views, precision/recall/splits, baseline (no model)."""

from __future__ import annotations

import pytest
from rdflib import Graph

from kg.errors import InputError
from kg.evaluate import (
    EntityScores,
    GoldEntity,
    IncorrectNode,
    MissedEntity,
    NodeView,
    SplitEntity,
    TypeScores,
    compare_table,
    format_details,
    format_scores,
    nodes_from_graph,
    nodes_from_rdf,
    parse_gold_entities,
    raw_spacy_nodes,
    score_entities,
)
from kg.export.rdf import serialize, to_rdf
from kg.graph import build_graph
from kg.ids import entity_iri
from kg.types import DocumentInfo, Entity, Relation

HEADER = "doc\ttype\trequired\tname\taliases\n"

GOLD_TSV = HEADER + (
    "d1\tPER\t1\tXi Jinping\tXi Jinping|Xi\n"
    "d1\tLOC\t1\tChine\tChine\n"
    "d1\tORG\t0\tCNN\tCNN\n"
    "d2\tLOC\t1\tPékin\tPékin|Beijing\n"
    "d2\tORG\t1\tASEAN\tASEAN|ANASE\n"
    "d2\tMISC\t0\tCHIPS Act\tCHIPS Act\n"
    "d2\tPER\t1\tXi Jinping\tXi Jinping|M. Xi\n"
)

NODES = [
    NodeView("xi jinping", "Xi Jinping", "PER", (), ("d1", "d2")),  # correct, finds both Xi rows
    NodeView("xi", "Xi", "PER", (), ("d2",)),  # "Xi" is gold only in d1: incorrect, but a split
    NodeView("chine", "Chine", "LOC", ("la Chine",), ("d1",)),  # correct
    NodeView("cnn", "CNN", "PER", (), ("d1",)),  # right entity, wrong type
    NodeView("pekin", "Pékin", "LOC", (), ("d2",)),  # correct
    NodeView("beijing", "Beijing", "LOC", (), ("d2",)),  # correct, splits Pékin
    NodeView("anase", "Anase", "ORG", (), ("d1",)),  # ASEAN alias, but in the wrong document
    NodeView("chips act", "CHIPS Act", "MISC", (), ("d2",)),  # not a scored type by default
    NodeView("etats unis", "Etats Unis", "LOC", (), ("d1",)),  # not in the gold
]


@pytest.fixture(scope="module")
def gold() -> list[GoldEntity]:
    return parse_gold_entities(GOLD_TSV)


@pytest.fixture(scope="module")
def scores(gold) -> EntityScores:
    return score_entities(NODES, gold)


# --------------------------------------------------------------------------- gold parsing


def test_parse_gold_entities_reads_rows(gold):
    assert len(gold) == 7
    assert gold[0] == GoldEntity("d1", "PER", True, "Xi Jinping", ("Xi Jinping", "Xi"))
    assert gold[2] == GoldEntity("d1", "ORG", False, "CNN", ("CNN",))
    assert gold[0].forms() == frozenset({"xi jinping", "xi"})


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # no header, CRLF line ends, blank and comment lines skipped
        (
            "# comment\r\n\r\nd\tLOC\t0\tÉtats-Unis\tUSA| Amérique |USA||\r\n",
            [GoldEntity("d", "LOC", False, "États-Unis", ("USA", "Amérique"))],
        ),
        # empty aliases column, present or dropped
        (HEADER + "d\tPER\t1\tNoah Smith\t\n", [GoldEntity("d", "PER", True, "Noah Smith", ())]),
        (HEADER + "d\tPER\t1\tNoah Smith\n", [GoldEntity("d", "PER", True, "Noah Smith", ())]),
        (HEADER, []),
    ],
)
def test_parse_gold_entities_variants(text, expected):
    assert parse_gold_entities(text) == expected


@pytest.mark.parametrize(
    ("row", "message"),
    [
        ("d1\tPER\t1", "expected 5 tab-separated columns"),
        ("d1\tPER\t1\tA\tA\textra", "found 6"),
        ("d1\tPERSON\t1\tA\tA", "type 'PERSON'"),
        ("d1\tPER\tyes\tA\tA", "required 'yes' must be 0 or 1"),
        ("d1\tPER\t1\t \tA", "empty name"),
        ("\tPER\t1\tA\tA", "empty doc"),
    ],
)
def test_parse_gold_entities_malformed_row_names_line(row, message):
    text = HEADER + "d0\tLOC\t1\tChine\tChine\n\n# note\n" + row + "\n"
    with pytest.raises(InputError, match="line 5") as info:
        parse_gold_entities(text)
    assert message in str(info.value)


# --------------------------------------------------------------------------- scoring


def test_headline_scores(scores):
    assert (scores.typed_correct, scores.typed_total) == (4, 8)
    assert scores.typed_precision == 0.5
    assert (scores.required_found, scores.required_total) == (4, 5)
    assert scores.required_recall == 0.8
    assert scores.split_count == 2
    assert scores.node_count == 9


def test_incorrect_nodes_are_listed_with_gold_type(scores):
    assert scores.incorrect == (
        IncorrectNode("Etats Unis", "LOC", ("d1",), ()),
        IncorrectNode("Anase", "ORG", ("d1",), ()),
        IncorrectNode("CNN", "PER", ("d1",), ("ORG",)),
        IncorrectNode("Xi", "PER", ("d2",), ()),
    )


def test_missed_required_entities(scores):
    assert scores.missed == (MissedEntity("d2", "ORG", "ASEAN"),)


def test_splits_group_gold_rows_across_documents(scores):
    assert scores.splits == (
        SplitEntity("Pékin", (("Beijing", "LOC"), ("Pékin", "LOC"))),
        SplitEntity("Xi Jinping", (("Xi", "PER"), ("Xi Jinping", "PER"))),
    )
    assert scores.splits[1].labels == ("Xi", "Xi Jinping")


@pytest.mark.parametrize(
    ("etype", "correct", "total", "found", "required", "precision", "recall"),
    [
        ("PER", 1, 3, 2, 2, 1 / 3, 1.0),
        ("LOC", 3, 4, 2, 2, 0.75, 1.0),
        ("ORG", 0, 1, 0, 1, 0.0, 0.0),
    ],
)
def test_per_type_breakdown(scores, etype, correct, total, found, required, precision, recall):
    by_type = {t.type: t for t in scores.per_type}
    assert [t.type for t in scores.per_type] == ["PER", "LOC", "ORG"]
    assert by_type[etype] == TypeScores(etype, correct, total, found, required)
    assert by_type[etype].precision == pytest.approx(precision)
    assert by_type[etype].recall == pytest.approx(recall)


@pytest.mark.parametrize(
    ("types", "precision", "recall", "splits"),
    [
        (("LOC",), (3, 4), (2, 2), ("Pékin",)),
        (("PER",), (1, 3), (2, 2), ("Xi Jinping",)),
        (("PER", "LOC", "ORG", "MISC"), (5, 9), (4, 5), ("Pékin", "Xi Jinping")),
    ],
)
def test_types_restrict_every_measure(gold, types, precision, recall, splits):
    s = score_entities(NODES, gold, types=types)
    assert (s.typed_correct, s.typed_total) == precision
    assert (s.required_found, s.required_total) == recall
    assert tuple(x.name for x in s.splits) == splits


@pytest.mark.parametrize(
    ("node", "correct"),
    [
        # folding ignores case, accents, punctuation and spacing differences
        (NodeView("a", "ÉTATS-UNIS", "LOC", (), ("d",)), True),
        (NodeView("a", "Etats  Unis", "LOC", (), ("d",)), True),
        (NodeView("a", "Amérique du Nord", "LOC", ("usa",), ("d",)), True),  # by alias
        (NodeView("a", "Etats-Unis", "LOC", (), ("other",)), False),  # wrong document
        (NodeView("a", "Etats-Unis", "ORG", (), ("d",)), False),  # wrong type
        (NodeView("a", "EtatsUnis", "LOC", (), ("d",)), False),  # fold keeps word boundaries
    ],
)
def test_matching_uses_fold_and_documents(node, correct):
    gold = [GoldEntity("d", "LOC", True, "États-Unis", ("USA",))]
    s = score_entities([node], gold)
    assert s.typed_correct == int(correct)
    assert s.required_found == int(correct)


def test_empty_inputs_have_no_ratios():
    s = score_entities([], [])
    assert (s.typed_precision, s.required_recall, s.split_count) == (None, None, 0)
    assert "typed precision n/a (0/0)" in format_scores("empty", s)


# --------------------------------------------------------------------------- formatting


def test_format_scores(scores):
    assert format_scores("kg", scores).splitlines() == [
        "kg: typed precision 0.50 (4/8), required recall 0.80 (4/5), 2 split gold entities, "
        "8 PER/LOC/ORG nodes (9 in all)",
        "  PER  precision 0.33 (1/3)  recall 1.00 (2/2)",
        "  LOC  precision 0.75 (3/4)  recall 1.00 (2/2)",
        "  ORG  precision 0.00 (0/1)  recall 0.00 (0/1)",
    ]


def test_format_details(scores):
    text = format_details(scores)
    assert "Missed required entities (1):\n  d2  ORG  ASEAN\n" in text
    assert "  PER  CNN  (d1)  [gold: ORG]\n" in text
    assert text.endswith("  Xi Jinping -> Xi [PER], Xi Jinping [PER]")


def test_compare_table(gold, scores):
    raw = score_entities(NODES[:3], gold)
    assert compare_table([("kg", scores), ("raw", raw)]).splitlines() == [
        "| system | typed precision | required recall | split gold entities | nodes |",
        "|---|---:|---:|---:|---:|",
        "| kg | 0.50 (4/8) | 0.80 (4/5) | 2 | 8 |",
        "| raw | 0.67 (2/3) | 0.60 (3/5) | 1 | 3 |",
    ]


# --------------------------------------------------------------------------- node views

ENTITIES = [  # ids are resolution keys (fold of the name), as kg.resolve makes them
    Entity("chine", "Chine", "LOC", ("la Chine", "RPC"), 3, ("d1", "d2")),
    Entity("pekin", "Pékin", "LOC", (), 1, ("d2",)),
    Entity("xi jinping", "Xi Jinping", "PER", ("M. Xi",), 2, ("d1",)),
    Entity("l academie chinoise", "l’Académie chinoise", "ORG", (), 1, ("d1",)),
    Entity("chips act", "CHIPS Act", "MISC", ("le CHIPS Act",), 1, ("d2",)),
]

EXPECTED_VIEWS = [
    NodeView("chine", "Chine", "LOC", ("RPC", "la Chine"), ("d1", "d2")),
    NodeView("chips act", "CHIPS Act", "MISC", ("le CHIPS Act",), ("d2",)),
    NodeView("l academie chinoise", "l’Académie chinoise", "ORG", (), ("d1",)),
    NodeView("pekin", "Pékin", "LOC", (), ("d2",)),
    NodeView("xi jinping", "Xi Jinping", "PER", ("M. Xi",), ("d1",)),
]


@pytest.fixture(scope="module")
def graph():
    relations = [Relation("cooccursWith", "xi jinping", "chine", "d1", "Xi en Chine.", 0, 12)]
    docs = [DocumentInfo("d1", "d1.txt", 12, 1, 2), DocumentInfo("d2", "d2.txt", 30, 2, 3)]
    return build_graph(ENTITIES, relations, documents=docs)


def test_nodes_from_graph(graph):
    assert nodes_from_graph(graph) == EXPECTED_VIEWS


def test_nodes_from_rdf_equals_nodes_from_graph(graph):
    assert sorted(nodes_from_rdf(to_rdf(graph)), key=repr) == sorted(
        nodes_from_graph(graph), key=repr
    )


def test_nodes_from_rdf_after_turtle_round_trip(graph):
    parsed = Graph().parse(data=serialize(to_rdf(graph), "ttl").decode("utf-8"), format="turtle")
    assert nodes_from_rdf(parsed) == EXPECTED_VIEWS


def test_nodes_from_rdf_keeps_iri_when_id_is_not_the_resolution_key():
    G = build_graph([Entity("Q148", "Chine", "LOC", (), 1, ("d1",))], [])
    iri = str(entity_iri("https://x.org/kg/", "Q148"))
    assert nodes_from_rdf(to_rdf(G, base="https://x.org/kg/")) == [
        NodeView(iri, "Chine", "LOC", (), ("d1",))
    ]
    assert nodes_from_graph(G) == [NodeView("Q148", "Chine", "LOC", (), ("d1",))]


# --------------------------------------------------------------------------- raw spaCy baseline


def _doc(nlp, text: str, spans: list[tuple[str, str]]):
    doc = nlp(text)
    ents = []
    for surface, label in spans:
        start = text.index(surface)
        ents.append(doc.char_span(start, start + len(surface), label=label))
    doc.ents = ents
    return doc


def test_raw_spacy_nodes(blank_nlp):
    d1 = _doc(
        blank_nlp,
        "La Chine et Xi  Jinping. Apple, 2024.",
        [("La Chine", "LOC"), ("Xi  Jinping", "PER"), ("Apple", "ORG"), ("2024", "DATE")],
    )
    d2 = _doc(
        blank_nlp, "La Chine. Chine et Xi Jinping.", [("Chine", "ORG"), ("Xi Jinping", "PER")]
    )
    d2.ents = [*d2.ents, d2.char_span(10, 15, label="LOC")]
    assert raw_spacy_nodes([("d1", d1), ("d2", d2)]) == [
        NodeView("LOC:Chine", "Chine", "LOC", (), ("d2",)),
        NodeView("LOC:La Chine", "La Chine", "LOC", (), ("d1",)),
        NodeView("ORG:Apple", "Apple", "ORG", (), ("d1",)),
        NodeView("ORG:Chine", "Chine", "ORG", (), ("d2",)),
        NodeView("PER:Xi Jinping", "Xi Jinping", "PER", (), ("d1", "d2")),
    ]


def test_raw_spacy_nodes_scored_against_gold(blank_nlp):
    doc = _doc(blank_nlp, "La Chine, Chine et Pékin.", [("La Chine", "LOC"), ("Pékin", "ORG")])
    doc.ents = [*doc.ents, doc.char_span(10, 15, label="LOC")]
    gold = parse_gold_entities(HEADER + "d\tLOC\t1\tChine\tChine\nd\tLOC\t1\tPékin\tPékin\n")
    s = score_entities(raw_spacy_nodes([("d", doc)]), gold)
    assert (s.typed_correct, s.typed_total, s.required_found, s.required_total) == (1, 3, 1, 2)
    assert s.missed == (MissedEntity("d", "LOC", "Pékin"),)
    assert s.incorrect[0] == IncorrectNode("La Chine", "LOC", ("d",), ())
