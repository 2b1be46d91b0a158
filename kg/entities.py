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
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

from spacy.language import Language
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

    titles: frozenset[str]
    determiners: dict[str, str]
    longest_title: int = 4


class CommonWords:
    """French common nouns and adjectives, from the spaCy lemmatizer's lookup tables.

    ``is_common("Investissements")`` is True: a capitalised common word is a
    heading word or a nationality (``Français``, ``Chinois``), not a name.
    Built with :meth:`from_pipeline`; empty (nothing is common) without a
    rule-based lemmatizer.
    """

    POS = ("noun", "adj")

    def __init__(
        self,
        index: dict[str, frozenset[str]] | None = None,
        exceptions: dict[str, dict[str, list[str]]] | None = None,
        rules: dict[str, list[tuple[str, str]]] | None = None,
    ) -> None:
        self.index = index or {}
        self.exceptions = exceptions or {}
        self.rules = rules or {}

    @classmethod
    def from_pipeline(cls, nlp: Language) -> CommonWords:
        """Return the common words known to the lemmatizer of ``nlp`` (empty if it has none)."""
        if "lemmatizer" not in nlp.pipe_names:
            return cls()
        lookups = getattr(nlp.get_pipe("lemmatizer"), "lookups", None)
        if lookups is None or not lookups.has_table("lemma_index"):
            return cls()
        index = lookups.get_table("lemma_index")
        exc = lookups.get_table("lemma_exc") if lookups.has_table("lemma_exc") else {}
        rules = lookups.get_table("lemma_rules") if lookups.has_table("lemma_rules") else {}
        return cls(
            {p: frozenset(index.get(p, ())) for p in cls.POS},
            {p: dict(exc.get(p, {})) for p in cls.POS},
            {p: [tuple(r) for r in rules.get(p, ())] for p in cls.POS},
        )

    def is_common(self, word: str, classes: tuple[str, ...] = POS) -> bool:
        """Return True if ``word`` (any case, any inflection) is a French word of class ``pos``.

        ``classes`` holds lemmatizer classes: ``"noun"``, ``"adj"``.
        """
        w = word.lower()
        for pos in classes:
            known = self.index.get(pos, frozenset())
            if w in known or any(x in known for x in self.exceptions.get(pos, {}).get(w, ())):
                return True
            for old, new in self.rules.get(pos, ()):
                if w.endswith(old) and w[: len(w) - len(old)] + new in known:
                    return True
        return False


def _data(name: str) -> list[str]:
    text = resources.files("kg").joinpath(f"data/{name}").read_text("utf-8")
    return [ln.strip() for ln in text.splitlines() if ln.strip() and not ln.startswith("#")]


@lru_cache(maxsize=1)
def default_lexicon() -> Lexicon:
    """Return the packaged lexicon (titles and trimmable function words)."""
    titles = frozenset(" ".join(t.lower().split()) for t in _data("titles.txt"))
    dets = {}
    for line in _data("determiners.txt"):
        word, _, scope = line.partition("\t")
        dets[word.lower()] = scope.strip() or "any"
    longest = max((len(t.replace("'", "' ").split()) for t in titles), default=1)
    return Lexicon(titles, dets, longest)


_ARTICLES = frozenset({"le", "la", "les", "l'"})


def _starts_sentence(token: Token) -> bool:
    if token.is_sent_start or token.i == 0:
        return True
    previous = token.doc[token.i - 1]
    return previous.is_space and "\n" in previous.text


def _trimmable(
    token: Token, label: EntityType, lex: Lexicon, *, before: Token | None, leading: bool
) -> bool:
    """Whether ``token`` is a function word to trim from a mention's edge.

    ``before`` is the next token inside the mention (for leading words).
    """
    scope = lex.determiners.get(token.lower_)
    if scope is None:
        return False
    if leading and not token.is_lower and not _starts_sentence(token):
        return False  # "Le Monde", "La Haye", "Le Pen": the article is part of the name
    if scope == "any" or label != "PER":
        return True
    # person names keep their particles ("de Gaulle"), not "de la République"
    return before is not None and before.lower_ in _ARTICLES


def _match_title(tokens: list[Token], i: int, lex: Lexicon) -> int:
    """Return the number of tokens of the longest title starting at ``tokens[i]`` (0 if none)."""
    best = 0
    for n in range(1, min(lex.longest_title, len(tokens) - i) + 1):
        first, last = tokens[i], tokens[i + n - 1]
        text = first.doc.text[first.idx : last.idx + len(last)].lower()
        if " ".join(text.split()) in lex.titles:
            best = n
    return best


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
        if i + 1 < len(tokens) and (
            _trimmable(tok, label, lex, before=tokens[i + 1], leading=True)
            or (tok.lower_ in lex.determiners and tok.is_lower and _match_title(tokens, i + 1, lex))
        ):
            i += 1
            continue
        n = _match_title(tokens, i, lex)
        if n and i + n >= len(tokens):
            return None  # a title alone ("Premier ministre") is not a name
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
            or _trimmable(tok, label, lex, before=None, leading=False)
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


def junk_reason(
    span: Span,
    text: str,
    *,
    label: EntityType | None = None,
    common: CommonWords | None = None,
    is_known: Callable[[str], bool] | None = None,
) -> str | None:
    """Return why a cleaned span is not an entity name (or None if it looks like one).

    ``text`` is the normalised document text the span belongs to; ``common``
    knows French common words; ``is_known(name)`` says a name is known to be
    an entity (a place of the gazetteer, a user alias) and is never junk.
    """
    if is_known is not None and is_known(span.text):
        return None
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
    if (
        common is not None
        and len(span) == 1
        and first.pos_ != "PROPN"
        and not first.is_upper
        # nationalities are adjectives ("Français", "Chinois"); a person is never
        # named by a common noun either ("Président", "Homme"), but "Sénat" is an ORG
        and common.is_common(first.text, ("noun", "adj") if label == "PER" else ("adj",))
    ):
        return "capitalised common word"
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
    common: CommonWords | None = None,
    is_known: Callable[[str], bool] | None = None,
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
        if junk_reason(span, text, label=label, common=common, is_known=is_known):
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
