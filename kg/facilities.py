"""Named facilities: a common noun that makes one name with the proper name after it.

``l'aéroport Napoléon Bonaparte`` is an airport, not Napoléon; ``la place
Tahrir``, ``la gare du Nord`` and ``l'autoroute A10`` are places; ``le lycée
Vaugelas`` is a school. The model tags the proper name alone (often as a
person) or misses it; :func:`named_facilities` makes the noun and the name one
mention typed by the noun (``kg/data/facility_nouns.tsv``), in place of the
mention the model found after the noun.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

from spacy.tokens import Doc, Token

from kg.entities import is_determiner
from kg.errors import InputError
from kg.types import AliasLink, Document, EntityType, Mention, Sentence

_FOLLOWS = ("name", "de", "code")
_OF = frozenset({"de", "du", "des", "d'"})
_ARTICLES = frozenset({"la", "l'"})
_ROAD_CODE = re.compile(r"^[A-Z]{1,2}\d{1,4}$")
_MAX_NAME_TOKENS = 5


@dataclass(frozen=True, slots=True)
class Facility:
    """A facility noun: the type of the name it makes and how the name may follow it."""

    label: EntityType
    follows: str  # "name", "de" (also after de/du/des) or "code" (also a road code)


def read_facilities(text: str, *, source: str) -> dict[str, Facility]:
    """Return the facility nouns of a ``noun<TAB>type<TAB>follows`` table.

    Raises :class:`~kg.errors.InputError` naming ``source`` and the line on a bad row.

    >>> read_facilities("gare\\tLOC\\tde\\n", source="x")
    {'gare': Facility(label='LOC', follows='de')}
    """
    out: dict[str, Facility] = {}
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip() or line.startswith("#"):
            continue
        fields = [f.strip() for f in line.split("\t")]
        if len(fields) != 3 or fields[1] not in ("LOC", "ORG") or fields[2] not in _FOLLOWS:
            raise InputError(
                f"{source}, line {number}: expected 'noun<TAB>LOC|ORG<TAB>{'|'.join(_FOLLOWS)}', "
                f"got {line!r}"
            )
        out[fields[0].lower()] = Facility(fields[1], fields[2])  # type: ignore[arg-type]
    return out


@lru_cache(maxsize=1)
def default_facilities() -> dict[str, Facility]:
    """Return the packaged facility nouns (``kg/data/facility_nouns.tsv``)."""
    text = resources.files("kg").joinpath("data/facility_nouns.tsv").read_text("utf-8")
    return read_facilities(text, source="kg/data/facility_nouns.tsv")


def _capitalised(token: Token) -> bool:
    return token.is_alpha and token.text[:1].isupper()


def _name_end(doc: Doc, j: int, facility: Facility) -> int | None:
    """Return the end of the proper name starting at token ``j``, or None if none starts there.

    A name is a run of capitalised words, hyphens joining them
    (``Pierre-Mauroy``); an acronym alone is not one (``la gare SNCF``), but a
    road code is after a road noun (``A10``). ``de`` ends the run (``le lycée
    Vaugelas de Chambéry``): a name with a particle is kept whole when the
    model found it (``Charles de Gaulle``).
    """
    if j >= len(doc):
        return None
    first = doc[j]
    if facility.follows == "code" and _ROAD_CODE.match(first.text):
        return j + 1
    if not _capitalised(first) or (first.is_upper and len(first) > 1):
        return None
    end = j + 1
    while end < len(doc) and end - j < _MAX_NAME_TOKENS:
        tok = doc[end]
        if (
            tok.text == "-"
            and not doc[end - 1].whitespace_
            and end + 1 < len(doc)
            and _capitalised(doc[end + 1])
        ):
            end += 2
        elif _capitalised(tok) and not tok.is_upper:
            end += 1
        else:
            break
    return end


def _place_tail(
    document: Document,
    sdoc: Doc,
    end: int,
    mention_end: int,
    known_type: Callable[[str], EntityType | None],
    mention: Mention,
) -> Mention | None:
    """Return the place closing a mention after its name (``d'Ajaccio`` in ``Napoléon
    Bonaparte d'Ajaccio``) as a mention of its own, or None when the rest is not
    ``de`` + a known place (``Charles de Gaulle`` stays whole)."""
    if end + 1 >= mention_end or sdoc[end].lower_ not in _OF:
        return None
    place = sdoc[end + 1 : mention_end]
    name = " ".join(place.text.split())
    if known_type(name) != "LOC":
        return None
    return Mention(
        document.id, place.start_char, place.end_char, name, "LOC", name, mention.sentence,
    )  # fmt: skip


def named_facilities(
    document: Document,
    sdoc: Doc,
    mentions: Sequence[Mention],
    *,
    sents: Sequence[Sentence],
    known_type: Callable[[str], EntityType | None] = lambda _name: None,
) -> list[Mention]:
    """Return ``mentions`` with every named facility made one mention (see the module).

    A mention starting where the facility's name starts is replaced (``Napoléon
    Bonaparte`` becomes ``aéroport Napoléon Bonaparte``, a place); one that
    already holds the noun, or starts before it, is kept as it is. A place the
    model put at the end of the name (``known_type`` says it is one) becomes a
    mention of its own: ``l'aéroport Napoléon Bonaparte d'Ajaccio``.
    """
    facilities = default_facilities()
    nouns = [t for t in sdoc if t.lower_ in facilities and t.is_lower and t.i > 0]
    if not nouns:
        return list(mentions)
    spans = []
    for m in mentions:
        span = sdoc.char_span(m.start, m.end, alignment_mode="expand")
        spans.append((span.start, span.end) if span is not None else (-1, -1))
    starts = {a: k for k, (a, _b) in enumerate(spans)}
    sent_starts = [s.start for s in sents]
    replaced: dict[int, Mention] = {}
    added: list[Mention] = []
    for noun in nouns:
        facility = facilities[noun.lower_]
        if not is_determiner(sdoc[noun.i - 1]):
            continue
        j = noun.i + 1
        if facility.follows == "de" and j < len(sdoc) and sdoc[j].lower_ in _OF:
            j += 1
            if j < len(sdoc) and sdoc[j].lower_ in _ARTICLES:
                j += 1
        if any(a <= noun.i < b for a, b in spans):
            continue  # the noun is already in a name: "le Lycée français"
        end = _name_end(sdoc, j, facility)
        if end is None:
            continue
        k = starts.get(j)
        tail: Mention | None = None
        if k is not None and spans[k][1] > end:
            tail = _place_tail(document, sdoc, end, spans[k][1], known_type, mentions[k])
            end = end if tail is not None else spans[k][1]
        if any(a < end and b > j and a != j for a, b in spans if a >= 0):
            continue  # the name runs into another mention
        span = sdoc[noun.i : end]
        text = " ".join(document.text[span.start_char : span.end_char].split())
        sentence = max(0, bisect.bisect_right(sent_starts, span.start_char) - 1)
        mention = Mention(
            document.id, span.start_char, span.end_char, text, facility.label, text,
            sentence, None, noun.lower_,
        )  # fmt: skip
        if k is not None:
            replaced[k] = mention
        else:
            added.append(mention)
        if tail is not None:
            added.append(tail)
    out = [replaced.get(k, m) for k, m in enumerate(mentions)] + added
    return sorted(out, key=lambda m: (m.start, m.end))


def facility_links(mentions: Sequence[Mention]) -> list[AliasLink]:
    """Return links from a named place to its bare name written alone in the same document:
    ``le fleuve Euphrate`` then ``l'Euphrate``, ``la place Tahrir`` then ``Tahrir``.

    Only places (``lycée Vaugelas`` is not the writer Vaugelas), and never to a
    person's name (``aéroport Napoléon Bonaparte``).
    """
    facilities = default_facilities()
    alone = {m.text for m in mentions if m.label != "PER"}
    links = []
    for m in mentions:
        if m.cue not in facilities or m.label != "LOC":
            continue
        words = m.text.split()[1:]
        while words and words[0].lower() in _OF | _ARTICLES:
            words = words[1:]
        bare = " ".join(words)
        if bare and bare != m.text and bare in alone:
            links.append(AliasLink(m.doc_id, m.text, bare, "variant"))
    return list(dict.fromkeys(links))
