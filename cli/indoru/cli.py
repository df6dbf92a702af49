"""The output contract shared by every command, declared once.

``--format table|text|tsv|jsonl|json`` (table on a terminal, text in a pipe), ``--no-header``
for TSV, ``--no-color``; diagnostics on stderr only; exit codes from :class:`ExitCode`;
a closed pipe ends the command quietly with status 0.
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
def pipe_manners() -> Iterator[None]:
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
    with pipe_manners():
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
