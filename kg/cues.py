"""Type cues: the words around a name that say what it names.

The model types a name from the name itself, and often gets a company or a
journalist wrong (``Tesla`` PER) or misses it (``SMIC``). French news usually
says what a name is, right next to it:

* a class noun before it: ``la société chinoise ZTE``, ``l'économiste Noah Smith``;
* in apposition after it: ``SMIC, la fonderie chinoise``, or closing a noun
  phrase the class noun heads: ``son entreprise de véhicules électriques, Tesla.``;
* after a copula: ``Mei-Ling Tan est une journaliste``;
* coordination with a full person name: ``Vivek Ramaswamy et Tulsi Gabbard``;
* a common noun at the head of the name itself: ``la Cour d'appel de Reims`` is
  an organisation and ``les Jeux olympiques de Rio`` an event, though both hold a
  place (``kg/data/name_heads.tsv``).

Class nouns and their types are data (``kg/data/type_cues.tsv``). A cue
retypes a mention the model tagged, and adds a name the model missed. Two
more layout cues add names the model misses: a byline line (``Par Jean
Dupont``, ``By Liang Rui``) names a person, and a name in capitals that the
gazetteer knows (the dateline ``BEIJING, le 1er mai``) is a place. Knowledge
wins over cues: a name the alias table or the gazetteer knows keeps its type.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Callable, Iterable
from dataclasses import replace
from functools import lru_cache
from importlib import resources

from spacy.tokens import Doc, Span, Token

from kg.entities import (
    LOWER_CASE_HEADS,
    CommonWords,
    clean_span,
    doc_text,
    hyphenated,
    is_determiner,
    junk_reason,
    line_of,
    nationality_noun,
)
from kg.errors import InputError
from kg.types import Document, EntityType, Mention, Sentence

CUE_TYPES: tuple[EntityType, ...] = ("PER", "LOC", "ORG", "MISC")
BYLINE = re.compile(r"^(?:par|by|de)\s+(?P<name>\S.*?)\s*$", re.IGNORECASE)
"""A byline line: ``Par Jean Dupont``; the name is then checked token by token."""

_MAX_ADJECTIVES = 3
_COPULAS = frozenset({"est", "était", "sera", "fut", "devient", "reste"})
_COPULA_ARTICLES = frozenset({"un", "une", "le", "la", "l'"})
_MAX_NAME_TOKENS = 6
_MAX_NOUN_PHRASE = 10
_MAX_APPOSITION_TOKENS = 3
_NOUN_PHRASE_POS = frozenset({"NOUN", "ADJ", "ADP", "DET", "NUM"})
_SPEECH_VERBS = frozenset(
    [
        "dire",
        "déclarer",
        "affirmer",
        "annoncer",
        "rapporter",
        "indiquer",
        "expliquer",
        "estimer",
        "assurer",
        "souligner",
        "préciser",
        "ajouter",
        "répondre",
        "dénoncer",
        "accuser",
        "démentir",
        "confirmer",
        "révéler",
        "publier",
        "écrire",
        "critiquer",
        "réclamer",
        "exiger",
        "qualifier",
    ]
)


def read_cues(
    text: str, *, source: str, types: tuple[EntityType, ...] = CUE_TYPES
) -> dict[str, EntityType]:
    """Return the cue table of TSV ``text`` (``noun<TAB>type`` lines, ``#`` comments).

    ``types`` are the types a row may give. Raises
    :class:`~kg.errors.InputError` naming ``source`` and the line on a bad row.

    >>> read_cues("# cues\\nsociété\\tORG\\nville\\tLOC\\n", source="x")
    {'société': 'ORG', 'ville': 'LOC'}
    """
    cues: dict[str, EntityType] = {}
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip() or line.startswith("#"):
            continue
        noun, _, etype = line.partition("\t")
        etype = etype.strip()
        if not noun.strip() or etype not in types:
            raise InputError(
                f"{source}, line {number}: expected 'noun<TAB>type' with type one of "
                f"{', '.join(types)}, got {line!r}"
            )
        cues[_phrase(noun)] = etype  # type: ignore[assignment]
    return cues


@lru_cache(maxsize=1)
def default_cues() -> dict[str, EntityType]:
    """Return the packaged cue table (``kg/data/type_cues.tsv``)."""
    text = resources.files("kg").joinpath("data/type_cues.tsv").read_text("utf-8")
    return read_cues(text, source="kg/data/type_cues.tsv")


@lru_cache(maxsize=1)
def default_name_heads() -> dict[str, EntityType]:
    """Return the packaged name heads (``kg/data/name_heads.tsv``): ``cour`` ORG, ``jeux`` MISC."""
    text = resources.files("kg").joinpath("data/name_heads.tsv").read_text("utf-8")
    return read_cues(text, source="kg/data/name_heads.tsv", types=("ORG", "MISC"))


def name_head(
    name: str, heads: dict[str, EntityType] | None = None
) -> tuple[EntityType, str] | None:
    """Return ``(type, noun)`` when a common noun heads ``name`` (two words or more):
    capitalised, or one of :data:`LOWER_CASE_HEADS` before a capitalised word.

    >>> name_head("Cour d'appel de Reims")
    ('ORG', 'cour')
    >>> name_head("Jeux olympiques de Rio")
    ('MISC', 'jeux')
    >>> name_head("lycée Vaugelas"), name_head("université de Duke")
    (('ORG', 'lycée'), ('ORG', 'université'))
    >>> name_head("Cour"), name_head("cour de Reims"), name_head("Saint-Denis")
    (None, None, None)
    """
    heads = default_name_heads() if heads is None else heads
    words = name.split()
    if len(words) < 2:
        return None
    head = words[0].lower()
    if not words[0][:1].isupper() and not (
        head in LOWER_CASE_HEADS and any(w[:1].isupper() for w in words[1:])
    ):
        return None
    return (heads[head], head) if head in heads else None


def _phrase(text: str) -> str:
    return " ".join(text.lower().replace("’", "'").replace("' ", "'").split())


_OF = frozenset({"de", "d'", "d’"})


def _cue_at(doc: Doc, j: int, cues: dict[str, EntityType]) -> tuple[EntityType, str, int] | None:
    """Return ``(type, cue, first_token)`` of the lower-case cue phrase ending at token ``j``."""
    if j < 0 or not doc[j].is_lower or (not doc[j].is_alpha and "-" not in doc[j].text):
        return None
    for n in (3, 2, 1):
        first = j - n + 1
        if first < 0:
            continue
        words = _phrase(doc[first : j + 1].text)
        etype = cues.get(words)
        if etype is None and n == 1:
            etype = cues.get(_phrase(doc[j].lemma_))
        if etype is not None:
            return etype, words, first
    return None


def find_cue(
    doc: Doc, start: int, end: int, cues: dict[str, EntityType]
) -> tuple[EntityType, str] | None:
    """Return ``(type, cue phrase)`` when a class noun next to tokens ``start:end`` types them.

    >>> import spacy
    >>> nlp = spacy.blank("fr")
    >>> d = nlp("contre la société chinoise ZTE hier")
    >>> for t in d: t.pos_ = "DET" if t.text == "la" else "ADJ" if t.text == "chinoise" else "NOUN"
    >>> find_cue(d, 4, 5, {"société": "ORG"})
    ('ORG', 'société')
    """
    # 0. a capitalised nationality noun names a person: DET Nationality NAME
    # ("l'Espagnole Caroline Routier"; "l'américain Apple", in lower case, is a company)
    if start >= 2 and nationality_noun(doc, start - 1):
        return "PER", doc[start - 1].text
    # 1. before: DET cue ADJ* NAME ("la société chinoise ZTE")
    j = start - 1
    skipped = 0
    while j >= 0 and doc[j].pos_ == "ADJ" and doc[j].is_lower and skipped < _MAX_ADJECTIVES:
        j -= 1
        skipped += 1
    found = _cue_at(doc, j, cues)
    if found and found[2] > 0 and is_determiner(doc[found[2] - 1]):
        return found[0], found[1]
    # 1b. a cue with its complement before the name: DET cue de NOUN ADJ* NAME
    # ("le fabricant de satellites OneWeb", "l'opérateur de télécoms Orange")
    if j >= 3 and doc[j].pos_ == "NOUN" and doc[j].is_lower and doc[j - 1].lower_ in _OF:
        found = _cue_at(doc, j - 2, cues)
        if found and found[2] > 0 and is_determiner(doc[found[2] - 1]):
            return found[0], found[1]
    before = doc[start - 1] if start > 0 else None
    adverbial = before is not None and before.pos_ == "ADP"  # "En Chine, la société ..."
    # 2. apposition after: NAME, DET? ADJ* cue ("SMIC, la fonderie chinoise")
    if not adverbial and end + 2 < len(doc) and doc[end].text == "," and is_determiner(doc[end + 1]):
        found = _cue_after_adjectives(doc, end + 2, cues)
        if found:
            return found
    # 3. apposition after a noun phrase headed by a cue, the name closing it:
    # "pour son entreprise de véhicules électriques, Tesla." (not "le président de la
    # société, Jean Dupont": there the cue is a complement of another noun)
    if (
        start >= 3
        and end - start <= _MAX_APPOSITION_TOKENS
        and doc[start - 1].text == ","
        and (end == len(doc) or doc[end].is_punct)
    ):
        k = start - 2
        while k >= max(0, start - 2 - _MAX_NOUN_PHRASE) and doc[k].pos_ in _NOUN_PHRASE_POS:
            found = _cue_at(doc, k, cues)
            if (
                found
                and found[2] > 0
                and is_determiner(doc[found[2] - 1])
                and not (doc[k].head.i != k and doc[k].head.pos_ in ("NOUN", "PROPN"))
            ):
                return found[0], found[1]
            k -= 1
    # 4. copula: NAME est un(e) ADJ* cue ("Mei-Ling Tan est une journaliste")
    if (
        not adverbial
        and end + 2 < len(doc)
        and doc[end].lower_ in _COPULAS
        and doc[end + 1].lower_ in _COPULA_ARTICLES
    ):
        found = _cue_after_adjectives(doc, end + 2, cues)
        if found:
            return found
    return None


def _cue_after_adjectives(
    doc: Doc, k: int, cues: dict[str, EntityType]
) -> tuple[EntityType, str] | None:
    """Return the cue phrase at token ``k``, after up to three adjectives (``la fonderie``)."""
    first = k
    while k < len(doc) and doc[k].pos_ == "ADJ" and doc[k].is_lower and k - first < _MAX_ADJECTIVES:
        k += 1
    return _longest_cue_from(doc, k, cues)


def _longest_cue_from(
    doc: Doc, k: int, cues: dict[str, EntityType]
) -> tuple[EntityType, str] | None:
    """Return the cue phrase starting at token ``k`` (longest first), if any."""
    for n in (3, 2, 1):
        if k + n <= len(doc):
            found = _cue_at(doc, k + n - 1, cues)
            if found and found[2] == k:
                return found[0], found[1]
    return None


def _name_like(token: Token) -> bool:
    text = token.text
    return (
        bool(text[:1].isupper())
        and text.replace("-", "").replace("'", "").replace("’", "").isalnum()
    )


def _name_runs(doc: Doc, taken: set[int]) -> Iterable[tuple[int, int]]:
    """Yield maximal runs of capitalised tokens outside mentions (``Mei-Ling Tan``)."""
    i, n = 0, len(doc)
    while i < n:
        if i in taken or not _name_like(doc[i]):
            i += 1
            continue
        j = i + 1
        while j < n and j not in taken:
            if _name_like(doc[j]) and "\n" not in doc[j - 1].whitespace_:
                j += 1
            elif (
                hyphenated(doc[j - 1], doc[j])
                and j + 1 < n
                and j + 1 not in taken
                and _name_like(doc[j + 1])
            ):
                j += 2
            else:
                break
        yield i, j
        i = j


def cued_mentions(
    document: Document,
    sdoc: Doc,
    mentions: list[Mention],
    *,
    sents: list[Sentence],
    cues: dict[str, EntityType] | None = None,
    common: CommonWords | None = None,
    known_type: Callable[[str], EntityType | None] | None = None,
) -> list[Mention]:
    """Return ``mentions`` retyped by their cues, plus the names cues reveal, in text order.

    A retyped or added mention carries its cue in ``Mention.cue`` (a class
    noun, ``"byline"`` or ``"place name"``), so resolution lets it outvote
    the model. ``known_type(name)`` gives the type the alias table or the
    gazetteer knows (None if unknown); known names keep their type.
    """
    cues = default_cues() if cues is None else cues
    known = known_type or (lambda _name: None)

    def is_known(name: str) -> bool:
        return known(name) is not None

    out = list(mentions)
    taken: set[int] = set()
    spans: list[tuple[int, int, int | None]] = []
    for k, m in enumerate(mentions):
        span = sdoc.char_span(m.start, m.end, alignment_mode="expand")
        if span is None or not len(span):
            continue
        taken.update(range(span.start, span.end))
        spans.append((span.start, span.end, k))
    spans += [(a, b, None) for a, b in _name_runs(sdoc, taken)]
    sent_starts = [s.start for s in sents]
    text = doc_text(sdoc)

    def add(span: Span, etype: EntityType, cue: str) -> None:
        cleaned = clean_span(span, etype)
        if cleaned is None:
            return
        first, end, title = cleaned
        span = sdoc[first:end]
        if (
            not len(span)
            or len(span) > _MAX_NAME_TOKENS
            or any(i in taken for i in range(first, end))
        ):
            return
        if junk_reason(
            span, text, label=etype, common=common, titled=bool(title), is_known=is_known
        ):
            return
        if (
            common is not None
            and len(span) == 1
            and not span[0].is_upper
            and common.is_common(span.text)
        ):
            return  # "la société Internet": a common word, not a name
        name = " ".join(span.text.split())
        if known(name) not in (None, etype):
            return
        sentence = max(0, bisect.bisect_right(sent_starts, span.start_char) - 1)
        out.append(
            Mention(
                document.id,
                span.start_char,
                span.end_char,
                name,
                etype,
                " ".join(span.text.split()),
                sentence,
                title,
                cue,
            )
        )
        taken.update(range(first, end))

    for a, b, k in spans:
        if k is None and b - a > _MAX_NAME_TOKENS:
            continue
        found = find_cue(sdoc, a, b, cues)
        if found is not None:
            etype, cue = found
            if etype == "PER" and any(t.is_upper and len(t) > 1 for t in sdoc[a:b]):
                continue  # "les militants CGT": an acronym is not a person
            if k is not None:
                m = out[k]
                # a full person name stays a person: "le chef de l'organisation Ayman al-Zawahiri";
                # but a work right after its class noun is a work: "la série Julie Lescaut"
                full_name = m.label == "PER" and len(m.text.split()) > 1
                if etype == "MISC" and a > 0 and sdoc[a - 1].lower_ == cue.split()[-1]:
                    full_name = False
                if known(m.text) is None and not full_name and (m.label != etype or m.cue is None):
                    out[k] = replace(m, label=etype, cue=cue)
            else:
                add(sdoc[a:b], etype, cue)
            continue
        if k is not None:
            continue
        run = sdoc[a:b]
        # a name in capitals the gazetteer knows: the dateline "BEIJING, le 1er mai"
        capitals = all(t.is_upper or not t.is_alpha for t in run)
        if (
            capitals
            and sum(c.isalpha() for c in run.text) >= 4
            and known(run.text.title()) == "LOC"
        ):
            add(run, "LOC", "place name")
            continue
        # a byline: "Par Jean Dupont", "By Liang Rui" alone on its line
        match = BYLINE.match(line_of(text, run.start_char, run.end_char))
        if match and match["name"] in (run.text, run[1:].text):
            name = run if match["name"] == run.text else run[1:]
            words = [t for t in name if t.is_alpha]
            if 2 <= len(words) <= 4 and not any(t.is_upper and len(t) > 1 for t in name):
                add(name, "PER", "byline")
    # coordination: "Vivek Ramaswamy et Tulsi Gabbard" (the model saw ORG "Ramaswamy")
    for a, b in _coordinated_names(sdoc, out):
        inside = [m for m in out if a <= m.start and m.end <= b]
        run = sdoc.char_span(a, b)
        whole = any(m.start == a and m.end == b for m in inside)  # "Air France" stays ORG
        if run is None or whole or any(m.label == "PER" for m in inside) or known(run.text):
            continue
        out = [m for m in out if m not in inside]
        for m in inside:
            span = sdoc.char_span(m.start, m.end, alignment_mode="expand")
            taken.difference_update(range(span.start, span.end))
        add(run, "PER", "coordination")
    # a name headed by a common noun is what the noun says, even when it holds a place:
    # "la Cour d'appel de Reims" (ORG), "les Jeux olympiques de Rio" (MISC)
    for k, m in enumerate(out):
        if m.label == "PER" or m.cue is not None or known(m.text) is not None:
            continue
        found = name_head(m.text)
        if found is not None and found[0] != m.label:
            out[k] = replace(m, label=found[0], cue=found[1])
    # a name that speaks is a person or an organisation: "The Information a rapporté que"
    for k, m in enumerate(out):
        if m.label != "MISC" or m.cue is not None or known(m.text) is not None:
            continue
        span = sdoc.char_span(m.start, m.end, alignment_mode="expand")
        if span is None or not _speaks(span):
            continue
        if common is not None and all(common.is_common(t.text) for t in span if t.is_alpha):
            continue  # a title made of common words speaks for a document: "le Livre blanc indique"
        out[k] = replace(m, label="ORG", cue="speaker")
    return sorted(out, key=lambda m: (m.start, m.end))


_CLITICS = frozenset({"le", "la", "les", "l'", "l’", "lui", "leur", "se", "s'", "s’"})


def _speaks(span: Span) -> bool:
    """Whether ``span`` is the subject of a verb of saying (``a rapporté``, ``affirme``,
    ``le qualifiant``): in the parse, or right before the verb when the parse missed it."""
    root = span.root
    if root.dep_ == "nsubj" and root.head.lemma_ in _SPEECH_VERBS:
        return True
    doc, k = span.doc, span.end
    if k < len(doc) and doc[k].lower_ in _CLITICS:
        k += 1  # "Télérama le qualifiant …"
    if k < len(doc) and doc[k].pos_ == "AUX" and doc[k].lemma_ == "avoir":
        k += 1
    return k < len(doc) and doc[k].pos_ == "VERB" and doc[k].lemma_ in _SPEECH_VERBS


def _coordinated_names(doc: Doc, mentions: list[Mention]) -> list[tuple[int, int]]:
    """Return the character spans of 2-3 word names joined by ``et``/``ou`` to a full person name."""
    found = []
    for m in mentions:
        if m.label != "PER" or len(m.text.split()) < 2:
            continue
        span = doc.char_span(m.start, m.end, alignment_mode="expand")
        if span is None:
            continue
        for conj, step in ((span.start - 1, -1), (span.end, 1)):
            if not 0 <= conj < len(doc) or doc[conj].lower_ not in ("et", "ou"):
                continue
            k, words = conj + step, []
            while 0 <= k < len(doc) and len(words) < 4 and _person_word(doc[k]):
                words.append(doc[k])
                k += step
            if 2 <= len(words) <= 3:
                words.sort(key=lambda t: t.i)
                found.append((words[0].idx, words[-1].idx + len(words[-1])))
    return found


def _person_word(token: Token) -> bool:
    """A capitalised word that may be part of a person's name (not an acronym, not a verb)."""
    return (
        _name_like(token)
        and not (token.is_upper and len(token) > 1)
        and token.pos_ in ("PROPN", "NOUN", "X")
        and "\n" not in token.whitespace_
    )
