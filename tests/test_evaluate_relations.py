"""Relation scoring: seeds gold parsing and matching, POPCORN alignment, mapping, baseline (no model)."""

from __future__ import annotations

import json

import pytest

from kg.errors import InputError
from kg.evaluate import parse_gold_entities
from kg.evaluate_popcorn import (
    POPCORN_KINDS,
    POPCORN_RELATIONS,
    KindScores,
    PopcornDoc,
    PopcornEntity,
    PopcornRelation,
    align_span,
    cooccurrence_baseline,
    gold_facts,
    mention_spans,
    parse_popcorn,
    popcorn_table,
    reachable_entities,
    relation_predictions,
    score_popcorn,
    sentence_mentions,
)
from kg.evaluate_relations import (
    SYMMETRIC_KINDS,
    GoldRelation,
    KindCounts,
    MissedRelation,
    format_relation_report,
    format_relation_summary,
    parse_gold_relations,
    score_relations,
)
from kg.types import Corpus, Entity, Mention, Relation, Resolution

HEADER = "doc\trelation\trequired\tsubject\tobject\tevidence\n"

# =========================================================================== seeds: parsing


def test_parse_gold_relations_good_rows():
    text = HEADER + (
        "# a comment\n"
        "\n"
        "d1\tlocatedIn\t1\tWuzhen\tZhejiang\tà Wuzhen, dans la province du Zhejiang\n"
        "d1\tmemberOf | holdsPosition\t0\tChen Gang\tAssemblée populaire nationale\t\n"
        "d2\tmet\t1\tXi Jinping\tDilma Rousseff\n"  # evidence column missing
    )
    assert parse_gold_relations(text) == [
        GoldRelation(
            "d1",
            ("locatedIn",),
            True,
            "Wuzhen",
            "Zhejiang",
            "à Wuzhen, dans la province du Zhejiang",
        ),
        GoldRelation(
            "d1", ("memberOf", "holdsPosition"), False, "Chen Gang", "Assemblée populaire nationale"
        ),
        GoldRelation("d2", ("met",), True, "Xi Jinping", "Dilma Rousseff", ""),
    ]


def test_parse_gold_relations_header_is_optional():
    rows = parse_gold_relations("d1\tleads\t0\tElon Musk\tTesla\tTesla\n")
    assert [(g.doc, g.relation, g.required) for g in rows] == [("d1", "leads", False)]


@pytest.mark.parametrize(
    ("row", "message"),
    [
        ("d1\tlocatedIn\t1\tWuzhen", "expected 6 tab-separated columns"),
        ("d1\tlocatedIn\t1\tA\tB\tev\textra", "found 7"),
        ("\tlocatedIn\t1\tA\tB\tev", "empty doc column"),
        ("d1\t\t1\tA\tB\tev", "empty relation column"),
        ("d1\tlocatedin\t1\tA\tB\tev", "unknown relation kind 'locatedin'"),
        ("d1\tmemberOf|bossOf\t1\tA\tB\tev", "unknown relation kind 'bossOf'"),
        ("d1\tlocatedIn\tyes\tA\tB\tev", "required 'yes' must be 0 or 1"),
        ("d1\tlocatedIn\t1\t\tB\tev", "empty subject column"),
        ("d1\tlocatedIn\t1\tA\t--\tev", "empty object column"),
    ],
)
def test_parse_gold_relations_bad_rows_name_the_line(row, message):
    text = HEADER + "d1\tmet\t1\tA\tB\tok\n" + row + "\n"
    with pytest.raises(InputError) as err:
        parse_gold_relations(text)
    assert "line 3" in str(err.value)
    assert message in str(err.value)


# =========================================================================== seeds: scoring


def entity(eid: str, name: str, etype: str, *docs: str, aliases: tuple[str, ...] = ()) -> Entity:
    return Entity(eid, name, etype, aliases, len(docs), docs)  # type: ignore[arg-type]


def rel(kind: str, subject: str, obj: str, doc: str = "d1", **extra) -> Relation:
    return Relation(kind, subject, obj, doc, f"{subject} {kind} {obj}.", 0, 10, **extra)


ENTITIES = [
    entity("vietnam", "Vietnam", "LOC", "d1"),
    entity("anase", "ANASE", "ORG", "d1", "d2"),
    entity("xi jinping", "Xi Jinping", "PER", "d1", aliases=("Xi",)),
    entity("dilma rousseff", "Dilma Rousseff", "PER", "d1"),
    entity("shanghai", "Shanghai", "LOC", "d1"),
    entity("chine", "Chine", "LOC", "d1"),
]

GOLD_ENTITIES_TSV = (
    "doc\ttype\trequired\tname\taliases\n"
    "d1\tLOC\t1\tViêt Nam\tVietnam|Viêt Nam\n"
    "d9\tORG\t1\tASEAN\tASEAN|ANASE\n"  # another document: aliases count anyway
)

GOLD_TSV = HEADER + (
    "d1\tmemberOf\t1\tViêt Nam\tASEAN\tle Vietnam, membre de l'ANASE\n"  # 0 found via aliases
    "d1\tmet\t1\tDilma Rousseff\tXi Jinping\tXi a rencontré Dilma Rousseff\n"  # 1 found, swapped
    "d1\tvisited\t1\tShanghai\tXi Jinping\tXi à Shanghai\n"  # 2 wrong direction
    "d1\tlocatedIn\t0\tShanghai\tChine\tShanghai, en Chine\n"  # 3 only co-occurrence
    "d2\tmemberOf|partOf\t0\tViêt Nam\tASEAN\t\n"  # 4 wrong document
    "d1\tholdsPosition\t1\tXi\tChine\tle président chinois Xi\n"  # 5 wrong kind
)

RELATIONS = [
    rel("memberOf", "vietnam", "anase", value="membre", pattern="membre-de", confidence=0.8),
    rel("met", "xi jinping", "dilma rousseff", pattern="rencontrer"),
    rel("visited", "xi jinping", "shanghai", pattern="visiter"),
    rel("cooccursWith", "chine", "shanghai"),
    rel("leads", "xi jinping", "chine", pattern="president-de"),
]


@pytest.fixture(scope="module")
def seeds_scores():
    gold = parse_gold_relations(GOLD_TSV)
    return score_relations(
        RELATIONS, ENTITIES, gold, gold_entities=parse_gold_entities(GOLD_ENTITIES_TSV)
    )


def test_seeds_counts(seeds_scores):
    s = seeds_scores
    assert (s.required_found, s.required_total, s.found, s.total) == (2, 4, 2, 6)
    assert s.required_recall == 0.5
    assert s.recall == pytest.approx(1 / 3)
    assert s.relation_count == 5


def test_seeds_missed_rows_with_hints(seeds_scores):
    gold = parse_gold_relations(GOLD_TSV)
    assert seeds_scores.missed == (
        MissedRelation(gold[2], True, True, ("visited",)),  # right kind, wrong direction
        MissedRelation(gold[3], True, True, ("cooccursWith",)),
        MissedRelation(gold[4], False, True, ()),  # Vietnam is not named in d2
        MissedRelation(gold[5], True, True, ("leads",)),  # "Xi" is an alias of the entity
    )


def test_seeds_typed_relations_for_review(seeds_scores):
    typed = seeds_scores.typed
    assert [(r.kind, r.subject, r.object, r.matched) for r in typed] == [
        ("leads", "Xi Jinping", "Chine", False),
        ("memberOf", "Vietnam", "ANASE", True),
        ("met", "Xi Jinping", "Dilma Rousseff", True),
        ("visited", "Xi Jinping", "Shanghai", False),
    ]
    member = typed[1]
    assert (member.value, member.pattern, member.confidence, member.doc) == (
        "membre",
        "membre-de",
        0.8,
        "d1",
    )
    assert member.evidence == "vietnam memberOf anase."
    assert [g.subject for g in member.gold] == ["Viêt Nam"]
    assert seeds_scores.typed_matched == 2


def test_seeds_per_kind(seeds_scores):
    assert seeds_scores.per_kind == (
        KindCounts("holdsPosition", gold=1, found=0, extracted=0, matched=0, required=1),
        KindCounts("leads", gold=0, found=0, extracted=1, matched=0),
        KindCounts("locatedIn", gold=1, found=0, extracted=0, matched=0),
        KindCounts("memberOf", 2, 1, 1, 1, required=1, required_found=1),
        KindCounts("met", gold=1, found=1, extracted=1, matched=1, required=1, required_found=1),
        KindCounts("partOf", gold=1, found=0, extracted=0, matched=0),
        KindCounts("visited", gold=1, found=0, extracted=1, matched=0, required=1),
    )
    assert [k.precision for k in seeds_scores.per_kind] == [None, 0.0, None, 1.0, 1.0, None, 0.0]
    summary = format_relation_summary(seeds_scores)
    assert summary.splitlines()[0] == (
        "relations: required recall 2/4 (0.50), all-relation recall 2/6 (0.33), "
        "typed precision 2/4 (0.50)"
    )
    assert "memberOf       1/1       1/2  1/1 (1.00)" in summary
    apart = format_relation_summary(seeds_scores, unjudged={"leads"})
    assert "typed precision 2/3 (0.67); 1 relation of kinds the gold does not annotate (leads)" in apart
    assert "leads          0/0       0/0  not judged" in apart


def test_alias_matching_needs_the_entity_gold():
    gold = parse_gold_relations(GOLD_TSV)[:1]  # Viêt Nam memberOf ASEAN
    without = score_relations(RELATIONS, ENTITIES, gold)
    with_gold = score_relations(
        RELATIONS, ENTITIES, gold, gold_entities=parse_gold_entities(GOLD_ENTITIES_TSV)
    )
    assert (without.found, with_gold.found) == (0, 1)
    assert without.missed[0].subject_found is False


def test_entity_alias_matches_gold_name():
    ents = [entity("wic", "WIC", "ORG", "d1", aliases=("Conférence mondiale sur Internet",))]
    ents.append(entity("ren", "Ren Xianliang", "PER", "d1"))
    gold = [
        GoldRelation(
            "d1", ("holdsPosition",), True, "Ren Xianliang", "conference mondiale sur internet"
        )
    ]
    s = score_relations([rel("holdsPosition", "ren", "wic")], ents, gold)
    assert s.found == 1


@pytest.mark.parametrize(
    ("kind", "subject", "obj", "doc", "expected"),
    [
        ("visited", "xi jinping", "shanghai", "d1", 1),  # same direction
        ("visited", "shanghai", "xi jinping", "d1", 0),  # directed: reversed does not count
        ("foundedBy", "shanghai", "xi jinping", "d1", 0),  # kind not accepted by the row
        ("visited", "xi jinping", "shanghai", "d2", 0),  # other document
        ("met", "shanghai", "xi jinping", "d1", 1),  # symmetric kinds: either direction
        ("cooperatesWith", "shanghai", "xi jinping", "d1", 1),
        ("signedAgreementWith", "shanghai", "xi jinping", "d1", 1),
        ("cooccursWith", "shanghai", "xi jinping", "d1", 1),
    ],
)
def test_direction_and_symmetric_kinds(kind, subject, obj, doc, expected):
    kinds = ("visited", "met", "cooperatesWith", "signedAgreementWith", "cooccursWith")
    gold = [GoldRelation("d1", kinds, True, "Xi Jinping", "Shanghai")]
    s = score_relations([rel(kind, subject, obj, doc)], ENTITIES, gold)
    assert s.found == expected


def test_symmetric_kinds_are_the_documented_ones():
    assert {"cooccursWith", "met", "cooperatesWith", "signedAgreementWith"} == SYMMETRIC_KINDS


def test_format_relation_report(seeds_scores):
    text = format_relation_report(seeds_scores)
    assert text.splitlines()[0].startswith("required found 2/4 (0.50), all found 2/6 (0.33)")
    assert "  R d1  visited  Shanghai -> Xi Jinping  [extracted: visited]" in text
    assert "    d2  memberOf|partOf  Viêt Nam -> ASEAN  [subject not found]" in text
    assert "  ✓ d1  memberOf  Vietnam -> ANASE [membre]  (membre-de, 0.80)" in text
    assert "    d1  leads  Xi Jinping -> Chine  (president-de, 1.00)" in text
    assert "cooccursWith" not in text.split("Typed relations for review")[1]


def test_format_relation_report_says_when_found_entities_are_not_linked():
    gold = [GoldRelation("d1", ("locatedIn",), False, "Shanghai", "Chine")]
    text = format_relation_report(score_relations([], ENTITIES, gold))
    assert "    d1  locatedIn  Shanghai -> Chine  [no relation between them]" in text


def test_format_relation_report_when_nothing_is_typed():
    gold = parse_gold_relations(GOLD_TSV)
    text = format_relation_report(score_relations([rel("cooccursWith", "a", "b")], [], gold))
    assert "Typed relations for review (0):\n  (none)" in text
    assert "all found 0/6" in text


# =========================================================================== POPCORN


def at(text: str, sub: str, nth: int = 0) -> tuple[int, int]:
    """Offsets of the nth occurrence of ``sub`` in ``text``."""
    start = -1
    for _ in range(nth + 1):
        start = text.index(sub, start + 1)
    return (start, start + len(sub))


TEXT = (
    "Marie Curie dirige Radium SA avec Curie et Nobel. Paris brille. "
    "Elle a rencontré Paul Martin à Lyon avec un microscope."
)
MARIE, RADIUM, CURIE, NOBEL = (
    at(TEXT, "Marie Curie"),
    at(TEXT, "Radium SA"),
    at(TEXT, "Curie", 1),
    at(TEXT, "Nobel"),
)
PARIS, ELLE, PAUL, LYON = (
    at(TEXT, "Paris"),
    at(TEXT, "Elle"),
    at(TEXT, "Paul Martin"),
    at(TEXT, "Lyon"),
)
MICROSCOPE, RENCONTRE = at(TEXT, "microscope"), at(TEXT, "rencontré")

POPCORN_JSON = {
    "doc1": {
        "text": TEXT,
        "entities": [
            {
                "id": 0,
                "type": "CIVILIAN",
                "mentions": [
                    {"value": "Marie Curie", "start": MARIE[0], "end": MARIE[1]},
                    {"value": "Curie", "start": CURIE[0], "end": CURIE[1]},
                    {"value": "Elle", "start": ELLE[0], "end": ELLE[1]},
                ],
            },
            {
                "id": 1,
                "type": "NON_GOVERNMENTAL_ORGANISATION",
                "mentions": [{"value": "Radium SA", "start": RADIUM[0], "end": RADIUM[1]}],
            },
            {
                "id": 2,
                "type": "PLACE",
                "mentions": [{"value": "Paris", "start": PARIS[0], "end": PARIS[1]}],
            },
            {
                "id": 3,
                "type": "CIVILIAN",
                "mentions": [{"value": "Paul Martin", "start": PAUL[0], "end": PAUL[1]}],
            },
            {
                "id": 4,
                "type": "PLACE",
                "mentions": [{"value": "Lyon", "start": LYON[0], "end": LYON[1]}],
            },
            {
                "id": 5,
                "type": "MATERIEL",
                "mentions": [{"value": "microscope", "start": MICROSCOPE[0], "end": MICROSCOPE[1]}],
            },
            # an attribute repeating the span of another entity: ignored
            {
                "id": 6,
                "type": "FIRSTNAME",
                "mentions": [{"value": "Lyon", "start": LYON[0], "end": LYON[1]}],
            },
        ],
        "relations": [
            [0, "HAS_CONTROL_OVER", 1],  # leads, holdsPosition
            [1, "OPERATES_IN", 2],  # locatedIn
            [0, "IS_IN_CONTACT_WITH", 3],  # met, saidTo (undirected)
            [3, "IS_LOCATED_IN", 4],  # locatedIn, visited
            [0, "CREATED", 1],  # foundedBy, reversed: Radium SA foundedBy Marie Curie
            [0, "HAS_CONTROL_OVER", 5],  # control over MATERIEL: not leading
            [0, "GENDER_FEMALE", 0],  # self relation, attribute
            [3, "HAS_CATEGORY", 6],  # attribute entity
            [0, "IS_BORN_IN", 2],  # not mapped
        ],
    },
    "doc2": {"text": "Rien.", "entities": [], "relations": []},
}


@pytest.fixture(scope="module")
def docs() -> list[PopcornDoc]:
    return parse_popcorn(json.dumps(POPCORN_JSON))


def test_parse_popcorn(docs):
    assert [d.id for d in docs] == ["doc1", "doc2"]
    doc = docs[0]
    assert doc.text == TEXT
    assert doc.entities[0] == PopcornEntity(0, "CIVILIAN", tuple(sorted((MARIE, CURIE, ELLE))))
    assert doc.relations[4] == PopcornRelation(0, "CREATED", 1)
    assert len(doc.entities) == 7
    assert docs[1].entities == docs[1].relations == ()


@pytest.mark.parametrize(
    ("record", "message"),
    [
        ({"entities": []}, "'text'"),
        (
            {
                "text": "abc",
                "entities": [{"id": 0, "type": "PLACE", "mentions": [{"start": 1, "end": 9}]}],
            },
            "outside the text",
        ),
        ({"text": "abc", "entities": [], "relations": [[0, "IS_PART_OF", 1]]}, "unknown entity"),
        ({"text": "abc", "entities": [{"type": "PLACE", "mentions": []}]}, "'id'"),
    ],
)
def test_parse_popcorn_bad_records_name_the_document(record, message):
    with pytest.raises(InputError) as err:
        parse_popcorn(
            json.dumps({"good": {"text": "x", "entities": [], "relations": []}, "bad7": record})
        )
    assert "document 'bad7'" in str(err.value)
    assert message in str(err.value)


@pytest.mark.parametrize("text", ["not json", "[1, 2]"])
def test_parse_popcorn_rejects_non_objects(text):
    with pytest.raises(InputError):
        parse_popcorn(text)


def test_gold_facts_mapping_and_created_reversal(docs):
    facts = gold_facts(docs[0])
    assert facts == {
        ("leads", 0, 1, False),
        ("holdsPosition", 0, 1, False),
        ("locatedIn", 1, 2, False),
        ("met", 0, 3, True),
        ("saidTo", 0, 3, True),
        ("locatedIn", 3, 4, False),
        ("visited", 3, 4, False),
        ("foundedBy", 1, 0, False),  # CREATED(Marie Curie, Radium SA) reversed
    }
    assert gold_facts(docs[1]) == set()


def test_mapping_is_consistent():
    assert POPCORN_RELATIONS["CREATED"][0].direction == "reversed"
    assert set(POPCORN_KINDS) == {r.kind for rules in POPCORN_RELATIONS.values() for r in rules}
    assert "cooccursWith" not in POPCORN_KINDS
    for rules in POPCORN_RELATIONS.values():
        for rule in rules:
            assert rule.direction in ("same", "reversed", "any")


GUANGXI_TEXT = "Chen Gang, secrétaire du Parti du Guangxi, parle."
GUANGXI = PopcornDoc(
    "g",
    GUANGXI_TEXT,
    (
        PopcornEntity(0, "CIVILIAN", (at(GUANGXI_TEXT, "Chen Gang"),)),
        PopcornEntity(1, "NON_GOVERNMENTAL_ORGANISATION", (at(GUANGXI_TEXT, "Parti du Guangxi"),)),
        PopcornEntity(2, "PLACE", (at(GUANGXI_TEXT, "Guangxi"),)),
        PopcornEntity(3, "FIRSTNAME", (at(GUANGXI_TEXT, "Chen Gang"),)),  # ignored
        PopcornEntity(4, "GROUP_OF_INDIVIDUALS", (at(GUANGXI_TEXT, "secrétaire du Parti"),)),
    ),
    (),
)


@pytest.mark.parametrize(
    ("surface", "expected"),
    [
        ("Chen Gang", 0),  # exact; the FIRSTNAME attribute on the same span is ignored
        ("Chen", 0),  # partial overlap
        ("Gang, secrétaire", 4),  # 4 characters with Chen Gang, 10 with the group: most wins
        ("Guangxi", 2),  # inside the party too: equal overlap, the tighter mention wins
        ("Parti du Guangxi", 1),
        ("du Guangxi", 1),  # 10 characters with the party, 7 with the place
        ("parle", None),  # no gold mention there
    ],
)
def test_align_span_by_best_overlap(surface, expected):
    assert align_span(at(GUANGXI_TEXT, surface), GUANGXI) == expected


def test_reachable_entities_use_any_overlap(docs):
    assert reachable_entities(docs[0], [(MARIE[0], MARIE[0] + 3), LYON]) == {0, 4}
    assert reachable_entities(docs[0], []) == set()


def test_precision_recall_arithmetic(docs):
    predictions = {
        "doc1": [
            ("foundedBy", RADIUM, MARIE),  # correct (CREATED reversed)
            ("foundedBy", MARIE, RADIUM),  # wrong direction
            ("met", PAUL, MARIE),  # correct, symmetric
            ("met", ELLE, PAUL),  # same entities after alignment: counted once
            ("locatedIn", (RADIUM[0], RADIUM[0] + 6), PARIS),  # "Radium" overlaps: correct
            ("locatedIn", MARIE, LYON),  # wrong pair
            ("locatedIn", RADIUM, RENCONTRE),  # "rencontré" aligns to nothing
            ("leads", MARIE, CURIE),  # one entity on both sides
            ("saidTo", PAUL, ELLE),  # IS_IN_CONTACT_WITH: either direction
            ("capitalOf", PARIS, LYON),  # no POPCORN counterpart
        ]
    }
    found_spans = {"doc1": [MARIE, RADIUM, PARIS, PAUL]}  # Lyon was not found
    s = score_popcorn(docs, predictions, found_spans=found_spans)
    assert set(s) == set(POPCORN_KINDS) | {"capitalOf"}
    assert s["foundedBy"] == KindScores("foundedBy", 2, 1, 0, 1, 1, 1, 1)
    assert s["met"] == KindScores("met", 1, 1, 0, 1, 1, 1, 1)
    assert s["locatedIn"] == KindScores("locatedIn", 3, 1, 1, 2, 1, 1, 1)
    assert s["leads"] == KindScores("leads", 1, 0, 0, 1, 0, 1, 0)
    assert s["saidTo"] == KindScores("saidTo", 1, 1, 0, 1, 1, 1, 1)
    assert s["visited"] == KindScores("visited", 0, 0, 0, 1, 0, 0, 0)
    assert s["capitalOf"] == KindScores("capitalOf", 1, 0, 0, 0, 0, 0, 0, scored=False)
    assert s["foundedBy"].precision == 0.5
    assert s["locatedIn"].precision == pytest.approx(1 / 3)
    assert (s["locatedIn"].recall, s["locatedIn"].reachable_recall) == (0.5, 1.0)
    assert s["visited"].reachable_recall is None and s["visited"].precision is None
    assert s["capitalOf"].precision is None


def test_without_found_spans_reachable_is_unknown(docs):
    s = score_popcorn(docs, {})
    assert s["locatedIn"].reachable is None
    assert s["locatedIn"].reachable_recall is None
    assert (s["locatedIn"].gold, s["locatedIn"].recall) == (2, 0.0)


# --------------------------------------------------------------------------- corpus helpers


def hand_corpus() -> Corpus:
    """The POPCORN text as our pipeline might read it: 3 sentences, one MISC."""
    mentions = [
        Mention("doc1", *MARIE, "Marie Curie", "PER", "Marie Curie", 0),
        Mention("doc1", *RADIUM, "Radium SA", "ORG", "Radium SA", 0),
        Mention("doc1", *CURIE, "Curie", "PER", "Curie", 0),  # same entity, shorter
        Mention("doc1", *NOBEL, "Nobel", "MISC", "Nobel", 0),  # MISC: not in the baseline
        Mention("doc1", *PARIS, "Paris", "LOC", "Paris", 1),  # alone in its sentence
        Mention("doc1", *PAUL, "Paul Martin", "PER", "Paul Martin", 2),
        Mention("doc1", *LYON, "Lyon", "LOC", "Lyon", 2),
    ]
    ids = ("marie curie", "radium sa", "marie curie", "nobel", "paris", "paul martin", "lyon")
    entities = (
        entity("lyon", "Lyon", "LOC", "doc1"),
        entity("marie curie", "Marie Curie", "PER", "doc1", aliases=("Curie",)),
        entity("nobel", "Nobel", "MISC", "doc1"),
        entity("paris", "Paris", "LOC", "doc1"),
        entity("paul martin", "Paul Martin", "PER", "doc1"),
        entity("radium sa", "Radium SA", "ORG", "doc1"),
    )
    relations = (
        Relation("cooccursWith", "marie curie", "radium sa", "doc1", "...", 0, 49),
        Relation(
            "locatedIn",
            "paul martin",
            "lyon",
            "doc1",
            "...",
            64,
            120,
            subject_span=PAUL,
            object_span=LYON,
        ),
        Relation("leads", "marie curie", "radium sa", "doc1", "...", 0, 49),  # no spans
    )
    return Corpus((), tuple(mentions), Resolution(entities, ids), relations)


def test_sentence_mentions_one_span_per_entity():
    assert sentence_mentions(hand_corpus()) == {"doc1": [[MARIE, RADIUM], [PAUL, LYON]]}


def test_mention_spans_leave_out_misc():
    assert mention_spans(hand_corpus()) == {"doc1": [MARIE, RADIUM, CURIE, PARIS, PAUL, LYON]}


def test_relation_predictions_keep_typed_relations_with_spans():
    assert relation_predictions(hand_corpus()) == {"doc1": [("locatedIn", PAUL, LYON)]}


def test_relation_predictions_leave_out_nested_spans():
    """A place inside an organisation's name cannot be aligned to two POPCORN entities."""
    from dataclasses import replace

    corpus = hand_corpus()
    seat = Relation("locatedIn", "assoc", "paris", "doc1", "…", 0, 40, 0.8, "name-seat",
                    subject_span=(10, 44), object_span=(39, 44))
    nested = replace(corpus, relations=(*corpus.relations, seat))
    assert relation_predictions(nested) == {"doc1": [("locatedIn", PAUL, LYON)]}


def test_cooccurrence_baseline_generation(docs):
    sentences = sentence_mentions(hand_corpus())
    baseline = cooccurrence_baseline(docs, sentences, kinds=("met", "locatedIn"))
    assert baseline == {
        "doc1": [
            ("met", MARIE, RADIUM),
            ("locatedIn", MARIE, RADIUM),
            ("locatedIn", RADIUM, MARIE),
            ("met", PAUL, LYON),
            ("locatedIn", PAUL, LYON),
            ("locatedIn", LYON, PAUL),
        ],
        "doc2": [],
    }
    full = cooccurrence_baseline(docs, sentences)
    directed = len([k for k in POPCORN_KINDS if k not in SYMMETRIC_KINDS])
    symmetric = len(POPCORN_KINDS) - directed
    assert len(full["doc1"]) == 2 * (2 * directed + symmetric)


def test_baseline_and_ours_scored_on_the_hand_made_case(docs):
    corpus = hand_corpus()
    spans = mention_spans(corpus)
    baseline = cooccurrence_baseline(docs, sentence_mentions(corpus))
    base = score_popcorn(docs, baseline, found_spans=spans)
    ours = score_popcorn(docs, relation_predictions(corpus), found_spans=spans)
    # locatedIn: 4 baseline predictions, only Paul Martin -> Lyon is gold; gold also has
    # Radium SA -> Paris (never in one sentence).
    assert (base["locatedIn"].correct, base["locatedIn"].predicted) == (1, 4)
    assert (base["locatedIn"].found, base["locatedIn"].gold, base["locatedIn"].reachable) == (
        1,
        2,
        2,
    )
    # leads: Marie Curie -> Radium SA is gold; its reverse and both Paul/Lyon orders are not.
    assert (base["leads"].correct, base["leads"].predicted) == (1, 4)
    # met is symmetric: one prediction per pair, neither pair met.
    assert (base["met"].correct, base["met"].predicted) == (0, 2)
    assert (ours["locatedIn"].precision, ours["locatedIn"].recall) == (1.0, 0.5)
    assert ours["leads"].predicted == 0  # the leads relation has no spans


def test_popcorn_table(docs):
    s = score_popcorn(docs, {"doc1": [("locatedIn", RADIUM, PARIS), ("said", MARIE, PAUL)]})
    table = popcorn_table([("ours", s), ("base", score_popcorn(docs, {}))])
    lines = table.splitlines()
    assert lines[0] == (
        "| kind | gold | reachable | ours P | ours R | ours R reach. | base P | base R | base R reach. |"
    )
    assert (
        "| locatedIn | 2 | n/a | 1.00 (1/1) | 0.50 (1/2) | n/a | n/a (0/0) | 0.00 (0/2) | n/a |"
        in lines
    )
    assert "| said | 0 | n/a | unscored (1) | n/a (0/0) | n/a | n/a | n/a | n/a |" in lines
    assert popcorn_table([]) == ""
