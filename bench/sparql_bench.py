"""rdflib against Oxigraph on a graph of at least 1,000,000 triples, in one run.

Usage (from the repository root)::

    .venv/bin/python bench/sparql_bench.py [--triples 1000000] [--graph FILE] [--keep DIR]

The graph is the seeds graph (``kg build seeds`` with NIF mentions and the
article texts, about 5,700 triples; or ``--graph FILE``, any N-Triples or
Turtle file kg wrote) replicated with fresh IRIs: copy ``i`` replaces the data
base ``https://example.org/kg/`` with ``https://example.org/kg/c<i>/``, until
there are at least ``--triples`` triples, written as one N-Triples file.

Each engine then runs in its own Python process (so that its peak memory is
its own) and times:

- ``load``: parse the N-Triples file (rdflib ``Graph.parse``; Oxigraph
  ``Store.bulk_load`` into an in-memory store, and into an on-disk store);
- ``2-hop query``: the distinct entities two co-occurrence hops away from
  every "Xi Jinping" (a property path ``kg:cooccursWith|^kg:cooccursWith``
  twice);
- ``aggregate query``: entities by number of distinct documents naming them,
  grouped by label over every copy (``COUNT(DISTINCT)``, ``GROUP BY``,
  ``ORDER BY``);
- ``Turtle export``: rdflib's Turtle serialiser against Oxigraph's
  (``kg.store.export`` of the store; also of the rdflib graph itself, the
  ``kg export`` path, timed in the rdflib process).

Queries go through the project's own functions (``kg.query.run_query`` and
``kg.store.query``, both returning ``QueryResult`` with rdflib terms), and the
two engines' answers are compared as sets of rows. Peak memory is the
process's maximum resident set size (``VmHWM``, or ``resource.getrusage``),
which covers Oxigraph's native allocations (``tracemalloc`` would not see them).

Prints a markdown table with the ratios rdflib / Oxigraph; exit status 1 when
the queries or the export are not at least 10x faster with Oxigraph, or when
the answers differ.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import math
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent
if str(REPO) not in sys.path:  # run as a script from anywhere
    sys.path.insert(0, str(REPO))

BASE = "https://example.org/kg/"

TWO_HOPS = """
SELECT DISTINCT ?z WHERE {
  ?x rdfs:label "Xi Jinping"@fr .
  ?x kg:cooccursWith|^kg:cooccursWith ?y .
  ?y kg:cooccursWith|^kg:cooccursWith ?z .
  FILTER (?z != ?x)
}"""

AGGREGATE = """
SELECT ?label (COUNT(DISTINCT ?doc) AS ?documents) WHERE {
  ?doc schema:mentions ?e .
  ?e rdfs:label ?label .
} GROUP BY ?label ORDER BY DESC(?documents) ?label LIMIT 20"""


def _peak_mb() -> float:
    """Peak resident set size of this process so far, in MiB.

    Linux's ``VmHWM`` (reset by ``exec``); elsewhere ``ru_maxrss``, which Linux
    would carry over from the parent process across ``exec``.
    """
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak / (2**20 if sys.platform == "darwin" else 1024)


def _digest(result: Any) -> tuple[int, str]:
    from kg.store import rows_as_strings

    rows = sorted(repr(row) for row in rows_as_strings(result.rows))
    return len(rows), hashlib.sha1("\n".join(rows).encode("utf-8")).hexdigest()[:12]


def _timed(fn: Any) -> tuple[float, Any]:
    start = time.perf_counter()
    value = fn()
    return time.perf_counter() - start, value


# ---------------------------------------------------------------- the data


def seeds_ntriples() -> str:
    """N-Triples of the seeds graph (built with the real model, mentions and texts)."""
    from kg.export.rdf import serialize, to_rdf
    from kg.pipeline import build

    seeds = REPO / "seeds"
    texts = {p.stem: p.read_text(encoding="utf-8") for p in sorted(seeds.glob("*.txt"))}
    graph = to_rdf(build([str(seeds)]).graph, texts=texts)
    return serialize(graph, "nt").decode("utf-8")


def file_ntriples(path: Path) -> str:
    """N-Triples of an RDF file kg wrote."""
    from kg.export.rdf import serialize
    from kg.read import load_rdf

    return serialize(load_rdf(path), "nt").decode("utf-8")


def replicate(ntriples: str, target: int, out: Path) -> tuple[int, int]:
    """Write copies of ``ntriples`` with fresh IRIs to ``out`` until ``target`` triples.

    Returns ``(triples, copies)``.
    """
    lines = [line for line in ntriples.splitlines() if line.strip()]
    if not any(BASE in line for line in lines):
        raise SystemExit(f"the graph has no IRI under {BASE}: nothing to replicate")
    block = "\n".join(lines) + "\n"
    copies = max(1, math.ceil(target / len(lines)))
    with out.open("w", encoding="utf-8") as fh:
        for i in range(copies):
            fh.write(block.replace(BASE, f"{BASE}c{i}/"))
    return len(lines) * copies, copies


# ---------------------------------------------------------------- the engines (child processes)


def engine_rdflib(data: Path, work: Path) -> dict[str, Any]:
    """Load, query and export with rdflib; also export the rdflib graph via Oxigraph."""
    from rdflib import Graph

    from kg.query import run_query
    from kg.store import export

    out: dict[str, Any] = {"baseline_mb": _peak_mb()}
    out["load"], graph = _timed(lambda: Graph().parse(data, format="nt"))
    out["triples"] = len(graph)
    out["load_mb"] = _peak_mb()
    out["two_hops"], result = _timed(lambda: run_query(graph, TWO_HOPS))
    out["two_hops_rows"], out["two_hops_digest"] = _digest(result)
    out["aggregate"], result = _timed(lambda: run_query(graph, AGGREGATE))
    out["aggregate_rows"], out["aggregate_digest"] = _digest(result)
    target = work / "rdflib.ttl"
    out["export"], _ = _timed(lambda: graph.serialize(target, format="turtle", encoding="utf-8"))
    out["export_mb"] = round(target.stat().st_size / 2**20, 1)
    via = work / "rdflib-via-oxigraph.ttl"
    out["export_via_oxigraph"], _ = _timed(lambda: export(graph, via, "ttl"))
    out["peak_mb"] = _peak_mb()
    return out


def engine_oxigraph(data: Path, work: Path) -> dict[str, Any]:
    """Load (in memory and on disk), query and export with Oxigraph (``kg.store``)."""
    import pyoxigraph as ox

    from kg.store import export, load, query

    out: dict[str, Any] = {"baseline_mb": _peak_mb()}
    out["load"], store = _timed(lambda: load(data))
    out["triples"] = len(store)
    out["load_mb"] = _peak_mb()
    out["two_hops"], result = _timed(lambda: query(store, TWO_HOPS))
    out["two_hops_rows"], out["two_hops_digest"] = _digest(result)
    out["aggregate"], result = _timed(lambda: query(store, AGGREGATE))
    out["aggregate_rows"], out["aggregate_digest"] = _digest(result)
    target = work / "oxigraph.ttl"
    out["export"], _ = _timed(lambda: export(store, target, "ttl"))
    out["export_mb"] = round(target.stat().st_size / 2**20, 1)
    out["peak_mb"] = _peak_mb()
    out["load_disk"], disk = _timed(lambda: load(data, path=work / "oxigraph-db"))
    out["two_hops_disk"], _ = _timed(lambda: query(disk, TWO_HOPS))
    out["aggregate_disk"], _ = _timed(lambda: query(disk, AGGREGATE))
    assert isinstance(disk, ox.Store)
    return out


ENGINES = {"rdflib": engine_rdflib, "oxigraph": engine_oxigraph}


def run_engine(engine: str, data: Path, work: Path) -> dict[str, Any]:
    """Run one engine in a fresh Python process; return its measurements."""
    command = [
        sys.executable,
        __file__,
        "--engine",
        engine,
        "--data",
        str(data),
        "--work",
        str(work),
    ]
    done = subprocess.run(command, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        sys.stderr.write(done.stderr)
        raise SystemExit(f"the {engine} run failed (exit {done.returncode})")
    return json.loads(done.stdout.strip().splitlines()[-1])


# ---------------------------------------------------------------- report


def _s(seconds: float) -> str:
    return f"{seconds:.3f}" if seconds < 1 else f"{seconds:.1f}"


def report(triples: int, copies: int, r: dict[str, Any], o: dict[str, Any]) -> bool:
    """Print the table; return True when every target holds."""
    rows = [
        ("load N-Triples (in memory)", r["load"], o["load"]),
        ("2-hop query", r["two_hops"], o["two_hops"]),
        ("aggregate query", r["aggregate"], o["aggregate"]),
        ("Turtle export", r["export"], o["export"]),
    ]
    print(
        f"\n{triples:,} triples ({copies} copies of the graph), one run, {time.strftime('%Y-%m-%d')}\n"
    )
    print("| step | rdflib s | Oxigraph s | rdflib / Oxigraph |")
    print("|---|---:|---:|---:|")
    for name, a, b in rows:
        print(f"| {name} | {_s(a)} | {_s(b)} | {a / b:.0f}x |")
    print(f"| peak memory (RSS) | {r['peak_mb']:.0f} MiB | {o['peak_mb']:.0f} MiB | "
          f"{r['peak_mb'] / o['peak_mb']:.1f}x |")  # fmt: skip
    print()
    print(f"- Oxigraph on disk: load {_s(o['load_disk'])} s, 2-hop {_s(o['two_hops_disk'])} s, "
          f"aggregate {_s(o['aggregate_disk'])} s")  # fmt: skip
    print(f"- `kg.store.export` of the rdflib graph (Oxigraph's serialiser, the `kg export` path): "
          f"{_s(r['export_via_oxigraph'])} s, {r['export'] / r['export_via_oxigraph']:.0f}x "
          "faster than rdflib's Turtle serialiser")  # fmt: skip
    print(f"- memory after loading: rdflib {r['load_mb']:.0f} MiB, Oxigraph {o['load_mb']:.0f} MiB "
          f"(interpreter and imports: {r['baseline_mb']:.0f} / {o['baseline_mb']:.0f} MiB)")  # fmt: skip
    same_two = (r["two_hops_rows"], r["two_hops_digest"]) == (
        o["two_hops_rows"],
        o["two_hops_digest"],
    )
    same_agg = (r["aggregate_rows"], r["aggregate_digest"]) == (
        o["aggregate_rows"], o["aggregate_digest"])  # fmt: skip
    print(f"- answers identical: 2-hop {same_two} ({r['two_hops_rows']} rows), "
          f"aggregate {same_agg} ({r['aggregate_rows']} rows)")  # fmt: skip
    print(f"- Turtle files: rdflib {r['export_mb']} MiB, Oxigraph {o['export_mb']} MiB")
    fast = all(a / b >= 10 for _, a, b in rows[1:])
    print(f"- target (queries and export at least 10x faster): {'met' if fast else 'MISSED'}")
    return fast and same_two and same_agg


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--triples", type=int, default=1_000_000)
    parser.add_argument("--graph", type=Path, help="replicate this RDF file instead of the seeds")
    parser.add_argument("--keep", type=Path, help="keep the data and outputs in this folder")
    parser.add_argument("--engine", choices=sorted(ENGINES), help=argparse.SUPPRESS)
    parser.add_argument("--data", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--work", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)

    if args.engine:  # child process: one engine, JSON on the last line
        print(json.dumps(ENGINES[args.engine](args.data, args.work)))
        return 0

    with tempfile.TemporaryDirectory(prefix="kg-sparql-bench-") as tmp:
        work = args.keep or Path(tmp)
        work.mkdir(parents=True, exist_ok=True)
        print("building the graph…", file=sys.stderr)
        source = file_ntriples(args.graph) if args.graph else seeds_ntriples()
        data = work / "graph.nt"
        triples, copies = replicate(source, args.triples, data)
        print(
            f"{triples:,} triples in {data} ({data.stat().st_size / 2**20:.0f} MiB)",
            file=sys.stderr,
        )
        print("rdflib…", file=sys.stderr)
        r = run_engine("rdflib", data, work)
        print("Oxigraph…", file=sys.stderr)
        o = run_engine("oxigraph", data, work)
        ok = report(triples, copies, r, o)
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
