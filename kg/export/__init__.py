"""Exporters: turn the networkx graph into files (RDF, HTML)."""
