"""Terminal output with rich: the only module of indoru that imports it.

Two fixes over rich's defaults, both for untrusted Hindi news text:

* Cell widths. Rich counts Devanagari spacing vowel signs (ा ि ी ो ः, Unicode category Mc)
  as zero cells, but glibc's wcwidth, and so tmux, xterm and the VTE terminals, count them
  as one (Textualize/rich #2530, #3957). Table borders then drift 2–4 cells on Hindi rows.
  :func:`install_terminal_widths` gives rich a cell table in which every Mc character is
  one cell wide, so rich measures what the terminal draws.
* Safety. Cell text is passed as :class:`rich.text.Text`, never parsed as markup, after
  control characters have been made visible (``one_line``).
"""

from __future__ import annotations

import unicodedata
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from functools import cache
from typing import Literal, TextIO

import rich.cells
from rich.box import ROUNDED
from rich.cells import CellTable
from rich.console import Console
from rich.table import Table
from rich.text import Text

from indoru.render import Record, one_line, other_language, pieces
from indoru.render import gloss as render_gloss
from indoru.text import make_printable

# rich.cells looks its cell table up through this module global on every measurement.
_LoadCellTable = Callable[[str], CellTable]
_rich_load_cell_table: _LoadCellTable = getattr(rich.cells, "load_cell_table")  # noqa: B009


def _split_spacing_marks(start: int, end: int) -> list[tuple[int, int, int]]:
    """Re-measure a zero-width range: Mc code points are one cell, the rest zero."""
    ranges: list[tuple[int, int, int]] = []
    for code in range(start, end + 1):
        width = 1 if unicodedata.category(chr(code)) == "Mc" else 0
        if ranges and ranges[-1][2] == width and ranges[-1][1] == code - 1:
            ranges[-1] = (ranges[-1][0], code, width)
        else:
            ranges.append((code, code, width))
    return ranges


@cache
def _terminal_cell_table(unicode_version: str = "auto") -> CellTable:
    table = _rich_load_cell_table(unicode_version)
    widths: list[tuple[int, int, int]] = []
    for start, end, width in table.widths:
        widths.extend(_split_spacing_marks(start, end) if width == 0 else [(start, end, width)])
    return CellTable(table.unicode_version, widths, table.narrow_to_wide)


def install_terminal_widths() -> None:
    """Make rich count spacing combining marks as terminals do (idempotent)."""
    if getattr(rich.cells, "load_cell_table") is _terminal_cell_table:  # noqa: B009
        return
    setattr(rich.cells, "load_cell_table", _terminal_cell_table)  # noqa: B010
    rich.cells.get_character_cell_size.cache_clear()
    rich.cells.cached_cell_len.cache_clear()


@dataclass(frozen=True)
class Column:
    """A table column: record key, header and layout."""

    key: str
    header: str
    justify: Literal["left", "right", "center"] = "left"
    wrap: bool = False


def _broken_pipe() -> None:
    raise BrokenPipeError  # the command's pipe manners end it with status 0, not rich's 1


def make_console(file: TextIO, *, color: bool, width: int | None = None) -> Console:
    install_terminal_widths()
    console = Console(
        file=file,
        width=width,
        force_terminal=True if color else None,  # the command decided: a terminal
        no_color=not color,
        color_system="auto" if color else None,
        highlight=False,
        emoji=False,
        markup=False,
    )
    console.on_broken_pipe = _broken_pipe  # type: ignore[method-assign]
    return console


def print_table(console: Console, records: Iterable[Record], columns: Sequence[Column]) -> int:
    """Print records as one table; returns how many rows it had."""
    table = Table(box=ROUNDED, header_style="bold")
    for column in columns:
        table.add_column(
            column.header,
            justify=column.justify,
            no_wrap=not column.wrap,
            overflow="fold",
            ratio=1 if column.wrap else None,
        )
    rows = 0
    for record in records:
        table.add_row(*(Text(_cell(record.get(column.key))) for column in columns))
        rows += 1
    if rows:
        console.print(table)
    return rows


def _marked(text: Text, piece_list: Sequence[tuple[str, Record | None]], language: str) -> Text:
    """Append marked pieces: terms in colour, each followed by its translation, dimmed."""
    field = other_language(language)
    for piece, mark in piece_list:
        if mark is None:
            text.append(make_printable(piece))
        else:
            text.append(make_printable(piece), style="bold cyan")
            text.append(f" ({make_printable(str(mark[field]))})", style="dim")
    return text


def print_marked(console: Console, record: Record) -> None:
    """A text with its glossary terms in colour, each followed by its translation."""
    marked = _marked(Text(), pieces(record["text"], record["terms"]), record["language"])
    console.print(marked, soft_wrap=not console.is_terminal)


def print_summary(console: Console, record: Record, *, gloss: bool, terms: bool) -> None:
    """A summary for reading: numbered sentences with their terms marked, an optional
    gloss line under each (the terms in the other language), then the term table."""
    from rich.rule import Rule

    language = record["language"]
    console.print(Rule(Text(make_printable(str(record["file"]))), style="dim"))
    grid = Table.grid(padding=(0, 1))
    grid.add_column(justify="right", style="dim", no_wrap=True)
    grid.add_column(overflow="fold")
    for s in record["sentences"]:
        label = f"{s['file']} {s['index']}" if "file" in s else str(s["index"])
        line = Text()
        for piece, mark in pieces(s["text"], s["terms"]):
            line.append(make_printable(piece), style="" if mark is None else "bold cyan")
        grid.add_row(Text(make_printable(label)), line)
        if gloss:
            glossed = "↳ " + render_gloss(s["terms"], language)
            grid.add_row(Text(""), Text(make_printable(glossed), style="dim italic"))
    console.print(grid)
    if terms and record["terms"]:
        table = Table(box=ROUNDED, header_style="bold")
        for header in ("Hindi", "English", "category"):
            table.add_column(header, overflow="fold")
        for row in record["terms"]:
            table.add_row(*(Text(one_line(str(row[k]))) for k in ("hi", "en", "category")))
        console.print(table)


@contextmanager
def progress(file: TextIO, label: str, total: int | None = None) -> Iterator[Callable[[], None]]:
    """A progress line on stderr: the count, and with a known total a bar, the total and
    the time left (ETA)."""
    from rich.progress import (
        BarColumn,
        MofNCompleteColumn,
        Progress,
        SpinnerColumn,
        TextColumn,
        TimeElapsedColumn,
        TimeRemainingColumn,
    )

    # called only when the environment says stderr is a terminal
    console = Console(file=file, force_terminal=True, highlight=False, markup=False)
    if total is None:
        columns: tuple[object, ...] = (
            SpinnerColumn(),
            TextColumn("{task.completed} " + label),
            TimeElapsedColumn(),
        )
    else:
        columns = (
            SpinnerColumn(),
            MofNCompleteColumn(),
            TextColumn(label),
            BarColumn(),
            TimeElapsedColumn(),
            TextColumn("left"),
            TimeRemainingColumn(),
        )
    with Progress(*columns, console=console, transient=True) as bar:  # type: ignore[arg-type]
        task = bar.add_task(label, total=total)
        yield lambda: bar.advance(task)


# A table is for reading: a cell is cut after this many characters, saying how many it
# leaves out (folding a 10 MB line into a terminal table took minutes); --format text,
# tsv or json always write every character.
CELL_LIMIT = 2_000


def _cell(value: object) -> str:
    if value is None:
        return ""
    text = ", ".join(map(str, value)) if isinstance(value, (list, tuple)) else str(value)
    if len(text) > CELL_LIMIT:
        left = len(text) - CELL_LIMIT
        text = f"{text[:CELL_LIMIT]} … [{left:,} more characters: use --format text]"
    return one_line(text)
