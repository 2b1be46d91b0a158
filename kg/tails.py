"""A known name followed by the field of a role: ``Nations unies aux droits de l'homme``.

In ``Haut-Commissaire des Nations unies aux droits de l'homme`` the model
often starts the organisation at ``Nations`` and runs it to the end of the
role; no body has that name. When a mention is a name the alias table or the
gazetteer knows, then a lower-case complement starting with a preposition
(``aux droits de l'homme``, ``pour les réfugiés``), and the whole is not
known, :func:`trim_known_names` keeps the known name: ``Nations unies``.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import replace

from kg.types import EntityType, Mention

_PREPOSITIONS = ("aux", "pour", "chargé", "chargée", "en charge")


def trim_known_names(
    mentions: Sequence[Mention], *, known_type: Callable[[str], EntityType | None]
) -> list[Mention]:
    """Return ``mentions`` with each organisation cut back to the known name it starts with
    when a lower-case complement follows it (see the module).

    >>> known = {"Nations unies": "ORG"}.get
    >>> m = Mention("d", 0, 34, "Nations unies aux droits de l'homme", "ORG", "", 0)
    >>> [x.text for x in trim_known_names([m], known_type=known)]
    ['Nations unies']
    """
    out = []
    for m in mentions:
        out.append(_trimmed(m, known_type) if m.label == "ORG" else m)
    return out


def _trimmed(m: Mention, known_type: Callable[[str], EntityType | None]) -> Mention:
    if known_type(m.text) is not None:
        return m
    for word in _PREPOSITIONS:
        k = m.text.find(f" {word} ")
        if k <= 0:
            continue
        head, tail = m.text[:k], m.text[k + 1 :]
        lower = not any(w[:1].isupper() for w in re.findall(r"\w+", tail))
        if lower and known_type(head) in ("ORG", "LOC"):
            return replace(m, end=m.start + k, text=head, surface=head)
    return m
