"""kgraph: news articles about armed conflict -> a knowledge graph of armed-group relations.

Importing this package loads no model and opens no file; heavy parts load on first use.
The stages of the flow are modules: ``ingest`` -> ``nlp`` -> ``extract`` -> ``resolve``
-> ``rdf`` -> ``store`` -> ``query`` / ``viewer`` / ``stats``; ``pipeline`` composes them.
"""

__version__ = "0.1.0"

__all__ = ["__version__"]
