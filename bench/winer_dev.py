"""Write the 30 WiNER-2016 articles of the development gold as a kg JSONL file.

Usage (from the repository root)::

    .venv/bin/python bench/winer_dev.py winer2016-dev.jsonl
    kg build winer2016-dev.jsonl -o dev
    kg eval relations dev --gold ../shared/gold/winer2016-relations.tsv \\
        --entities ../shared/gold/winer2016-entities.tsv --quotes ../shared/gold/winer2016-quotes.tsv

The articles are those of ``../shared/gold/winer2016-entities.tsv``, taken from
``../shared/eval/winer-fr-2016.jsonl`` (``/work/shared`` is tried too).
Exit status 0, or 2 when a file is missing.
"""

from __future__ import annotations

import sys
from pathlib import Path

from benchdata import find_shared, write_gold_articles


def main(argv: list[str] | None = None) -> int:
    """Write the articles; return the exit status."""
    args = sys.argv[1:] if argv is None else argv
    if len(args) != 1:
        print("usage: bench/winer_dev.py OUT.jsonl", file=sys.stderr)
        return 2
    gold, tried_gold = find_shared(None, Path("gold") / "winer2016-entities.tsv")
    winer, tried_winer = find_shared(None, Path("eval") / "winer-fr-2016.jsonl")
    if gold is None or winer is None:
        tried = tried_gold if gold is None else tried_winer
        print(f"file not found (tried {', '.join(map(str, tried))})", file=sys.stderr)
        return 2
    ids = {line.split("\t", 1)[0] for line in gold.read_text("utf-8").splitlines()[1:] if line}
    n = write_gold_articles(winer, ids, Path(args[0]))
    print(f"{n} articles written to {args[0]}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
