"""The command line: parse arguments, read input, call the core, pick the renderer.

Output contract shared by every command (declared once below):
``--format table|text|tsv|jsonl|json`` (table on a terminal, text in a pipe), ``--no-header``
for TSV, ``--no-color``; diagnostics on stderr only; exit codes from :class:`ExitCode`.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Annotated, Optional, TextIO

import typer

from indoru.errors import ExitCode, IndoruError
from indoru.render import OutputFormat, Record

if TYPE_CHECKING:
    from indoru.reading import Source

app = typer.Typer(
    name="indoru",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    context_settings={"help_option_names": ["-h", "--help"]},
)

FilesArg = Annotated[
    Optional[list[str]],  # noqa: UP045 -- typer needs the runtime Optional on Python 3.10
    typer.Argument(
        metavar="[FILE]...",
        help="UTF-8 (or UTF-16 with BOM) text files; '-' or none reads standard input.",
        show_default=False,
    ),
]
FormatOpt = Annotated[
    Optional[OutputFormat],  # noqa: UP045
    typer.Option(
        "--format",
        "-f",
        help="Output format. Default: table on a terminal, text in a pipe.",
        case_sensitive=False,
        show_default=False,
    ),
]
NoHeaderOpt = Annotated[bool, typer.Option("--no-header", help="TSV: leave out the header line.")]
NoColorOpt = Annotated[
    bool,
    typer.Option("--no-color", help="No colour or bold (NO_COLOR or TERM=dumb do the same)."),
]


@dataclass
class Output:
    """Where and how records are written, decided once per command."""

    fmt: OutputFormat
    header: bool
    color: bool
    stdout: TextIO = field(default_factory=lambda: sys.stdout)
    stderr: TextIO = field(default_factory=lambda: sys.stderr)
    failed: bool = False

    @classmethod
    def resolve(cls, fmt: OutputFormat | None, no_header: bool, no_color: bool) -> Output:
        stdout = sys.stdout
        if hasattr(stdout, "reconfigure"):
            stdout.reconfigure(encoding="utf-8", newline="\n")
        terminal = stdout.isatty()
        color = terminal and not no_color and _color_allowed()
        chosen = fmt or (OutputFormat.table if terminal else OutputFormat.text)
        return cls(chosen, not no_header, color, stdout=stdout)

    def warn(self, message: str) -> None:
        self.stderr.write(f"indoru: {message}\n")

    def error(self, error: IndoruError) -> None:
        self.failed = True
        self.stderr.write(f"indoru: error: {error}\n")


def _color_allowed() -> bool:
    return "NO_COLOR" not in os.environ and os.environ.get("TERM") != "dumb"


@contextmanager
def _pipe_manners() -> Iterator[None]:
    """A reader that goes away (``| head``) ends the command quietly with status 0."""
    try:
        yield
        sys.stdout.flush()
    except BrokenPipeError:
        try:  # stop Python from complaining when it flushes stdout at exit
            devnull = os.open(os.devnull, os.O_WRONLY)
            os.dup2(devnull, sys.stdout.fileno())
        except (OSError, ValueError):
            pass
        raise typer.Exit(ExitCode.OK) from None


def emit(
    out: Output,
    records: Iterable[Record],
    columns: Sequence[str],
    text_of: Callable[[Record], str],
    table_columns: Callable[[], Sequence[object]] | None = None,
) -> int:
    """Write records in the chosen format; returns how many there were."""
    counted = _Counter(records)
    with _pipe_manners():
        if out.fmt is OutputFormat.table:
            from indoru.console import Column, make_console, print_table

            console = make_console(out.stdout, color=out.color)
            layout = table_columns() if table_columns else [Column(c, c) for c in columns]
            print_table(console, counted, [c for c in layout if isinstance(c, Column)])
        else:
            from indoru.render import format_lines, write_lines

            write_lines(
                out.stdout, format_lines(counted, out.fmt, columns, text_of, header=out.header)
            )
    return counted.count


class _Counter:
    def __init__(self, records: Iterable[Record]) -> None:
        self._records = records
        self.count = 0

    def __iter__(self) -> Iterator[Record]:
        for record in self._records:
            self.count += 1
            yield record


def iter_sources(out: Output, files: list[str] | None) -> Iterator[Source]:
    """Open each input in turn; report the ones that cannot be opened and go on."""
    from indoru.reading import open_source

    for path in files or ["-"]:
        if path == "-" and sys.stdin.isatty():
            out.warn("reading standard input (end it with Ctrl-D)")
        try:
            yield open_source(path)
        except IndoruError as error:
            out.error(error)


def finish(out: Output, produced: int) -> None:
    """Exit with the documented status: input error, no result, or OK."""
    if out.failed:
        raise typer.Exit(ExitCode.INPUT)
    if not produced:
        raise typer.Exit(ExitCode.NO_RESULT)


def _show_version(value: bool) -> None:
    if value:
        from indoru import __version__

        typer.echo(f"indoru {__version__}")
        raise typer.Exit()


@app.callback()
def _root(
    version: Annotated[
        bool,
        typer.Option("--version", callback=_show_version, is_eager=True, help="Show the version."),
    ] = False,
) -> None:
    """Hindi–English summaries, term tables and glossary look-ups for defence news.

    Exit status: 0 ok, 1 no result, 2 usage error, 3 input error, 130 interrupted.
    """


SENTENCE_COLUMNS = ["file", "index", "start", "end", "kind", "duplicate_of", "text"]


def _sentence_table(multi: bool) -> Callable[[], Sequence[object]]:
    def layout() -> Sequence[object]:
        from indoru.console import Column

        return [
            *([Column("file", "file")] if multi else []),
            Column("index", "#", justify="right"),
            Column("kind", "kind"),
            Column("duplicate_of", "dup of", justify="right"),
            Column("text", "text", wrap=True),
        ]

    return layout


@app.command()
def sentences(
    files: FilesArg = None,
    fmt: FormatOpt = None,
    no_header: NoHeaderOpt = False,
    no_color: NoColorOpt = False,
) -> None:
    """Split news text into sentences, headings and bullet items.

    Every record is an exact span of the input (start and end are character offsets into
    the decoded text), with its kind and, for a repeated sentence, the index of the
    first occurrence (duplicate_of). Empty input prints nothing and exits 1.
    """
    from indoru.segment import iter_spans

    out = Output.resolve(fmt, no_header, no_color)

    def records() -> Iterator[Record]:
        for source in iter_sources(out, files):
            try:
                for span in iter_spans(source.lines()):
                    yield {
                        "file": source.name,
                        "index": span.index,
                        "start": span.start,
                        "end": span.end,
                        "kind": span.kind,
                        "duplicate_of": span.duplicate_of,
                        "text": span.text,
                    }
            except IndoruError as error:
                out.error(error)
                continue
            if source.empty:
                out.warn(f"{source.name}: empty input, no sentences")

    multi = files is not None and len(files) > 1
    produced = emit(out, records(), SENTENCE_COLUMNS, _text_field, _sentence_table(multi))
    finish(out, produced)


def _text_field(record: Record) -> str:
    return str(record["text"])


def main() -> None:
    """Console-script entry point."""
    app()
