"""The library's exceptions. The CLI turns them into one-line messages."""

from __future__ import annotations


class KgraphError(Exception):
    """Base class of every error kgraph raises on purpose."""


class InputError(KgraphError):
    """An input file cannot be read or parsed; the message names the file."""


class ModelNotFoundError(KgraphError):
    """The spaCy model is not installed."""


class QueryError(KgraphError):
    """A SPARQL query is malformed or not allowed (e.g. an UPDATE)."""


class StoreError(KgraphError):
    """The output directory or graph file is missing, locked or not a kgraph store."""


class DataError(KgraphError):
    """A data file in ontology/ (gazetteer, lexicon) is malformed."""


class CurationError(KgraphError):
    """The analyst's curation file is malformed; the message names the file and the entry."""
