"""Group mentions into entities: one node per real-world entity, not per string.

Mentions are grouped by a folded key that ignores case, accents, punctuation
and spacing (``États-Unis`` = ``Etats-Unis``, ``Moyen Orient`` =
``Moyen-Orient``, ``Viêt Nam`` = ``Vietnam``). Each group becomes an
:class:`~kg.types.Entity` whose name is its most frequent cleaned form and
whose type is the majority label of its mentions (MISC only wins when no
mention says PER, LOC or ORG: the model uses MISC when unsure).
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Sequence

from kg.ids import fold, merge_key
from kg.types import ALL_TYPES, GRAPH_TYPES, Entity, EntityType, Mention, Resolution


def choose_type(votes: Counter[str]) -> EntityType:
    """Return the majority type of ``votes``; PER/LOC/ORG beat MISC, ties break by name.

    >>> choose_type(Counter({"MISC": 2, "ORG": 1}))
    'ORG'
    """
    typed = {t: votes[t] for t in GRAPH_TYPES if votes[t]}
    pool = typed or {t: votes[t] for t in ALL_TYPES if votes[t]}
    if not pool:
        return "MISC"
    return min(pool, key=lambda t: (-pool[t], t))  # type: ignore[return-value]


def choose_name(forms: Counter[str]) -> str:
    """Return the canonical name among surface ``forms``.

    Most frequent first; ties prefer accented spellings (``États-Unis`` over
    ``Etats-Unis``), then longer ones, then alphabetical order.
    """

    def rank(form: str) -> tuple[int, int, int, str]:
        accents = sum(1 for c in form if ord(c) > 127)
        return (-forms[form], -accents, -len(form), form)

    return min(forms, key=rank)


def resolve(mentions: Sequence[Mention]) -> Resolution:
    """Return the entities of ``mentions`` and the entity id of each mention.

    >>> from kg.types import Mention
    >>> ms = [Mention("d", 0, 5, "Chine", "LOC", "la Chine", 0),
    ...       Mention("d", 9, 14, "Chine", "LOC", "Chine", 1)]
    >>> r = resolve(ms)
    >>> [(e.id, e.name, e.aliases, e.mention_count) for e in r.entities]
    [('chine', 'Chine', ('la Chine',), 2)]
    """
    groups: dict[str, list[int]] = defaultdict(list)
    for i, m in enumerate(mentions):
        key = merge_key(m.text)
        if key:
            groups[key].append(i)

    entities: list[Entity] = []
    mention_entities = [""] * len(mentions)
    for members in groups.values():
        forms = Counter(mentions[i].text for i in members)
        name = choose_name(forms)
        votes = Counter(mentions[i].label for i in members)
        entity_id = fold(name)
        aliases = {mentions[i].text for i in members} | {mentions[i].surface for i in members}
        aliases.discard(name)
        entities.append(
            Entity(
                id=entity_id,
                name=name,
                type=choose_type(votes),
                aliases=tuple(sorted(aliases)),
                mention_count=len(members),
                documents=tuple(sorted({mentions[i].doc_id for i in members})),
                type_votes=tuple(sorted(votes.items())),
            )
        )
        for i in members:
            mention_entities[i] = entity_id
    entities.sort(key=lambda e: e.id)
    return Resolution(tuple(entities), tuple(mention_entities))
