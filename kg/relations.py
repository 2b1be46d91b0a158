"""Relations between resolved entities, each with its evidence sentence.

For now: sentence-level co-occurrence (``cooccursWith``). Every relation is a
:class:`~kg.types.Relation` record (kind, subject, object, evidence sentence,
document, offsets, confidence, pattern) so pattern-based relations can join
the same stream later.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping, Sequence
from itertools import combinations

from kg.types import GRAPH_TYPES, Mention, Relation, Sentence

COOCCURRENCE = "cooccursWith"
COOCCURRENCE_PATTERN = "sentence-cooccurrence"


def cooccurrence_confidence(gap: int) -> float:
    """Return the confidence of a co-occurrence whose closest mentions are ``gap`` characters apart.

    1.0 for adjacent names, 0.5 at 100 characters, decreasing smoothly.

    >>> cooccurrence_confidence(0), cooccurrence_confidence(100)
    (1.0, 0.5)
    """
    return round(1.0 / (1.0 + max(gap, 0) / 100.0), 3)


def cooccurrences(
    mentions: Sequence[Mention],
    mention_entities: Sequence[str],
    *,
    entity_types: Mapping[str, str],
    sentences: Mapping[tuple[str, int], tuple[Sentence, str]],
) -> list[Relation]:
    """Return one ``cooccursWith`` relation per pair of entities per sentence.

    ``mention_entities[i]`` is the entity id of ``mentions[i]``; only entities
    whose type (in ``entity_types``) is PER, LOC or ORG take part.
    ``sentences`` maps ``(doc_id, sentence index)`` to the sentence and its
    raw text, used as evidence. Subject and object are ordered (``s < o``).
    """
    by_sentence: dict[tuple[str, int], list[int]] = defaultdict(list)
    for i, m in enumerate(mentions):
        if entity_types.get(mention_entities[i]) in GRAPH_TYPES:
            by_sentence[(m.doc_id, m.sentence)].append(i)

    out: list[Relation] = []
    for key in sorted(by_sentence):
        idx = by_sentence[key]
        spans: dict[str, list[tuple[int, int]]] = defaultdict(list)
        for i in idx:
            spans[mention_entities[i]].append((mentions[i].start, mentions[i].end))
        if len(spans) < 2:
            continue
        sentence, text = sentences[key]
        for a, b in combinations(sorted(spans), 2):
            gap = min(max(s2 - e1, s1 - e2) for s1, e1 in spans[a] for s2, e2 in spans[b])
            out.append(
                Relation(
                    kind=COOCCURRENCE,
                    subject=a,
                    object=b,
                    doc_id=sentence.doc_id,
                    evidence=text,
                    start=sentence.start,
                    end=sentence.end,
                    confidence=cooccurrence_confidence(gap),
                    pattern=COOCCURRENCE_PATTERN,
                )
            )
    return out
