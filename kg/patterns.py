"""Typed relations read off French sentences with spaCy matchers and data-driven rules.

Rules live in JSONL (``kg/data/relation_patterns.jsonl``; users add theirs
with ``--relation-patterns``), one rule per line::

    {"name": "role-apposition", "kind": "holdsPosition",
     "subject": ["PER"], "object": ["ORG", "LOC"], "confidence": 0.9, "value": "role",
     "dependency": [... spaCy DependencyMatcher pattern ...]}

A rule matches either the dependency parse (``"dependency"``: a
``DependencyMatcher`` pattern whose nodes are named by ``RIGHT_ID``) or the
token sequence (``"tokens"``: a ``Matcher`` pattern, with ``"slots"`` naming
the pattern positions). Named nodes or slots give the relation's parts:

- ``subject`` and ``object``: tokens of the two mentions (a title such as
  ``président`` whose ``flat:name`` or ``appos`` child is a mention stands for
  it; a relative pronoun stands for its antecedent; a main clause's subject
  pronoun or description stands for the mention :mod:`kg.coref` links it to,
  and the relation's evidence is then the pronoun's sentence);
- ``trigger`` (or ``verb``): the word that carries the relation, checked for
  negation (for reported speech, the verb the quote is read from);
- ``role`` (with ``"value": "role"``): the role kept as the relation's value
  (``secrétaire général``);
- ``demonym`` (with ``"object_demonym": "demonym"``): a nationality adjective
  standing for the object country (``le président chinois Xi Jinping``);
  with ``"object_context": "country"`` instead, the object is the country the
  article is about (``le président François Hollande``, see
  :func:`kg.gazetteer.main_country`).

Custom token attributes let patterns ask for mentions: ``_.kg_in`` (token of
a mention), ``_.kg_first``/``_.kg_last`` (first/last token of a mention),
``_.kg_demonym`` (a nationality adjective). An ``IN`` list may name a
lexicon instead of spelling out its words: ``"@roles:holdsPosition"`` (role
nouns of ``kg/data/roles.tsv``), ``"@type_cues:ORG"`` (see :mod:`kg.lexicons`).
Optional keys: ``"quote": true``
(reported speech: the match is a :class:`SpeechCue` whose content
:mod:`kg.speech` reads, a quotation record, and ``saidTo`` when the object is
the addressee; the packaged reported speech is :mod:`kg.speech` itself, with
its reporting-verb lexicon), ``"guard": "from_to"`` (not after ``de``/``depuis``: ``de Paris à
Lyon`` is a route, nor a verb's object: ``reliant Toulouse à Lyon``, nor an
event's: ``le sommet du COMESA à Madagascar``),
``"guard": "not_listed"`` (nor after a place preposition
or a list word: ``à Paris, à Lyon`` is a list), ``"guard": "not_complement"``
(the object does not complete a noun: in ``le gouvernement de Kanaky, présidé
par X`` X leads the government), ``"guard": "not_acronym"`` (the object is not
the subject's acronym: ``Forces démocratiques syriennes (FDS)``),
``"guard": "no_acronym_place"`` (the object is not an acronym: ``du Kurdistan
(TAK)``), ``"guard": "in_office"`` (the subject completes a noun: ``le bureau de MSF à
Beyrouth``), ``"guard": "own_role"`` (the role does not complete another
noun: ``adjoint à la maire de Paris, X``), ``"distribute": false`` (do not
spread over ``X et Y``; a singular role is never spread).

The packaged rules come in families: roles (``role-*`` holdsPosition,
``member-*`` memberOf, ``job-*`` worksFor; apposition, after or before the
name, a chain ``directeur de Y et ancien ministre de Z``, a party before the
name or in brackets), places (``place-*``, ``located-participle``,
``capital-apposition``, ``org-*demonym*``) and the others (founded, leads,
invests, part of, visits, meetings, agreements).

Matching only proposes candidates between mentions of one document; the
types of the rule are checked after entity resolution (:mod:`kg.relations`),
and places against the gazetteer (:func:`kg.relations.places_agree`: a
country is not inside a city, ``dans l'Hérault à Agde`` puts Agde in the
Hérault, ``en Californie, en Caroline du Nord`` is a list).
"""

from __future__ import annotations

import itertools
import json
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

import numpy
from spacy.attrs import ENT_ID, ENT_IOB, ENT_KB_ID, ENT_TYPE, LEMMA, LOWER, NORM, ORTH
from spacy.matcher import DependencyMatcher, Matcher
from spacy.strings import StringStore
from spacy.tokens import Doc, Span, Token
from spacy.vocab import Vocab

from kg.entities import demonyms, is_acronym
from kg.errors import InputError
from kg.guards import (
    EVENT_NOUNS,
    abbreviates,
    completes_noun,
    listed,
    object_of_verb,
    office_or_site,
    role_not_of,
)
from kg.lexicons import expand, packaged_lexicons
from kg.treematch import TreeMatcher, Trees
from kg.types import ALL_TYPES, Mention

for _name, _default in (
    ("kg_in", False),
    ("kg_first", False),
    ("kg_last", False),
    ("kg_demonym", False),
    ("kg_mention", -1),
    ("kg_coref", -1),
):
    if not Token.has_extension(_name):
        Token.set_extension(_name, default=_default)

FLAGS = ("kg_in", "kg_first", "kg_last", "kg_demonym")
"""The token flags relation patterns test: in a mention, first/last of one, a nationality."""

# The flags as built-in token attributes (:meth:`RelationMatcher._mark` writes them): spaCy's
# matchers test these in C, where a ``_`` attribute or an ``IN`` list costs a Python call per word
IN_LABEL = "KG_IN"  # ENT_KB_ID of every word of a mention; its ENT_TYPE unless it is the last
LAST_LABEL = "KG_LAST"  # ENT_TYPE of a mention's last word
DEMONYM_LABEL = "KG_DEMONYM"  # ENT_ID of a nationality word


def native_flags(flags: Mapping[str, bool]) -> dict[str, str] | None:
    """Return the built-in attribute tests equal to the flag tests ``flags``, or None.

    A mention's first word has ``ENT_IOB`` ``B``, its other words ``I``, any
    other word ``O``; its last word has ``ENT_TYPE`` ``KG_LAST``; every word of
    it ``ENT_KB_ID`` ``KG_IN``; a nationality word ``ENT_ID`` ``KG_DEMONYM``.
    None when the test has no such form (``kg_first`` false alone: inside or out).

    >>> native_flags({"kg_in": True, "kg_first": True})
    {'ENT_IOB': 'B'}
    >>> native_flags({"kg_in": True, "kg_last": True})
    {'ENT_TYPE': 'KG_LAST'}
    >>> native_flags({"kg_first": False}) is None
    True
    """
    inside, first, last = flags.get("kg_in"), flags.get("kg_first"), flags.get("kg_last")
    out: dict[str, str] = {}
    if inside is False:
        if first or last:
            return None  # never true: let the slow test say so
        out["ENT_IOB"] = "O"
    if first is True:
        out["ENT_IOB"] = "B"
    elif first is False:
        if inside is not True:
            return None
        out["ENT_IOB"] = "I"
    if last is True:
        out["ENT_TYPE"] = LAST_LABEL
    elif last is False:
        if inside is not True:
            return None
        out["ENT_TYPE"] = IN_LABEL
    if inside is True and not out:
        out["ENT_KB_ID"] = IN_LABEL
    demonym = flags.get("kg_demonym")
    if demonym is not None:
        out["ENT_ID"] = DEMONYM_LABEL if demonym else ""
    return out


KINDS = (
    "holdsPosition",
    "memberOf",
    "worksFor",
    "locatedIn",
    "capitalOf",
    "foundedBy",
    "leads",
    "investsIn",
    "partOf",
    "visited",
    "met",
    "cooperatesWith",
    "signedAgreementWith",
    "said",
    "opposes",
    "supports",
    "interactsWith",
)
"""Relation kinds a rule may produce (``saidTo`` comes with ``said`` rules)."""

SYMMETRIC = frozenset({"met", "cooperatesWith", "signedAgreementWith"})
"""Kinds without direction."""

# word attributes whose required values let a rule be skipped on a document without them
_WORD_ATTRS = {"LEMMA": LEMMA, "LOWER": LOWER, "NORM": NORM, "ORTH": ORTH, "TEXT": ORTH}

_NAME_DEPS = frozenset({"flat:name", "appos", "flat", "flat:foreign", "nmod"})
_FROM_WORDS = frozenset({"de", "du", "d'", "depuis", "des"})


@dataclass(frozen=True)
class Rule:
    """One relation pattern (see the module docstring)."""

    name: str
    kind: str
    subject: tuple[str, ...]
    object: tuple[str, ...]
    confidence: float
    dependency: tuple[dict, ...] = ()
    tokens: tuple[dict, ...] = ()
    slots: tuple[tuple[str, int], ...] = ()
    value: str | None = None
    quote: bool = False
    object_demonym: str | None = None
    object_context: str | None = None
    guard: str | None = None
    distribute: bool = True


CONTEXT_PREFIX = "@context:"
"""``object_name`` of a candidate whose object the article gives (``@context:country``)."""


@dataclass(frozen=True)
class Candidate:
    """A relation proposed between two mentions of one document (indices into its mentions).

    ``object`` is None when the object is a country named by a nationality
    adjective; ``object_name`` then holds the country's label. ``verb`` and
    ``verb_class`` are the lemma and class of the verb that states the
    relation, when a verb of the lexicon does (:mod:`kg.interactions`).
    ``sentence`` is the index of the evidence sentence when the subject came
    through coreference (a pronoun in a later sentence); None: the subject's.
    """

    kind: str
    subject: int
    object: int | None
    pattern: str
    confidence: float
    value: str | None = None
    object_name: str | None = None
    subject_types: tuple[str, ...] = ALL_TYPES
    object_types: tuple[str, ...] = ALL_TYPES
    verb: str | None = None
    verb_class: str | None = None
    sentence: int | None = None


@dataclass(frozen=True)
class SpeechCue:
    """A reported-speech rule's match (``"quote": true``): the reporting word and its speaker.

    ``trigger`` is the token index of the verb (or ``selon``); ``speaker`` and
    ``addressee`` mention indices. :mod:`kg.speech` reads what was said.
    """

    trigger: int
    speaker: int
    pattern: str
    confidence: float
    addressee: int | None = None
    speaker_types: tuple[str, ...] = ALL_TYPES
    addressee_types: tuple[str, ...] = ALL_TYPES


def parse_rules(text: str, *, source: str = "relation patterns") -> list[Rule]:
    """Return the rules of a JSONL ``text``; raise :class:`InputError` naming a bad line."""
    rules = []
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        try:
            raw = json.loads(line)
            rules.append(_rule(raw))
        except (ValueError, KeyError, TypeError) as exc:
            raise InputError(f"{source}, line {number}: bad relation rule ({exc})") from exc
    return rules


def _rule(raw: dict) -> Rule:
    raw = expand(raw)  # "@roles:memberOf" in an IN list: the words of that lexicon
    if raw["kind"] not in KINDS:
        raise ValueError(f"unknown kind {raw['kind']!r}; use one of {', '.join(KINDS)}")
    if ("dependency" in raw) == ("tokens" in raw):
        raise ValueError('give exactly one of "dependency" and "tokens"')
    names = (
        {node["RIGHT_ID"] for node in raw["dependency"]}
        if "dependency" in raw
        else set(raw.get("slots", {}))
    )
    if "subject" not in names:
        raise ValueError('the pattern names no "subject"')
    if "object" not in names and not (
        raw.get("object_demonym") or raw.get("object_context") or raw.get("quote")
    ):
        raise ValueError('the pattern names no "object"')
    if "tokens" in raw:
        for slot, index in raw["slots"].items():
            if not 0 <= int(index) < len(raw["tokens"]):
                raise ValueError(f"slot {slot!r} points outside the token pattern")
    for key in ("subject", "object"):
        bad = set(raw[key]) - set(ALL_TYPES)
        if bad:
            raise ValueError(f"{key} types {sorted(bad)} not in {ALL_TYPES}")
    return Rule(
        name=str(raw["name"]),
        kind=raw["kind"],
        subject=tuple(raw["subject"]),
        object=tuple(raw["object"]),
        confidence=float(raw.get("confidence", 0.8)),
        dependency=tuple(raw.get("dependency", ())),
        tokens=tuple(raw.get("tokens", ())),
        slots=tuple((k, int(v)) for k, v in raw.get("slots", {}).items()),
        value=raw.get("value"),
        quote=bool(raw.get("quote", False)),
        object_demonym=raw.get("object_demonym"),
        object_context=raw.get("object_context"),
        guard=raw.get("guard"),
        distribute=bool(raw.get("distribute", True)),
    )


@lru_cache(maxsize=1)
def packaged_rules() -> tuple[Rule, ...]:
    """Return the rules shipped in ``kg/data/relation_patterns.jsonl``."""
    text = resources.files("kg").joinpath("data/relation_patterns.jsonl").read_text("utf-8")
    return tuple(parse_rules(text, source="kg/data/relation_patterns.jsonl"))


class RelationMatcher:
    """Finds relation candidates and reported speech in annotated documents.

    >>> import spacy
    >>> m = RelationMatcher(spacy.blank("fr").vocab)
    >>> len(m.rules) > 20
    True
    """

    def __init__(
        self,
        vocab: Vocab,
        rules: Iterable[Rule] | None = None,
        *,
        fast_flags: bool = True,
        skip_absent_words: bool = True,
    ) -> None:
        """``fast_flags=False`` tests the mention flags as ``_`` attributes, and
        ``skip_absent_words=False`` runs every dependency rule on every document
        even when a word it requires is absent (both slow, same results; for checks)."""
        self.rules = list(packaged_rules() if rules is None else rules)
        self._fast_flags = fast_flags
        self._by_key: dict[str, Rule] = {}
        # one DependencyMatcher per rule, run only on documents holding the rule's words
        self._deps: list[tuple[DependencyMatcher, tuple[tuple[int, frozenset[int]], ...]]] = []
        self._tok = Matcher(vocab, validate=True)
        self._underscore = False  # some pattern still tests the flags as ``_`` attributes
        for i, rule in enumerate(self.rules):
            key = f"{i}:{rule.name}"
            self._by_key[key] = rule
            try:
                if rule.dependency:
                    nodes = [
                        {**node, "RIGHT_ATTRS": self._compile(node.get("RIGHT_ATTRS", {}))}
                        for node in rule.dependency
                    ]
                    dep = TreeMatcher(vocab, validate=True)
                    dep.add(key, [nodes])
                    needs = required_words(nodes, vocab.strings) if skip_absent_words else ()
                    self._deps.append((dep, needs))
                else:
                    self._tok.add(key, [[self._compile(spec) for spec in rule.tokens]])
            except (ValueError, KeyError) as exc:
                raise InputError(
                    f"relation rule {rule.name!r}: {str(exc).splitlines()[0][:200]}"
                ) from exc
        self._demonyms = demonyms()
        self._demonym_ids: frozenset[int] | None = None  # their LOWER hashes, made on first use

    def __call__(
        self,
        sdoc: Doc,
        mentions: Sequence[Mention],
        *,
        coref: Mapping[int, int] | None = None,
        sentence_at: Callable[[int], int] | None = None,
    ) -> tuple[list[Candidate], list[SpeechCue]]:
        """Return the relation candidates and reported-speech cues between ``mentions`` of ``sdoc``.

        ``mentions`` are the cleaned mentions of this document (offsets into
        its text); candidates refer to them by index. ``coref`` maps token
        indices (pronouns, descriptions) to the mention they stand for
        (:mod:`kg.coref`): a pattern's subject may be such a token. A
        candidate whose subject comes that way gets ``sentence``, the index
        ``sentence_at(character offset)`` gives its trigger's sentence.
        """
        spans, corefs, flagged = self._mark(sdoc, mentions, coref or {})
        found: dict[tuple, Candidate] = {}
        cues: dict[tuple, SpeechCue] = {}
        for key, nodes in self._matches(sdoc, corefs, flagged):
            rule = self._by_key[key]
            self._apply(rule, nodes, sdoc, spans, found, cues, sentence_at)
        return list(found.values()), list(cues.values())

    # ------------------------------------------------------------------ matching

    def _compile(self, spec: dict) -> dict:
        """Return token spec ``spec`` with its mention flags tested on built-in attributes.

        spaCy's matchers test ``_`` attributes and ``IN`` lists in Python, word
        by word; a built-in attribute's value in C. :meth:`_mark` writes the
        flags into the words' entity attributes (:func:`native_flags`), so
        ``{"_": {"kg_in": true, "kg_first": true}}`` becomes
        ``{"ENT_IOB": "B"}``: same matches, faster. Specs that test the flags
        otherwise keep their ``_`` test.
        """
        under = spec.get("_")
        if not isinstance(under, dict) or not set(under) & set(FLAGS):
            return spec
        flags = {k: v for k, v in under.items() if k in FLAGS}
        native = (
            native_flags(flags) if all(isinstance(v, bool) for v in flags.values()) else None
        )
        if not self._fast_flags or native is None or set(native) & set(spec):
            self._underscore = True
            return spec
        out = {k: v for k, v in spec.items() if k != "_"}
        rest = {k: v for k, v in under.items() if k not in FLAGS}
        if rest:
            out["_"] = rest
        out.update(native)
        return out

    def _mark(
        self, sdoc: Doc, mentions: Sequence[Mention], coref: Mapping[int, int]
    ) -> tuple[list[Span | None], list[int], list[int]]:
        """Mark the mentions' tokens for the patterns; return each mention's span (or None),
        the indices of the words marked as standing for a mention and of the words flagged.

        Tokens in ``coref`` (a pronoun or description standing for a mention)
        that are a main clause's subject get ``kg_coref``.

        Overwrites the words' entity attributes with the flags (see
        :meth:`_compile`); the document's own entities are not used after this
        step.
        """
        for key in [
            k
            for k in sdoc.user_data
            if isinstance(k, tuple) and k[1:2] in (("kg_mention",), ("kg_coref",))
        ]:
            del sdoc.user_data[key]
        corefs = []
        for i, m in coref.items():
            # only a main clause's subject ("Il a rencontré X"; "Père de trois enfants, il fut
            # membre de Y" hangs as parataxis): in a subordinate or relative
            # clause the pattern's other argument is often the clause's own antecedent
            head = sdoc[i].head
            if head.dep_ == "ROOT" or (
                head.dep_ in ("conj", "parataxis") and head.head.dep_ == "ROOT"
            ):
                sdoc[i]._.kg_coref = m
                corefs.append(i)
        flags: dict[int, list[bool]] = {}
        spans = []
        for i, m in enumerate(mentions):
            span = sdoc.char_span(m.start, m.end, alignment_mode="expand")
            spans.append(span)
            if span is None or len(span) == 0:
                continue
            for token in span:
                flags.setdefault(token.i, [True, False, False, False])
                token._.kg_mention = i
            flags[span[0].i][1] = True
            flags[span[-1].i][2] = True
        if self._demonym_ids is None:
            self._demonym_ids = frozenset(sdoc.vocab.strings.add(w) for w in self._demonyms)
        ids = self._demonym_ids
        # the words' LOWER hashes in one array: no Token object per word
        for i, lower in enumerate(sdoc.to_array(LOWER).tolist()):
            if lower in ids:
                flags.setdefault(i, [False, False, False, False])[3] = True
        sdoc.from_array([ENT_IOB, ENT_TYPE, ENT_KB_ID, ENT_ID], self._flag_array(sdoc, flags))
        if self._underscore:
            for token in sdoc:
                f = flags.get(token.i, [False] * 4)
                token._.kg_in, token._.kg_first, token._.kg_last, token._.kg_demonym = f
        return spans, corefs, sorted(flags)

    def _flag_array(self, sdoc: Doc, flags: Mapping[int, list[bool]]) -> numpy.ndarray:
        """Return the ``ENT_IOB, ENT_TYPE, ENT_KB_ID, ENT_ID`` columns that carry ``flags``
        (word index -> in, first, last, demonym) as :func:`native_flags` reads them."""
        strings = sdoc.vocab.strings
        in_id, last_id, demonym_id = (
            strings.add(IN_LABEL), strings.add(LAST_LABEL), strings.add(DEMONYM_LABEL)
        )
        array = numpy.zeros((len(sdoc), 4), dtype="uint64")
        array[:, 0] = 2  # O
        for i, (inside, first, last, demonym) in flags.items():
            if inside:
                array[i, 0] = 3 if first else 1  # B, I
                array[i, 1] = last_id if last else in_id
                array[i, 2] = in_id
            if demonym:
                array[i, 3] = demonym_id
        return array

    def _matches(
        self, sdoc: Doc, corefs: Sequence[int] = (), flagged: Sequence[int] = ()
    ) -> Iterable[tuple[str, dict[str, Token]]]:
        """Yield ``(rule key, nodes)`` for every match of a rule in ``sdoc`` (marked by
        :meth:`_mark`; ``corefs`` are the indices of the words it marked as standing for a
        mention)."""
        strings = sdoc.vocab.strings
        counts: dict[int, dict[int, int]] = {}
        trees: Trees | None = None
        for dep, needs in self._deps:
            for attr, _values in needs:
                if attr not in counts:
                    counts[attr] = sdoc.count_by(attr)
            if not all(not values.isdisjoint(counts[attr]) for attr, values in needs):
                continue  # a word the rule requires is absent: it cannot match
            if needs:
                # only the parse trees (sentences) holding a word of every node can match
                trees = trees or Trees(sdoc)
                dep.spans = trees.spans_with(needs)
            try:
                yield from self._dep_matches(dep, sdoc, strings)
            finally:
                dep.spans = None
        for match_id, start, _end, alignments in self._token_matches(sdoc, corefs, flagged):
            key = strings[match_id]
            rule = self._by_key[key]
            nodes: dict[str, Token] = {}
            for slot, index in rule.slots:
                for offset, position in enumerate(alignments):
                    if position == index:
                        nodes[slot] = sdoc[start + offset]
                        break
            yield key, nodes

    def _token_matches(
        self, sdoc: Doc, corefs: Sequence[int], flagged: Sequence[int]
    ) -> Iterator[tuple[int, int, int, list[int]]]:
        """Yield the token patterns' matches ``(id, start, end, alignments)`` around the
        sentences that hold a mention or a word standing for one (:meth:`_mark` flagged
        them): a pattern needs one, and matching only there spares the other words. Each
        such sentence is matched with the sentences before and after it (a sentence break
        the parser put inside a phrase, ``Le président afghan | Hamid Karzai``, does not
        hide a match). Offsets are the document's."""
        if not len(self._tok):
            return
        flagged = sorted([*flagged, *corefs])
        if not flagged:
            return
        if not sdoc.has_annotation("SENT_START"):
            yield from self._tok(sdoc, with_alignments=True)
            return
        sents = list(sdoc.sents)
        keep = [False] * len(sents)
        k = 0
        for n, sent in enumerate(sents):
            while k < len(flagged) and flagged[k] < sent.start:
                k += 1
            if k < len(flagged) and flagged[k] < sent.end:
                for m in range(max(0, n - 1), min(n + 2, len(sents))):
                    keep[m] = True
        for kept, run in itertools.groupby(range(len(sents)), key=keep.__getitem__):
            if not kept:
                continue
            first, *rest = run
            span = sdoc[sents[first].start : sents[rest[-1] if rest else first].end]
            for match_id, start, end, alignments in self._tok(span, with_alignments=True):
                yield match_id, span.start + start, span.start + end, alignments

    def _dep_matches(
        self, dep: DependencyMatcher, sdoc: Doc, strings: StringStore
    ) -> Iterable[tuple[str, dict[str, Token]]]:
        for match_id, token_ids in dep(sdoc):
            key = strings[match_id]
            rule = self._by_key[key]
            names = [node["RIGHT_ID"] for node in rule.dependency]
            yield key, {n: sdoc[t] for n, t in zip(names, token_ids, strict=True)}

    def _apply(self, rule, nodes, sdoc, spans, found, cues, sentence_at) -> None:
        subject = _mention_at(nodes.get("subject"))
        if subject < 0:
            return
        if _negated([t for name, t in nodes.items() if name in ("trigger", "verb")]):
            return
        if rule.guard == "from_to" and (
            _after_from(spans[subject])
            or object_of_verb(spans[subject])
            or completes_noun(spans[subject], EVENT_NOUNS)
        ):
            return
        if rule.guard == "not_listed" and (_after_from(spans[subject]) or listed(spans[subject])):
            return
        value = (
            _role_text(nodes["role"], portfolio=bool(rule.object_context), names=spans)
            if rule.value and "role" in nodes
            else None
        )
        obj = _mention_at(nodes.get("object")) if "object" in nodes else -1
        if "role" in nodes and obj >= 0 and role_not_of(nodes["role"], nodes["object"], obj):
            return
        if rule.guard == "not_complement" and obj >= 0 and completes_noun(spans[obj]):
            return
        if rule.guard == "not_acronym" and obj >= 0 and abbreviates(spans[obj], spans[subject]):
            return
        if rule.guard == "no_acronym_place" and obj >= 0 and is_acronym(spans[obj].text):
            return  # "Faucons de la liberté du Kurdistan (TAK)": a name's acronym, not a place
        if rule.guard == "in_office" and not office_or_site(spans[subject]):
            return  # "le bureau de MSF à Beyrouth", not "des militants CGT à Ivry"
        if (
            "role" in nodes
            and rule.guard == "own_role"
            and completes_noun(nodes["role"].doc[nodes["role"].i : nodes["role"].i + 1])
        ):
            return  # "adjoint à la maire de Paris, Stéphane Troussel": the name is not the mayor's
        # "A et B, ministres de X" share the role; "A, maire de X, et B, ..." does not
        shared = "role" not in nodes or "Plur" in nodes["role"].morph.get("Number")
        subjects = _distribute(subject, spans) if rule.distribute and shared else [subject]
        sentence = None
        if nodes["subject"]._.kg_mention < 0 and nodes["subject"]._.kg_coref >= 0:
            # the subject is a pronoun or a description: the evidence is this sentence
            sentence = sentence_at(nodes["subject"].idx) if sentence_at else None
            subjects = [subject]
        if rule.quote:
            trigger = nodes.get("trigger") or nodes["subject"].head
            for s in subjects:
                key = (s, trigger.i)
                cue = SpeechCue(
                    trigger.i, s, rule.name, rule.confidence, obj if obj >= 0 else None,
                    rule.subject, rule.object,
                )  # fmt: skip
                if key not in cues or (cue.addressee is not None and cues[key].addressee is None):
                    cues[key] = cue
            return
        if rule.object_demonym or rule.object_context:
            country = (
                self._demonyms.get(nodes[rule.object_demonym].lower_)
                if rule.object_demonym in nodes
                else f"{CONTEXT_PREFIX}{rule.object_context}" if rule.object_context else None
            )
            if country is None:
                return
            for s in subjects:
                c = Candidate(
                    rule.kind,
                    s,
                    None,
                    rule.name,
                    rule.confidence,
                    value,
                    country,
                    rule.subject,
                    rule.object,
                    sentence=sentence,
                )
                found.setdefault((rule.kind, s, country), c)
            return
        if obj < 0:
            return
        objects = _distribute(obj, spans) if rule.distribute else [obj]
        # a parse that coordinates subject and object ("à Chester, en Pennsylvanie") spreads
        # neither onto the other
        subjects, objects = (
            [m for m in subjects if m == subject or m not in objects],
            [m for m in objects if m == obj or m not in subjects],
        )
        for s in subjects:
            for o in objects:
                if s == o:
                    continue
                c = Candidate(
                    rule.kind,
                    s,
                    o,
                    rule.name,
                    rule.confidence,
                    value,
                    None,
                    rule.subject,
                    rule.object,
                    sentence=sentence,
                )
                key = (rule.kind, s, o, rule.subject, rule.object)
                if key not in found or found[key].confidence < c.confidence:
                    found[key] = c


def required_words(
    nodes: Sequence[dict], strings: StringStore
) -> tuple[tuple[int, frozenset[int]], ...]:
    """Return what a dependency pattern needs in a document: ``(attribute, value hashes)``
    pairs, one per node that asks for given words (``LEMMA``, ``LOWER``, ``NORM``,
    ``ORTH``/``TEXT`` equal to a string or ``IN`` a list).

    Every node of a dependency pattern must match a token, so a document
    holding none of a node's words cannot match: the matcher is skipped.

    >>> from spacy.strings import StringStore
    >>> needs = required_words([{"RIGHT_ATTRS": {"LEMMA": {"IN": ["fonder", "créer"]}}},
    ...                         {"RIGHT_ATTRS": {"DEP": "nsubj"}}], StringStore())
    >>> [(attr == LEMMA, len(values)) for attr, values in needs]
    [(True, 2)]
    """
    needs = []
    for node in nodes:
        spec = node.get("RIGHT_ATTRS", {})
        for name, attr in _WORD_ATTRS.items():
            value = spec.get(name)
            if isinstance(value, str):
                words = [value]
            elif isinstance(value, dict) and set(value) == {"IN"}:
                words = list(value["IN"])
            else:
                continue
            needs.append((attr, frozenset(strings.add(w) for w in words)))
    return tuple(needs)


def _mention_at(token: Token | None) -> int:
    """Return the index of the mention ``token`` stands for, or -1."""
    if token is None:
        return -1
    if token._.kg_mention >= 0:
        return token._.kg_mention
    if token._.kg_coref >= 0 and not any(
        c._.kg_mention >= 0 and c.dep_ in _NAME_DEPS for c in token.children
    ):
        return token._.kg_coref  # a pronoun or description (kg.coref)
    if token.pos_ == "PRON" and "Rel" in token.morph.get("PronType"):
        # "X, qui dirige Y": qui stands for X (its antecedent, or the name just before it)
        if token.head.dep_.startswith("acl") and _mention_at(token.head.head) >= 0:
            return _mention_at(token.head.head)
        before = token.doc[max(0, token.i - 2) : token.i]
        named = [t._.kg_mention for t in before if t._.kg_mention >= 0]
        if named and all(t.is_punct or t._.kg_mention >= 0 for t in before):
            return named[-1]
        return -1
    for (
        child
    ) in token.children:  # "le président Xi", "la société Microsoft": the noun stands for the name
        if (
            (child.dep_ in _NAME_DEPS or child.pos_ == "PROPN")
            and child._.kg_mention >= 0
            and child.i > token.i
        ):
            return child._.kg_mention
    return -1


def _negated(tokens: Iterable[Token]) -> bool:
    """Whether a trigger word or the verb above it is negated (``n'a pas visité``).

    Only triggers count: ``Wuzhen, dans la province du Zhejiang`` stays true in
    a negated sentence, and so does what a speaker said.
    """
    for token in tokens:
        for word in (token, token.head):
            if word.pos_ not in ("VERB", "AUX", "NOUN"):
                continue
            if any("Neg" in c.morph.get("Polarity") for c in word.children):
                return True
            if word.pos_ == "VERB" and word.lemma_.lower() in _ENDING:
                return True  # "a cessé toute coopération avec", "refuse de coopérer avec"
    return False


_ENDING = frozenset({"cesser", "arrêter", "suspendre", "rompre", "interrompre", "refuser"})
"""Verbs that end or refuse what they govern: like a negation for the relation it states."""


def _after_from(span: Span | None) -> bool:
    """Whether a mention follows a 'from' word (``de Paris à Lyon``), not a descriptor's ``de``."""
    if span is None or span.start == 0:
        return False
    i = span.start - 1
    while i > 0 and span.doc[i].pos_ == "DET":  # "de l'Arizona au Texas"
        i -= 1
    before = span.doc[i]
    if before.lower_ not in _FROM_WORDS:
        return False
    return i == 0 or span.doc[i - 1].pos_ != "NOUN"


@lru_cache(maxsize=1)
def _class_nouns() -> frozenset[str]:
    """Return the class nouns of every type (``kg/data/type_cues.tsv``: ``société``...)."""
    lexicons = packaged_lexicons()
    return frozenset(
        w for k, words in lexicons.items() if k.startswith("type_cues:") for w in words
    )


_LIST_DEPS = frozenset({"conj", "cc", "punct", "appos"})


def _class_noun(root: Token) -> Token | None:
    """Return the class noun a name completes (``le fabricant de satellites OneWeb``:
    ``fabricant``), when the name ends the noun's phrase; else None."""
    head, steps = root, 0
    while head.dep_ in ("nmod", "appos", "flat:name", "dep") and steps < 2:
        head, steps = head.head, steps + 1
        if head.i >= root.i:
            return None
        if head.pos_ == "NOUN" and head.lower_ in _class_nouns():
            end = root.right_edge.i
            after = [c for c in head.children if c.i > end and c.dep_ not in _LIST_DEPS]
            return None if after else head
    return None


def _distribute(index: int, spans: Sequence[Span | None]) -> list[int]:
    """Return ``index`` and the mentions coordinated with it (``X et Y``; ``Sprint et le
    fabricant de satellites OneWeb``: through the class noun the name completes)."""
    span = spans[index]
    if span is None:
        return [index]
    root = _class_noun(span.root) or span.root
    heads = [root]
    if root.dep_ == "conj":
        heads.append(root.head)
    out = [index]
    for head in heads:
        for token in (head, *head.children):
            if token.i == root.i or (token.i != head.i and token.dep_ != "conj"):
                continue
            m = token._.kg_mention
            if m < 0 and token.pos_ == "NOUN" and token.lower_ in _class_nouns():
                m = next((n for n in _names_of(token) if n not in out), -1)
            if m >= 0 and m not in out:
                out.append(m)
    return out


def _names_of(noun: Token) -> Iterator[int]:
    """Yield the mentions that complete the class noun ``noun`` (``l'opérateur Sprint``)."""
    for child in noun.children:
        for token in (child, *child.children):
            m = token._.kg_mention
            if m < 0 or token.dep_ not in ("nmod", "appos", "flat:name", "dep"):
                continue
            completed = _class_noun(token)
            if completed is not None and completed.i == noun.i:
                yield m


_PREMIER = frozenset({"premier", "première"})
_PORTFOLIO_LINKS = frozenset({"de", "du", "des", "d'", "d", "'"})


def _role_text(
    role: Token, *, portfolio: bool = False, names: Sequence[Span | None] = ()
) -> str:
    """Return a role with its adjectives: ``secrétaire général``, ``Premier ministre``;
    with ``portfolio``, also the words naming its field up to the next name or
    punctuation (``ministre des Finances``); ``names`` are the mentions."""
    def named(t: Token) -> bool:
        return any(n is not None and n.start <= t.i < n.end for n in names)

    words = [role] + [
        c for c in role.children if c.dep_ == "amod" and c.i == role.i + 1 and not named(c)
    ]
    if role.i > 0 and role.doc[role.i - 1].lower_ in _PREMIER:
        words.append(role.doc[role.i - 1])
    if portfolio:
        end = role.i + 1
        while end < len(role.doc) and end - role.i <= 5:
            t = role.doc[end]
            if named(t) or not (
                t.lower_ in _PORTFOLIO_LINKS or t.pos_ in ("DET", "NOUN", "PROPN", "ADJ")
            ):
                break
            end += 1
        while end > role.i + 1 and (
            role.doc[end - 1].lower_ in _PORTFOLIO_LINKS or role.doc[end - 1].pos_ == "DET"
        ):
            end -= 1
        words += [t for t in role.doc[role.i + 1 : end] if t not in words]
    return " ".join(t.text for t in sorted(words, key=lambda t: t.i)).replace("' ", "'")
