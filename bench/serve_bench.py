"""Latency of ``kg serve`` under concurrent clients, with and without runaway queries.

Usage (from the repository root)::

    .venv/bin/python bench/serve_bench.py [--clients 20] [--queries 50]

Serves the seeds example graph on a free loopback port, then runs
``--clients`` threads that each send ``--queries`` small SELECT queries, and
prints the median and 99th-percentile latency and the throughput; then the
same while two clients send a query that joins everything with everything
(stopped by the endpoint's time limit, ``--timeout``). Prints numbers and
ratios measured in one run; asserts nothing.
"""

from __future__ import annotations

import argparse
import statistics
import threading
import time
import urllib.error
import urllib.request
from urllib.parse import urlencode

from kg.export.rdf import to_rdf, write_rdf
from kg.serve import serve
from kg.validate import EXAMPLE_TEXTS, example_graph

LIGHT = "SELECT ?name WHERE { ?p a schema:Person ; rdfs:label ?name } ORDER BY ?name"
HEAVY = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }"


def _ask(url: str, query: str) -> tuple[float, int]:
    began = time.perf_counter()
    try:
        with urllib.request.urlopen(url + "?" + urlencode({"query": query}), timeout=120) as r:
            r.read()
            status = r.status
    except urllib.error.HTTPError as exc:
        status = exc.code
    except (urllib.error.URLError, OSError):  # refused or reset: no HTTP answer at all
        status = 0
    return time.perf_counter() - began, status


def _run(
    url: str, clients: int, queries: int, heavy: int
) -> tuple[list[float], float, int, int]:
    """Return the light queries' latencies, the seconds they took in all, how many runaway
    queries were stopped with 503 and how many light queries got no 200 answer."""
    latencies: list[float] = []
    stopped = failed = 0
    lock = threading.Lock()

    def light_client() -> None:
        nonlocal failed
        for _ in range(queries):
            seconds, status = _ask(url, LIGHT)
            with lock:
                latencies.append(seconds)
                failed += status != 200

    def heavy_client() -> None:
        nonlocal stopped
        _seconds, status = _ask(url, HEAVY)
        with lock:
            stopped += status == 503

    threads = [threading.Thread(target=heavy_client) for _ in range(heavy)]
    threads += [threading.Thread(target=light_client) for _ in range(clients)]
    began = time.perf_counter()
    for t in threads:
        t.start()
    for t in threads[heavy:]:
        t.join()
    elapsed = time.perf_counter() - began
    for t in threads[:heavy]:
        t.join()
    return latencies, elapsed, stopped, failed


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clients", type=int, default=20)
    parser.add_argument("--queries", type=int, default=50)
    parser.add_argument("--timeout", type=float, default=5.0)
    args = parser.parse_args()
    import tempfile
    from pathlib import Path

    with tempfile.TemporaryDirectory() as tmp:
        path = write_rdf(to_rdf(example_graph(), texts=EXAMPLE_TEXTS), Path(tmp) / "g.trig", fmt="trig")
        with serve(path, port=0, timeout=args.timeout) as server:
            rows = []
            for heavy in (0, 2):
                latencies, elapsed, stopped, failed = _run(
                    server.url, args.clients, args.queries, heavy
                )
                p99 = statistics.quantiles(latencies, n=100)[98]
                rate = len(latencies) / elapsed
                rows.append((heavy, statistics.median(latencies), p99, rate, stopped, failed))
    print(f"{args.clients} clients x {args.queries} queries, time limit {args.timeout:g} s\n")
    print(
        "| runaway queries | median ms | p99 ms | queries/s | runaways stopped (503) "
        "| queries without a 200 answer |"
    )
    print("|---:|---:|---:|---:|---:|---:|")
    for heavy, median, p99, rate, stopped, failed in rows:
        print(
            f"| {heavy} | {1000 * median:.1f} | {1000 * p99:.1f} | {rate:.0f} | {stopped} "
            f"| {failed} |"
        )
    print(f"\nthroughput with two runaway queries / without: {rows[1][3] / rows[0][3]:.2f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
