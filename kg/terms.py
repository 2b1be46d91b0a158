"""Terms of Oxigraph as rdflib terms: RDF read or queried natively, handed to rdflib users."""

from __future__ import annotations

import pyoxigraph as ox
from rdflib import BNode, Literal, URIRef
from rdflib.namespace import XSD
from rdflib.term import Node

_XSD_STRING = str(XSD.string)


def to_rdflib(term: object) -> Node | None:
    """Return the rdflib term of an Oxigraph term (``None`` stays ``None``).

    Simple literals come back without datatype, as rdflib writes them.

    >>> to_rdflib(ox.Literal("Chine", language="fr"))
    rdflib.term.Literal('Chine', lang='fr')
    """
    if term is None:
        return None
    if isinstance(term, ox.NamedNode):
        return URIRef(term.value)
    if isinstance(term, ox.Literal):
        if term.language:
            return Literal(term.value, lang=term.language)
        datatype = term.datatype.value
        if datatype == _XSD_STRING:
            return Literal(term.value)
        return Literal(term.value, datatype=URIRef(datatype))
    if isinstance(term, ox.BlankNode):
        return BNode(term.value)
    raise TypeError(f"unsupported RDF term {term!r}")
