"""The SPARQL cookbook: tested queries over a kg graph, for the README and ``kg query``.

Each recipe runs unchanged on rdflib (:func:`kg.query.run_query`) and on
Oxigraph (:func:`kg.store.query`, :func:`kg.serve.serve`) with the
predeclared prefixes; the ``nif:`` and ``itsrdf:`` prefixes are declared in
the queries that use them, so they also run on any SPARQL endpoint that knows
the standard prefixes. Names (``Xi Jinping``, ``Chen Gang``...) are examples
from the seeds: change them to ask about another entity.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Recipe:
    """A cookbook entry: a one-line ``title`` and its SPARQL ``query``."""

    title: str
    query: str


COOKBOOK: dict[str, Recipe] = {
    "people_and_roles": Recipe(
        "All the people, with the roles the articles give them (and where)",
        """\
SELECT ?person ?role ?where WHERE {
  ?p a schema:Person ; rdfs:label ?person .
  OPTIONAL {
    VALUES ?kind { kg:holdsPosition kg:memberOf }
    ?st rdf:predicate ?kind ; rdf:subject ?p ; kg:role ?role ; rdf:object/rdfs:label ?where .
  }
} ORDER BY ?person ?role ?where""",
    ),
    "relations_of_an_entity": Recipe(
        "The typed relations of one entity, with the sentences that support them",
        """\
SELECT ?relation ?other ?evidence ?document WHERE {
  ?e rdfs:label "Xi Jinping"@fr .
  { ?st rdf:subject ?e ; rdf:object ?x } UNION { ?st rdf:object ?e ; rdf:subject ?x }
  ?st rdf:predicate ?p ; kg:evidence ?evidence ;
      prov:wasDerivedFrom/schema:identifier ?document .
  FILTER (?p != kg:cooccursWith)
  ?x rdfs:label ?other .
  BIND (STRAFTER(STR(?p), "#") AS ?relation)
} ORDER BY ?relation ?other ?document ?evidence""",
    ),
    "who_opposes_whom": Recipe(
        "Who opposes or supports whom (criticises, accuses, sues, attacks, beats; backs), with the verb",
        """\
SELECT ?relation ?subject ?verb ?object ?document WHERE {
  VALUES ?p { kg:opposes kg:supports }
  ?st rdf:predicate ?p ; rdf:subject/rdfs:label ?subject ; rdf:object/rdfs:label ?object ;
      prov:wasDerivedFrom/schema:identifier ?document .
  OPTIONAL { ?st kg:verb ?verb }
  BIND (STRAFTER(STR(?p), "#") AS ?relation)
} ORDER BY ?relation ?subject ?object ?document ?verb""",
    ),
    "interactions_by_class": Recipe(
        "Interactions stated by a verb, by class (verbal/material cooperation/conflict, neutral)",
        """\
SELECT ?class ?verb (COUNT(DISTINCT ?st) AS ?statements) WHERE {
  ?st kg:interactionClass ?c ; kg:verb ?verb .
  BIND (STRAFTER(STR(?c), "#") AS ?class)
} GROUP BY ?class ?verb
ORDER BY ?class DESC(?statements) ?verb""",
    ),
    "material_conflicts": Recipe(
        "The material conflicts (attacks, fights, defeats, sanctions): who did what to whom",
        """\
SELECT ?subject ?verb ?object ?evidence WHERE {
  ?st kg:interactionClass kg:MaterialConflict ; kg:verb ?verb ; kg:evidence ?evidence ;
      rdf:subject/rdfs:label ?subject ; rdf:object/rdfs:label ?object .
} ORDER BY ?subject ?object ?verb ?evidence""",
    ),
    "documents_naming_both": Recipe(
        "The documents that mention both of two entities",
        """\
SELECT ?document ?headline WHERE {
  ?a rdfs:label "Chine"@fr .
  ?b rdfs:label "Xi Jinping"@fr .
  ?doc schema:mentions ?a, ?b ; schema:identifier ?document .
  OPTIONAL { ?doc schema:headline ?headline }
} ORDER BY ?document""",
    ),
    "entities_in_most_documents": Recipe(
        "The entities named in the most documents",
        """\
SELECT ?entity (COUNT(DISTINCT ?doc) AS ?documents) WHERE {
  ?doc a schema:NewsArticle ; schema:mentions ?e .
  ?e rdfs:label ?entity .
} GROUP BY ?e ?entity
HAVING (COUNT(DISTINCT ?doc) >= 2)
ORDER BY DESC(?documents) ?entity""",
    ),
    "quotes_by_a_speaker": Recipe(
        "What one speaker said, to whom, with the reporting verb",
        """\
SELECT ?quote ?verb ?to ?document WHERE {
  ?speaker rdfs:label "Chen Gang"@fr ; kg:said ?q .
  ?q kg:text ?quote ; kg:verb ?verb ; prov:wasDerivedFrom/schema:identifier ?document .
  OPTIONAL { ?q kg:saidTo/rdfs:label ?to }
} ORDER BY ?document ?quote""",
    ),
    "places_in_geonames": Recipe(
        "The places linked to GeoNames, with their country",
        """\
SELECT ?place ?geonames ?country WHERE {
  ?p a schema:Place ; rdfs:label ?place ; owl:sameAs ?geonames .
  FILTER (STRSTARTS(STR(?geonames), "https://sws.geonames.org/"))
  OPTIONAL { ?p kg:countryCode ?country }
} ORDER BY ?place""",
    ),
    "mentions_of_an_entity": Recipe(
        "Where an entity is named, to the character (NIF mentions)",
        """\
PREFIX nif: <http://persistence.uni-leipzig.org/nlp2rdf/ontologies/nif-core#>
PREFIX itsrdf: <http://www.w3.org/2005/11/its/rdf#>
SELECT ?document ?begin ?end ?text WHERE {
  ?e rdfs:label "Xi Jinping"@fr .
  ?m itsrdf:taIdentRef ?e ; nif:anchorOf ?text ; nif:beginIndex ?begin ; nif:endIndex ?end ;
     nif:referenceContext/nif:sourceUrl/schema:identifier ?document .
} ORDER BY ?document ?begin""",
    ),
    "articles": Recipe(
        "The articles, with the headline, date and author their text gives",
        """\
SELECT ?document ?headline ?date ?author WHERE {
  ?doc a schema:NewsArticle ; schema:identifier ?document .
  OPTIONAL { ?doc schema:headline ?headline }
  OPTIONAL { ?doc schema:datePublished ?date }
  OPTIONAL { ?doc schema:author/schema:name ?author }
} ORDER BY ?document""",
    ),
}
"""The recipes by name, in the order the README shows them."""
