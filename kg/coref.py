"""Coreference inside one article, for people and organisations.

:func:`coreference` maps tokens that stand for a named mention without
naming it to that mention's index:

- personal pronouns (``il``, ``elle``, ``ils``, ``elles``, the inverted
  ``-t-il``, and ``lui`` after ``selon``/``pour``/``d'après``) to the nearest
  compatible person or organisation before them;
- definite descriptions (``le président``, ``la chaîne``, ``l'organisation``,
  ``le porte-parole``) to the nearest mention earlier described by the same
  noun (its title, class noun, apposition, or the noun its name starts with).

Compatibility is read from the article only: a person's gender from an
honorific (``M.``, ``Mme``) or the nouns and determiners around the name
(``l'Allemande Christiane Heinicke``, ``Massimiliano Rebaudengo, le chef``);
an organisation's gender and number from its determiner (``la CGT``, ``les
FDS``). First names are not used. The search goes back at most
``max_sentences`` sentences, prefers subjects, and abstains when two
candidates remain: precision first. Pronouns inside guillemets are left alone
(they belong to the quoted speaker's own frame of reference).

The map is used by reported speech (:mod:`kg.speech`) and by the relation
patterns (:mod:`kg.patterns`), so ``Il a rencontré X`` gives a relation from
the pronoun's antecedent.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy
from spacy.attrs import IS_SPACE, POS
from spacy.parts_of_speech import NOUN, PRON
from spacy.tokens import Doc, Span, Token

from kg.bodies import body_nouns, body_of
from kg.entities import doc_text
from kg.guillemets import guillemet_blocks, quoted_tokens
from kg.types import Mention

SUBJECT_DEPS = frozenset({"nsubj", "nsubj:pass", "expl:subj"})

# pronoun -> (gender, number); None: any
_PRONOUNS = {
    "il": ("Masc", "Sing"),
    "-il": ("Masc", "Sing"),
    "elle": ("Fem", "Sing"),
    "-elle": ("Fem", "Sing"),
    "ils": ("Masc", "Plur"),
    "-ils": ("Masc", "Plur"),
    "elles": ("Fem", "Plur"),
    "-elles": ("Fem", "Plur"),
}
_AFTER_PREPOSITION = {"lui": ("Masc", "Sing"), "elle": ("Fem", "Sing")}
_PREPOSITIONS = frozenset({"selon", "pour", "après", "d'après", "avec", "contre"})
_HONORIFICS = {
    "m.": "Masc", "m": "Masc", "monsieur": "Masc", "mr": "Masc", "mr.": "Masc",
    "mme": "Fem", "mme.": "Fem", "madame": "Fem", "mlle": "Fem", "mademoiselle": "Fem",
}  # fmt: skip
_IMPERSONAL_HEADS = frozenset({"falloir", "agir", "sembler", "paraître", "pleuvoir", "exister"})
_DEFINITE = frozenset({"le", "la", "l'", "l’", "les"})


@dataclass(frozen=True, slots=True)
class Coreference:
    """What coreference found in one document.

    ``links`` maps token indices (a pronoun, or the head noun of a
    description) to mention indices; ``token_mentions[i]`` is the mention
    index of token ``i`` (-1 outside mentions); ``quoted[i]`` whether token
    ``i`` is inside guillemets.
    """

    links: dict[int, int]
    token_mentions: tuple[int, ...]
    quoted: tuple[bool, ...]

    def mention_at(self, token: Token) -> int:
        """Return the mention index ``token`` names or stands for, or -1."""
        m = self.token_mentions[token.i]
        return m if m >= 0 else self.links.get(token.i, -1)


def token_mentions(sdoc: Doc, mentions: Sequence[Mention]) -> tuple[list[int], list[Span | None]]:
    """Return each token's mention index (-1 if none) and each mention's span (or None)."""
    marks = [-1] * len(sdoc)
    spans: list[Span | None] = []
    for i, m in enumerate(mentions):
        span = sdoc.char_span(m.start, m.end, alignment_mode="expand")
        spans.append(span if span is not None and len(span) else None)
        if span is not None:
            for t in range(span.start, span.end):
                marks[t] = i
    return marks, spans


def _gender_of_noun(token: Token) -> str | None:
    for word in (token, *(c for c in token.children if c.dep_ == "det")):
        g = word.morph.get("Gender")
        if len(g) == 1:
            return g[0]
    return None


def _person_gender(m: Mention, span: Span) -> str | None:
    """Return ``Masc``/``Fem`` when the article says it around this mention, else None."""
    if m.title and m.title.lower().split()[0] in _HONORIFICS:
        return _HONORIFICS[m.title.lower().split()[0]]
    doc = span.doc
    root = span.root
    votes = []
    # a title or nationality noun just before the name: "le président X", "l'Allemande X"
    i = span.start - 1
    while i >= 0 and doc[i].pos_ in ("ADJ", "DET") and span.start - i < 3:
        i -= 1
    if i >= 0 and doc[i].pos_ == "NOUN" and span.start - i <= 3:
        if doc[i].lower_ in _HONORIFICS:
            return _HONORIFICS[doc[i].lower_]
        votes.append(_gender_of_noun(doc[i]))
    elif i >= 0 and doc[i].lower_ in _HONORIFICS:
        return _HONORIFICS[doc[i].lower_]
    # "le Premier ministre, X": the noun the name is in apposition to
    if (
        root.dep_ in ("appos", "flat:name")
        and root.head.pos_ == "NOUN"
        and root.head.i < span.start
    ):
        votes.append(_gender_of_noun(root.head))
    # "X est arrivée", "X est favorable": a participle or adjective agreeing with the subject
    head = root.head
    if (
        root.dep_ in ("nsubj", "nsubj:pass")
        and head.pos_ in ("VERB", "ADJ")
        and any(c.dep_ in ("aux:tense", "aux:pass", "cop") and c.lemma_ == "être"
                for c in head.children)
    ):  # fmt: skip
        votes.append(_gender_of_noun(head) if head.pos_ == "VERB" or "Gender" in head.morph
                     else None)  # fmt: skip
    # "X, le chef de mission" / "X, directrice de": an apposition after the name
    for child in root.children:
        if child.dep_ == "appos" and child.pos_ == "NOUN" and child.i > span.end - 1:
            votes.append(_gender_of_noun(child))
    found = {v for v in votes if v}
    return found.pop() if len(found) == 1 else None


def _org_features(span: Span) -> tuple[str | None, str | None]:
    """Return the gender and number an organisation's determiner or first noun gives it."""
    doc = span.doc
    before = doc[span.start - 1] if span.start > 0 else None
    first = span[0]
    for word in (before, first):
        if word is None or word.pos_ not in ("DET", "NOUN") or (word.text[:1].isupper() and word is first):
            continue
        if word.pos_ == "DET" and word.lower_ not in _DEFINITE and "Dem" not in word.morph.get("PronType"):
            continue
        g, n = word.morph.get("Gender"), word.morph.get("Number")
        gender = g[0] if len(g) == 1 else None
        number = n[0] if len(n) == 1 else None
        if word.lower_ == "les":
            number = "Plur"
        if gender or number:
            return gender, number
    return None, None


@dataclass(frozen=True, slots=True)
class _Candidate:
    index: int
    key: str
    label: str
    gender: str | None
    number: str | None
    subject: bool
    end_token: int
    sentence: int
    quoted: bool = False


def _is_subject(span: Span) -> bool:
    root = span.root
    if root.dep_ in SUBJECT_DEPS:
        return True
    if root.dep_ == "conj" and root.head.dep_ in SUBJECT_DEPS:
        return True  # "X et Y ont …"
    if any(c.lower_ in ("selon", "d'après", "d’après") for c in root.children):
        return True  # "Selon X, …": the source of the sentence is as salient as a subject
    # "le président X a dit", "X, le chef, a dit": the noun the name hangs on is the subject
    if root.dep_ in ("appos", "flat:name") and root.head.dep_ in SUBJECT_DEPS:
        return True
    return root.dep_ in ("appos", "flat:name") and any(
        c.lower_ in ("selon", "d'après", "d’après") for c in root.head.children
    )


def _impersonal(pronoun: Token) -> bool:
    head = pronoun.head
    if head.lemma_ in _IMPERSONAL_HEADS:
        return True
    if any(c.lower_ == "y" for c in head.children):  # il y a
        return True
    if head.lemma_ == "être" and any(  # "il est à noter que", "il est temps de"
        "Inf" in c.morph.get("VerbForm") for c in head.children
    ):
        return True
    if any(c.dep_ == "cop" for c in head.children) and any(  # "il est à noter"
        "Inf" in c.morph.get("VerbForm") and c.dep_ in ("xcomp", "csubj", "ccomp")
        for c in head.children
    ):
        return True
    # "il est possible de/que": an attribute with a de/que complement
    if any(c.dep_ == "cop" for c in head.children) and head.pos_ == "ADJ":
        return any(c.dep_ in ("csubj", "ccomp", "xcomp") for c in head.children)
    return False


def _mention_key(m: Mention) -> str:
    return " ".join(m.text.lower().split())


def _one_key(a: str, b: str) -> bool:
    return a == b or a.endswith(" " + b) or b.endswith(" " + a)


def _one(pool: Sequence[_Candidate]) -> bool:
    """Whether the candidates all name one entity (``Malcolm Turnbull``, ``Turnbull``)."""
    keys = sorted({c.key for c in pool}, key=len)
    return all(k == keys[-1] or keys[-1].endswith(" " + k) for k in keys)


def coreference(
    sdoc: Doc,
    mentions: Sequence[Mention],
    *,
    max_sentences: int = 3,
    max_description_sentences: int = 8,
) -> Coreference:
    """Return the coreference links of one annotated document (see the module docstring).

    ``mentions`` are the cleaned mentions of ``sdoc`` (offsets into its text);
    the result's links point to them by index.
    """
    marks, spans = token_mentions(sdoc, mentions)
    quoted = quoted_tokens(sdoc, guillemet_blocks(doc_text(sdoc)))
    if not sdoc.has_annotation("DEP") or not mentions:
        return Coreference({}, tuple(marks), tuple(quoted))
    # sentences counted for distance: one wholly inside guillemets does not count
    spaces = sdoc.to_array(IS_SPACE).astype(bool)
    outside = ~(numpy.asarray(quoted, dtype=bool) | spaces)
    counts, lengths = [], []
    k = 0
    for sent in sdoc.sents:
        k += bool(outside[sent.start : sent.end].any())
        counts.append(k)
        lengths.append(sent.end - sent.start)
    sent_of = numpy.repeat(counts, lengths).tolist()
    # per-entity gender: every mention of a person shares what any of them shows
    person_gender: dict[str, set[str]] = {}
    for m, span in zip(mentions, spans, strict=True):
        if span is not None and m.label == "PER":
            g = _person_gender(m, span)
            person_gender.setdefault(_mention_key(m), set())
            if g:
                person_gender[_mention_key(m)].add(g)
    # a short name ("Lambert") shared by two full names of the article names nobody for sure
    person_keys = {_mention_key(m) for m in mentions if m.label == "PER"}
    ambiguous = {
        k for k in person_keys
        if sum(1 for o in person_keys if o.endswith(" " + k)) > 1
    }  # fmt: skip
    candidates: list[_Candidate] = []
    for i, (m, span) in enumerate(zip(mentions, spans, strict=True)):
        if span is None or m.label not in ("PER", "ORG"):
            continue
        if m.label == "PER":
            genders = person_gender.get(_mention_key(m), set())
            gender, number = (next(iter(genders)) if len(genders) == 1 else None), "Sing"
        else:
            gender, number = _org_features(span)
        key = _mention_key(m)
        # a name two people share, or one inside guillemets: it competes, it is never chosen
        blocked = key in ambiguous or quoted[span.start]
        candidates.append(
            _Candidate(
                i, "?" + key if blocked else key, m.label, gender, number,
                _is_subject(span) and not quoted[span.start],
                span.end - 1, sent_of[span.start], quoted[span.start],
            )
        )  # fmt: skip
    links: dict[int, int] = {}

    def people(pool: list[_Candidate]) -> list[_Candidate]:
        return [c for c in pool if c.label == "PER"]

    for i in numpy.flatnonzero(sdoc.to_array(POS) == PRON).tolist():
        token = sdoc[i]
        if marks[token.i] >= 0 or quoted[token.i]:
            continue
        lower = token.lower_
        exclude = frozenset(
            _mention_key(mentions[s]) for s in _clause_subjects(token, marks)
        ) if token.pos_ == "PRON" and token.dep_ not in SUBJECT_DEPS else frozenset()  # fmt: skip
        if token.pos_ == "PRON" and lower in _PRONOUNS and not lower.startswith("-t"):
            features = _PRONOUNS[lower]
            if lower in ("il", "-il") and _impersonal(token):
                continue
            pool = candidates
            if lower in ("elle", "lui") and _after_preposition(token):
                features = _AFTER_PREPOSITION[lower]
                pool = people(candidates)
            elif token.dep_ not in SUBJECT_DEPS and token.dep_ != "dep":
                continue
            found = _antecedent(token, features, pool, sent_of, max_sentences, exclude)
        elif token.pos_ == "PRON" and lower == "lui" and _after_preposition(token):
            # "avec lui", "selon lui": a stressed pronoun stands for a person
            found = _antecedent(
                token, _AFTER_PREPOSITION[lower], people(candidates), sent_of, max_sentences,
                exclude,
            )  # fmt: skip
        elif token.pos_ == "PRON" and lower == "lui" and token.dep_ == "iobj":
            # "X lui a proposé …": a person of either gender, not the clause's subject
            found = _antecedent(token, (None, "Sing"), candidates, sent_of, max_sentences, exclude)
        else:
            continue
        if found >= 0:
            links[token.i] = found
            # the pronoun now mentions its antecedent: later pronouns may refer through it
            first = next(c for c in candidates if c.index == found)
            candidates.append(
                _Candidate(
                    found, first.key, first.label, first.gender, first.number,
                    token.dep_ in SUBJECT_DEPS, token.i, sent_of[token.i],
                )
            )  # fmt: skip
            candidates.sort(key=lambda c: c.end_token)
    links.update(
        _descriptions(sdoc, mentions, spans, marks, quoted, sent_of, max_description_sentences)
    )
    return Coreference(links, tuple(marks), tuple(quoted))


def _clause_subjects(token: Token, marks: Sequence[int]) -> set[int]:
    """Return the mentions that are subjects of ``token``'s clause (through ``qui``)."""
    verb = token.head
    out = set()
    for child in verb.children:
        if child.dep_ in SUBJECT_DEPS and child.i != token.i:
            if "Rel" in child.morph.get("PronType") and verb.dep_.startswith("acl"):
                out.add(marks[verb.head.i])
            else:
                out.add(marks[child.i])
    out.discard(-1)
    return out


def _after_preposition(token: Token) -> bool:
    i = token.i
    before = token.doc[i - 1].lower_ if i > 0 else ""
    return before in _PREPOSITIONS or any(
        c.dep_ == "case" and c.lower_ in _PREPOSITIONS for c in token.children
    )


def _compatible(c: _Candidate, gender: str | None, number: str) -> bool:
    if c.label == "PER":
        return number == "Sing" and (c.gender is None or gender is None or c.gender == gender)
    if gender is None:
        return False
    # an organisation only when its determiner agrees (la CGT ... elle; les FDS ... ils)
    if number == "Plur":
        return c.number == "Plur" and (c.gender is None or c.gender == gender)
    return c.number != "Plur" and c.gender == gender


def _antecedent(
    pronoun: Token,
    features: tuple[str | None, str],
    candidates: Sequence[_Candidate],
    sent_of: Sequence[int],
    max_sentences: int,
    exclude: frozenset[str] = frozenset(),
) -> int:
    """Return the mention index the pronoun stands for, or -1 when unsure.

    ``exclude`` holds the keys of entities it cannot be (its own clause's subject)."""
    gender, number = features
    here = sent_of[pronoun.i]
    verb = pronoun.head
    for sentence in range(here, max(-1, here - max_sentences - 1), -1):
        pool = [
            c for c in candidates
            if c.sentence == sentence and c.end_token < pronoun.i and _compatible(c, gender, number)
        ]  # fmt: skip
        # not an argument of the pronoun's own verb ("Il a reçu X" is not X)
        pool = [
            c for c in pool
            if pronoun.doc[c.end_token].head != verb
            or (c.subject and pronoun.dep_ in SUBJECT_DEPS)
        ]  # fmt: skip
        pool = [c for c in pool if not any(_one_key(c.key, k) for k in exclude)]
        if all(c.quoted for c in pool):
            continue  # names inside a quotation only ("« … X … », a-t-il dit"): look further
        chosen = None
        subjects = [c for c in pool if c.subject]
        known = [c for c in pool if c.gender == gender]
        if _one(pool) and not subjects:
            # only a name in a complement ("présidé par X"): not if a subject of the window
            # (the article's topic, often) is someone else
            earlier = [
                c for c in candidates
                if here - max_sentences <= c.sentence < sentence and c.subject
                and _compatible(c, gender, number) and not _one_key(c.key, pool[-1].key)
            ]  # fmt: skip
            chosen = None if earlier else pool[-1]
        elif _one(pool):
            chosen = pool[-1]
        elif subjects and _one(subjects):
            chosen = subjects[-1]
        elif (
            known
            and _one(known)
            and all(c.gender is not None for c in pool if c.label == known[0].label)
        ):
            chosen = known[-1]
        # two candidates in the nearest sentence, or a name two people share: abstain
        return -1 if chosen is None or chosen.key.startswith("?") else chosen.index
    return -1


def _descriptions(
    sdoc: Doc,
    mentions: Sequence[Mention],
    spans: Sequence[Span | None],
    marks: Sequence[int],
    quoted: Sequence[bool],
    sent_of: Sequence[int],
    max_sentences: int,
) -> dict[int, int]:
    """Return links from definite descriptions (``le président``) to the mention they describe."""
    bodies = body_nouns()
    # (token index where it was said, noun lemma, adjectives, mention index)
    described: list[tuple[int, str, frozenset[str], int]] = []
    for i, (m, span) in enumerate(zip(mentions, spans, strict=True)):
        if span is None or m.label not in ("PER", "ORG"):
            continue
        nouns = []
        root = span.root
        if (
            root.dep_ in ("appos", "flat:name")
            and root.head.pos_ == "NOUN"
            and root.head.i < span.start
            and marks[root.head.i] < 0
        ):
            nouns.append(root.head)
        nouns += [
            c for c in root.children
            if c.dep_ == "appos" and c.pos_ == "NOUN" and marks[c.i] < 0
        ]  # fmt: skip
        if span[0].pos_ == "NOUN" and span[0].text[:1].islower():
            nouns.append(span[0])
        if span.start > 0 and sdoc[span.start - 1].pos_ == "NOUN" and marks[span.start - 1] < 0:
            nouns.append(sdoc[span.start - 1])  # "l'opérateur Sprint", "le collectif Indecline"
        for noun in nouns:
            described.append((span.start, noun.lemma_.lower(), _adjectives(noun), i))
        middle = root.head  # "le président élu Donald Trump": the name hangs on the participle
        if (
            middle.pos_ in ("VERB", "ADJ")
            and middle.dep_ in ("appos", "amod", "acl")
            and middle.head.pos_ == "NOUN"
            and middle.head.i < middle.i < span.start
            and marks[middle.head.i] < 0
        ):
            adjs = _adjectives(middle.head) | {middle.lemma_.lower()}
            described.append((span.start, middle.head.lemma_.lower(), adjs, i))
        for word in (m.cue, m.title):
            if word:
                described.append((span.start, word.lower().split()[-1], frozenset(), i))
    # "un porte-parole du collectif Indecline": the spokesperson noun describes the body
    nouns = _nouns(sdoc)
    for token in nouns:
        if token.lemma_.lower() in bodies and marks[token.i] < 0:
            if not any(  # introduced as new ("un porte-parole de X"), then "le porte-parole"
                c.dep_ == "det" and "Ind" in c.morph.get("Definite") for c in token.children
            ):
                continue
            body = body_of(token, marks, mentions)
            if body >= 0:
                described.append((token.i, token.lemma_.lower(), _adjectives(token), body))
    if not described:
        return {}
    # what describes an entity describes its later mentions too ("le président X … X … le président")
    keys = [_mention_key(m) for m in mentions]
    for at, lemma, adjs, index in list(described):
        for j in range(index + 1, len(mentions)):
            span = spans[j]
            if span is not None and span.start > at and _one_key(keys[index], keys[j]):
                described.append((span.start, lemma, adjs, index))
    words = {d[1] for d in described}
    out: dict[int, int] = {}
    for token in nouns:
        if (
            marks[token.i] >= 0
            or quoted[token.i]
            or token.lemma_.lower() not in words
        ):
            continue
        if "Plur" in token.morph.get("Number"):
            continue  # "les champions": a group, not one of the named
        det = [c for c in token.children if c.dep_ == "det"]
        if not det or det[0].lower_ not in _DEFINITE or det[0].i != token.i - 1 - _adj_before(token):
            continue
        if any(
            c.dep_ in ("nmod", "appos", "flat:name", "acl:relcl")
            and not (sdoc[c.left_edge.i - 1].text == "," and not _apposed(sdoc, marks, c.i))
            for c in token.children
        ):
            continue  # "le président de la Chine", "le président X": not a bare description
        if token.i + 1 < len(sdoc) and marks[token.i + 1] >= 0:
            continue  # "le groupe Bolloré": names its own referent
        if (
            token.i + 2 < len(sdoc)
            and sdoc[token.i + 1].text == ","
            and marks[token.i + 2] >= 0
            and _apposed(sdoc, marks, token.i + 2)
        ):
            continue  # "le Premier ministre, Malcolm Turnbull, …": named in apposition
        adjectives = _adjectives(token)
        best, best_at = -1, -1
        # "X, qui a rencontré le président": not X (its own clause's subject)
        own = {_mention_key(mentions[s]) for s in _clause_subjects(token, marks)}
        for at, lemma, adjs, index in described:
            if at >= token.i or lemma != token.lemma_.lower() or not adjectives <= adjs:
                continue
            if any(_one_key(_mention_key(mentions[index]), k) for k in own):
                continue
            if sent_of[token.i] - sent_of[min(at, len(sdoc) - 1)] > max_sentences:
                continue
            if best < 0 or at > best_at:
                best, best_at = index, at
            elif at == best_at and index != best:
                best = -2  # two entities described at once: abstain
        if best >= 0:
            out[token.i] = best
    return out


def _apposed(sdoc: Doc, marks: Sequence[int], i: int) -> bool:
    """Whether the name at token ``i``, after a comma, is an apposition: closed by punctuation
    or the end (``le Premier ministre, Malcolm Turnbull, a dit``), not the subject of what
    follows (``Selon le parquet, Jean Dupont aurait …``). Other words count as apposed."""
    m = marks[i]
    if m < 0:
        return True
    j = i
    while j < len(sdoc) and marks[j] == m:
        j += 1
    return j >= len(sdoc) or sdoc[j].is_punct or sdoc[j].is_space


def _nouns(sdoc: Doc) -> list[Token]:
    """Return the common nouns of a document (found on the POS array, not token by token)."""
    return [sdoc[i] for i in numpy.flatnonzero(sdoc.to_array(POS) == NOUN).tolist()]


def _adjectives(noun: Token) -> frozenset[str]:
    """Return the adjectives of a noun, and a bare participle right after it (``élu``)."""
    return frozenset(
        c.lemma_.lower()
        for c in noun.children
        if c.pos_ in ("ADJ", "VERB")
        and (c.dep_ == "amod" or (c.i == noun.i + 1 and not any(True for _ in c.children)))
    )


def _adj_before(noun: Token) -> int:
    n = 0
    i = noun.i - 1
    while i >= 0 and noun.doc[i].dep_ == "amod" and noun.doc[i].head == noun:
        n += 1
        i -= 1
    return n
