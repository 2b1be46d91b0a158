"""Interactions between named entities read off French verbs, with a verb lexicon kept as data.

``kg/data/verbs.tsv`` maps French verbs (and the frame of their second
argument) to a relation kind and a coarse class, as CAMEO's QuadClass does
for English events: ``critiquer`` + direct object gives ``opposes``
(verbal conflict), ``voter pour`` gives ``supports``, ``rencontrer`` gives
``met``, ``féliciter`` the generic ``interactsWith`` (verbal cooperation).
See the file's header for its columns; users may extend it
(:func:`parse_lexicon`).

:func:`interaction_candidates` walks the sentences that name at least two
mentions and reads, for each verb of the lexicon:

- the active voice: subject ``nsubj``, second entity the direct object
  (``obj``) or the oblique argument introduced by the frame's preposition
  (``obl:arg``/``obl:mod``, or attached to the object noun: ``a vendu des
  armes à la Chine``);
- the passive voice: ``X a été critiqué par Y`` (``nsubj:pass`` is the
  patient, ``obl:agent`` the agent) and the participle ``X, battu par Y``;
- a verb coordinated with another takes its subject (``X a critiqué Y et
  accusé Z``), and the obliques the parser hangs on the first verb after the
  second (``X reste derrière et remporte l'étape, en 1 heure, devant Y``); an
  infinitive after ``après`` takes the subject of its verb (``X termine 4e après
  avoir cédé la place à Y``);
- which mention a token stands for (titles, relative pronouns, pronouns through
  :mod:`kg.coref`, descriptions with an apposed name, acting nouns such as
  ``les militants du FNL``) and the lists of names a relation is distributed over
  (``a tourné pour A, B, C et D``) are read by :mod:`kg.arguments`.

A row's optional ``types`` column (``PER>PER``) narrows the entity types of its
kind (``tourner pour``: two people; an organisation falls back to
``interactsWith``). The same walk reads the relation and event nouns of
``kg/data/relation_nouns.tsv`` (:mod:`kg.nominal`: ``X, allié de Y``,
``l'offensive de X contre Y``) and coordinated subjects acting explicitly
together (:mod:`kg.joint`: ``X et Y publient ensemble``).

Not asserted: negated verbs (``n'a pas critiqué``), the conditional
(``aurait attaqué``), infinitives under another verb (``a refusé de
soutenir``), questions, and what someone is reported to have said (inside
guillemets, in the complement of a reporting verb, or with a reporting incise:
``« ... », a dit X``). The verb's lemma
and its class stay on the candidate (``kg:verb``, ``kg:interactionClass``).
"""

from __future__ import annotations

import hashlib
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, replace
from functools import lru_cache
from importlib import resources

from spacy.tokens import Doc, Span, Token

from kg.arguments import _PREPOSITION_FORMS, bound_in_clause, members
from kg.arguments import case_of as _case
from kg.arguments import named as _named
from kg.errors import InputError
from kg.patterns import KINDS, SYMMETRIC, Candidate, _negated
from kg.types import GRAPH_TYPES, EntityType, Mention

OPPOSES = "opposes"
SUPPORTS = "supports"
INTERACTS = "interactsWith"
"""The generic kind: a verb of the lexicon with no more precise kind (or whose types do not fit)."""

CLASSES = ("verbalCooperation", "materialCooperation", "verbalConflict", "materialConflict", "neutral")
"""The coarse classes of an interaction (CAMEO's QuadClass, plus neutral)."""

ANY_VERB = "*"
"""The verb of the lexicon's phrase rows that take any verb: ``* offensive`` (``lancer une
offensive contre``, ``reprendre l'offensive contre``)."""

NEVER = "-"
"""The kind of verbs that never give an interaction (copulas, light verbs, reporting verbs)."""

_ANY: tuple[EntityType, ...] = GRAPH_TYPES
KIND_TYPES: dict[str, tuple[tuple[EntityType, ...], tuple[EntityType, ...]]] = {
    "met": (("PER",), ("PER",)),
    "visited": (("PER", "ORG"), ("LOC", "ORG")),
    "leads": (("PER", "ORG"), ("ORG", "LOC")),
    "investsIn": (("PER", "ORG", "LOC"), ("ORG",)),
    "foundedBy": (("ORG",), ("PER", "ORG", "LOC")),
    "memberOf": (("PER", "LOC", "ORG"), ("ORG",)),
    "worksFor": (("PER",), ("ORG",)),
}
"""Subject and object types of the kinds a verb may give (the others: any graph type)."""

FALLBACK_OBJECTS: dict[str, tuple[EntityType, ...]] = {
    "met": ("PER", "ORG"),
    "memberOf": ("ORG", "LOC"),
}
"""Object types of the generic fallback of a kind, when not any: one meets people and
organisations, and a place after ``a reçu`` is a parse error (``a reçu à Washington le prix``);
one joins a body or a country, and ``il rejoint Paavo Nurmi au nombre de médailles`` is no
interaction with Nurmi."""

_CLITICS = {"s'": "se", "se": "se", "en": "en", "l'": "le", "y": "y"}
_CLITIC_FORMS = {
    "se": {"se", "s'", "me", "m'", "te", "t'", "nous", "vous"},
    "en": {"en"},
    "le": {"l'", "le", "la", "les"},
    "y": {"y"},
}
_OBLIQUE = frozenset({"obl:arg", "obl:mod", "obl", "iobj"})
_QUOTES_OPEN, _QUOTES_CLOSE = "«“", "»”"

PATTERN_ACTIVE = "verb-active"
PATTERN_PASSIVE = "verb-passive"
PATTERN_PARTICIPLE = "verb-participle"
PATTERN_OBLIQUE = "verb-oblique"
PATTERN_INVERSE = "verb-inverse"
"""Pattern names of the candidates (``kg:pattern``); inverse entries read object -> subject."""


@dataclass(frozen=True, slots=True)
class VerbEntry:
    """One row of the verb lexicon (see ``kg/data/verbs.tsv``).

    ``lemma`` is the row as written (``porter plainte``), ``verb`` the verb's
    lemma (``porter``), ``clitics`` the clitics it needs (``se``, ``en``,
    ``le``), ``noun`` the lemma of a noun it governs (``plainte``), as its
    object or after ``noun_case`` (``en cause``: ``en``), ``frame``
    ``obj`` or a preposition (``contre``).
    """

    lemma: str
    verb: str
    frame: str
    kind: str
    cls: str
    inverse: bool = False
    clitics: frozenset[str] = frozenset()
    noun: str | None = None
    noun_case: str | None = None
    types: tuple[tuple[EntityType, ...], tuple[EntityType, ...]] | None = None


@dataclass(frozen=True, slots=True)
class VerbLexicon:
    """The verb lexicon: entries by verb lemma, and the verbs that never give a relation."""

    entries: dict[str, tuple[VerbEntry, ...]]
    never: dict[str, str]

    def __len__(self) -> int:
        return sum(len(v) for v in self.entries.values())

    def __hash__(self) -> int:
        return hash(tuple(sorted((k, v) for k, v in self.entries.items())))

    @property
    def speech(self) -> frozenset[str]:
        """Return the reporting verbs (class ``speech`` of the rows of kind ``-``)."""
        return frozenset(v for v, cls in self.never.items() if cls == "speech")


def lexicon_rows(
    text: str, *, source: str, header: str, width: int
) -> Iterator[tuple[str, list[str]]]:
    """Yield ``(where, cells)`` for each data row of a lexicon TSV (verbs, nouns).

    Blank lines, ``#`` comments and the header row (its first cell ``header``)
    are skipped; cells are stripped and padded to ``width``; ``where`` names the
    source and line for error messages. A row without its first two cells
    raises :class:`InputError`.
    """
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip() or line.startswith("#") or line.startswith(header + "\t"):
            continue
        cells = [c.strip() for c in line.split("\t")]
        cells += [""] * (width - len(cells))
        where = f"{source}, line {number}"
        if not cells[0] or not cells[1]:
            raise InputError(f"{where}: a row needs a {header} and a frame")
        yield where, cells[:width]


def check_row(where: str, kind: str, cls: str, inverse: str) -> None:
    """Raise :class:`InputError` naming ``where`` when a lexicon row's kind, class or
    ``inverse`` cell is not one the lexicons know."""
    allowed = {*KINDS, OPPOSES, SUPPORTS, INTERACTS}
    if kind not in allowed:
        raise InputError(f"{where}: unknown kind {kind!r}; use one of {', '.join(sorted(allowed))}")
    if cls not in CLASSES:
        raise InputError(f"{where}: unknown class {cls!r}; use one of {', '.join(CLASSES)}")
    if inverse not in ("", "yes", "no"):
        raise InputError(f"{where}: inverse is 'yes' or empty, not {inverse!r}")


def parse_lexicon(text: str, *, source: str = "verb lexicon") -> VerbLexicon:
    """Return the lexicon of a TSV ``text``; raise :class:`InputError` naming a bad line.

    >>> lex = parse_lexicon("lemma\\tframe\\tkind\\tclass\\tinverse\\n"
    ...                     "s'opposer\\tà\\topposes\\tverbalConflict\\t\\n")
    >>> e = lex.entries["opposer"][0]
    >>> e.kind, e.frame, sorted(e.clitics)
    ('opposes', 'à', ['se'])
    """
    entries: dict[str, list[VerbEntry]] = defaultdict(list)
    never: dict[str, str] = {}
    for where, cells in lexicon_rows(text, source=source, header="lemma", width=6):
        lemma, frame, kind, cls, inverse, types = cells
        if kind == NEVER:
            never[lemma] = cls
            continue
        check_row(where, kind, cls, inverse)
        entry = _entry(lemma, frame, kind, cls, inverse == "yes")
        if types:
            entry = replace(entry, types=parse_types(types, where=where))
        if entry.verb == ANY_VERB and entry.noun is None:
            raise InputError(f"{where}: a '*' row names the noun the verb governs (* offensive)")
        entries[entry.verb].append(entry)
    return VerbLexicon({k: tuple(v) for k, v in entries.items()}, never)


def parse_types(text: str, *, where: str) -> tuple[tuple[EntityType, ...], tuple[EntityType, ...]]:
    """Return the subject and object types of a ``types`` cell (``PER>PER``, ``PER,ORG>PER``).

    >>> parse_types("PER>PER,ORG", where="here")
    (('PER',), ('PER', 'ORG'))
    """
    sides = text.split(">")
    parsed = [tuple(t.strip() for t in side.split(",") if t.strip()) for side in sides]
    if len(parsed) != 2 or not all(parsed) or any(t not in GRAPH_TYPES for side in parsed for t in side):
        raise InputError(f"{where}: types is SUBJECT>OBJECT with types among {', '.join(GRAPH_TYPES)}, not {text!r}")
    return parsed[0], parsed[1]  # type: ignore[return-value]


def _entry(lemma: str, frame: str, kind: str, cls: str, inverse: bool) -> VerbEntry:
    words = lemma.replace("'", "' ").split()
    clitics = []
    while len(words) > 1 and words[0] in _CLITICS:
        clitics.append(_CLITICS[words.pop(0)])
    verb, rest = words[0], words[1:]
    noun = rest[-1] if rest else None
    before = rest[-2].rstrip("'") if len(rest) > 1 else ""
    noun_case = _PREPOSITION_FORMS.get(before + "'", before) if before in ("en", "d", "de", "à", "avec", "sous") else None
    return VerbEntry(
        lemma=lemma,
        verb=verb,
        frame=frame.replace("_", " "),
        kind=kind,
        cls=cls,
        inverse=inverse,
        clitics=frozenset(clitics),
        noun=noun,
        noun_case=noun_case,
    )


def _packaged_text() -> str:
    return resources.files("kg").joinpath("data/verbs.tsv").read_text("utf-8")


@lru_cache(maxsize=1)
def packaged_lexicon() -> VerbLexicon:
    """Return the lexicon shipped in ``kg/data/verbs.tsv``."""
    return parse_lexicon(_packaged_text(), source="kg/data/verbs.tsv")


def with_packaged(user: VerbLexicon | None) -> VerbLexicon:
    """Return the packaged lexicon with the rows of ``user`` (a user's ``--verbs`` TSV) added.

    The user's rows for a verb come first, and a verb the user lists is no longer one that
    never gives a relation (and the other way round: the user's ``-`` rows silence a verb).

    >>> user = parse_lexicon("snober\\tobj\\topposes\\tverbalConflict\\t\\n")
    >>> [e.kind for e in with_packaged(user).entries["snober"]], "snober" in packaged_lexicon().entries
    (['opposes'], False)
    """
    base = packaged_lexicon()
    if user is None:
        return base
    entries = {
        verb: (*user.entries.get(verb, ()), *base.entries.get(verb, ()))
        for verb in {*base.entries, *user.entries}
        if verb not in user.never
    }
    never = {k: v for k, v in base.never.items() if k not in user.entries}
    return VerbLexicon(entries, {**never, **user.never})


@lru_cache(maxsize=1)
def lexicon_digest() -> str:
    """Return a hex digest of the packaged verb and noun lexicons (part of the cache fingerprint)."""
    data = resources.files("kg").joinpath("data")  # acting nouns: kg.arguments
    nouns = data.joinpath("relation_nouns.tsv").read_text("utf-8")
    acting = data.joinpath("acting_nouns.txt").read_text("utf-8")
    return hashlib.sha256((_packaged_text() + nouns + acting).encode("utf-8")).hexdigest()


def interaction_candidates(
    sdoc: Doc,
    mentions: Sequence[Mention],
    *,
    lexicon: VerbLexicon | None = None,
    coref: Mapping[int, int] | None = None,
    sentence_at: Callable[[int], int] | None = None,
    relation_nouns: Mapping[str, tuple[object, ...]] | None = None,
) -> list[Candidate]:
    """Return the candidates the lexicon's verbs and nouns give between ``mentions`` of ``sdoc``.

    Candidates carry the verb (``verb``) and its class (``verb_class``);
    indices point into ``mentions``. Only sentences naming two mentions or
    more are read. ``coref`` maps token indices of pronouns and descriptions
    to the mention they stand for (:mod:`kg.coref`): such a token counts as
    its mention, and the candidate's ``sentence`` is then the verb's
    (``sentence_at(character offset)`` gives it). ``relation_nouns`` is the noun
    lexicon (:mod:`kg.nominal`; default the packaged one).
    """
    from kg.joint import read_joint  # kg.joint and kg.nominal read with this module's helpers
    from kg.nominal import packaged_nouns, read_noun

    lex = packaged_lexicon() if lexicon is None else lexicon
    nouns = packaged_nouns() if relation_nouns is None else relation_nouns
    spans: list[Span | None] = []
    labels = [m.label for m in mentions]
    per_sentence: dict[int, set[int]] = defaultdict(set)
    for i, m in enumerate(mentions):
        span = sdoc.char_span(m.start, m.end, alignment_mode="expand")
        spans.append(span)
        if span is None or len(span) == 0:
            continue
        for token in span:
            token._.kg_mention = i
        per_sentence[span[0].sent.start].add(i)
    for t, m in (coref or {}).items():
        if sdoc[t]._.kg_mention < 0:
            sdoc[t]._.kg_coref = m
            per_sentence[sdoc[t].sent.start].add(m)
    found: dict[tuple[str, int, int], Candidate] = {}
    done: set[int] = set()
    for i, named in per_sentence.items():
        if len(named) < 2:
            continue
        sent = sdoc[i].sent
        if sent.start in done:
            continue
        done.add(sent.start)
        if sent.text.rstrip().endswith("?"):
            continue
        for token in sent:
            if token.pos_ in ("NOUN", "ADJ") and (token.lemma_.lower() in nouns or token.lower_ in nouns):
                read = read_noun(token, nouns, lex, spans, labels, sentence_at)
            elif token.pos_ == "VERB":
                lemma = _lemma(token, lex)
                read = read_joint(token, lex, spans, labels, sentence_at)
                if lemma is not None:
                    read += _read_verb(token, lemma, lex, spans, sentence_at, labels)
            else:
                continue
            for c in read:
                key = (c.kind, c.subject, c.object if c.object is not None else -1)
                if key not in found or found[key].confidence < c.confidence:
                    found[key] = c
    return list(found.values())


def merge_candidates(
    typed: Iterable[Candidate], interactions: Iterable[Candidate]
) -> list[Candidate]:
    """Return the pattern candidates ``typed`` plus the verb ``interactions`` they do not hold.

    An interaction of a kind and pair a pattern already found gives that
    candidate its verb instead of a second candidate.
    """
    out = list(typed)
    at: dict[tuple[str, int, int | None], int] = {}
    for n, c in enumerate(out):
        at.setdefault((c.kind, c.subject, c.object), n)
        if c.kind in SYMMETRIC:
            at.setdefault((c.kind, c.object, c.subject), n)  # type: ignore[arg-type]
    for c in interactions:
        n = at.get((c.kind, c.subject, c.object))
        if n is None:
            at[(c.kind, c.subject, c.object)] = len(out)
            out.append(c)
        elif out[n].verb is None:
            out[n] = replace(out[n], verb=c.verb, verb_class=c.verb_class)
    return out


def fallback(candidate: Candidate) -> Candidate | None:
    """Return the generic ``interactsWith`` candidate of a verb candidate whose types do not fit.

    ``Macron a rencontré la Chine`` is no ``met`` (two people) but still an
    interaction. None for candidates without a verb, already generic, or read
    from an inverse entry (``X a fondé Y``).
    """
    if candidate.verb is None or candidate.kind == INTERACTS or candidate.pattern == PATTERN_INVERSE:
        return None
    objects = FALLBACK_OBJECTS.get(candidate.kind, _ANY)
    return replace(candidate, kind=INTERACTS, subject_types=_ANY, object_types=objects)


# ---------------------------------------------------------------------- reading one verb


def _lemma(verb: Token, lex: VerbLexicon) -> str | None:
    """Return the lexicon lemma of ``verb``: its own, or for a present tense the lemmatiser
    left as is (``aide``, ``aides``, ``aident``), the infinitive in -er."""
    if verb.lemma_ in lex.entries:
        return verb.lemma_
    lower = verb.lower_
    for ending in ("ent", "es", "e"):
        if lower.endswith(ending) and verb.lemma_ == lower:
            guess = lower[: -len(ending)] + "er"
            if guess in lex.entries:
                return guess
            break
    return verb.lemma_ if ANY_VERB in lex.entries else None


def _read_verb(
    verb: Token,
    lemma: str,
    lex: VerbLexicon,
    spans: Sequence[Span | None],
    sentence_at: Callable[[int], int] | None = None,
    labels: Sequence[str] = (),
) -> list[Candidate]:
    anyverb = lex.entries.get(ANY_VERB, ())
    if anyverb:  # "* offensive contre": only the rows whose noun the verb governs can fit
        near = [c for c in verb.children]
        near += [g for c in near if c.dep_ == "obj" for g in c.children]
        words = {c.lower_ for c in near} | {c.lemma_.lower() for c in near}
        anyverb = tuple(e for e in anyverb if e.noun in words)
    entries = [e for e in (*lex.entries.get(lemma, ()), *anyverb) if _fits(verb, e)]
    # "porter plainte contre", "attaquer en justice": the longer entry wins over the verb alone
    phrased = {e.frame for e in entries if e.noun is not None}
    entries = [e for e in entries if e.noun is not None or e.frame not in phrased]
    if not entries or not _asserted(verb, lex):
        return []
    out = []
    for entry in entries:
        for agent, patient, pattern, confidence in _arguments(verb, entry):
            subject, obj = _named(agent), _named(patient)
            if subject < 0 or obj < 0:
                continue
            # a pronoun or description (kg.coref) stands for a mention of another sentence:
            # the evidence is the verb's sentence
            through_coref = any(
                t._.kg_mention < 0 and t._.kg_coref >= 0 for t in (agent, patient)
            )
            if through_coref and any(bound_in_clause(t, verb, spans) for t in (agent, patient)):
                continue
            sentence = sentence_at(verb.idx) if through_coref and sentence_at else None
            if entry.inverse:
                subject, obj, pattern = obj, subject, PATTERN_INVERSE
            stypes, otypes = entry.types or KIND_TYPES.get(entry.kind, (_ANY, _ANY))
            # "Deir ez-Zor et Raqqa, où les FDS appuyées par X": a participle is not shared
            objects = [obj] if pattern == PATTERN_PARTICIPLE else members(obj, spans, labels)
            for s in members(subject, spans, labels):
                for o in objects:
                    if s != o:
                        out.append(
                            Candidate(
                                entry.kind, s, o, pattern, confidence,
                                subject_types=stypes, object_types=otypes,
                                verb=_verb_name(entry, lemma), verb_class=entry.cls,
                                sentence=sentence,
                            )
                        )  # fmt: skip
    return out


def _verb_name(entry: VerbEntry, lemma: str) -> str:
    """Return the ``kg:verb`` of a candidate: the entry, its ``*`` replaced by the verb's lemma."""
    if entry.verb == ANY_VERB:
        return lemma + entry.lemma[1:]
    return entry.lemma


def _fits(verb: Token, entry: VerbEntry) -> bool:
    """Whether ``verb`` has the clitics and the governed noun that ``entry`` asks for."""
    children = list(verb.children)
    for clitic in entry.clitics:
        forms = _CLITIC_FORMS[clitic]
        if not any(c.lower_ in forms and c.pos_ == "PRON" for c in children):
            return False
    if entry.noun is not None:
        return _noun(verb, entry) is not None
    return bool(entry.clitics) or not _reflexive(verb)


def _reflexive(verb: Token) -> bool:
    return any(c.dep_.startswith("expl") and "Reflex=Yes" in str(c.morph) for c in verb.children)


def _noun(verb: Token, entry: VerbEntry) -> Token | None:
    """Return the noun of a phrase entry: the object (``porter plainte``), or the oblique
    its preposition introduces (``mettre en cause``, ``prendre d'assaut``), which the parser
    may hang on the object (``a mené l'opération en coopération avec``)."""
    around = list(verb.children)
    if entry.noun_case is not None:
        around += [g for c in around if c.dep_ == "obj" for g in c.children if g.dep_ == "nmod"]
    for c in around:
        if c.pos_ in ("NOUN", "PROPN") and entry.noun in (c.lemma_.lower(), c.lower_):
            if entry.noun_case is None and c.dep_ in ("obj", "nsubj:pass"):
                return c
            if entry.noun_case is not None and _case(c) == entry.noun_case:
                return c
    return None


def _asserted(verb: Token, lex: VerbLexicon, *, reported: bool = True) -> bool:
    """Whether the sentence asserts what ``verb`` says (not negated, hedged or reported).

    ``reported=False`` skips the reported-speech test, for the journalist's own words
    inside what someone said (an apposition: ``a révélé qu'il s'agit de X, ancien
    collaborateur de Y``)."""
    if _negated([verb]):
        return False
    if verb.dep_ == "xcomp" or (verb.dep_ == "conj" and verb.head.dep_ == "xcomp"):
        return False
    for word in (verb, *(c for c in verb.children if c.dep_.startswith("aux"))):
        if "Cnd" in word.morph.get("Mood"):
            return False
    if _inside_quotes(verb):
        return False
    if not reported:
        return True
    speech = lex.speech
    if any(c.dep_ == "parataxis" and c.lemma_ in speech and c.i > verb.i for c in verb.children):
        return False  # "« ... », a dit X": the incise hangs on what was said
    token = verb
    while token.head.i != token.i:
        if token.dep_ in ("ccomp", "parataxis") and token.head.lemma_ in speech:
            return False
        token = token.head
    return True


def _inside_quotes(token: Token) -> bool:
    """Whether ``token`` stands between guillemets opened before it in its sentence."""
    depth = 0
    start = token.sent.start
    while start > 0 and token.doc[start - 1].text in _QUOTES_OPEN:
        start -= 1  # the parser may leave the opening guillemet alone in a sentence of its own
    for t in token.doc[start : token.sent.end]:
        if t.i >= token.i:
            break
        if t.text in _QUOTES_OPEN:
            depth += 1
        elif t.text in _QUOTES_CLOSE and depth:
            depth -= 1
    return depth > 0


def _arguments(verb: Token, entry: VerbEntry) -> list[tuple[Token, Token, str, float]]:
    """Return ``(agent, patient, pattern, confidence)`` tokens the verb links for ``entry``."""
    subjects = _children(verb, ("nsubj",))
    if not subjects and entry.frame != "obj":  # "des sanctions ont été prises contre Y par X"
        subjects = _children(verb, ("obl:agent",))
    inherited = False
    head = verb.head
    if not subjects and verb.dep_ == "conj":
        while head.pos_ not in ("VERB", "AUX") and head.head.i != head.i:
            head = head.head
        # "Il reste dans leur sillage et remporte ...": a pronoun kg.coref took as referential
        subjects = _children(head, ("nsubj",)) or [
            c for c in _children(head, ("expl:subj",)) if c._.kg_coref >= 0
        ]
        inherited = True
    elif not subjects and _after_infinitive(verb):
        subjects = _children(head, ("nsubj",))  # "X termine 4e après avoir cédé la place à Y"
        inherited = True
    penalty = 0.05 if inherited else 0.0
    out: list[tuple[Token, Token, str, float]] = []
    if entry.frame == "obj":
        noun = _noun(verb, entry) if entry.noun else None
        objects = [
            c for c in verb.children
            if (noun is None or c.i != noun.i) and (c.dep_ == "obj" or (c.dep_ in _OBLIQUE and not _case(c)))
        ]  # fmt: skip
        out += [(s, o, PATTERN_ACTIVE, 0.8 - penalty) for s in subjects for o in objects]
        agents = _children(verb, ("obl:agent",))
        patients = _children(verb, ("nsubj:pass",))
        out += [(a, p, PATTERN_PASSIVE, 0.8) for a in agents for p in patients]
        head = verb.head
        # "le gouvernement de Kanaky, présidé par X": a participle the parser hangs on a noun's
        # complement may describe the whole noun phrase, so it is not read
        complement = head.dep_ == "nmod" and any(c.dep_ == "case" for c in head.children)
        participle = verb.dep_ == "acl" and "Part" in verb.morph.get("VerbForm")
        if participle and head.i != verb.i and not complement:
            out += [(a, head, PATTERN_PARTICIPLE, 0.75) for a in agents]
        return out
    holders = [verb]
    noun = _noun(verb, entry) if entry.noun else None
    if noun is not None:
        holders.append(noun)
    holders += [c for c in verb.children if c.dep_ == "obj" and (noun is None or c.i != noun.i)]
    trailing: list[Token] = []
    if verb.dep_ == "conj" and verb.head.pos_ == "VERB":
        # "X reste derrière et remporte l'étape, en 1 heure, devant Y": the parser hangs the
        # obliques that follow the last of two coordinated verbs on the first
        trailing = [c for c in verb.head.children if c.i > verb.i and c.dep_ in _OBLIQUE]
    for holder in holders:
        for c in [*holder.children, *(trailing if holder.i == verb.i else ())]:
            if c.dep_ not in (*_OBLIQUE, "nmod") or (holder.i == verb.i and c.dep_ == "nmod"):
                continue
            if _case(c) != entry.frame:
                continue
            confidence = 0.75 if holder.i == verb.i else 0.7
            out += [(s, c, PATTERN_OBLIQUE, confidence - penalty) for s in subjects]
    return out


def _after_infinitive(verb: Token) -> bool:
    """Whether ``verb`` is an infinitive after ``après`` hung on another verb, whose subject is
    its own (``après avoir cédé``): done, unlike ``pour``/``avant de`` + infinitive."""
    if verb.dep_ != "advcl" or verb.head.pos_ != "VERB":
        return False
    forms = [verb, *(c for c in verb.children if c.dep_.startswith("aux"))]  # "avoir cédé"
    if not any("Inf" in t.morph.get("VerbForm") for t in forms):
        return False
    return any(c.dep_ in ("mark", "case") and c.lower_ == "après" for c in verb.children)


def _children(token: Token, deps: tuple[str, ...]) -> list[Token]:
    return [c for c in token.children if c.dep_ in deps]
