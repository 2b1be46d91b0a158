"""Group mentions into entities: one node per real-world entity, not per string.

Mentions are first grouped by an identity key that ignores case, accents,
punctuation, spacing and a leading article (``États-Unis`` = ``Etats-Unis``,
``Moyen Orient`` = ``Moyen-Orient``, ``Le Monde`` = ``Monde``). Groups are
then merged when the corpus or what we know says they are one entity:

1. alias tables (the user's ``--aliases`` file, then the packaged
   ``kg/data/aliases.tsv``): every name of a row is one entity;
2. places: names that the gazetteer links to the same GeoNames place
   (``Pékin`` = ``Beijing``, ``Chine`` = ``République populaire de Chine``),
   and a name whose country depends on the article (``kg/data/place_metonyms.tsv``):
   ``l'Amérique`` is the ``États-Unis`` of an article that names them, unless
   it also names a place of South America or a list of continents;
3. acronyms: ``Long Name (ACR)`` in a document (found by
   :func:`kg.entities.acronym_links`), or an acronym whose letters are the
   initials of exactly one name of the corpus (``PCC`` = ``Parti communiste
   chinois``);
4. short names: a surname or first name alone (``Chen``, ``Musk``, ``Xi``)
   goes to the one full name of the same document that starts or ends with
   it, then to the one full name of the corpus (and ``N. Sarkozy`` to the
   ``Nicolas Sarkozy`` of the document or corpus; a word the model tagged as a
   place only in its own document, and only when no place has that name:
   ``Macron``, not ``Washington``; a lone word that a person row of the
   alias tables names, ``Erdogan``, when its document has no full name for
   it); an organisation named by one
   word of its name (``la Banque``) goes to the one organisation of the same
   document with that word (``Nouvelle Banque de développement``), and one
   named without its closing complement (``la Cour d'appel``) to the one
   name of its document with that complement (``Cour d'appel de Reims``),
   which names the entity.

Each group becomes an :class:`~kg.types.Entity`. Its name is the alias
table's canonical name, else the gazetteer's French label, else its most
frequent full form (long name rather than acronym, full name rather than
surname). Its type is the alias table's, else LOC for a linked place, else
the majority of its mentions' labels, LOC rather than MISC for the French
name of a region, state or province (``Australie-Méridionale``; ISO 3166-2,
see :mod:`kg.regions`) (MISC only wins when no mention says
PER, LOC or ORG: the model uses MISC when unsure; a group holding a full
person name is never LOC).
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass

from kg.aliases import AliasEntry, short_names
from kg.entities import CommonWords, initials, is_acronym
from kg.gazetteer import Gazetteer, Metonym, Place, packaged_metonyms
from kg.ids import fold, merge_key
from kg.regions import french_region_name
from kg.types import (
    ALL_TYPES,
    GRAPH_TYPES,
    AliasLink,
    Entity,
    EntityType,
    Mention,
    Resolution,
)
from kg.variants import name_complement

__all__ = [
    "CITY_POPULATION",
    "choose_name",
    "choose_type",
    "identity_key",
    "resolve",
]

CITY_POPULATION = 1_000_000
"""A city name overrides the model's type from this population on; smaller cities
need at least one mention the model tagged LOC (``Florence`` may be a person)."""

_ARTICLES = ("le ", "la ", "les ", "l ")
_INITIAL = re.compile(r"^[A-ZÀ-Ý]\.(?:-[A-ZÀ-Ý]\.)?$")
"""A first name written as its initial: ``N.`` (``N. Sarkozy``), ``J.-L.``."""


def identity_key(name: str) -> str:
    """Return the key mentions are grouped by: :func:`kg.ids.merge_key` without a leading article.

    >>> identity_key("Le Monde") == identity_key("Monde")
    True
    >>> identity_key("Viêt Nam") == identity_key("Vietnam")
    True
    """
    folded = fold(name)
    for article in _ARTICLES:
        if folded.startswith(article) and len(folded) > len(article):
            folded = folded[len(article) :]
            break
    return merge_key(folded)


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


def _acronym_led(form: str) -> bool:
    """Whether ``form`` is an acronym or starts with one (``SDJ d'I-Télé``)."""
    words = form.split()
    return bool(words) and is_acronym(words[0])


def choose_name(forms: Counter[str]) -> str:
    """Return the canonical name among surface ``forms``.

    Most frequent first; ties prefer accented spellings (``États-Unis`` over
    ``Etats-Unis``), then longer ones, then alphabetical order.
    """

    def rank(form: str) -> tuple[int, int, int, str]:
        accents = sum(1 for c in form if ord(c) > 127)
        return (-forms[form], -accents, -len(form), form)

    return min(forms, key=rank)


class _UnionFind:
    def __init__(self) -> None:
        self.parent: dict[str, str] = {}

    def find(self, x: str) -> str:
        self.parent.setdefault(x, x)
        root = x
        while self.parent[root] != root:
            root = self.parent[root]
        while self.parent[x] != root:
            self.parent[x], x = root, self.parent[x]
        return root

    def union(self, a: str, b: str) -> None:
        ra, rb = self.find(a), self.find(b)
        if ra != rb:
            # deterministic: the smaller key becomes the root
            lo, hi = sorted((ra, rb))
            self.parent[hi] = lo


@dataclass
class _Group:
    members: list[int]
    entry: AliasEntry | None = None
    place: Place | None = None


def _words(text: str) -> list[str]:
    return text.replace("-", " ").split()


def _person_keys(
    mentions: Sequence[Mention],
    keys: list[str],
    blocked: set[str],
    common: CommonWords | None = None,
    is_place: Callable[[str], bool] | None = None,
    known_people: dict[str, str] | None = None,
) -> None:
    """Point lone first names and surnames to the full name they abbreviate (in place).

    A lone word goes to the one full name of its document that starts or ends
    with it, else to the person ``known_people`` (folded one-word name -> key
    of the alias table's canonical name) names so, else, when the model
    tagged it PER, to the one full name of the corpus. A word the model tagged
    LOC only goes to a person when ``is_place`` says no place has that name
    (``Macron`` next to ``Emmanuel Macron``; ``Washington`` stays a place);
    without ``is_place`` it never does. An organisation mention goes to a
    known person only when no class noun typed it (``la société Trump``).
    """
    known_people = known_people or {}
    full_by_doc: dict[str, dict[str, str]] = defaultdict(dict)  # doc -> part -> full key
    ambiguous_by_doc: dict[str, set[str]] = defaultdict(set)
    corpus: dict[str, set[str]] = defaultdict(set)
    # (first name, surname, key) of the full names, per document and in the corpus
    names_by_doc: dict[str, set[tuple[str, str, str]]] = defaultdict(set)
    for i, m in enumerate(mentions):
        words = m.text.split()
        if m.label != "PER" or len(words) < 2 or is_acronym(m.text) or _INITIAL.match(words[0]):
            continue
        names_by_doc[m.doc_id].add((fold(words[0]), fold(words[-1]), keys[i]))
        for part in {fold(words[0]), fold(words[-1])}:
            corpus[part].add(keys[i])
            known = full_by_doc[m.doc_id].get(part)
            if known is not None and known != keys[i]:
                ambiguous_by_doc[m.doc_id].add(part)
            full_by_doc[m.doc_id][part] = keys[i]
    # organisations named by one capitalised word of their name: "la Banque" for the
    # "Nouvelle Banque de développement" of the same document, "la Commission"
    org_words: dict[str, dict[str, set[str]]] = defaultdict(lambda: defaultdict(set))
    for i, m in enumerate(mentions):
        words = m.text.split()
        if m.label == "ORG" and len(words) >= 2 and not is_acronym(m.text):
            for word in words:
                if word[:1].isupper():
                    org_words[m.doc_id][fold(word)].add(keys[i])
    for i, m in enumerate(mentions):
        if (
            m.label == "ORG"
            and len(m.text.split()) == 1
            and not is_acronym(m.text)
            and keys[i] not in blocked
            and len(org_words[m.doc_id].get(fold(m.text), ())) == 1
            # a common noun ("la Banque", "la Commission"), not a brand ("Airbus"
            # is not "Airbus Helicopters")
            and (common is None or common.is_common(m.text, ("noun",)))
        ):
            keys[i] = next(iter(org_words[m.doc_id][fold(m.text)]))
    # an organisation named without its closing complement: "la Cour d'appel" for the
    # "Cour d'appel de Reims" of the same document, when it is the only such name there
    # (this mention only: another article's "Cour d'appel" may be another court)
    org_heads: dict[str, dict[str, set[str]]] = defaultdict(lambda: defaultdict(set))
    for i, m in enumerate(mentions):
        split = name_complement(m.text) if m.label == "ORG" and not is_acronym(m.text) else None
        if split is not None:
            org_heads[m.doc_id][fold(split[0])].add(keys[i])
    for i, m in enumerate(mentions):
        if m.label != "ORG" or keys[i] in blocked or len(m.text.split()) < 2:
            continue
        longer = org_heads[m.doc_id].get(fold(m.text), set()) - {keys[i]}
        if len(longer) == 1:
            keys[i] = next(iter(longer))
    # an initial and a surname: "N. Sarkozy", "J.-L. Mélenchon" for the one full name
    # of the document, else of the corpus, with that surname and a first name with that initial
    all_names = {name for names in names_by_doc.values() for name in names}
    for i, m in enumerate(mentions):
        words = m.text.split()
        if m.label != "PER" or len(words) != 2 or keys[i] in blocked or not _INITIAL.match(words[0]):
            continue
        initial, surname = fold(words[0][0]), fold(words[1])
        for pool in (names_by_doc[m.doc_id], all_names):
            fits = {k for first, last, k in pool if last == surname and first.startswith(initial)}
            if fits:
                if len(fits) == 1:
                    keys[i] = fits.pop()
                break
    for i, m in enumerate(mentions):
        if len(m.text.split()) != 1 or is_acronym(m.text) or keys[i] in blocked:
            continue
        if m.label == "LOC" and (is_place is None or is_place(m.text)):
            continue  # "Washington" the place is not George Washington
        part = fold(m.text)
        in_doc = full_by_doc[m.doc_id].get(part)
        if in_doc is not None:
            if part not in ambiguous_by_doc[m.doc_id]:
                keys[i] = in_doc
        elif part in known_people and (m.label != "ORG" or not m.cue):
            keys[i] = known_people[part]
        elif m.label == "PER" and len(corpus.get(part, ())) == 1:
            keys[i] = next(iter(corpus[part]))


def _metonym_keys(
    mentions: Sequence[Mention],
    keys: list[str],
    gazetteer: Gazetteer,
    metonyms: Sequence[Metonym],
) -> None:
    """Point a place name whose country depends on the article to that country (in place).

    The mentions of a :class:`~kg.gazetteer.Metonym` name (``Amérique``) take
    the key of the article's mention of its country when the article names
    exactly one of the row's countries, no other place of the blocking
    continents, at most one of the blocking continents by name (``en Afrique
    et en Asie``: then ``en Amérique`` is a continent too), nor a longer name
    with that word (``Amérique latine``).
    """
    by_key = {identity_key(r.name): r for r in metonyms}
    in_doc: dict[str, list[int]] = defaultdict(list)
    for i, m in enumerate(mentions):
        in_doc[m.doc_id].append(i)
    for members in in_doc.values():
        targets: dict[str, list[int]] = defaultdict(list)
        for i in members:
            if keys[i] in by_key and mentions[i].label in ("LOC", "MISC"):
                targets[keys[i]].append(i)
        if not targets:
            continue
        places = {j: gazetteer.lookup(mentions[j].text) for j in members}
        # decide for every name before rewriting any key: a rewritten mention keeps its text
        countries = {
            key: _metonym_country(by_key[key], key, members, keys, mentions, places)
            for key in targets
        }
        for key, country in countries.items():
            if country is not None:
                for i in targets[key]:
                    keys[i] = keys[country]


def _metonym_country(
    rule: Metonym,
    key: str,
    members: list[int],
    keys: list[str],
    mentions: Sequence[Mention],
    places: dict[int, Place | None],
) -> int | None:
    """Return the mention of the one country of ``rule`` the article names, or ``None``
    when it names none or several, or a place, continents or a longer name that
    block the rule."""
    named: dict[str, int] = {}
    continents = {
        p.continent for j in members if (p := places[j]) is not None and p.kind == "continent"
    }
    if len(continents & set(rule.blocking_continents)) >= 2:  # a list of continents
        return None
    for j in members:
        place = places[j]
        if place is not None and place.kind == "country" and place.country_code in rule.countries:
            named.setdefault(place.country_code, j)
    if len(named) != 1:
        return None
    ((code, country),) = named.items()
    word = re.compile(rf"\b{re.escape(fold(rule.name))}\b")
    for j in members:
        place = places[j]
        if place is not None and place.country_code == code:
            continue
        if place is not None and place.continent in rule.blocking:
            return None
        if keys[j] != key and word.search(fold(mentions[j].text)):
            return None
    return country


def _is_person(members: list[int], mentions: Sequence[Mention]) -> bool:
    """Whether a group holds a full person name (never a place: "Paris Hilton", "Xi Jinping")."""
    return any(mentions[i].label == "PER" and len(mentions[i].text.split()) > 1 for i in members)


def _place_for(forms: Counter[str], votes: Counter[str], gazetteer: Gazetteer) -> Place | None:
    """Return the place a group of forms names, when the link is certain enough."""
    for form, _count in forms.most_common():
        place = gazetteer.lookup(form)
        if place is None:
            continue
        if place.kind == "country" or place.population >= CITY_POPULATION or votes["LOC"]:
            return place
        return None
    return None


def resolve(
    mentions: Sequence[Mention],
    *,
    links: Iterable[AliasLink] = (),
    aliases: Sequence[AliasEntry] = (),
    gazetteer: Gazetteer | None = None,
    common: CommonWords | None = None,
    metonyms: Sequence[Metonym] | None = None,
) -> Resolution:
    """Return the entities of ``mentions`` and the entity id of each mention.

    ``links`` are name/acronym pairs found in the texts, ``aliases`` the alias
    table entries (earlier entries win over later ones: put the user's first),
    ``gazetteer`` the place knowledge (none: no place linking), ``common``
    the French common nouns (an organisation is only called by one word of
    its name when that word is a common noun: ``la Banque``), ``metonyms``
    the place names whose country depends on the article (default: the
    packaged ``kg/data/place_metonyms.tsv``; used with a gazetteer only).

    >>> from kg.types import Mention
    >>> ms = [Mention("d", 0, 5, "Chine", "LOC", "la Chine", 0),
    ...       Mention("d", 9, 14, "Chine", "LOC", "Chine", 1)]
    >>> r = resolve(ms)
    >>> [(e.id, e.name, e.aliases, e.mention_count) for e in r.entities]
    [('chine', 'Chine', ('la Chine',), 2)]
    """
    keys = [identity_key(m.text) for m in mentions]
    alias_of: dict[str, AliasEntry] = {}
    known_people: dict[str, str | None] = {}  # one-word name -> key of the person (None: two)
    for entry in aliases:
        short = set(short_names(entry))
        for name in entry.names:
            if name not in short:
                alias_of.setdefault(identity_key(name), entry)
        for name in short:
            part, person = fold(name), identity_key(entry.name)
            known_people[part] = person if known_people.get(part, person) == person else None
    for part in list(known_people):  # a word that is also an alias of a row is no fallback
        if identity_key(part) in alias_of:
            del known_people[part]
    if gazetteer is not None:
        _metonym_keys(
            mentions, keys, gazetteer, packaged_metonyms() if metonyms is None else metonyms
        )

    _person_keys(
        mentions,
        keys,
        blocked=set(alias_of),
        known_people={k: v for k, v in known_people.items() if v is not None},
        common=common,
        is_place=None if gazetteer is None else gazetteer.knows,
    )

    uf = _UnionFind()
    for key in keys:
        if key:
            uf.find(key)
    # 1. alias tables
    entry_root: dict[int, str] = {}
    for key in list(uf.parent):
        entry = alias_of.get(key)
        if entry is not None:
            anchor = entry_root.setdefault(id(entry), key)
            uf.union(anchor, key)
    # 3a. acronyms in parentheses
    for link in links:
        a, b = identity_key(link.name), identity_key(link.alias)
        if a in uf.parent and b in uf.parent:
            uf.union(a, b)

    def groups() -> dict[str, list[int]]:
        out: dict[str, list[int]] = defaultdict(list)
        for i, key in enumerate(keys):
            if key:
                out[uf.find(key)].append(i)
        return out

    # 2. places
    if gazetteer is not None:
        by_place: dict[int, str] = {}
        for root, members in sorted(groups().items()):
            if any(keys[i] in alias_of for i in members) or _is_person(members, mentions):
                continue
            forms = Counter(mentions[i].text for i in members)
            votes = Counter(mentions[i].label for i in members)
            place = _place_for(forms, votes, gazetteer)
            if place is not None:
                anchor = by_place.setdefault(place.geonames_id, root)
                uf.union(anchor, root)

    # 3b. acronyms matching the initials of exactly one long name of the corpus
    current = groups()
    long_names: dict[str, set[str]] = defaultdict(set)
    for root, members in current.items():
        for i in members:
            m = mentions[i]
            if m.label != "PER" and len(_words(m.text)) >= 2:
                for acronym in initials(m.text):
                    long_names[acronym].add(root)
    for root, members in sorted(current.items()):
        forms = {mentions[i].text for i in members}
        if any(mentions[i].label == "PER" for i in members):
            continue
        for form in forms:
            if is_acronym(form):
                targets = {uf.find(r) for r in long_names.get(form.upper(), ())} - {uf.find(root)}
                if len(targets) == 1:
                    uf.union(root, targets.pop())

    final = groups()
    entities: list[Entity] = []
    mention_entities = [""] * len(mentions)
    used_ids: set[str] = set()
    for root in sorted(final, key=lambda r: min(final[r])):
        members = final[root]
        entity = _entity(members, mentions, keys, alias_of, gazetteer)
        entity_id = entity.id
        if entity_id in used_ids:  # two entities with one name: keep both, distinctly
            entity_id = f"{entity.id} {entity.type.lower()}"
            n = 2
            while entity_id in used_ids:
                entity_id = f"{entity.id} {entity.type.lower()} {n}"
                n += 1
        used_ids.add(entity_id)
        entities.append(_replace_id(entity, entity_id))
        for i in members:
            mention_entities[i] = entity_id
    entities.sort(key=lambda e: e.id)
    return Resolution(tuple(entities), tuple(mention_entities))


def _entity(
    members: list[int],
    mentions: Sequence[Mention],
    keys: list[str],
    alias_of: dict[str, AliasEntry],
    gazetteer: Gazetteer | None,
) -> Entity:
    forms = Counter(mentions[i].text for i in members)
    votes = Counter(mentions[i].label for i in members)
    entry = next((alias_of[keys[i]] for i in members if keys[i] in alias_of), None)
    place = None
    if entry is None and gazetteer is not None and not _is_person(members, mentions):
        place = _place_for(forms, votes, gazetteer)

    etype: EntityType
    if entry is not None:
        name, etype = entry.name, entry.type
    elif place is not None:
        name, etype = place.label, "LOC"
    else:
        # a class noun next to a name ("la société Tesla") outvotes the model; a
        # group with a full person name is no place ("Trstenjak" LOC, "Tina Trstenjak")
        voters = members
        if _is_person(members, mentions):
            # nor an organisation by its surname alone ("les liens d'affaires de Musk" ORG)
            voters = [
                i for i in members
                if mentions[i].label != "LOC"
                and not (mentions[i].label == "ORG" and len(mentions[i].text.split()) == 1
                         and not mentions[i].cue)
            ] or members  # fmt: skip
        pool = Counter(mentions[i].label for i in voters if mentions[i].cue) or Counter(
            mentions[i].label for i in voters
        )
        etype = choose_type(pool)
        if etype == "MISC" and any(french_region_name(f) for f in forms):
            etype = "LOC"  # a region, state or province the model was unsure of
        long_forms = Counter({f: c for f, c in forms.items() if len(_words(f)) >= 2})
        # the full name over the same name without its complement ("Cour d'appel")
        heads = {fold(f) for f in forms}
        completed = Counter({
            f: c for f, c in forms.items()
            if (split := name_complement(f)) is not None and fold(split[0]) in heads
        })  # fmt: skip
        if long_forms and (etype == "PER" or any(_acronym_led(f) for f in forms)):
            # full name over surname, long name over acronym ("SDJ d'I-Télé" too)
            spelled = Counter({f: c for f, c in long_forms.items() if not _acronym_led(f)})
            pool = spelled or long_forms
            name = choose_name(Counter({f: c for f, c in pool.items() if f in completed}) or pool)
        else:
            name = choose_name(completed or forms)
    aliases = {mentions[i].text for i in members} | {mentions[i].surface for i in members}
    aliases.discard(name)
    titles = Counter(mentions[i].title for i in members if mentions[i].title)
    return Entity(
        id=fold(name),
        name=name,
        type=etype,
        aliases=tuple(sorted(aliases)),
        mention_count=len(members),
        documents=tuple(sorted({mentions[i].doc_id for i in members})),
        type_votes=tuple(sorted(votes.items())),
        same_as=(place.iri,) if place is not None else (),
        country=(place.country_code or None) if place is not None else None,
        titles=tuple(t for t, _ in sorted(titles.items(), key=lambda x: (-x[1], x[0]))),
    )


def _replace_id(entity: Entity, entity_id: str) -> Entity:
    if entity.id == entity_id:
        return entity
    from dataclasses import replace

    return replace(entity, id=entity_id)
