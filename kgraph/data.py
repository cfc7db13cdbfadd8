"""Locate and read the data files in ``ontology/`` (gazetteer, lexicon, stop-list)."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from kgraph.errors import DataError


def ontology_dir() -> Path:
    """``$KGRAPH_ONTOLOGY_DIR`` if set, else the ``ontology/`` folder beside the package."""
    env = os.environ.get("KGRAPH_ONTOLOGY_DIR")
    return Path(env) if env else Path(__file__).resolve().parent.parent / "ontology"


def data_path(name: str) -> Path:
    return ontology_dir() / name


def read_yaml(path: Path) -> dict[str, Any]:
    import yaml

    try:
        with path.open(encoding="utf-8") as fh:
            data = yaml.load(fh, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
    except FileNotFoundError as err:
        raise DataError(f"{path}: data file missing") from err
    except yaml.YAMLError as err:
        raise DataError(f"{path}: invalid YAML: {err}") from err
    if not isinstance(data, dict):
        raise DataError(f"{path}: expected a mapping at the top level")
    return data
