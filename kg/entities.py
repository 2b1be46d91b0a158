"""Turn spaCy entity spans into clean, typed mentions.

Cleaning keeps offsets exact: a mention is always a slice of the document.
Steps for each span the model tagged:

1. cut at the first line break (a span never crosses lines);
2. trim leading articles, prepositions and possessives (``la Chine`` ->
   ``Chine``), titles and honorifics (``M. Xi`` -> ``Xi``, title ``M.``), and
   trailing function words and punctuation;
3. drop junk: one-letter spans, spans without a capital letter, URLs, dates
   and numbers, verbs (``Renforcer``), sentence-initial function words
   (``Aujourd'hui``) and section headings made of common nouns.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

from spacy.tokens import Doc, Span, Token

from kg.types import Document, EntityType, Mention, Sentence

LABELS: dict[str, EntityType] = {
    "PER": "PER",
    "PERSON": "PER",
    "LOC": "LOC",
    "GPE": "LOC",
    "ORG": "ORG",
    "MISC": "MISC",
}
"""Model labels kept, mapped to our entity types; other labels are ignored."""

_URL = re.compile(r"(https?://|www\.|\S+@\S+\.\w+|\S+\.(com|fr|org|net|cn|shtml|html?)\b)", re.I)
_MONTHS = (
    r"janv|févr|fevr|mars|avr|mai|juin|juil|août|aout|sept|oct|nov|déc|dec|"
    r"jan|feb|apr|may|jun|jul|aug|sep"
)
_DATE = re.compile(
    rf"^(\d{{1,2}}(er)?\s+)?({_MONTHS})[a-zéû]*\.?(\s+\d{{2,4}})?$|^[\d\s.,:/%h-]+$", re.I
)
_FUNCTION_POS = frozenset(
    {"ADV", "ADJ", "PRON", "DET", "ADP", "CCONJ", "SCONJ", "INTJ", "NUM", "VERB", "PART"}
)
_FINAL_PUNCT = tuple('.!?:;»"”)…')


@dataclass(frozen=True)
class Lexicon:
    """Word lists used to trim mentions (packaged in ``kg/data``, extendable)."""

    titles: tuple[tuple[str, ...], ...]
    determiners: dict[str, str]


def _data(name: str) -> list[str]:
    text = resources.files("kg").joinpath(f"data/{name}").read_text("utf-8")
    return [ln.strip() for ln in text.splitlines() if ln.strip() and not ln.startswith("#")]


@lru_cache(maxsize=1)
def default_lexicon() -> Lexicon:
    """Return the packaged lexicon (titles and trimmable function words)."""
    titles = {tuple(t.lower().split()) for t in _data("titles.txt")}
    dets = {}
    for line in _data("determiners.txt"):
        word, _, scope = line.partition("\t")
        dets[word.lower()] = scope.strip() or "any"
    # longest titles first so "président chinois" wins over "président"
    return Lexicon(tuple(sorted(titles, key=len, reverse=True)), dets)


def _trimmable(token: Token, label: EntityType, lex: Lexicon, *, before_title: bool) -> bool:
    scope = lex.determiners.get(token.lower_)
    if scope is None:
        return False
    if scope == "any" or label != "PER":
        return True
    # person names keep their particles ("de Gaulle", "Le Pen"), except before a
    # title: "le président Xi"
    return before_title and token.is_lower


def _match_title(tokens: list[Token], i: int, lex: Lexicon) -> int:
    """Return the number of tokens of the title starting at ``tokens[i]`` (0 if none)."""
    for title in lex.titles:
        n = len(title)
        if i + n < len(tokens) and tuple(t.lower_ for t in tokens[i : i + n]) == title:
            return n
    return 0


def clean_span(
    span: Span, label: EntityType, *, lexicon: Lexicon | None = None
) -> tuple[int, int, str | None] | None:
    """Return ``(first_token, end_token, title)`` of the cleaned span, or None if nothing is left.

    Token indices are document indices; ``title`` is the trimmed title text.
    """
    lex = lexicon or default_lexicon()
    tokens = list(span)
    # 1. a mention never crosses a line break: keep the first non-empty line
    for k, tok in enumerate(tokens):
        if tok.is_space and "\n" in tok.text:
            before = [t for t in tokens[:k] if not t.is_space]
            tokens = tokens[:k] if before else tokens[k + 1 :]
            break
    # 2. leading function words and titles, in any order ("le président chinois Xi")
    title: list[str] = []
    i = 0
    while i < len(tokens):
        tok = tokens[i]
        if tok.is_space or (tok.is_punct and tok.text not in "(["):
            i += 1
            continue
        if i + 1 < len(tokens) and _trimmable(
            tok, label, lex, before_title=_match_title(tokens, i + 1, lex) > 0
        ):
            i += 1
            continue
        n = _match_title(tokens, i, lex)
        if n:
            title.append(" ".join(t.text for t in tokens[i : i + n]))
            i += n
            continue
        break
    j = len(tokens)
    while j > i:
        tok = tokens[j - 1]
        if (
            tok.is_space
            or (tok.is_punct and tok.text not in ")]")
            or _trimmable(tok, label, lex, before_title=False)
        ):
            j -= 1
            continue
        break
    if j <= i:
        return None
    return tokens[i].i, tokens[j - 1].i + 1, (" ".join(title) or None)


def _line_of(text: str, start: int, end: int) -> str:
    line_start = text.rfind("\n", 0, start) + 1
    line_end = text.find("\n", end)
    return text[line_start : len(text) if line_end < 0 else line_end].strip()


def junk_reason(span: Span, text: str) -> str | None:
    """Return why a cleaned span is not an entity name (or None if it looks like one).

    ``text`` is the normalised document text the span belongs to.
    """
    name = span.text
    letters = [c for c in name if c.isalpha()]
    if len(letters) < 2:
        return "too short"
    if not any(c.isupper() for c in name):
        return "no capital letter"
    if _URL.search(name):
        return "URL"
    if _DATE.match(name):
        return "date or number"
    root = span.root
    if root.pos_ == "VERB" and (
        "Inf" in root.morph.get("VerbForm") or "Imp" in root.morph.get("Mood") or root.is_sent_start
    ):
        return "verb"
    first = span[0]
    starts_line = _line_of(text, span.start_char, span.end_char).startswith(name)
    if len(span) == 1 and (first.is_sent_start or starts_line) and first.pos_ in _FUNCTION_POS:
        return "sentence-initial common word"
    line = _line_of(text, span.start_char, span.end_char)
    if (
        starts_line
        and not line.endswith(_FINAL_PUNCT)
        and len(line.split()) <= 12
        and (
            not any(t.pos_ in {"PROPN", "X"} for t in span)
            or any(t.is_lower and t.pos_ in {"NOUN", "ADJ", "VERB"} for t in span)
        )
    ):
        return "heading"
    return None


def sentences(document: Document, sdoc: Doc) -> list[Sentence]:
    """Return the sentences of ``sdoc`` as offsets, whitespace trimmed, empty ones dropped."""
    out = []
    for sent in sdoc.sents:
        chunk = sdoc.text[sent.start_char : sent.end_char]
        lead = len(chunk) - len(chunk.lstrip())
        trail = len(chunk) - len(chunk.rstrip())
        start, end = sent.start_char + lead, sent.end_char - trail
        if end > start:
            out.append(Sentence(document.id, len(out), start, end))
    return out


def extract_mentions(
    document: Document,
    sdoc: Doc,
    *,
    sents: list[Sentence] | None = None,
    lexicon: Lexicon | None = None,
) -> list[Mention]:
    """Return the cleaned mentions of one annotated document, in text order.

    ``sdoc`` is the spaCy parse of the normalised text of ``document`` (same
    length, so offsets match). ``sents`` defaults to :func:`sentences`.

    >>> import spacy
    >>> nlp = spacy.blank("fr")
    >>> d = nlp("Il aime la Chine.")
    >>> d.ents = [d.char_span(8, 16, label="LOC")]
    >>> [(m.text, m.surface) for m in extract_mentions(Document("x", d.text), d)]
    [('Chine', 'la Chine')]
    """
    sents = sents if sents is not None else sentences(document, sdoc)
    starts = [s.start for s in sents]
    text = sdoc.text
    out: list[Mention] = []
    for ent in sdoc.ents:
        label = LABELS.get(ent.label_)
        if label is None:
            continue
        cleaned = clean_span(ent, label, lexicon=lexicon)
        if cleaned is None:
            continue
        first, end, title = cleaned
        span = sdoc[first:end]
        if junk_reason(span, text):
            continue
        sentence = max(0, bisect.bisect_right(starts, span.start_char) - 1)
        out.append(
            Mention(
                doc_id=document.id,
                start=span.start_char,
                end=span.end_char,
                text=" ".join(span.text.split()),
                label=label,
                surface=" ".join(ent.text.split()),
                sentence=sentence,
                title=title,
            )
        )
    return out
