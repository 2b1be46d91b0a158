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
from collections import Counter, defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

from spacy.language import Language
from spacy.tokens import Doc, Span, Token

from kg.ids import fold, merge_key
from kg.lexicons import packaged_lexicons
from kg.types import AliasLink, Document, EntityType, Mention, Sentence

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
    r"janvier|février|fevrier|mars|avril|mai|juin|juillet|août|aout|septembre|octobre|"
    r"novembre|décembre|decembre|janv|févr|fevr|avr|juil|sept|oct|nov|déc|dec|"
    r"january|february|march|april|may|june|july|august|september|october|november|december|"
    r"jan|feb|mar|apr|jun|jul|aug|sep"
)
_DATE = re.compile(
    rf"^(\d{{1,2}}(er)?\s+)?({_MONTHS})\.?(\s+\d{{2,4}})?$|^[\d\s.,:/%h-]+$"
    r"|^\d{1,2}\s?[h:]\s?\d{0,2}\s*(UTC|GMT|CET|CEST|TU|HNE|heures?)?$",
    re.I,
)
"""A date, a time or a number: ``1er mars 2016``, ``janv. 2016``, ``Mars``, ``7h44 UTC`` (see
:func:`junk_reason`)."""
_ROAD = re.compile(r"(?:A|B|D|E|M|N|RD|RN)\s?\d{1,4}")
"""A road's code: ``A10``, ``N7``, ``RN 20``, ``E15``: a place name of one letter."""
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
    not_names: frozenset[str] = frozenset()
    nationalities: frozenset[str] = frozenset()
    """Lower-case nationality words (``français``, ``allemande``, ``kurde``), from
    ``demonyms.tsv`` and ``peoples.txt``."""
    institutions: frozenset[str] = frozenset()
    """Lower-case nouns that name an institution alone (``sénat``), from ``institutions.txt``."""


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
def demonyms() -> dict[str, str]:
    """Return French nationality adjectives mapped to country labels (``chinoise`` → ``Chine``),
    from ``kg/data/demonyms.tsv``."""
    out: dict[str, str] = {}
    for line in _data("demonyms.tsv"):
        forms, country = line.split("\t")
        for form in forms.split("|"):
            out[form.strip().lower()] = country.strip()
    return out


@lru_cache(maxsize=1)
def default_lexicon() -> Lexicon:
    """Return the packaged lexicon (titles and trimmable function words)."""
    titles = frozenset(" ".join(t.lower().split()) for t in _data("titles.txt"))
    dets = {}
    for line in _data("determiners.txt"):
        word, _, scope = line.partition("\t")
        dets[word.lower()] = scope.strip() or "any"
    longest = max((len(t.replace("'", "' ").split()) for t in titles), default=1)
    not_names = frozenset(fold(n) for n in _data("not_names.txt"))
    nationalities = frozenset(demonyms()) | frozenset(
        form.strip().lower() for line in _data("peoples.txt") for form in line.split("|")
    )
    institutions = frozenset(w.lower() for w in _data("institutions.txt"))
    return Lexicon(titles, dets, longest, not_names, nationalities, institutions)


_ARTICLES = frozenset({"le", "la", "les", "l'"})
_DESCRIPTOR_LINKS = frozenset({"de", "du", "des", "d'"})


_TRAILING_TIME = frozenset(
    ["lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche", "janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre", "octobre", "novembre", "décembre", "hier", "aujourd'hui", "aujourd’hui", "demain", "matin", "soir", "début", "fin", "dernier", "dernière", "prochain", "prochaine", "matinée", "soirée", "nuit", "midi", "après-midi"]
)  # fmt: skip
"""Lower-case time words the model sometimes takes into a name's end (``l'ONU lundi``,
``Les Inrockuptibles début juillet``)."""


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
        # the characters from the first to the last token (Doc.text would rebuild the whole text)
        text = "".join(t.text_with_ws for t in tokens[i : i + n - 1]) + tokens[i + n - 1].text
        text = text.lower()
        if " ".join(text.split()) in lex.titles:
            best = n
    return best


def hyphenated(before: Token, hyphen: Token) -> bool:
    """Whether ``hyphen`` joins ``before`` to the next token into one word (``Jong-un``)."""
    return hyphen.text == "-" and not before.whitespace_ and not hyphen.whitespace_


LOWER_CASE_HEADS = frozenset(
    {"université", "lycée", "collège", "école", "institut", "hôpital", "clinique", "ministère",
     "parti", "syndicat", "fédération", "association", "fondation"}
)  # fmt: skip
"""Nouns that head the name of an institution even written in lower case, before a proper
name (``le lycée Vaugelas``, ``l'université de Duke``): kept in the name, which they type
(:func:`kg.cues.name_head`). ``cour de Reims`` may be a courtyard: not here."""


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
        if (
            label == "LOC"
            and tok.is_lower
            and tok.is_alpha
            and tok.lower_ not in LOWER_CASE_HEADS
            and i + 2 < len(tokens)
            and tokens[i + 1].lower_ in _DESCRIPTOR_LINKS
            and not tokens[i + 2].is_lower
        ):
            # a descriptor before a place name: "province du Zhejiang", "district de Xuhui"
            title.append(f"{tok.text} {tokens[i + 1].text}")
            i += 2
            continue
        if (
            label in ("PER", "LOC")
            and tok.lower_ in lex.nationalities
            and i + 1 < len(tokens)
            and not tokens[i + 1].is_lower
        ):
            # a nationality before a person's name: "l'Espagnole Caroline Routier", which the
            # model may call a place (not "Suisse romande"; organisations keep theirs:
            # "Philippine Airlines")
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
        if j - i >= 3 and hyphenated(tokens[j - 3], tokens[j - 2]):
            break  # the end of a hyphenated word: "Kim Jong-un", "Moon Jae-in"
        if (
            tok.is_space
            or (tok.is_punct and tok.text not in ")]")
            or _trimmable(tok, label, lex, before=None, leading=False)
            or (tok.is_lower and tok.lower_ in _TRAILING_TIME and j - 1 > i)
        ):  # "a affirmé l'ONU lundi": the day is not part of the name
            j -= 1
            continue
        break
    if j <= i:
        return None
    return tokens[i].i, tokens[j - 1].i + 1, (" ".join(title) or None)


def line_of(text: str, start: int, end: int) -> str:
    """Return the line of ``text`` that holds ``text[start:end]``, stripped.

    >>> line_of("Titre\\nBy Liang Rui\\nTexte", 9, 18)
    'By Liang Rui'
    """
    line_start = text.rfind("\n", 0, start) + 1
    line_end = text.find("\n", end)
    return text[line_start : len(text) if line_end < 0 else line_end].strip()


_DETERMINER_WORDS = frozenset({"du", "au", "des", "aux"})


def is_determiner(token: Token) -> bool:
    """Whether ``token`` is a determiner, contracted ones included (``du``, ``aux``)."""
    return token.pos_ == "DET" or token.lower_ in _DETERMINER_WORDS


def nationality_noun(doc: Doc, i: int, lexicon: Lexicon | None = None) -> bool:
    """Whether token ``i`` is a capitalised nationality noun after a determiner
    (``l'Espagnole``, ``le Suisse``): before a name, it names the person's nationality."""
    lex = lexicon or default_lexicon()
    return (
        0 < i < len(doc)
        and doc[i].is_title
        and doc[i].lower_ in lex.nationalities
        and is_determiner(doc[i - 1])
    )


def _nationality_before_name(span: Span, lex: Lexicon) -> bool:
    """Whether ``span`` is a nationality noun between a determiner and a name.

    ``le Suisse Rudy Wild``: the word names a person's nationality, even when a
    place is spelt the same (``Suisse``, or ``Russe``, a Bulgarian city).
    """
    doc, i = span.doc, span.start
    return (
        len(span) == 1
        and nationality_noun(doc, i, lex)
        and i < len(doc) - 1
        and doc[i + 1].is_title
        and doc[i + 1].pos_ == "PROPN"
    )


def junk_reason(
    span: Span,
    text: str,
    *,
    label: EntityType | None = None,
    common: CommonWords | None = None,
    is_known: Callable[[str], bool] | None = None,
    lexicon: Lexicon | None = None,
    titled: bool = False,
) -> str | None:
    """Return why a cleaned span is not an entity name (or None if it looks like one).

    ``text`` is the normalised document text the span belongs to; ``common``
    knows French common words; ``is_known(name)`` says a name is known to be
    an entity (a place of the gazetteer, a user alias) and is never junk;
    ``titled`` says a title was trimmed before it (``président Xi``), which
    makes a common word a name.
    """
    lex = lexicon or default_lexicon()
    if _nationality_before_name(span, lex):
        return "nationality"  # "le Suisse Rudy Wild", "la Russe Sofia Velikaya": not places
    if is_known is not None and is_known(span.text):
        return None
    name = span.text
    line = line_of(text, span.start_char, span.end_char)
    starts_line = line.startswith(name)
    if fold(name) in lex.not_names:
        return "not a name"
    letters = [c for c in name if c.isalpha()]
    if len(letters) < 2 and not (label == "LOC" and _ROAD.fullmatch(name)):
        return "too short"
    if not any(c.isupper() for c in name):
        return "no capital letter"
    if _URL.search(name):
        return "URL"
    if _DATE.match(name) and (
        any(c.isdigit() for c in name) or span[0].is_sent_start or starts_line
    ):
        return "date or number"  # a lone capitalised month mid-sentence is a name: "sur Mars"
    if _after_quantity(span) and span[0].is_upper:
        return "unit"  # "360 EFLOPS", "5 GW"
    if len(span) == 1 and not titled and span[0].lower_ in lex.nationalities:
        # "les Français", "l'Américaine Lindsey Vonn": a nationality, not a place or a name
        # (a country spelt like one, "Suisse", is known to the gazetteer and kept above)
        return "nationality"
    root = span.root
    if root.pos_ == "VERB" and (
        "Inf" in root.morph.get("VerbForm") or "Imp" in root.morph.get("Mood") or root.is_sent_start
    ):
        return "verb"
    first = span[0]
    if len(span) == 1 and (first.is_sent_start or starts_line) and first.pos_ in _FUNCTION_POS:
        return "sentence-initial common word"
    if (
        common is not None
        and len(span) == 1
        and first.pos_ != "PROPN"
        and not first.is_upper
        and not titled
        and (label != "PER" or len(first) >= 4)  # "Xi", "Li" are names and Greek letters
        # nationalities are adjectives ("Français", "Chinois"); a person, a place the
        # gazetteer does not know or a work is not named by a lone common noun either
        # ("Président", "Port", "Triathlon"), but an organisation may be ("le Sénat")
        and common.is_common(first.text, ("adj",) if label == "ORG" else ("noun", "adj"))
    ):
        return "capitalised common word"
    if (
        common is not None
        and label in ("PER", "LOC")
        and len(span) > 1
        and not any(t.pos_ in ("PROPN", "X") or t.is_upper for t in span)
        and all(
            not t.is_alpha or t.lower_ in lex.determiners or common.is_common(t.text) for t in span
        )
    ):
        return "common words"  # "Livre blanc" is no person, "Intelligence Artificielle" no place
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


def _after_quantity(span: Span) -> bool:
    """Whether a one-token span follows a number ("360 EFLOPS"), not a date ("2025-05 PARIS")."""
    doc, i = span.doc, span.start
    if len(span) != 1 or i == 0 or not doc[i - 1].like_num or not doc[i - 1].whitespace_:
        return False
    return i < 2 or doc[i - 2].text not in ("-", "/", ".")


_TEXT_KEY = "kg.text"


def doc_text(sdoc: Doc) -> str:
    """Return ``sdoc.text``, read once per document.

    spaCy's ``Doc.text`` joins every token each time it is read (a Python
    object per token); the extraction steps need the text several times per
    document, so it is kept in the doc's ``user_data``.

    >>> import spacy
    >>> doc_text(spacy.blank("fr")("Il pleut."))
    'Il pleut.'
    """
    text = sdoc.user_data.get(_TEXT_KEY)
    length = sdoc[-1].idx + len(sdoc[-1].text_with_ws) if len(sdoc) else 0
    if not isinstance(text, str) or len(text) != length:  # not read yet, or copied from elsewhere
        text = sdoc.text
        sdoc.user_data[_TEXT_KEY] = text
    return text


_CUT_AFTER = frozenset(",(")
"""Characters that cannot end a sentence: one that the parser ended there goes on."""
_GOES_ON = frozenset(",)")
"""Characters that cannot start a sentence: one that starts there goes on the one before."""


def sentences(document: Document, sdoc: Doc) -> list[Sentence]:
    """Return the sentences of ``sdoc`` as offsets, whitespace trimmed, empty ones dropped.

    The parser sometimes cuts a sentence inside a list of names or a bracket
    (``dans les centres-villes de New York, | San Francisco``, ``Jean-Luc
    Laurent ( PS | )``): a sentence that ends with a comma or an opening bracket
    goes on into the next one, and so does one followed by a comma or a closing
    bracket; a line break always parts them (a heading). Mentions,
    co-occurrence and evidence use these sentences.
    """
    out: list[Sentence] = []
    text = doc_text(sdoc)
    if sdoc.has_annotation("SENT_START"):
        bounds = [(sent.start_char, sent.end_char) for sent in sdoc.sents]
    else:  # no parser or sentencizer: the document is one sentence
        bounds = [(0, len(text))]
    glue = False  # the previous sentence goes on into this one
    for sent_start, sent_end in bounds:
        chunk = text[sent_start:sent_end]
        lead = len(chunk) - len(chunk.lstrip())
        trail = len(chunk) - len(chunk.rstrip())
        start, end = sent_start + lead, sent_end - trail
        if end <= start:
            continue
        if (
            out
            and (glue or text[start] in _GOES_ON)
            and "\n" not in text[out[-1].end : start]
        ):
            out[-1] = Sentence(document.id, out[-1].index, out[-1].start, end)
        else:
            out.append(Sentence(document.id, len(out), start, end))
        glue = text[end - 1] in _CUT_AFTER
    return out


def extract_mentions(
    document: Document,
    sdoc: Doc,
    *,
    sents: list[Sentence] | None = None,
    lexicon: Lexicon | None = None,
    common: CommonWords | None = None,
    is_known: Callable[[str], bool] | None = None,
    known_type: Callable[[str], EntityType | None] | None = None,
) -> list[Mention]:
    """Return the cleaned mentions of one annotated document, in text order.

    ``sdoc`` is the spaCy parse of the normalised text of ``document`` (same
    length, so offsets match). ``sents`` defaults to :func:`sentences`.
    ``known_type(name)`` gives the type the alias table or the gazetteer
    knows: a person span that is a title and its complement (``Président
    des États-Unis``) names the complement, with that type, or nothing.

    >>> import spacy
    >>> nlp = spacy.blank("fr")
    >>> d = nlp("Il aime la Chine.")
    >>> d.ents = [d.char_span(8, 16, label="LOC")]
    >>> [(m.text, m.surface) for m in extract_mentions(Document("x", d.text), d)]
    [('Chine', 'la Chine')]
    """
    sents = sents if sents is not None else sentences(document, sdoc)
    starts = [s.start for s in sents]
    text = doc_text(sdoc)
    out: list[Mention] = []
    institutions = (lexicon or default_lexicon()).institutions
    covered = 0  # end token of the last mention (names extended over later entities)
    ents = list(sdoc.ents)
    for n, ent in enumerate(ents):
        label = LABELS.get(ent.label_)
        if label is None or ent.start < covered:
            continue
        cleaned = clean_span(ent, label, lexicon=lexicon)
        if cleaned is None:
            continue
        first, end, title = cleaned
        end = name_tail(sdoc, end)
        if label == "PER" and title and _after_of(sdoc, first):
            # "Président des États-Unis": the office's domain, not a person
            found = known_type(sdoc[first:end].text) if known_type else None
            if found is None:
                continue
            label, title = found, None
        elif (
            label in ("ORG", "MISC")
            and title
            and not _after_of(sdoc, first)
            and end - first >= 2
            and all(t.is_title and t.is_alpha for t in sdoc[first:end])
        ):
            label = "PER"  # "le Premier ministre Nawaz Sharif": a title names a person
        elif label in ("ORG", "MISC") and _role_apposition(sdoc, first, end):
            label = "PER"  # "le président du groupe, Masayoshi Son": a role names a person
        elif (
            label == "PER"
            and _binomial(sdoc[first:end])
            and not (common is not None and common.is_common(sdoc[first].text))
        ):
            label = "MISC"  # "Megalolamna paradoxodon": a species, not a person
        if (
            label in ("MISC", "LOC")
            and end - first == 1
            and sdoc[first].is_title
            and sdoc[first].lower_ in institutions
        ):
            label = "ORG"  # "le Congrès", "le Sénat": an institution named by its noun
        if label == "ORG":
            end = complete_name(sdoc, first, end, common=common)
        if label in ("ORG", "MISC") and n + 1 < len(ents):
            end = join_title_case(sdoc, first, end, ents[n + 1], common=common, is_known=is_known)
        span = sdoc[first:end]
        if junk_reason(span, text, label=label, common=common, is_known=is_known, lexicon=lexicon):
            continue
        sentence = max(0, bisect.bisect_right(starts, span.start_char) - 1)
        covered = end
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


_TAIL_POS = frozenset({"DET", "PRON", "ADP", "CCONJ", "SCONJ", ""})


@lru_cache(maxsize=1)
def _role_nouns() -> frozenset[str]:
    """Return the role nouns of every kind (``kg/data/roles.tsv``: ``président``...)."""
    return frozenset(
        w for k, words in packaged_lexicons().items() if k.startswith("roles:") for w in words
    )


_NAME_PARTICLES = frozenset(
    {"de", "du", "des", "d'", "la", "le", "van", "von", "der", "den", "da", "di", "dos", "das",
     "al", "el", "ben", "bin", "ibn", "y", "e", "zu", "af", "ter", "ten", "mac", "bint"}
)  # fmt: skip


def _binomial(span: Span) -> bool:
    """Whether ``span`` is a Latin species name (``Megalolamna paradoxodon``), not a person's:
    a capitalised word then a lower-case word that is no particle (``de``, ``van``, ``al``).

    >>> import spacy
    >>> nlp = spacy.blank("fr")
    >>> _binomial(nlp("Megalolamna paradoxodon")[:]), _binomial(nlp("Charles de")[:])
    (True, False)
    >>> _binomial(nlp("Jean Dupont")[:]), _binomial(nlp("Homo sapiens sapiens")[:])
    (False, False)
    """
    if len(span) != 2:
        return False
    genus, species = span[0], span[1]
    return (
        genus.is_title
        and genus.is_alpha
        and species.is_lower
        and species.is_alpha
        and len(species) >= 4
        and species.lower_ not in _NAME_PARTICLES
    )


def _role_apposition(doc: Doc, first: int, end: int) -> bool:
    """Whether the name ``doc[first:end]`` (two title-case words or more) stands after a
    comma in apposition to a role noun: ``le président du groupe, Masayoshi Son``."""
    if first == 0 or doc[first - 1].text != "," or end - first < 2:
        return False
    if not all(t.is_title and t.is_alpha for t in doc[first:end]):
        return False
    head = doc[first:end].root.head
    return head.i < first and head.pos_ == "NOUN" and head.lower_ in _role_nouns()


def name_tail(doc: Doc, end: int) -> int:
    """Return the end token of a name whose last word the tagger took for a function word.

    ``Masayoshi Son``, ``Kim Jong Un``: a capitalised ``Son`` or ``Un`` right after a
    name, with no punctuation between, cannot open a sentence, and one followed by
    punctuation or a verb opens no noun phrase either; it ends the name. A ``+``
    after a name ends it too (``Canal +``), unless it adds two things (``1 + 1``).

    >>> import spacy
    >>> nlp = spacy.blank("fr")
    >>> d = nlp("avec Masayoshi Son, qui")
    >>> name_tail(d, 2), name_tail(nlp("avec Masayoshi son ami"), 2)
    (3, 2)
    >>> name_tail(nlp("du groupe Canal + avait"), 3), name_tail(nlp("Paris + Lyon"), 1)
    (4, 1)
    """
    if end >= len(doc) or end == 0:
        return end
    word, before = doc[end], doc[end - 1]
    if word.text == "+" and before.is_alpha and "\n" not in before.whitespace_:
        after = doc[end + 1] if end + 1 < len(doc) else None
        if after is None or not (after.like_num or after.is_title):
            return end + 1  # "Canal +", "Disney+": the sign ends the name, it adds nothing
    if not (word.is_title and word.is_alpha and len(word) > 1 and before.is_alpha):
        return end
    if not before.whitespace_ or "\n" in before.whitespace_:
        return end
    if word.pos_ not in _TAIL_POS:
        return end
    after = doc[end + 1] if end + 1 < len(doc) else None
    if after is not None and not (after.is_punct or after.pos_ in ("VERB", "AUX")):
        return end
    return end + 1


_NAME_LINKS = frozenset({"de", "d'", "d’", "du", "des", "sur", "pour", "en"})
_ARTICLE_WORDS = frozenset({"le", "la", "les", "l'", "l’", "un", "une"})


def complete_name(doc: Doc, first: int, end: int, *, common: CommonWords | None) -> int:
    """Return the end token of an organisation name the model cut short (``end`` if none).

    Names built on a common noun (``Centre``, ``Académie``, ``Banque``) go on
    over a hyphen (``Centre de coopération Chine-Laos``) and over complements
    made of lower-case words that the parser attaches to a word of the name
    (``Académie chinoise d'études sur le cyberespace``); a complement that
    names something else (``de l'ONU``) is a relation, not part of the name.
    After a hyphenated compound (``Chine-Laos``), whose parse is unreliable, the
    complements are read on the surface: lower-case nouns after a link word, and
    ``en`` with an acronym (``pour l'innovation en IA``).
    """
    head = doc[first]
    if common is None or not head.text[:1].isupper() or not common.is_common(head.text, ("noun",)):
        return end
    # the parser sometimes ends a sentence at the hyphen: stop at the line's end instead
    sentence_end = end
    while sentence_end < len(doc) and "\n" not in doc[sentence_end].text:
        sentence_end += 1
    # after a hyphenated compound the parse is unreliable (the parser attaches what follows
    # to the name's head, or even ends the sentence at the hyphen): read the surface
    broken = any(hyphenated(doc[i - 1], doc[i]) for i in range(first + 1, end))
    while end < sentence_end:
        if (
            end + 1 < sentence_end
            and hyphenated(doc[end - 1], doc[end])
            and doc[end + 1].text[:1].isupper()
        ):
            end += 2  # "Chine-Laos", "Chine-ASEAN"
            broken = True
            continue
        if doc[end].lower_ not in _NAME_LINKS:
            break
        k = end + 1
        if k < sentence_end and doc[k].lower_ in _ARTICLE_WORDS:
            k += 1
        while k < sentence_end and doc[k].pos_ == "ADJ" and doc[k].is_lower:
            k += 1
        if k >= sentence_end:
            break
        acronym = doc[end].lower_ == "en" and doc[k].is_upper and len(doc[k]) > 1
        if not (
            (doc[k].pos_ == "NOUN" and doc[k].is_lower and not (broken and doc[end].lower_ == "en"))
            or acronym
        ):
            break
        head = doc[k].head
        if not broken and (
            doc[k].dep_ != "nmod"
            or not first <= head.i < end
            or head.pos_ != "NOUN"
            or not head.is_lower
        ):
            # "l'Union européenne [a statué] sur la conjoncture", "le Parti socialiste en
            # justice": a complement of the sentence, or of the name itself, not of a word in it
            break
        k += 1
        while k < sentence_end and doc[k].pos_ == "ADJ" and doc[k].is_lower:
            k += 1
        end = k
    return end


def _after_of(doc: Doc, i: int) -> bool:
    """Whether token ``i`` follows ``de``/``des``/``du`` (and an article): ``des États-Unis``."""
    k = i - 1
    if k >= 0 and doc[k].lower_ in ("la", "l'", "l’", "les"):
        k -= 1
    return k >= 0 and doc[k].lower_ in ("de", "des", "du", "d'", "d’")


def join_title_case(
    doc: Doc,
    first: int,
    end: int,
    following: Span,
    *,
    common: CommonWords | None,
    is_known: Callable[[str], bool] | None = None,
) -> int:
    """Return the end token of a name that goes on into the ``following`` entity (``end`` if not).

    The model cuts title-case names at a link word and tags the rest as a
    second name: ``Congrès Chinois`` + ``sur l'`` + ``Intelligence Artificielle``
    (LOC). The two are one name when the second is made of capitalised common
    words only and is no name we know: ``Banque de France`` and ``Conseil des
    droits de l'homme des Nations unies`` keep their place and organisation.
    """
    if common is None or not doc[first].text[:1].isupper():
        return end
    if (
        LABELS.get(following.label_) == "PER"
        or end >= len(doc)
        or doc[end].lower_ not in _NAME_LINKS
        or doc[end].lower_ == "en"  # "Bad Aibling en Bavière": where, not a name
    ):
        return end
    k = end + 1
    if k < len(doc) and doc[k].lower_ in _ARTICLE_WORDS:
        k += 1
    if following.start != k or (is_known is not None and is_known(following.text)):
        return end
    words = [t for t in following if not t.is_punct]
    if words and all(t.is_title and t.is_alpha and common.is_common(t.text) for t in words):
        return following.end
    return end


_ACRONYM = r"[A-Z][A-Za-z0-9&.\-]{0,10}"
_AFTER_LONG = re.compile(rf"\s*\(\s*({_ACRONYM})\s*\)")
_INSIDE = re.compile(rf"^(?P<long>.*\S)\s*\(\s*(?P<acr>{_ACRONYM})\s*\)$")
_AFTER_ACR = re.compile(r"\s*\(\s*([^()\n]{3,120}?)\s*\)")


def is_acronym(text: str) -> bool:
    """Return True for an acronym-like name: one word, 2 to 12 characters, 2+ capitals.

    >>> is_acronym("NDB"), is_acronym("ANASE"), is_acronym("Chine")
    (True, True, False)
    """
    return (
        " " not in text
        and 2 <= len(text) <= 12
        and sum(c.isupper() for c in text) >= 2
        and sum(c.isupper() for c in text) >= sum(c.islower() for c in text)
    )


def _long_name(text: str) -> bool:
    words = text.split()
    return len(words) >= 2 and words[0][:1].isupper()


def acronym_links(
    document: Document, mentions: list[Mention], text: str
) -> tuple[list[Mention], list[AliasLink]]:
    """Return ``mentions`` completed with parenthesised acronyms, and the name/acronym links.

    Finds ``Long Name (ACR)`` and ``ACR (Long Name)`` around the mentions of
    one document (``text`` is its normalised text). A side of the pair the
    model did not tag becomes a mention with the label of the other side.
    Person names are never linked to acronyms.

    >>> text = "La Nouvelle Banque de développement (NDB) prête."
    >>> m = Mention("d", 3, 35, "Nouvelle Banque de développement", "ORG", "Nouvelle Banque de développement", 0)
    >>> ms, links = acronym_links(Document("d", text), [m], text)
    >>> [x.text for x in ms], [(k.name, k.alias) for k in links]
    (['Nouvelle Banque de développement', 'NDB'], [('Nouvelle Banque de développement', 'NDB')])
    """
    by_start = {m.start: m for m in mentions}
    out: list[Mention] = []
    links: list[AliasLink] = []
    for m in mentions:
        if m.label == "PER":
            out.append(m)
            continue
        inside = _INSIDE.match(m.text)
        if inside and _long_name(inside["long"]) and is_acronym(inside["acr"]):
            # the model tagged "Long Name (ACR)" as one span: split it
            long_end = m.start + len(inside["long"])
            acr_start = m.start + inside.start("acr")
            m_long = Mention(
                m.doc_id, m.start, long_end, inside["long"], m.label, m.surface, m.sentence, m.title
            )
            m_acr = Mention(
                m.doc_id,
                acr_start,
                acr_start + len(inside["acr"]),
                inside["acr"],
                m.label,
                inside["acr"],
                m.sentence,
            )
            out += [m_long, m_acr]
            links.append(AliasLink(document.id, m_long.text, m_acr.text))
            continue
        out.append(m)
        after = _AFTER_LONG.match(text, m.end)
        if after and _long_name(m.text) and is_acronym(after[1]) and "\n" not in after[0]:
            start, end = after.span(1)
            if start not in by_start:
                out.append(Mention(m.doc_id, start, end, after[1], m.label, after[1], m.sentence))
            links.append(AliasLink(document.id, m.text, after[1]))
            continue
        after = _AFTER_ACR.match(text, m.end)
        if after and is_acronym(m.text) and _long_name(after[1]) and "\n" not in after[0]:
            inner = after[1]
            if _initials_fit(m.text, inner):
                start, end = after.span(1)
                if start not in by_start:
                    out.append(Mention(m.doc_id, start, end, inner, m.label, inner, m.sentence))
                links.append(AliasLink(document.id, inner, m.text))
    out.sort(key=lambda x: (x.start, x.end))
    return out, links


_STOP_INITIALS = frozenset(
    [
        "de",
        "du",
        "des",
        "la",
        "le",
        "les",
        "l",
        "d",
        "et",
        "pour",
        "sur",
        "en",
        "à",
        "au",
        "aux",
        "of",
        "the",
        "and",
        "for",
        "in",
        "on",
    ]
)


def initials(name: str) -> set[str]:
    """Return the acronyms ``name`` could have: initials with and without small words.

    >>> sorted(initials("Association des nations de l'Asie du Sud-Est"))
    ['ADNDLADSE', 'ANASE']
    """
    words = [w for w in re.split(r"[\s\-'’]+", name) if w]
    content = [w for w in words if w.lower() not in _STOP_INITIALS]
    out = {"".join(w[0] for w in content).upper(), "".join(w[0] for w in words).upper()}
    return {x for x in out if len(x) >= 2}


def _initials_fit(acronym: str, name: str) -> bool:
    """Whether an acronym plausibly abbreviates ``name`` (letters in order, any language)."""
    letters = [c for c in acronym.upper() if c.isalpha()]
    heads = [w[0].upper() for w in re.split(r"[\s\-'’]+", name) if w]
    i = 0
    for head in heads:
        if i < len(letters) and head == letters[i]:
            i += 1
    return i == len(letters) or acronym.upper() in initials(name)


_COMPOUND = re.compile(r"(?<=\w)-(?=[A-ZÀ-ÖØ-Þ])")


def split_compounds(
    mentions: list[Mention],
    *,
    known_type: Callable[[str], EntityType | None] | None = None,
    lexicon: Lexicon | None = None,
) -> list[Mention]:
    """Return ``mentions`` with hyphenated pairs of names split into their parts.

    ``Chine-ASEAN`` in ``la coopération Chine-ASEAN`` names two entities, not a
    third one: a mention is split when every hyphen-separated part is a name
    seen alone in the same document or known to ``known_type`` (which returns
    the type of a known name, else None). Parts that are not names
    (``Sud-Sud``) are dropped. Mentions ``known_type`` knows as a whole
    (``Guinée-Bissau``) stay.
    """
    lex = lexicon or default_lexicon()
    labels: dict[str, Counter[str]] = defaultdict(Counter)
    for m in mentions:
        labels[merge_key(m.text)][m.label] += 1
    out: list[Mention] = []
    for m in mentions:
        parts = _COMPOUND.split(m.text)
        if len(parts) < 2 or (known_type and known_type(m.text)):
            out.append(m)
            continue
        types = []
        for part in parts:
            seen = labels.get(merge_key(part))
            types.append(seen.most_common(1)[0][0] if seen else known_type and known_type(part))
        if not all(types):
            out.append(m)
            continue
        pos = m.start
        for part, part_type in zip(parts, types, strict=True):
            if fold(part) not in lex.not_names:
                out.append(
                    Mention(m.doc_id, pos, pos + len(part), part, part_type, part, m.sentence)
                )
            pos += len(part) + 1
    return out


def propagate(
    document: Document, sdoc: Doc, mentions: list[Mention], sents: list[Sentence]
) -> list[Mention]:
    """Return ``mentions`` plus the untagged occurrences of their names in the same document.

    The model often tags a name once and misses it later (``secrétaire général
    du WIC``). An occurrence is added when it is written exactly as a mention
    of this document (case included), is a whole token sequence, overlaps no
    mention, and is not part of a longer capitalised name (the words around
    it are not capitalised). Its label is the one the name has most often.
    """
    labels: dict[str, Counter[str]] = defaultdict(Counter)
    for m in mentions:
        if len(m.text) >= 2 and any(c.isupper() for c in m.text):
            labels[m.text][m.label] += 1
    if not labels:
        return mentions
    taken = sorted((m.start, m.end) for m in mentions)
    starts = [s for s, _ in taken]
    sent_starts = [s.start for s in sents]
    added: list[Mention] = []
    text = doc_text(sdoc)
    written = Counter(text[a:b] for a, b in {(m.start, m.end) for m in mentions})
    for name in sorted(labels, key=len, reverse=True):
        lowered = _lowered_variant(name, labels[name])
        if (
            text.count(name) <= written[name]
            and not _overlaps_itself(name)
            and not (lowered and lowered in text)
        ):
            continue  # every occurrence of the name is a mention already
        pattern = rf"(?<!\w){re.escape(name)}(?!\w)"
        if lowered:  # "la société des journalistes d'I-Télé" after "la Société des journalistes …"
            pattern += rf"|(?<!\w){re.escape(lowered)}(?!\w)"
        for match in re.finditer(pattern, text):
            start, end = match.span()
            if text[start] != name[0] and not _ARTICLE_BEFORE.search(text, 0, start):
                continue  # a lower-case word alone is a common noun, after an article a name
            k = bisect.bisect_right(starts, start)
            if (k and taken[k - 1][1] > start) or (k < len(taken) and taken[k][0] < end):
                continue
            span = sdoc.char_span(start, end)
            if span is None or _inside_longer_name(span):
                continue
            label = labels[name].most_common(1)[0][0]
            sentence = max(0, bisect.bisect_right(sent_starts, start) - 1)
            surface = text[start:end]
            added.append(Mention(document.id, start, end, name, label, surface, sentence))  # type: ignore[arg-type]
            taken.insert(k, (start, end))
            starts.insert(k, start)
    return sorted([*mentions, *added], key=lambda m: (m.start, m.end)) if added else mentions


_ARTICLE_BEFORE = re.compile(r"(?:\b(?:la|le|les|du|des) |\bl['’])\Z", re.IGNORECASE)


def _lowered_variant(name: str, labels: Counter[str]) -> str | None:
    """Return an organisation's name of three words or more with its first letter in lower
    case (``société des journalistes d'I-Télé``), as the press writes it after an article;
    None for other names."""
    words = name.split()
    if len(words) < 3 or labels.most_common(1)[0][0] != "ORG":
        return None
    first = words[0]
    if not (first[:1].isupper() and first[1:].islower() and first.isalpha()):
        return None
    return first.lower() + name[len(first) :]


def _overlaps_itself(name: str) -> bool:
    """Return True if two occurrences of ``name`` can overlap (``ABA`` in ``ABABA``)."""
    return any(name.endswith(name[:i]) for i in range(1, len(name)))


def _inside_longer_name(span: Span) -> bool:
    doc = span.doc
    neighbours = [doc[span.start - 1]] if span.start > 0 else []
    if span.end < len(doc):
        neighbours.append(doc[span.end])
    return any(t.is_alpha and t.is_title and not t.is_sent_start for t in neighbours)
