"""`indoru summarize`: one article, many, a folder, a JSONL corpus, or a digest."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from enum import Enum
from typing import TYPE_CHECKING, Annotated, Any, Optional

import typer

from indoru.app_glossary import GlossaryOpt
from indoru.cli import (
    ColorOpt,
    FormatOpt,
    NoColorOpt,
    NoHeaderOpt,
    NoPagerOpt,
    Output,
    finish,
    pipe_manners,
)
from indoru.render import OutputFormat, Record, one_line, tsv_field, write_lines

if TYPE_CHECKING:
    from indoru.batch import BadInput, Job
    from indoru.lookup import GlossaryIndex


class Method(str, Enum):
    default = "default"
    textrank = "textrank"
    lead = "lead"


@dataclass(frozen=True)
class Options:
    """What every worker needs to summarise a job (picklable)."""

    sentences: int | None
    ratio: float | None
    words: int | None
    method: str
    glossaries: tuple[str, ...]


# one index per set of user glossaries in a process (a worker, or an embedding program
# that runs several summaries): never the index of another run's --glossary
_WORKER_INDEX: dict[tuple[str, ...], GlossaryIndex] = {}


def _glossary(options: Options) -> GlossaryIndex:
    if options.glossaries not in _WORKER_INDEX:
        from indoru.store import load_index

        _WORKER_INDEX[options.glossaries] = load_index(options.glossaries)
    return _WORKER_INDEX[options.glossaries]


def summarize_job(task: tuple[Job | BadInput, Options]) -> Record | str:
    """A summary record for a job, or the error message of a bad input."""
    from indoru.batch import BadInput
    from indoru.segment import split_sentences
    from indoru.summarizer import detect_language, summarize_spans

    job, options = task
    if isinstance(job, BadInput):
        return job.message
    summary = summarize_spans(
        split_sentences(job.text),
        detect_language(job.text),
        sentences=options.sentences,
        ratio=options.ratio,
        words=options.words,
        method=options.method,
        glossary=_glossary(options),
    )
    return _summary_record(job.label, summary)


def _summary_record(label: str, summary: Any, with_source: bool = False) -> Record:
    sentences = []
    for s in summary.sentences:
        sentence = {
            "index": s.index,
            "start": s.start,
            "end": s.end,
            "text": s.text,
            "score": s.score,
        }
        if with_source:
            sentence["file"] = s.source
        sentences.append(sentence)
    return {
        "file": label,
        "language": summary.language,
        "sentences": sentences,
        "terms": [{"id": t.id, "hi": t.hi, "en": t.en, "count": t.count} for t in summary.terms],
    }


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
    jsonl: Annotated[bool, typer.Option("--jsonl", help="Inputs are JSONL corpora.")] = False,
    text_field: Annotated[
        str, typer.Option(metavar="NAME", help="JSONL: the field with the text.")
    ] = "text",
    id_field: Annotated[
        str, typer.Option(metavar="NAME", help="JSONL: the field naming a record.")
    ] = "id",
    jobs: Annotated[
        int, typer.Option("--jobs", "-j", min=1, metavar="N", help="Processes to use.")
    ] = 1,
    glossary: GlossaryOpt = None,
    fmt: FormatOpt = None,
    no_header: NoHeaderOpt = False,
    no_color: NoColorOpt = False,
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
    """
    if sum(x is not None for x in (sentences, ratio, words)) > 1:
        raise typer.BadParameter("give one of --sentences, --ratio, --words")
    options = Options(
        sentences, parse_ratio(ratio) if ratio else None, words, method.value, tuple(glossary or ())
    )
    out = Output.resolve(fmt, no_header, no_color)
    _glossary(options)  # a bad --glossary is one message and exit 3, before any worker starts
    if not inputs and out.env.stdin_isatty:
        out.warn("reading standard input (end it with Ctrl-D)")
    from indoru import batch

    paths = inputs or ["-"]
    tasks = batch.jsonl_jobs(paths, text_field, id_field) if jsonl else batch.text_jobs(paths)
    if digest:
        records: Iterator[Record] = _digest(out, tasks, options)
    else:
        results = batch.ordered_map(summarize_job, ((t, options) for t in tasks), jobs)
        records = _report_errors(out, _with_progress(out, results))
    shown = _emit(out, records, options, gloss=gloss, terms=not no_terms)
    finish(out, shown)


def _with_progress(out: Output, results: Iterator[Record | str]) -> Iterator[Record | str]:
    if not (out.env.stderr_isatty and not out.env.stdout_isatty) or out.stderr is None:
        yield from results
        return
    from indoru.console import progress

    with progress(out.stderr, "summarised") as advance:
        for result in results:
            advance()
            yield result


def _report_errors(out: Output, results: Iterator[Record | str]) -> Iterator[Record]:
    from indoru.errors import IndoruError

    for result in results:
        if isinstance(result, str):
            out.error(IndoruError(result))
        else:
            if not result["sentences"]:
                out.warn(f"{result['file']}: nothing to summarise (empty input)")
            yield result


def _digest(out: Output, tasks: Iterator[Job | BadInput], options: Options) -> Iterator[Record]:
    from indoru.batch import BadInput
    from indoru.errors import IndoruError
    from indoru.segment import split_sentences
    from indoru.summarizer import detect_language, summarize_many

    documents = []
    for task in tasks:
        if isinstance(task, BadInput):
            out.error(IndoruError(task.message))
            continue
        documents.append((task.label, split_sentences(task.text), detect_language(task.text)))
    summary = summarize_many(
        documents,
        sentences=options.sentences,
        ratio=options.ratio,
        words=options.words,
        glossary=_glossary(options),
    )
    yield _summary_record("digest", summary, with_source=True)


# --- rendering -------------------------------------------------------------------------

TSV_COLUMNS = ["file", "index", "start", "end", "score", "text"]


def _emit(
    out: Output, records: Iterator[Record], options: Options, *, gloss: bool, terms: bool
) -> int:
    """Write summaries as they come; returns how many sentences were written."""
    from indoru.terms import TermScanner

    scanner = (
        TermScanner.shared(_glossary(options)) if gloss or out.fmt is OutputFormat.table else None
    )
    count = 0
    with pipe_manners():
        if out.fmt is OutputFormat.json:
            from indoru.render import format_lines

            collected = list(records)
            count = sum(len(r["sentences"]) for r in collected)
            write_lines(out.stdout, format_lines(collected, out.fmt, [], str))
            return count
        if out.fmt is OutputFormat.tsv and out.header:
            out.stdout.write("\t".join(TSV_COLUMNS) + "\n")
        for record in records:
            count += len(record["sentences"])
            _write_record(out, record, scanner, gloss=gloss, terms=terms)
            out.stdout.flush()
    return count


def _sentence_label(record: Record, sentence: Record) -> str:
    return f"[{sentence['file']} {sentence['index']}] " if "file" in sentence else ""


def _write_record(out: Output, record: Record, scanner: Any, *, gloss: bool, terms: bool) -> None:
    import json

    if out.fmt is OutputFormat.jsonl:
        out.stdout.write(json.dumps(record, ensure_ascii=False) + "\n")
    elif out.fmt is OutputFormat.tsv:
        for s in record["sentences"]:
            source = s.get("file", record["file"])
            row = [source, s["index"], s["start"], s["end"], s["score"], s["text"]]
            out.stdout.write("\t".join(tsv_field(v) for v in row) + "\n")
    elif out.fmt is OutputFormat.text:
        for s in record["sentences"]:
            out.stdout.write(one_line(_sentence_label(record, s) + s["text"]) + "\n")
            if gloss:
                out.stdout.write("  ↳ " + one_line(_gloss_line(scanner, s["text"])) + "\n")
    else:
        from indoru.console import make_console, print_summary

        pieces = [
            (
                f"{s['file']} {s['index']}" if "file" in s else str(s["index"]),
                _pieces(scanner, s["text"]),
            )
            for s in record["sentences"]
        ]
        table = [_term_cells(scanner, t) for t in record["terms"]] if terms else []
        print_summary(
            make_console(out.stdout, color=out.color), record["file"], pieces, table, gloss=gloss
        )


def _pieces(scanner: Any, text: str) -> list[tuple[str, Any]]:
    from indoru.segment import Span
    from indoru.terms import marked_pieces

    span = Span(0, 0, len(text), "sentence", text)
    return marked_pieces(text, scanner.scan([span]))


def _gloss_line(scanner: Any, text: str) -> str:
    seen: list[str] = []
    for _, entry in _pieces(scanner, text):
        if entry is not None and entry.en not in seen:
            seen.append(entry.en)
    return "; ".join(seen) if seen else "(no glossary terms)"


def _term_cells(scanner: Any, term: Record) -> tuple[str, str, str]:
    category = next((e.category for e in scanner.entries if e.id == term["id"]), "")
    return (term["hi"], term["en"], category)
