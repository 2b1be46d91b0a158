"""Coordinated subjects acting explicitly together: ``X et Y publient ensemble un rapport``.

Two coordinated subjects of an ordinary verb are not cooperating (``X et Y
ont perdu``); only an explicit word of joint action makes them partners:
``ensemble``, ``conjointement``, ``de concert``, ``main dans la main``
(:data:`JOINT_WORDS`). The candidates are ``cooperatesWith`` between every
two subjects (pattern ``verb-joint``, ``kg:verb`` the verb's lemma followed by
the word), not asserted under negation, the conditional, in quotes or reported
speech (as for :mod:`kg.interactions`). Light verbs and copulas (class ``light`` of the verb lexicon) never count;
reporting verbs do (``X et Y annoncent conjointement``).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from spacy.tokens import Span, Token

from kg.arguments import bound_in_clause, members
from kg.arguments import case_of as _case
from kg.arguments import named as _named
from kg.interactions import VerbLexicon, _asserted
from kg.patterns import Candidate

PATTERN_JOINT = "verb-joint"
"""Pattern name of the candidates (``kg:pattern``)."""

JOINT_WORDS = {"ensemble": "", "conjointement": "", "concert": "de", "main": "dans"}
"""Words of joint action hung on the verb, and the preposition they need (``de concert``)."""

SIDE_BY_SIDE = frozenset({
    "aller", "venir", "arriver", "partir", "sortir", "entrer", "rentrer", "revenir", "marcher",
    "courir", "rouler", "nager", "pédaler", "voyager", "franchir", "terminer", "finir", "passer",
    "vivre", "habiter", "mourir", "périr", "tomber", "être", "rester", "apparaître", "poser",
})
"""Verbs after which ``ensemble`` says side by side or at once, not as partners (``ils
courent de concert``, ``ils sont arrivés ensemble``, ``ils ont posé ensemble``)."""


def read_joint(
    verb: Token,
    lex: VerbLexicon,
    spans: Sequence[Span | None],
    labels: Sequence[str],
    sentence_at: Callable[[int], int] | None = None,
) -> list[Candidate]:
    """Return ``cooperatesWith`` candidates between the coordinated subjects of ``verb`` when
    a word of joint action goes with it; [] otherwise."""
    word = next((c for c in verb.children if _joint_word(c)), None)
    words = {"concert": "de concert", "main": "main dans la main"}.get(word.lower_, word.lower_) if word else ""
    if word is None or verb.lemma_ in SIDE_BY_SIDE or lex.never.get(verb.lemma_) == "light":
        return []
    if not _asserted(verb, lex):
        return []
    out: list[Candidate] = []
    for subject in (c for c in verb.children if c.dep_ == "nsubj"):
        first = _named(subject)
        if first < 0 or bound_in_clause(subject, verb, spans):
            continue
        through_coref = subject._.kg_mention < 0 and subject._.kg_coref >= 0
        sentence = sentence_at(verb.idx) if through_coref and sentence_at else None
        together = members(first, spans, labels)
        for n, s in enumerate(together):
            for o in together[n + 1 :]:
                if s != o:
                    out.append(
                        Candidate(
                            "cooperatesWith", s, o, PATTERN_JOINT, 0.7,
                            verb=f"{verb.lemma_} {words}", verb_class="materialCooperation",
                            sentence=sentence,
                        )
                    )  # fmt: skip
    return out


def _joint_word(token: Token) -> bool:
    case = JOINT_WORDS.get(token.lower_)
    if case is None or token.pos_ == "PROPN" or token._.kg_mention >= 0:
        return False
    if case == "":
        return not _case(token)
    if token.lower_ == "main":  # "main dans la main"
        return any(c.lower_ == "main" and _case(c) == "dans" for c in token.children)
    return _case(token) == case
