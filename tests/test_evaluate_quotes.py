"""Quote scoring, reading relations and quotations back from RDF, and `kg eval relations`."""

from __future__ import annotations

import pytest
from typer.testing import CliRunner

from conftest import small_kg
from kg.cli import app
from kg.errors import InputError
from kg.evaluate import GoldEntity
from kg.evaluate_quotes import (
    GoldQuote,
    format_quote_report,
    parse_gold_quotes,
    quote_words,
    score_quotes,
    starts_with,
)
from kg.evaluate_rdf import facts_from_rdf
from kg.evaluate_relations import parse_gold_relations, score_relations
from kg.export.rdf import to_rdf
from kg.types import Entity, Quote

HEADER = "doc\tspeaker\tquote_start_words\tverb\n"


@pytest.mark.parametrize(
    ("extracted", "gold", "found"),
    [
        ("La destruction de cet hôpital prive 40 000 personnes", "La destruction de cet hôpital prive", True),
        ("que la destruction de cet hôpital prive", "La destruction de cet hôpital prive", True),
        ("« L’arrêt des traitements », a-t-il dit", "l'arrêt des traitements", True),
        ("consensus politique", "consensus politique", True),
        # cut at its start: the subject is lost
        ("étaient des éléments clés du WIC", "Ces réunions étaient des éléments clés du WIC", False),
        # run on from the sentence before: the content starts too late
        ("Il a dit hier devant la presse que la destruction de cet hôpital", "la destruction de cet hôpital", False),
        # cut short: fewer words than the gold's start
        ("La destruction de", "La destruction de cet hôpital prive", False),
    ],
)
def test_starts_with(extracted, gold, found):
    assert starts_with(quote_words(extracted), quote_words(gold)) is found


def test_parse_gold_quotes_and_errors():
    rows = parse_gold_quotes(HEADER + "d1\tMSF\tLa destruction de cet hôpital\tajouter\n")
    assert rows == [GoldQuote("d1", "MSF", "La destruction de cet hôpital", "ajouter")]
    with pytest.raises(InputError, match="line 2"):
        parse_gold_quotes(HEADER + "d1\tMSF\tajouter\n")
    with pytest.raises(InputError, match="no word"):
        parse_gold_quotes(HEADER + "d1\tMSF\t« »\tajouter\n")


def _quote(doc, speaker, text, start=0):
    return Quote(doc, speaker, text, start, start + len(text), text, 0, 0, "dire", "p", 0.9)


def test_score_quotes_speaker_start_and_documents():
    entities = [
        Entity("msf", "Médecins sans frontières", "ORG", ("MSF",), 2, ("d1",)),
        Entity("ban", "Ban Ki-moon", "PER", (), 1, ("d1",)),
    ]
    gold_entities = [GoldEntity("d1", "ORG", True, "Médecins sans frontières", ("MSF",))]
    gold = [
        GoldQuote("d1", "MSF", "La destruction de cet hôpital prive", "ajouter"),
        GoldQuote("d1", "Ban Ki-moon", "il s'agit de violations flagrantes", "selon"),
    ]
    quotes = [
        _quote("d1", "msf", "la destruction de cet hôpital prive 40 000 personnes"),  # right
        _quote("d1", "ban", "la destruction de cet hôpital prive 40 000 personnes", 5),  # speaker
        _quote("d1", "ban", "violations flagrantes du droit", 90),  # cut
        _quote("d9", "ban", "il s'agit de violations flagrantes", 3),  # not a gold document
    ]
    scores = score_quotes(quotes, entities, gold, gold_entities=gold_entities)
    assert (scores.found, scores.total, scores.correct, len(scores.extracted)) == (1, 2, 1, 3)
    assert scores.recall == 0.5 and scores.precision == pytest.approx(1 / 3)
    (missed, same_speaker), = scores.missed
    assert missed.speaker == "Ban Ki-moon" and len(same_speaker) == 2
    report = format_quote_report(scores, show=True)
    assert report.startswith("quotes: recall 1/2 (0.50), precision 1/3 (0.33)")
    assert "Ban Ki-moon [selon]" in report and "violations flagrantes du droit" in report


def test_facts_from_rdf_round_trip():
    facts = facts_from_rdf(to_rdf(small_kg()))
    names = {e.id: e.name for e in facts.entities}
    typed = {
        (r.kind, names[r.subject], names[r.object], r.doc_id)
        for r in facts.relations
        if r.kind != "cooccursWith"
    }
    assert typed == {
        ("holdsPosition", "Chen Gang", "Guangxi", "d1"),
        ("met", "Chen Gang", "Xi Jinping", "d2"),
        ("visited", "Xi Jinping", "Chine", "d2"),
        ("locatedIn", "Paris", "Paris", "d2"),
    }
    role = next(r for r in facts.relations if r.kind == "holdsPosition")
    assert role.value == "secrétaire" and role.pattern == "role-apposition"
    chen = next(e for e in facts.entities if e.name == "Chen Gang")
    assert chen.type == "PER" and chen.documents == ("d1", "d2") and "M. Chen" in chen.aliases
    quotes = {(q.doc_id, names[q.speaker], q.text, q.verb) for q in facts.quotes}
    assert quotes == {
        ("d1", "Chen Gang", "une coopération", "déclarer"),
        ("d2", "Xi Jinping", "la paix", "dire"),
    }
    said_to = next(q for q in facts.quotes if q.addressee)
    assert names[said_to.addressee] == "ASEAN"
    gold = parse_gold_relations(
        "doc\trelation\trequired\tsubject\tobject\tevidence\n"
        "d1\tholdsPosition\t1\tChen Gang\tGuangxi\t\n"
        "d2\tmet\t1\tXi Jinping\tM. Chen\t\n"
    )
    scores = score_relations(facts.relations, facts.entities, gold)
    assert (scores.required_found, scores.required_total) == (2, 2)


def test_cli_eval_relations(tmp_path):
    from kg.export.rdf import write_rdf

    graph = tmp_path / "graph.ttl"
    write_rdf(to_rdf(small_kg()), graph)
    relations = tmp_path / "relations.tsv"
    relations.write_text(
        "doc\trelation\trequired\tsubject\tobject\tevidence\n"
        "d1\tholdsPosition\t1\tChen Gang\tGuangxi\t\n"
        "d2\tcooperatesWith\t0\tXi Jinping\tChen Gang\t\n",
        encoding="utf-8",
    )
    quotes = tmp_path / "quotes.tsv"
    quotes.write_text(HEADER + "d2\tXi Jinping\tla paix\tdire\n", encoding="utf-8")
    runner = CliRunner()
    result = runner.invoke(
        app, ["eval", "relations", str(graph), "--gold", str(relations), "--quotes", str(quotes), "--show"]
    )
    assert result.exit_code == 0, result.output
    out = result.output
    assert "required recall 1/1 (1.00), all-relation recall 1/2 (0.50)" in out
    # typed relations of d1 and d2 only (the gold's documents): holdsPosition matches, the rest not
    assert "typed precision 1/4 (0.25)" in out
    assert "quotes: recall 1/1 (1.00), precision 1/2 (0.50)" in out
    assert "Missed gold relations (1):" in out

    bad = tmp_path / "bad.tsv"
    bad.write_text("doc\trelation\trequired\tsubject\tobject\tevidence\nd1\tnoSuchKind\t1\ta\tb\t\n")
    result = runner.invoke(app, ["eval", "relations", str(graph), "--gold", str(bad)])
    assert result.exit_code == 2
    assert "line 2" in result.output and "noSuchKind" in result.output
    assert "Traceback" not in result.output
