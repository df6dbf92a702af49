"""`indoru summarize`: one article, many, a folder, a JSONL corpus, or a digest."""

from collections.abc import Iterator
from enum import Enum
from functools import partial
from typing import TYPE_CHECKING, Annotated, Any, Optional

import typer

from indoru import render
from indoru.app_corpus import (
    Engine,
    EngineOpt,
    OutputDirOpt,
    OverwriteOpt,
    SchedulerOpt,
    check_options,
    report_results,
    run_corpus,
    with_progress,
)
from indoru.app_glossary import GlossaryOpt
from indoru.cli import (
    ColorOpt,
    FromLegacyOpt,
    IdFieldOpt,
    JsonlOpt,
    NoColorOpt,
    NoHeaderOpt,
    NoPagerOpt,
    Output,
    OutputFileOpt,
    PageFormatOpt,
    TextFieldOpt,
    emit,
    emit_page,
    finish,
    several_inputs,
)
from indoru.render import Record, View

if TYPE_CHECKING:
    from indoru.batch import BadInput, Job
    from indoru.pipeline import Request


class Method(str, Enum):
    default = "default"
    textrank = "textrank"
    lead = "lead"


class Style(str, Enum):
    auto = "auto"
    news = "news"
    essay = "essay"


def parse_ratio(value: str) -> float:
    text = value.strip()
    try:
        number = float(text[:-1]) / 100 if text.endswith("%") else float(text)
    except ValueError:
        raise typer.BadParameter(f"{value!r} is not a ratio such as 20% or 0.2") from None
    if not 0 < number <= 1:
        raise typer.BadParameter(f"{value!r} is not between 0% and 100%")
    return number


def summarize(
    inputs: Annotated[
        Optional[list[str]],  # noqa: UP045 -- typer needs the runtime Optional on Python 3.10
        typer.Argument(
            metavar="FILE|DIR",
            help="Articles (UTF-8 text), folders (every *.txt inside, recursively), or '-' "
            "/ nothing for standard input. With --jsonl: JSONL corpora.",
            show_default=False,
        ),
    ] = None,
    sentences: Annotated[
        Optional[int],  # noqa: UP045
        typer.Option("--sentences", "-n", min=1, metavar="N", help="Summary length in sentences."),
    ] = None,
    ratio: Annotated[
        Optional[str],  # noqa: UP045
        typer.Option("--ratio", metavar="PERCENT", help="Summary length as a share: 20% or 0.2."),
    ] = None,
    words: Annotated[
        Optional[int],  # noqa: UP045
        typer.Option("--words", min=1, metavar="N", help="A word budget for the summary."),
    ] = None,
    method: Annotated[
        Method,
        typer.Option(
            metavar="default|textrank|lead",
            help="default, textrank (centrality only) or lead (first sentences).",
        ),
    ] = Method.default,
    no_terms: Annotated[bool, typer.Option("--no-terms", help="Terminal: no term table.")] = False,
    gloss: Annotated[
        bool,
        typer.Option("--gloss", help="Under each sentence, its glossary terms in English."),
    ] = False,
    digest: Annotated[
        bool,
        typer.Option("--digest", help="One summary across all inputs, each sentence labelled."),
    ] = False,
    jsonl: JsonlOpt = False,
    text_field: TextFieldOpt = "text",
    id_field: IdFieldOpt = "id",
    title: Annotated[
        Optional[str],  # noqa: UP045
        typer.Option(
            metavar="TEXT",
            help="The headline of the one article (by default its first line, when it is "
            "a headline). Never a summary sentence; sentences close to it rank higher.",
        ),
    ] = None,
    title_field: Annotated[
        str,
        typer.Option(
            metavar="NAME",
            help="JSONL: the field with the headline (default: title, else heading or headline).",
        ),
    ] = "title",
    style: Annotated[
        Style,
        typer.Option(
            metavar="auto|news|essay",
            help="news: lead features on (dateline, day or date, opening anaphor); essay: "
            "off; auto: news when a Hindi text has a headline or a dateline.",
        ),
    ] = Style.auto,
    no_lead_features: Annotated[
        bool, typer.Option("--no-lead-features", help="No dateline, date or anaphor features.")
    ] = False,
    explain: Annotated[
        bool,
        typer.Option("--explain", help="Each sentence's feature contributions to its score."),
    ] = False,
    jobs: Annotated[
        int, typer.Option("--jobs", "-j", min=1, metavar="N", help="Processes to use.")
    ] = 1,
    output_dir: OutputDirOpt = None,
    engine: EngineOpt = Engine.local,
    scheduler: SchedulerOpt = None,
    overwrite: OverwriteOpt = False,
    glossary: GlossaryOpt = None,
    fmt: PageFormatOpt = None,
    output: OutputFileOpt = None,
    no_header: NoHeaderOpt = False,
    no_color: NoColorOpt = False,
    from_legacy: FromLegacyOpt = None,
    color: ColorOpt = None,
    no_pager: NoPagerOpt = False,
) -> None:
    """Summarise news: the sentences that matter, in document order, with the key
    glossary terms in English.

    Length: --sentences N, --ratio 20% or --words W (default: a quarter of the article,
    3 to 7 sentences). Headings and repeated sentences are never chosen. Records stream
    out in input order; a bad input or record is reported on stderr, the rest is still
    summarised, and the exit status is then 3.

    Examples:

      indoru summarize -n 2 article.txt
      indoru summarize --gloss -n 1 seeds/
      indoru summarize --digest -f jsonl seeds/
      indoru summarize -f html -o summary.html article.txt
      indoru summarize --jsonl 'news/*.jsonl.gz' --engine dask --output-dir out/
    """
    if sum(x is not None for x in (sentences, ratio, words)) > 1:
        raise typer.BadParameter("give one of --sentences, --ratio, --words")
    check_options(
        jsonl=jsonl,
        engine=engine,
        scheduler=scheduler,
        output_dir=output_dir,
        overwrite=overwrite,
        inputs=inputs,
    )
    if digest and output_dir is not None:
        raise typer.BadParameter("--digest makes one summary of all inputs: no --output-dir")
    if title is not None and (jsonl or digest or several_inputs(inputs)):
        raise typer.BadParameter(
            "--title names the headline of one article: with --jsonl use --title-field"
        )
    reading = fmt is render.OutputFormat.html
    if reading and output_dir is not None:
        raise typer.BadParameter("--output-dir writes JSON Lines: not with --format html")
    out = Output.resolve(fmt, no_header, no_color, pages=True, output=output)
    from indoru import batch, pipeline
    from indoru.pipeline import GlossarySource

    request = pipeline.Request(
        sentences=sentences,
        ratio=parse_ratio(ratio) if ratio else None,
        words=words,
        method=method.value,
        style=style.value,
        lead_features=not no_lead_features,
        explain=explain,
        title=(" ".join(title.split()) or None) if title is not None else None,
        text_field=text_field,
        id_field=id_field,
        title_field=title_field,
        legacy=from_legacy,
        glossary=GlossarySource.of(glossary or ()),
        reading=reading,
    )
    # loaded once, before any worker forks: a bad --glossary is one message and exit 3
    pipeline.cached_index(request.glossary)
    if output_dir is not None:
        run_corpus(
            out,
            inputs or [],
            request,
            engine=engine,
            scheduler=scheduler,
            output_dir=output_dir,
            overwrite=overwrite,
            jobs=jobs,
        )
        return
    if not inputs and out.env.stdin_isatty:
        out.warn("reading standard input (end it with Ctrl-D)")
    paths = inputs or ["-"]
    tasks = (
        batch.jsonl_jobs(paths, text_field, id_field, from_legacy, title_field)
        if jsonl
        else batch.text_jobs(paths, from_legacy)
    )
    if digest:
        records: Iterator[Record] = _digest(out, tasks, request)
    else:
        results = batch.ordered_map(pipeline.run_cached, ((t, request) for t in tasks), jobs)
        total = partial(batch.count_jobs, paths, jsonl)
        records = report_results(out, with_progress(out, results, total, "summarised"))
    if reading:
        from indoru.html import summary_page

        finish(out, emit_page(out, records, partial(summary_page, digest=digest), output))
        return
    label = "file" if several_inputs(inputs) or jsonl else None
    view = _view(gloss=gloss, terms=not no_terms, label=None if digest else label, explain=explain)
    finish(out, _emit(out, records, view))


def _digest(out: Output, tasks: "Iterator[Job | BadInput]", request: "Request") -> Iterator[Record]:
    from indoru.batch import BadInput
    from indoru.errors import IndoruError
    from indoru.pipeline import cached_index, summary_record
    from indoru.segment import split_sentences
    from indoru.summarizer import detect_language, summarize_many

    documents = []
    texts = []
    for task in tasks:
        if isinstance(task, BadInput):
            out.error(IndoruError(task.message))
            continue
        documents.append((task.label, split_sentences(task.text), detect_language(task.text)))
        if request.reading:
            texts.append((task.label, task.text, task.title))
    summary = summarize_many(
        documents,
        sentences=request.sentences,
        ratio=request.ratio,
        words=request.words,
        glossary=cached_index(request.glossary),
        style=request.style,
        lead_features=request.lead_features,
        explain=request.explain,
        every_sentence=request.reading,
    )
    yield summary_record("digest", summary, with_source=True, texts=texts)


# --- rendering: one view of a summary record, for every format --------------------------

TSV_COLUMNS = ["file", "index", "start", "end", "score", "text"]


def explain_line(contributions: dict[str, float]) -> str:
    """A sentence's score as its parts: ``(centrality 0.91 + terms 0.60 − opening 0.30) ×
    length 1.33`` (the features that add nothing left out)."""
    line = ""
    for key, value in contributions.items():
        if key != "length" and value:
            sign = "− " if value < 0 else ("+ " if line else "")
            line += f"{' ' if line else ''}{sign}{key} {abs(value):.2f}"
    line = line or "0"
    if "length" in contributions:
        line = f"({line}) × length {contributions['length']:.2f}"
    return line


def _view(*, gloss: bool, terms: bool, label: str | None, explain: bool = False) -> View:
    def lines(record: Record) -> Iterator[str]:
        for s in record["sentences"]:
            yield (f"[{s['file']} {s['index']}] " if "file" in s else "") + s["text"]
            if gloss:
                yield "  ↳ " + render.gloss(s["terms"], record["language"])
            if "explain" in s:
                yield f"  = {s['score']:.2f}: " + explain_line(s["explain"])

    def rows(record: Record) -> Iterator[Record]:
        for s in record["sentences"]:
            row = {**s, "file": s.get("file", record["file"])}
            if "explain" in s:
                row["explain"] = [f"{k}={v}" for k, v in s["explain"].items()]
            yield row

    def terminal(screen: Any, record: Record) -> None:
        from indoru.console import print_summary

        print_summary(screen, record, gloss=gloss, terms=terms, explain=explain_line)

    columns = TSV_COLUMNS + (["explain"] if explain else [])
    return View(columns, lines, rows=rows, terminal=terminal, label=label)


def _emit(out: Output, records: Iterator[Record], view: View) -> int:
    """Write summaries as they come; returns how many sentences were written."""
    sentences = 0

    def counted() -> Iterator[Record]:
        nonlocal sentences
        for record in records:
            sentences += len(record["sentences"])
            yield record
            out.stdout.flush()  # each summary as soon as it is made

    emit(out, counted(), view)
    return sentences
