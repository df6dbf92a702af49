"""The corpus options of `indoru summarize` and `indoru terms`: ``--output-dir`` (one
output, errors file and completion marker per JSONL shard), ``--engine local|dask``,
``--scheduler`` and ``--overwrite``; the work itself is in :mod:`indoru.corpus` and
:mod:`indoru.dask`."""

from __future__ import annotations

import os
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from enum import Enum
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Optional

import typer

from indoru.cli import Output

if TYPE_CHECKING:
    from indoru.pipeline import Request, Result
    from indoru.render import Record, View


class Engine(str, Enum):
    local = "local"
    dask = "dask"


EngineOpt = Annotated[
    Engine,
    typer.Option(
        metavar="local|dask",
        help="With --output-dir: local (this process, or --jobs N processes) or dask "
        "(a Dask cluster: --scheduler, or a local one of --jobs N workers, default one per "
        "core; needs the dask extra).",
    ),
]
SchedulerOpt = Annotated[
    Optional[str],  # noqa: UP045 -- typer needs the runtime Optional on Python 3.10
    typer.Option(
        metavar="ADDRESS",
        help="--engine dask: the scheduler, such as tcp://HOST:8786 (default: start a "
        "local cluster).",
        show_default=False,
    ),
]
OutputDirOpt = Annotated[
    Optional[str],  # noqa: UP045
    typer.Option(
        metavar="DIR",
        help="With --jsonl: for each shard, DIR/NAME.jsonl (its records), DIR/NAME.errors "
        "and DIR/NAME.done (written last); a rerun does only the shards not done.",
        show_default=False,
    ),
]
OverwriteOpt = Annotated[
    bool, typer.Option("--overwrite", help="With --output-dir: redo the shards already done.")
]


def check_options(
    *,
    jsonl: bool,
    engine: Engine,
    scheduler: str | None,
    output_dir: str | None,
    overwrite: bool,
    inputs: list[str] | None,
) -> None:
    """Usage errors (exit 2) of the corpus options, before anything is read."""
    if output_dir is None:
        if engine is Engine.dask:
            raise typer.BadParameter("--engine dask writes one output per shard: add --output-dir")
        if scheduler is not None or overwrite:
            raise typer.BadParameter("--scheduler and --overwrite go with --output-dir")
        return
    if not jsonl:
        raise typer.BadParameter("--output-dir takes JSONL shards: add --jsonl")
    if scheduler is not None and engine is not Engine.dask:
        raise typer.BadParameter("--scheduler needs --engine dask")
    if not inputs or "-" in inputs:
        raise typer.BadParameter("--output-dir needs shard files, not standard input")


def with_progress(
    out: Output, results: Iterator[Result], total: Callable[[], int | None], label: str
) -> Iterator[Result]:
    """A progress line (count, total, time left) on a terminal's stderr while the
    records go to a pipe or file."""
    if not (out.env.stderr_isatty and not out.env.stdout_isatty) or out.stderr is None:
        yield from results
        return
    from indoru.console import progress

    with progress(out.stderr, label, total()) as advance:
        for result in results:
            advance()
            yield result


def report_results(out: Output, results: Iterator[Result]) -> Iterator[Record]:
    """The records of each article; its problem, or why it gave none, on stderr."""
    from indoru.errors import IndoruError
    from indoru.pipeline import Failed

    for result in results:
        if isinstance(result, Failed):
            out.error(IndoruError(result.message))
            continue
        if result.note:  # said on stderr; no empty record in the output
            out.warn(f"{result.label}: {result.note}")
        yield from result.records


def corpus_terms(
    out: Output,
    files: list[str] | None,
    view: View,
    *,
    text_field: str,
    id_field: str,
    legacy: str | None,
    glossary: list[str] | None,
    jobs: int,
    output_dir: str | None,
    engine: Engine,
    scheduler: str | None,
    overwrite: bool,
) -> None:
    """`indoru terms --jsonl`: each record's term rows, on stdout in input order or, with
    --output-dir, one file per shard."""
    from indoru import batch, pipeline
    from indoru.cli import emit, finish

    request = pipeline.Request(
        task="terms",
        text_field=text_field,
        id_field=id_field,
        title_field=None,
        legacy=legacy,
        glossary=pipeline.GlossarySource.of(glossary or ()),
    )
    pipeline.cached_index(request.glossary)  # once, before any worker starts
    if output_dir is not None:
        run_corpus(
            out,
            files or [],
            request,
            engine=engine,
            scheduler=scheduler,
            output_dir=output_dir,
            overwrite=overwrite,
            jobs=jobs,
        )
        return
    paths = files or ["-"]
    if "-" in paths and out.env.stdin_isatty:
        out.warn("reading standard input (end it with Ctrl-D)")
    tasks = batch.jsonl_jobs(paths, text_field, id_field, legacy, None)
    results = batch.ordered_map(pipeline.run_cached, ((t, request) for t in tasks), jobs)
    total = partial(batch.count_jobs, paths, True)
    finish(out, emit(out, report_results(out, with_progress(out, results, total, "scanned")), view))


def run_corpus(
    out: Output,
    inputs: list[str],
    request: Request,
    *,
    engine: Engine,
    scheduler: str | None,
    output_dir: str,
    overwrite: bool,
    jobs: int,
) -> None:
    """Every shard not done yet through the engine, its files written as it completes;
    a progress bar on a terminal, one summary line on stderr at the end."""
    from indoru import corpus
    from indoru.batch import BadInput, ordered_map
    from indoru.cli import finish
    from indoru.errors import IndoruError
    from indoru.pipeline import cached_index

    folder = corpus.Folder(Path(output_dir))
    shards: list[corpus.Shard] = []
    for item in corpus.find_shards(inputs):
        if isinstance(item, BadInput):
            out.error(IndoruError(item.message))
        elif not folder.holds(item):
            shards.append(item)
    todo, done = folder.plan(shards, request, overwrite)
    index = cached_index(request.glossary)  # a bad glossary: exit 3 before any worker
    by_source = {shard.source: shard for shard in todo}
    started = time.perf_counter()
    articles = errors = records = failed = 0
    client = cluster = None
    try:
        if engine is Engine.dask and todo:
            from indoru.dask import connect, run_shards

            workers = jobs if jobs > 1 else (os.cpu_count() or 1)
            client, cluster = connect(scheduler, workers)
            results = run_shards(client, list(by_source), request, index)
        else:
            tasks = ((source, request) for source in by_source)
            results = ordered_map(corpus.process_shard_cached, tasks, jobs)
        with _progress(out, len(todo)) as advance:
            for result in results:
                if isinstance(result, corpus.ShardFailed):
                    message = result.message
                    if not message.startswith(result.source):
                        message = f"{result.source}: {message}"
                    out.error(IndoruError(message))
                    failed += 1
                    continue
                folder.write(by_source[result.source], result, request)
                articles += result.articles
                records += result.records
                errors += result.errors
                advance(result.articles)
    finally:
        if client is not None:
            client.close()
        if cluster is not None:
            cluster.close()
    seconds = time.perf_counter() - started
    if todo:
        rate = articles / seconds if seconds > 0 else 0.0
        where = f" (in {Path(output_dir) / '*.errors'})" if errors else ""
        earlier = f", {len(done)} already done" if done else ""
        unread = f", {failed} not read: run again to retry" if failed else ""
        out.warn(
            f"{_count(articles, 'article')}, {_count(errors, 'error')}{where}, {seconds:.1f} s, "
            f"{rate:,.0f} articles/s ({_count(len(todo), 'shard')}{unread}{earlier})"
        )
    elif done:
        out.warn(f"{_count(len(done), 'shard')} already done in {output_dir}: nothing to do")
    if errors:
        out.failed = True
    finish(out, records + len(done))


def _count(number: int, noun: str) -> str:
    return f"{number:,} {noun}{'' if number == 1 else 's'}"


@contextmanager
def _progress(out: Output, shards: int) -> Iterator[Callable[[int], None]]:
    """The progress bar on a terminal's stderr; nothing elsewhere."""
    if not out.env.stderr_isatty or out.stderr is None:
        yield _nothing
        return
    from indoru.console import shard_progress

    with shard_progress(out.stderr, shards) as advance:
        yield advance


def _nothing(articles: int) -> None:
    pass
