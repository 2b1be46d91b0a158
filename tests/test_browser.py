"""The HTML view in a real browser: Playwright drives Debian's Chromium (``/usr/bin/chromium``).

Every request other than the page's own ``file://`` URL is refused and
counted, and console and page errors are collected; each test asserts that
there were none. The seeds graph is built once with the real spaCy model
(``seeds_result`` in conftest.py). Screenshots go to ``test-artifacts/``.

Skipped when Playwright or Chromium is missing (``make browser`` installs
Chromium; ``pip install -e '.[browser]'`` installs Playwright). No browser is
ever downloaded: Playwright is pointed at the system Chromium.
"""

from __future__ import annotations

import importlib.util
import math
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import networkx as nx
import pytest

from kg import view
from kg.export.html import to_html, write_html
from kg.graph import build_graph
from kg.types import Entity, Relation
from kg.view import CHROMIUM, CHROMIUM_ARGS

VIEWPORT = {"width": 1400, "height": 900}
ROOT = Path(__file__).resolve().parents[1]
ARTIFACTS = ROOT / "test-artifacts"

if importlib.util.find_spec("playwright") is None:
    pytest.skip(
        "Playwright is not installed (pip install -e '.[browser]')", allow_module_level=True
    )
if not CHROMIUM.exists():
    pytest.skip(f"{CHROMIUM} is missing (make browser installs it)", allow_module_level=True)

from playwright.sync_api import Browser, Page, sync_playwright  # noqa: E402

pytestmark = [pytest.mark.browser, pytest.mark.model]

NDB = "nouvelle banque de developpement"
CHEN_GANG = "chen gang"

# Real label boxes as vis-network measured and drew them, in canvas pixels.
LABEL_BOXES = """() => {
  const net = window.kgNetwork;
  return net.body.nodeIndices
    .filter((id) => !net.body.nodes[id].options.hidden)
    .map((id) => {
      const n = net.body.nodes[id];
      const l = n.labelModule.size;
      return { id: id, x: n.x, y: n.y, r: n.options.size, font: n.options.font.size,
               left: l.left, top: l.top, width: l.width, height: l.height };
    });
}"""

# The DOM point (page coordinates) of a node's centre.
NODE_POINT = """(id) => {
  const net = window.kgNetwork;
  const dom = net.canvasToDOM(net.getPositions([id])[id]);
  const box = document.getElementById("kg-network").getBoundingClientRect();
  return { x: box.left + dom.x, y: box.top + dom.y };
}"""

# A relation whose middle can be clicked: no node there, and vis finds that edge there.
CLICKABLE_EDGE = """(kinds) => {
  const net = window.kgNetwork;
  const box = document.getElementById("kg-network").getBoundingClientRect();
  const edges = KG_EDGES.filter((e) => !e.hidden && !e.smooth)
    .sort((a, b) => (kinds.includes(b.kind) - kinds.includes(a.kind)) || (b.weight - a.weight));
  for (const e of edges) {
    const p = net.getPositions([e.from, e.to]);
    const mid = net.canvasToDOM({ x: (p[e.from].x + p[e.to].x) / 2, y: (p[e.from].y + p[e.to].y) / 2 });
    if (mid.x < 20 || mid.y < 20 || mid.x > box.width - 20 || mid.y > box.height - 20) continue;
    if (net.getNodeAt(mid) !== undefined || net.getEdgeAt(mid) !== e.id) continue;
    return { id: e.id, x: box.left + mid.x, y: box.top + mid.y };
  }
  return null;
}"""


# --------------------------------------------------------------------------- fixtures


@dataclass
class Session:
    """A page in a fresh browser context, with what it tried to fetch and the errors it raised."""

    page: Page
    url: str = ""
    requests: list[str] = field(default_factory=list)
    refused: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)

    def open(self, path: Path) -> None:
        """Load the page at ``path`` and wait until it says it is interactive."""
        self.url = path.resolve().as_uri()
        self.page.goto(self.url)
        self.page.wait_for_function("() => window.kgState && window.kgState.ready", timeout=30_000)

    def state(self) -> dict[str, Any]:
        """Return ``window.kgState``."""
        return self.page.evaluate("() => window.kgState")

    def assert_clean(self) -> None:
        """No request but the page itself, nothing refused, no console or page error."""
        assert self.refused == []
        assert [url for url in self.requests if url != self.url] == []
        assert self.errors == []


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    with sync_playwright() as p:
        chromium = p.chromium.launch(
            executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS
        )
        yield chromium
        chromium.close()


@pytest.fixture
def session(browser: Browser) -> Iterator[Session]:
    context = browser.new_context(viewport=VIEWPORT)
    page = context.new_page()
    s = Session(page)

    def route(request_route: Any) -> None:
        url = request_route.request.url
        if url == s.url:
            request_route.continue_()
        else:
            s.refused.append(url)
            request_route.abort()

    context.route("**/*", route)
    page.on("request", lambda request: s.requests.append(request.url))
    page.on("console", lambda msg: s.errors.append(msg.text) if msg.type == "error" else None)
    page.on("pageerror", lambda exc: s.errors.append(f"page error: {exc}"))
    yield s
    context.close()


@pytest.fixture(scope="module")
def seeds_graph(seeds_result: Any) -> nx.MultiDiGraph:
    return seeds_result.graph


@pytest.fixture(scope="module")
def seeds_page(seeds_graph: nx.MultiDiGraph, tmp_path_factory: pytest.TempPathFactory) -> Path:
    return write_html(seeds_graph, tmp_path_factory.mktemp("seeds") / "graph.html")


@pytest.fixture
def seeds(session: Session, seeds_page: Path) -> Session:
    session.open(seeds_page)
    return session


def fold(text: str) -> str:
    return unicodedata.normalize("NFD", text).encode("ascii", "ignore").decode().casefold()


# --------------------------------------------------------------------------- loading


def test_seeds_page_loads_offline_with_every_node(
    seeds: Session, seeds_graph: nx.MultiDiGraph
) -> None:
    page = seeds.page
    counts = page.evaluate(
        "() => [kgNetwork.body.data.nodes.length, kgNetwork.body.data.edges.length, KG_NODES.length]"
    )
    N, E = seeds_graph.number_of_nodes(), seeds_graph.number_of_edges()
    assert counts == [N, E, N]
    shown = sum(1 for _, d in seeds_graph.nodes(data=True) if d["type"] != "MISC")
    assert page.inner_text("#kg-shown-nodes") == str(shown)
    assert seeds.state()["shownNodes"] == shown
    drawn = page.evaluate(
        "() => kgNetwork.body.nodeIndices.filter((id) => !kgNetwork.body.nodes[id].options.hidden).length"
    )
    assert drawn == shown
    assert page.locator("#kg-notice").count() == 0  # the seeds graph is not cut
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "seeds-graph.png"))
    assert (ARTIFACTS / "seeds-graph.png").stat().st_size > 20_000
    seeds.assert_clean()


def test_labels_do_not_overlap_and_are_readable_at_default_zoom(seeds: Session) -> None:
    boxes = seeds.page.evaluate(LABEL_BOXES)
    scale = seeds.page.evaluate("() => kgNetwork.getScale()")
    assert len(boxes) > 50

    def apart(a: dict[str, float], b: dict[str, float]) -> bool:
        return (
            a["left"] + a["width"] <= b["left"]
            or b["left"] + b["width"] <= a["left"]
            or a["top"] + a["height"] <= b["top"]
            or b["top"] + b["height"] <= a["top"]
        )

    def disc(n: dict[str, float]) -> dict[str, float]:
        return {
            "left": n["x"] - n["r"],
            "top": n["y"] - n["r"],
            "width": 2 * n["r"],
            "height": 2 * n["r"],
        }

    clashes = [
        (a["id"], b["id"])
        for i, a in enumerate(boxes)
        for b in boxes[i + 1 :]
        if not (apart(a, b) and apart(a, disc(b)) and apart(disc(a), b) and apart(disc(a), disc(b)))
    ]
    assert clashes == []
    # every label is drawn (vis skips labels under 5 px) and the smallest is still legible
    assert min(b["font"] for b in boxes) * scale >= 8.5
    seeds.assert_clean()


# --------------------------------------------------------------------------- explore


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("NDB", NDB),
        ("ndb", NDB),
        ("nouvelle banque de developpement", NDB),
        ("pekin", "pekin"),
        ("Chen", CHEN_GANG),
    ],
)
def test_search_by_name_or_alias_focuses_the_entity(
    seeds: Session, seeds_graph: nx.MultiDiGraph, query: str, expected: str
) -> None:
    page = seeds.page
    page.fill("#kg-search", query)
    page.press("#kg-search", "Enter")
    page.wait_for_function(f"() => kgState.selected === {expected!r}")
    assert page.evaluate("() => kgNetwork.getSelectedNodes()") == [expected]
    assert page.inner_text("#kg-details-title") == seeds_graph.nodes[expected]["label"]
    assert seeds.state()["search"] == {"query": query, "hit": expected}
    page.wait_for_function("() => !kgState.animating")  # the view moves to the entity
    point = page.evaluate(NODE_POINT, expected)
    stage = page.locator("#kg-network").bounding_box()
    panel = page.locator("#kg-details").bounding_box()
    assert stage and panel
    # in view, zoomed in, right of the details panel
    assert panel["x"] + panel["width"] < point["x"] < stage["x"] + stage["width"]
    assert stage["y"] < point["y"] < stage["y"] + stage["height"]
    assert page.evaluate("() => kgNetwork.getScale()") == pytest.approx(1.0, abs=0.01)
    seeds.assert_clean()


def test_unknown_search_marks_the_box(seeds: Session) -> None:
    seeds.page.fill("#kg-search", "zzzz introuvable")
    seeds.page.press("#kg-search", "Enter")
    assert "kg-miss" in (seeds.page.get_attribute("#kg-search", "class") or "")
    assert seeds.state()["selected"] is None
    seeds.assert_clean()


def test_click_on_chen_gang_shows_his_panel_and_evidence(
    seeds: Session, seeds_graph: nx.MultiDiGraph
) -> None:
    page = seeds.page
    point = page.evaluate(NODE_POINT, CHEN_GANG)
    page.mouse.click(point["x"], point["y"])
    page.wait_for_function(f"() => kgState.selected === {CHEN_GANG!r}")
    panel = page.locator("#kg-details")
    assert panel.is_visible()
    assert page.inner_text("#kg-details-title") == "Chen Gang"
    text = panel.inner_text()
    assert "Person (PER)" in text
    for alias in seeds_graph.nodes[CHEN_GANG]["aliases"]:
        assert alias in text
    sentences = panel.locator(".kg-sentence")
    assert sentences.count() >= 1
    assert sentences.first.locator(".kg-doc").inner_text() in seeds_graph.graph["documents"]
    kinds = {k for _, _, k in seeds_graph.edges(CHEN_GANG, keys=True)}
    kinds |= {k for _, _, k in seeds_graph.in_edges(CHEN_GANG, keys=True)}
    from kg.export.html import kind_label

    for kind in kinds:
        assert f"{kind_label(kind)} (" in text  # relations grouped by kind, under its French label
    # the neighbourhood stays, the rest fades
    neighbours = set(nx.all_neighbors(seeds_graph, CHEN_GANG))
    opacity = page.evaluate(
        "() => Object.fromEntries(kgNetwork.body.data.nodes.get().map((n) => [n.id, n.opacity ?? 1]))"
    )
    assert opacity[CHEN_GANG] == 1
    assert all(opacity[n] == 1 for n in neighbours)
    assert all(opacity[n] < 1 for n in seeds_graph if n not in neighbours | {CHEN_GANG})
    ARTIFACTS.mkdir(exist_ok=True)
    page.wait_for_function("() => !kgState.animating")
    page.evaluate(  # no tooltip in the picture
        "() => document.querySelectorAll('div.vis-tooltip').forEach((t) => { t.style.visibility = 'hidden'; })"
    )
    page.screenshot(path=str(ARTIFACTS / "seeds-graph-chen-gang.png"))
    # a partner's name in the panel focuses that partner
    panel.get_by_role("button", name="Guangxi", exact=True).click()
    page.wait_for_function("() => kgState.selected === 'guangxi'")
    # Escape closes the panel and the highlight
    page.keyboard.press("Escape")
    assert not panel.is_visible()
    assert seeds.state()["selected"] is None and seeds.state()["focused"] is None
    assert page.evaluate(
        "() => kgNetwork.body.data.nodes.get().every((n) => (n.opacity ?? 1) === 1)"
    )
    seeds.assert_clean()


def test_geonames_links_in_the_panel(seeds: Session, seeds_graph: nx.MultiDiGraph) -> None:
    place = next(n for n, d in sorted(seeds_graph.nodes(data=True)) if d["same_as"])
    seeds.page.evaluate("(id) => kg.focus(id)", place)
    links = seeds.page.locator("#kg-details a")
    assert links.count() == len(seeds_graph.nodes[place]["same_as"])
    assert links.first.get_attribute("href") == seeds_graph.nodes[place]["same_as"][0]
    assert links.first.get_attribute("rel") == "noopener noreferrer"
    assert links.first.inner_text().startswith("GeoNames ")
    seeds.assert_clean()


def test_click_on_a_relation_shows_all_its_evidence(
    seeds: Session, seeds_graph: nx.MultiDiGraph
) -> None:
    page = seeds.page
    typed = sorted({k for *_, k in seeds_graph.edges(keys=True)} - {"cooccursWith"})
    target = page.evaluate(CLICKABLE_EDGE, typed)
    assert target, "no relation with a free middle to click"
    page.mouse.click(target["x"], target["y"])
    page.wait_for_function(f"() => kgState.selectedEdge === {target['id']!r}")
    edge = page.evaluate(f"() => KG_EDGES.find((e) => e.id === {target['id']!r})")
    data = seeds_graph.edges[edge["from"], edge["to"], edge["kind"]]
    panel = page.locator("#kg-details")
    from kg.export.html import kind_label

    assert kind_label(edge["kind"]) in page.inner_text("#kg-details .kg-sub")  # the French label
    sentences = panel.locator(".kg-sentence")
    assert sentences.count() == len(data["evidence"]) == data["weight"]
    assert [sentences.nth(i).locator(".kg-doc").inner_text() for i in range(sentences.count())] == [
        ev["doc"] for ev in data["evidence"]
    ]
    first = data["evidence"][0]
    assert " ".join(first["text"].split()) == sentences.first.locator("blockquote").inner_text()
    if first["pattern"]:
        assert first["pattern"] in sentences.first.inner_text()
    if first["value"]:
        assert f"role: {first['value']}" in sentences.first.inner_text()
    assert page.evaluate("() => kgNetwork.getSelectedEdges()") == [target["id"]]
    seeds.assert_clean()


def test_filters_by_type_kind_and_support(seeds: Session, seeds_graph: nx.MultiDiGraph) -> None:
    page = seeds.page
    G = seeds_graph
    shown_types = {"PER", "LOC", "ORG"}

    def expected_edges(kinds: set[str], support: int) -> int:
        return sum(
            1
            for u, v, k, d in G.edges(keys=True, data=True)
            if k in kinds
            and d["weight"] >= support
            and G.nodes[u]["type"] in shown_types
            and G.nodes[v]["type"] in shown_types
        )

    kinds = {k for *_, k in G.edges(keys=True)}
    assert int(page.inner_text("#kg-shown-edges")) == expected_edges(kinds, 1)

    page.uncheck('#kg-types input[data-type="PER"]')
    shown_types.discard("PER")
    people = sum(1 for _, d in G.nodes(data=True) if d["type"] == "PER")
    assert int(page.inner_text("#kg-shown-nodes")) == len(G) - people - sum(
        1 for _, d in G.nodes(data=True) if d["type"] == "MISC"
    )
    assert int(page.inner_text("#kg-shown-edges")) == expected_edges(kinds, 1)

    page.uncheck('#kg-kinds input[data-kind="cooccursWith"]')
    kinds.discard("cooccursWith")
    assert int(page.inner_text("#kg-shown-edges")) == expected_edges(kinds, 1)

    page.check('#kg-kinds input[data-kind="cooccursWith"]')
    kinds.add("cooccursWith")
    page.fill("#kg-min-weight-number", "3")
    page.press("#kg-min-weight-number", "Enter")
    page.wait_for_function("() => document.getElementById('kg-min-weight').value === '3'")
    assert int(page.inner_text("#kg-shown-edges")) == expected_edges(kinds, 3)
    hidden = page.evaluate(
        "() => kgNetwork.body.data.edges.get().filter((e) => e.hidden).map((e) => e.weight)"
    )
    assert hidden and min(hidden) >= 1
    visible = page.evaluate(
        "() => kgNetwork.body.data.edges.get().filter((e) => !e.hidden).map((e) => e.weight)"
    )
    assert visible and min(visible) >= 3
    seeds.assert_clean()


def test_physics_can_be_switched_on_and_off(seeds: Session) -> None:
    page = seeds.page
    assert page.evaluate("() => kgNetwork.physics.physicsEnabled") is False
    before = page.evaluate("() => kgNetwork.getPositions()")
    page.check("#kg-physics")
    assert page.evaluate("() => kgNetwork.physics.physicsEnabled") is True
    page.wait_for_timeout(400)
    after = page.evaluate("() => kgNetwork.getPositions()")
    assert any(
        math.dist((p["x"], p["y"]), (after[i]["x"], after[i]["y"])) > 1 for i, p in before.items()
    )
    page.uncheck("#kg-physics")
    assert page.evaluate("() => kgNetwork.physics.physicsEnabled") is False
    page.click("#kg-fit")
    seeds.assert_clean()


# --------------------------------------------------------------------------- other pages


def test_big_graph_is_cut_and_says_so(session: Session, tmp_path: Path) -> None:
    entities = [
        Entity(f"e{i:03d}", f"Entité {i}", "ORG", (f"E{i}",), 1 + i % 5, ("d",)) for i in range(80)
    ]
    relations = [
        Relation(
            "cooccursWith", f"e{i:03d}", f"e{(i * 7 + 3) % 80:03d}", "d", f"Phrase {i}.", i, i + 9
        )
        for i in range(80)
        if (i * 7 + 3) % 80 != i
    ]
    G = build_graph(entities, relations)
    path = tmp_path / "graph.html"
    path.write_text(to_html(G, max_nodes=30), "utf-8")
    session.open(path)
    assert session.page.evaluate("() => kgNetwork.body.data.nodes.length") == 30
    notice = session.page.locator("#kg-notice")
    assert notice.is_visible()
    assert "showing 30 of 80 entities; the full graph is in the RDF" in notice.inner_text()
    session.assert_clean()


def test_empty_graph_page(session: Session, tmp_path: Path) -> None:
    path = tmp_path / "graph.html"
    path.write_text(to_html(nx.MultiDiGraph()), "utf-8")
    session.open(path)
    assert "This graph is empty" in session.page.inner_text("body")
    session.assert_clean()


def test_hostile_names_stay_text(session: Session, tmp_path: Path) -> None:
    nasty = '<img src=x onerror="window.pwned=1">'
    G = build_graph(
        [
            Entity("evil", nasty, "PER", ("</script><script>window.pwned=1</script>",), 2, ("d1",)),
            Entity("ok", "Paris", "LOC", (), 1, ("d1",), same_as=("javascript:window.pwned=1",)),
        ],
        [Relation("cooccursWith", "evil", "ok", "d1", f"{nasty} à Paris.", 0, 40)],
    )
    path = tmp_path / "graph.html"
    path.write_text(to_html(G), "utf-8")
    session.open(path)
    session.page.evaluate("() => { kg.focus('evil'); kg.focus('ok'); kg.showNode('evil'); }")
    assert session.page.inner_text("#kg-details-title") == nasty
    assert session.page.locator("#kg-details img").count() == 0
    session.page.evaluate("() => kg.focus('ok')")
    assert session.page.locator("#kg-details a").count() == 0  # not a web link: dropped
    assert session.page.evaluate("() => window.pwned") is None
    session.assert_clean()


def test_notebook_iframe_draws_the_graph(session: Session, tmp_path: Path) -> None:
    G = build_graph(
        [
            Entity("a", "Alpha", "PER", ("A.",), 3, ("d1",)),
            Entity("b", "Beta", "LOC", (), 1, ("d1",)),
        ],
        [Relation("cooccursWith", "a", "b", "d1", "Alpha à Beta.", 0, 13)],
    )
    notebook = tmp_path / "notebook.html"
    notebook.write_text(f"<!DOCTYPE html><title>nb</title>{view.show(G, height=400).data}", "utf-8")
    session.url = notebook.resolve().as_uri()
    session.page.goto(session.url)
    frame = session.page.frame_locator("iframe")
    inner = next(f for f in session.page.frames if f != session.page.main_frame)
    inner.wait_for_function("() => window.kgState && window.kgState.ready", timeout=30_000)
    assert inner.evaluate("() => kgNetwork.body.data.nodes.length") == 2
    assert inner.evaluate("() => kg.find('a.')") == "a"
    assert frame.locator("#kg-shown-nodes").inner_text() == "2"
    assert session.page.evaluate("() => window.kgState") is None  # sandboxed: nothing leaks out
    session.assert_clean()
