"""Which named mention a token of an interaction stands for (:mod:`kg.interactions`,
:mod:`kg.nominal`, :mod:`kg.joint`).

- the mention itself, or a pronoun or description :mod:`kg.coref` linked to one,
  unless the pronoun would stand for a name of its own clause
  (:func:`bound_in_clause`: ``Avec son ami X, il a écrit``: il is not X);
- a relative pronoun's antecedent, also through an apposition
  (``X, responsable du programme, qui s'est entretenu avec Y``);
- a noun with the name next to it (``le président Xi``), or apposed after a comma
  (``le tenant du titre, Kirani James``);
- an acting noun (``kg/data/acting_nouns.txt``) for the organisation of its
  de-complement (``les militants du FNL``, ``les dirigeants de Sprint``);
- and, with :func:`members`, the names listed with it (``pour A, B, C et D``).
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import lru_cache
from importlib import resources

from spacy.tokens import Span, Token

from kg.patterns import _NAME_DEPS, _distribute, _mention_at

_PREPOSITION_FORMS = {"au": "à", "aux": "à", "du": "de", "des": "de", "d'": "de"}
_RELATIVES = frozenset({"qui", "que", "qu'", "lequel", "laquelle", "lesquels", "lesquelles"})


def bound_in_clause(token: Token, head: Token, spans: Sequence[Span | None]) -> bool:
    """Whether ``token``, a pronoun standing for a mention (:mod:`kg.coref`), stands for a name
    of the very clause of ``head``: a pronoun is not bound in its clause, so the link is wrong
    (``Avec son ami X, il a écrit pour Y``: il is not X)."""
    m = token._.kg_coref
    if token._.kg_mention >= 0 or m < 0 or m >= len(spans) or spans[m] is None:
        return False
    root = spans[m].root  # type: ignore[union-attr]
    return root.sent.start == head.sent.start and (root.i == head.i or head in root.ancestors)


def members(index: int, spans: Sequence[Span | None], labels: Sequence[str] = ()) -> list[int]:
    """Return ``index`` and the mentions listed with it: ``X et Y`` (:func:`kg.patterns._distribute`)
    and lists of names the parser chains by ``conj`` and ``appos`` (``pour A, B, C et D``).

    A list holds names of one type only (PER or ORG, ``labels[i]`` being the
    type of mention ``i``): ``Lyon, Rhône`` is no list.
    """
    out = _distribute(index, spans)
    span = spans[index]
    if span is None or index >= len(labels) or labels[index] not in ("PER", "ORG"):
        return out
    kind = labels[index]
    top = span.root
    while top.dep_ in ("conj", "appos") and _list_item(top.head, kind, labels):
        top = top.head
    stack = [top]
    while stack:
        token = stack.pop()
        m = token._.kg_mention
        if m >= 0 and m not in out:
            out.append(m)
        stack += [c for c in token.children if c.dep_ in ("conj", "appos") and _list_item(c, kind, labels)]
    return out


def _list_item(token: Token, kind: str, labels: Sequence[str]) -> bool:
    """Whether ``token`` is part of a name of type ``kind`` (one item of a list of names)."""
    m = token._.kg_mention
    return 0 <= m < len(labels) and labels[m] == kind


def named(token: Token) -> int:
    """Return the mention ``token`` stands for, or -1: itself, a relative pronoun's antecedent,
    or a noun with the name next to it (``le président Xi``, ``les militants FNL``), not a
    noun whose name comes with a preposition (``le gouvernement de Kanaky`` is not Kanaky)."""
    if token._.kg_mention >= 0:
        return token._.kg_mention
    if token._.kg_coref >= 0 and not any(
        c._.kg_mention >= 0 and c.dep_ in _NAME_DEPS for c in token.children
    ):
        return token._.kg_coref  # "il", "le président" standing for a name (kg.coref)
    if token.pos_ == "PRON":  # "qui", "que": not "où", "dont"
        if token.lower_ not in _RELATIVES:
            return -1
        found = _mention_at(token)
        antecedent = token.head.head if token.head.dep_.startswith("acl") else None
        if found < 0 and antecedent is not None and antecedent.dep_ == "appos":
            # "James Syring, responsable du programme, qui s'est entretenu avec X"
            found = antecedent.head._.kg_mention
        return found
    for child in token.children:
        if (
            child.i > token.i
            and child._.kg_mention >= 0
            and child.dep_ in _NAME_DEPS
            and not any(c.dep_ == "case" for c in child.children)
        ):
            return child._.kg_mention
    if token.pos_ == "NOUN":
        described = _described(token)
        if described >= 0:
            return described
    if token.pos_ == "NOUN" and token.lemma_.lower() in acting_nouns():
        # "des militants du FNL", "les dirigeants de Sprint": the organisation acts through them
        for child in token.children:
            if child.i > token.i and child.dep_ == "nmod" and child._.kg_mention >= 0 and case_of(child) == "de":
                return child._.kg_mention
    return -1


def _described(noun: Token) -> int:
    """Return the person a description names in apposition after a comma, or -1: ``le leader du
    moment, l'Espagnol Mario Mola``, ``le tenant du titre, Kirani James`` (the parser may hang the
    apposition on the description's complement)."""
    for c in noun.children:
        if c.i <= noun.i:
            continue
        if c.dep_ == "appos" and _comma(noun, c):
            return _person(c)
        if c.dep_ == "nmod" and c._.kg_mention < 0:
            for g in c.children:
                if g.dep_ == "appos" and g.i > c.i and _comma(c, g):
                    return _person(g)
    return -1


def _comma(left: Token, right: Token) -> bool:
    return any(t.text == "," for t in left.doc[left.i + 1 : right.i])


def _person(token: Token) -> int:
    """Return the mention in apposition to ``token`` (``l'Espagnol Mario Mola``), or the one
    ``token`` is, or -1."""
    for t in (*(c for c in token.children if c.dep_ == "appos" and c.i > token.i), token):
        if t._.kg_mention >= 0:
            return t._.kg_mention
    return -1


@lru_cache(maxsize=1)
def acting_nouns() -> frozenset[str]:
    """Return the nouns of ``kg/data/acting_nouns.txt``: the people through whom the
    organisation of their de-complement acts (``les militants du FNL``)."""
    text = resources.files("kg").joinpath("data/acting_nouns.txt").read_text("utf-8")
    return frozenset(w.strip() for w in text.splitlines() if w.strip() and not w.startswith("#"))


def case_of(token: Token) -> str:
    """Return the preposition introducing ``token`` (``à``, ``contre``, ``face à``), or ""."""
    words = []
    for c in token.children:
        if c.dep_ == "case" and c.i < token.i:
            words.append(c)
            words += [f for f in c.children if f.dep_ == "fixed"]
    words.sort(key=lambda t: t.i)
    text = " ".join(_PREPOSITION_FORMS.get(w.lower_, w.lower_) for w in words)
    return text
