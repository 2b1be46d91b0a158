"""Alias tables: what users (and the package) know about names.

A table is TSV: ``canonical name <TAB> type <TAB> alias|alias|...``, ``#``
comments and blank lines allowed. Every name of a row resolves to one entity
labelled with the canonical name and typed as given; the names are also
taught to the NER (see :func:`kg.annotate.load_model`).

>>> [e.name for e in parse_aliases("Union européenne\\tORG\\tUE|EU")]
['Union européenne']
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

from kg.errors import InputError
from kg.types import ALL_TYPES, EntityType


@dataclass(frozen=True, slots=True)
class AliasEntry:
    """One row of an alias table: a canonical name, its type and its other names."""

    name: str
    type: EntityType
    aliases: tuple[str, ...]

    @property
    def names(self) -> tuple[str, ...]:
        """Return the canonical name followed by the aliases."""
        return (self.name, *self.aliases)


def parse_aliases(text: str, *, source: str = "aliases") -> list[AliasEntry]:
    """Return the entries of an alias table; raise :class:`InputError` naming a bad line."""
    entries = []
    for number, raw in enumerate(text.splitlines(), start=1):
        line = raw.rstrip("\r\n")
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        fields = line.split("\t")
        if len(fields) not in (2, 3):
            raise InputError(
                f"{source}, line {number}: expected 'name<TAB>type<TAB>alias|alias', "
                f"got {len(fields)} tab-separated fields"
            )
        name, etype = fields[0].strip(), fields[1].strip().upper()
        if not name:
            raise InputError(f"{source}, line {number}: empty canonical name")
        if etype not in ALL_TYPES:
            raise InputError(
                f"{source}, line {number}: type {fields[1]!r} is not one of {', '.join(ALL_TYPES)}"
            )
        aliases = tuple(
            a.strip() for a in (fields[2].split("|") if len(fields) == 3 else ()) if a.strip()
        )
        entries.append(AliasEntry(name, etype, tuple(dict.fromkeys(aliases))))  # type: ignore[arg-type]
    return entries


PACKAGED_TABLES = ("data/aliases.tsv", "data/companies.tsv", "data/people.tsv")
"""The alias tables shipped with kg: organisations and places, companies and media, then people."""


@lru_cache(maxsize=1)
def packaged_aliases() -> tuple[AliasEntry, ...]:
    """Return the aliases shipped with kg (the tables of :data:`PACKAGED_TABLES`)."""
    entries: list[AliasEntry] = []
    for table in PACKAGED_TABLES:
        text = resources.files("kg").joinpath(table).read_text("utf-8")
        entries += parse_aliases(text, source=f"kg/{table}")
    return tuple(entries)


def short_names(entry: AliasEntry) -> tuple[str, ...]:
    """Return the one-word aliases of a person entry: the names the press uses alone.

    They are fallbacks, not identities: a lone ``Erdogan`` goes first to a
    full name of its own document (``Bilal Erdogan``), and only otherwise to
    this entry (see :func:`kg.resolve.resolve`).

    >>> short_names(AliasEntry("Recep Tayyip Erdogan", "PER", ("Erdoğan", "Erdogan", "Tayyip Erdogan")))
    ('Erdoğan', 'Erdogan')
    """
    if entry.type != "PER":
        return ()
    return tuple(a for a in entry.aliases if len(a.split()) == 1)
