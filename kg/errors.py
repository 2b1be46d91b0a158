"""Errors that reach the user as one clear line (the CLI prints them, exit status 2)."""

from __future__ import annotations


class KgError(Exception):
    """Base class: the message names the file or value and says what to do."""


class InputError(KgError):
    """An input path or file cannot be used (missing, empty folder, not UTF-8)."""


class ModelError(KgError):
    """The spaCy pipeline cannot be loaded."""


class OutputError(KgError):
    """An output cannot be written."""


class QueryError(KgError):
    """A SPARQL query is malformed or cannot run."""
