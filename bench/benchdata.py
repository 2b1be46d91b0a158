"""Where the benchmarks find their data: the repository and the shared evaluation folder.

The hand-made gold and the evaluation corpora live in a ``shared`` folder next
to the repository (``../shared``), or in ``/work/shared``.
"""

from __future__ import annotations

from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
SHARED = tuple(dict.fromkeys((REPO.parent / "shared", Path("/work/shared"))))


def find_shared(given: Path | None, relative: str | Path) -> tuple[Path | None, list[Path]]:
    """Return the first existing file (``given`` if passed, else under a shared folder) and
    the paths tried, for the error message when none exists."""
    tried = [given] if given else [root / relative for root in SHARED]
    return next((p for p in tried if p.is_file()), None), tried


def resolve_seeds(value: str) -> Path:
    """Return ``value`` as given if it exists, else relative to the repository root."""
    path = Path(value)
    return path if path.exists() or path.is_absolute() else REPO / path


def write_gold_articles(winer: Path, ids: set[str], out: Path) -> int:
    """Write the WiNER articles whose ``doc_id`` is in ``ids`` to ``out`` as kg JSONL
    (``id``, ``text``, ``url``); return how many were written."""
    import json

    written = 0
    with out.open("w", encoding="utf-8") as sink:
        for line in winer.read_text("utf-8").splitlines():
            item = json.loads(line)
            if item["doc_id"] in ids:
                record = {"id": item["doc_id"], "text": item["text"], "url": item.get("url")}
                sink.write(json.dumps(record, ensure_ascii=False) + "\n")
                written += 1
    return written
