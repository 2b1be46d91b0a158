"""Size and speed of the interactive HTML view (kg.export.html) on generated graphs.

Usage (from the repository root)::

    .venv/bin/python bench/html_bench.py [--sizes 500,2000,5000] [--edges-per-node 5]
                                         [--max-nodes N] [--runs 3] [--keep DIR]

For each size it generates a graph with :func:`generate` (fixed seed: about
``edges-per-node`` relations per entity, preferential attachment so a few hubs
gather many links, realistic names, aliases, mention counts, documents,
GeoNames links and evidence sentences; 10 % typed relations), then measures:

- ``render s``: :func:`kg.export.html.to_html` in Python (layout included);
- ``HTML MB``: the size of the page;
- ``interactive s``: the time from the start of the page load until the page
  says it is ready (``window.kgState.ready``, set on the first frame drawn
  after the initial fit) in headless Chromium (``/usr/bin/chromium``, the
  browser tests' launch options, every request other than the page refused);
  best of ``--runs`` loads, also split into parse (``DOMContentLoaded``) and
  the rest.

By default every entity is drawn (``--max-nodes 0``) so each row measures what
its size says; ``--max-nodes 1500`` measures the default cut of ``kg build``.
Prints a markdown table and whether 2,000 entities with 10,000 relations are
interactive in under 3 s. Exit status 0, 1 when that target is missed, 2 when
Chromium or Playwright is missing.
"""

from __future__ import annotations

import argparse
import random
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent
if str(REPO) not in sys.path:  # run as a script from anywhere
    sys.path.insert(0, str(REPO))

import networkx as nx  # noqa: E402

from kg.export.html import to_html  # noqa: E402
from kg.graph import SYMMETRIC_KINDS, build_graph  # noqa: E402
from kg.patterns import KINDS  # noqa: E402
from kg.types import DocumentInfo, Entity, Quote, Relation  # noqa: E402
from kg.view import CHROMIUM, CHROMIUM_ARGS  # noqa: E402

TARGET_NODES, TARGET_EDGES, TARGET_SECONDS = 2000, 10_000, 3.0
VIEWPORT = {"width": 1400, "height": 900}

_FIRST = [
    "Jean",
    "Marie",
    "Anne",
    "Louis",
    "Claire",
    "Pierre",
    "Sophie",
    "Paul",
    "Li",
    "Wei",
    "Chen",
    "Fatima",
    "Ahmed",
    "Olga",
    "Ivan",
    "Ana",
]
_LAST = [
    "Martin",
    "Bernard",
    "Dubois",
    "Thomas",
    "Robert",
    "Richard",
    "Petit",
    "Durand",
    "Leroy",
    "Moreau",
    "Simon",
    "Laurent",
    "Wang",
    "Zhang",
    "Liu",
    "Yang",
    "Huang",
    "Zhao",
    "Wu",
    "Zhou",
    "Diallo",
    "Traoré",
    "Haddad",
    "Novak",
    "Kowalski",
    "Rossi",
]
_SYLLABLES = [
    "ba",
    "be",
    "bi",
    "bo",
    "ga",
    "gan",
    "li",
    "lin",
    "ma",
    "mar",
    "na",
    "nan",
    "ro",
    "ran",
    "sa",
    "san",
    "ta",
    "ton",
    "vi",
    "ver",
    "zhou",
    "lou",
]
_ORG_WORDS = [
    "Banque",
    "Agence",
    "Conseil",
    "Institut",
    "Fonds",
    "Société",
    "Académie",
    "Parti",
    "Comité",
    "Forum",
    "Alliance",
    "Bureau",
    "Office",
    "Union",
    "Centre",
    "Groupe",
]
_ORG_TAILS = [
    "de développement",
    "des affaires étrangères",
    "de coopération",
    "pour l'innovation",
    "de l'énergie",
    "du commerce",
    "des sciences",
    "de la santé",
    "national",
    "international",
]
_VERBS = [
    "a rencontré",
    "a signé un accord avec",
    "a critiqué",
    "s'est entretenu avec",
    "a salué",
    "a annoncé un partenariat avec",
    "a visité",
    "a cité",
]
_CONTEXT = [
    "lors d'une conférence de presse mardi",
    "selon un communiqué publié jeudi",
    "au cours d'un sommet régional",
    "dans un entretien accordé à la presse",
    "en marge du forum économique",
    "à l'issue de longues négociations",
]


def _place_name(rng: random.Random) -> str:
    """Return a made-up place name of two or three syllables."""
    word = "".join(rng.choice(_SYLLABLES) for _ in range(rng.randint(2, 3)))
    return word.capitalize()


def _entity(index: int, rng: random.Random, n_docs: int) -> Entity:
    """Return one generated entity (PER 35 %, LOC 30 %, ORG 30 %, MISC 5 %)."""
    draw = rng.random()
    aliases: list[str] = []
    same_as: tuple[str, ...] = ()
    country = None
    if draw < 0.35:
        type_ = "PER"
        first, last = rng.choice(_FIRST), rng.choice(_LAST)
        name = f"{first} {last} {_place_name(rng)}" if rng.random() < 0.3 else f"{first} {last}"
        aliases = [last, f"M. {last}"][: rng.randint(0, 2)]
    elif draw < 0.65:
        type_ = "LOC"
        name = _place_name(rng)
        aliases = [f"la {name}"] if rng.random() < 0.3 else []
        if rng.random() < 0.6:
            same_as = (f"https://sws.geonames.org/{rng.randint(100_000, 9_999_999)}/",)
            country = rng.choice(["FR", "CN", "US", "DE", "BR", "IN", "ZA"])
    elif draw < 0.95:
        type_ = "ORG"
        name = f"{rng.choice(_ORG_WORDS)} {rng.choice(_ORG_TAILS)} {_place_name(rng)}"
        acronym = "".join(w[0] for w in name.split() if w[0].isupper())
        aliases = [acronym] if rng.random() < 0.5 else []
    else:
        type_ = "MISC"
        name = f"Sommet {_place_name(rng)} {2000 + rng.randint(0, 25)}"
    mentions = max(1, int(rng.paretovariate(1.3)))
    docs = tuple(sorted({f"doc{rng.randrange(n_docs):05d}" for _ in range(min(mentions, 6))}))
    return Entity(
        f"e{index:05d}",
        name,
        type_,  # type: ignore[arg-type]
        tuple(aliases),
        mentions,
        docs,
        same_as=same_as,
        country=country,
    )


def generate(n_nodes: int, *, edges_per_node: int = 5, seed: int = 7) -> nx.MultiDiGraph:
    """Return a realistic generated graph of ``n_nodes`` entities and ``edges_per_node * n_nodes``
    edges (fewer only for tiny graphs), following the contract of :func:`kg.graph.build_graph`.

    Entities are linked by preferential attachment (a few hubs, many leaves);
    9 relations out of 10 are co-occurrences, the others a typed kind. Every
    relation has 1 to 4 evidence sentences in generated documents, and every
    tenth person has a quotation. The same ``seed`` gives the same graph.
    """
    rng = random.Random(seed)
    n_docs = max(1, n_nodes // 8)
    entities = [_entity(i, rng, n_docs) for i in range(n_nodes)]
    people = [e for e in entities if e.type != "MISC"]  # MISC takes part in no relation
    wanted = edges_per_node * n_nodes
    skeleton = nx.barabasi_albert_graph(
        len(people), min(edges_per_node, max(1, len(people) - 1)), seed=seed
    )
    pairs = {tuple(sorted(p)) for p in skeleton.edges()}
    ids = list(range(len(people)))
    while len(pairs) < wanted and len(pairs) < len(ids) * (len(ids) - 1) // 2:
        a, b = rng.sample(ids, 2)
        pairs.add((min(a, b), max(a, b)))
    typed = [k for k in KINDS if k != "said"]
    relations: list[Relation] = []
    for a, b in sorted(pairs)[:wanted]:
        subject, obj = people[a], people[b]
        kind = rng.choice(typed) if rng.random() < 0.1 else "cooccursWith"
        for _ in range(min(4, max(1, int(rng.expovariate(0.9)) + 1))):
            doc = f"doc{rng.randrange(n_docs):05d}"
            start = rng.randrange(0, 20_000)
            text = (
                f"{subject.name} {rng.choice(_VERBS)} {obj.name} {rng.choice(_CONTEXT)}, "
                f"a-t-on appris de source {rng.choice(['officielle', 'diplomatique', 'proche du dossier'])}."
            )
            relations.append(
                Relation(
                    kind,
                    subject.id,
                    obj.id,
                    doc,
                    text,
                    start,
                    start + len(text),
                    confidence=1.0 if kind == "cooccursWith" else 0.85,
                    pattern="sentence-cooccurrence" if kind == "cooccursWith" else f"{kind}-rule",
                    value="président" if kind == "holdsPosition" else None,
                )
            )
    quotes = [
        Quote(
            e.documents[0],
            e.id,
            "nous allons renforcer notre coopération",
            0,
            39,
            f"« Nous allons renforcer notre coopération », a déclaré {e.name}.",
            0,
            80,
            "déclarer",
            "reporting-verb",
            0.9,
        )
        for e in entities[::10]
        if e.type == "PER"
    ]
    documents = [
        DocumentInfo(f"doc{i:05d}", f"doc{i:05d}.txt", 3000, 30, 60) for i in range(n_docs)
    ]
    assert not any(r.kind in SYMMETRIC_KINDS and r.subject == r.object for r in relations)
    return build_graph(entities, relations, documents=documents, quotes=quotes)


def measure_page(page: Any, url: str, runs: int) -> tuple[float, float]:
    """Return the best (interactive, parse) times in seconds of ``runs`` loads of ``url``."""
    best: tuple[float, float] | None = None
    for _ in range(runs):
        page.goto("about:blank")
        page.goto(url, wait_until="commit")
        page.wait_for_function("() => window.kgState && window.kgState.ready", timeout=120_000)
        ready, parsed = page.evaluate(
            "() => [window.kgState.readyAt,"
            " performance.getEntriesByType('navigation')[0].domContentLoadedEventEnd]"
        )
        timing = (max(ready, parsed) / 1000, parsed / 1000)
        if best is None or timing[0] < best[0]:
            best = timing
    assert best is not None
    return best


def main(argv: list[str] | None = None) -> int:
    """Run the benchmark; return the exit status."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="500,2000,5000")
    parser.add_argument("--edges-per-node", type=int, default=5)
    parser.add_argument("--max-nodes", type=int, default=0, help="0: draw every entity")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--keep", type=Path, help="folder to keep the generated pages in")
    args = parser.parse_args(argv)
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        print("Playwright is missing: pip install -e '.[browser]'", file=sys.stderr)
        return 2
    if not CHROMIUM.exists():
        print(f"{CHROMIUM} is missing: make browser (apt-get install chromium)", file=sys.stderr)
        return 2

    sizes = [int(s) for s in args.sizes.split(",") if s.strip()]
    folder = args.keep or Path(tempfile.mkdtemp(prefix="kg-html-bench-"))
    folder.mkdir(parents=True, exist_ok=True)
    rows = []
    with sync_playwright() as p:
        browser = p.chromium.launch(
            executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS
        )
        context = browser.new_context(viewport=VIEWPORT)
        blocked: list[str] = []

        def route(request_route: Any) -> None:
            """Let the page itself load; refuse and count every other request."""
            if request_route.request.url.startswith("file://"):
                request_route.continue_()
            else:
                blocked.append(request_route.request.url)
                request_route.abort()

        context.route("**/*", route)
        page = context.new_page()
        errors: list[str] = []
        page.on("pageerror", lambda exc: errors.append(str(exc)))
        page.on("console", lambda msg: errors.append(msg.text) if msg.type == "error" else None)
        for size in sizes:
            G = generate(size, edges_per_node=args.edges_per_node)
            start = time.perf_counter()
            html = to_html(G, max_nodes=args.max_nodes or None)
            render = time.perf_counter() - start
            path = folder / f"graph-{size}.html"
            path.write_text(html, "utf-8")
            interactive, parsed = measure_page(page, path.as_uri(), args.runs)
            shown = page.evaluate("() => window.kgNetwork.body.data.nodes.length")
            edges = page.evaluate("() => window.kgNetwork.body.data.edges.length")
            rows.append(
                {
                    "nodes": G.number_of_nodes(),
                    "edges": G.number_of_edges(),
                    "drawn": f"{shown:,} / {edges:,}",
                    "mb": len(html.encode()) / 1e6,
                    "render": render,
                    "parsed": parsed,
                    "interactive": interactive,
                }
            )
            print(f"  {size:>6,} entities done ({interactive:.2f} s)", file=sys.stderr)
        browser.close()

    print(
        f"\nHTML view benchmark: headless {CHROMIUM} {VIEWPORT['width']}x{VIEWPORT['height']}, "
        f"best of {args.runs} loads, max_nodes={args.max_nodes or None}\n"
    )
    print(
        "| entities | relations | drawn (nodes / edges) | HTML MB | render s | parsed s | interactive s |"
    )
    print("|---:|---:|---:|---:|---:|---:|---:|")
    for r in rows:
        print(
            f"| {r['nodes']:,} | {r['edges']:,} | {r['drawn']} | {r['mb']:.2f} | {r['render']:.2f} "
            f"| {r['parsed']:.2f} | {r['interactive']:.2f} |"
        )
    print(f"\nRequests refused: {len(blocked)}; console or page errors: {len(errors)}")
    for message in errors[:5]:
        print(f"  {message}")
    target = [r for r in rows if r["nodes"] == TARGET_NODES and r["edges"] == TARGET_EDGES]
    if not target:
        print(f"\nTarget not measured: add {TARGET_NODES} to --sizes with 5 edges per node.")
        return 0
    seconds = target[0]["interactive"]
    met = seconds < TARGET_SECONDS and not blocked and not errors
    print(
        f"\nTarget: {TARGET_NODES:,} entities and {TARGET_EDGES:,} relations interactive in under "
        f"{TARGET_SECONDS:.0f} s: {'MET' if met else 'MISSED'} ({seconds:.2f} s)"
    )
    return 0 if met else 1


if __name__ == "__main__":
    sys.exit(main())
