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

import re
import sys
import unicodedata
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from functools import cache
from typing import Any, Literal, TextIO

import rich.cells
from rich.box import ROUNDED
from rich.cells import CellTable, cell_len
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
    """A table column: record key, header and layout.

    ``wrap`` columns (long text: Hindi, English, definitions) share the width left by the
    others and keep at least :data:`READABLE` cells; ``keep`` columns are never left out
    on a narrow terminal (the others are, from the right); a ``group`` column is not a
    column at all: each run of records with the same value gets a table of its own under
    a ``==> value <==`` heading (as ``head`` labels several files).
    """

    key: str
    header: str
    justify: Literal["left", "right", "center"] = "left"
    wrap: bool = False
    keep: bool = False
    group: bool = False


# A wrapped column (Hindi, English, a definition) never gets fewer cells than this while
# a column that may be left out is still shown: 16 cells hold two Hindi words.
READABLE = 16
# A column that is not wrapped (a category, a count) is folded above this many cells.
NARROW_MAX = 16


def _broken_pipe() -> None:
    raise BrokenPipeError  # the command's pipe manners end it with status 0, not rich's 1


def _command_environment() -> Any:
    """The running command's :class:`indoru.cli.Environment`, if the command line is
    loaded (this module never imports it: it would pull typer into a library user)."""
    cli = sys.modules.get("indoru.cli")
    return None if cli is None else cli.environment()


def make_console(file: TextIO, *, color: bool, width: int | None = None) -> Console:
    """A console for one command's output. The width is ``width``, else the running
    command's terminal width (its :class:`~indoru.cli.Environment`), else 80. Rich reads
    no environment variable of its own: colour is on exactly when ``color`` says so."""
    install_terminal_widths()
    env = _command_environment()
    if width is None:
        width = env.width if env is not None else 80
    environ = env.environ if env is not None else {}
    console = Console(
        file=file,
        width=width,
        force_terminal=color,  # the command decided: escape codes exactly when colour is on
        no_color=not color,
        color_system="auto" if color else None,
        highlight=False,
        emoji=False,
        markup=False,
        # only what picks the colour depth; TERM=dumb was weighed already (--color always)
        _environ={
            key: environ[key]
            for key in ("TERM", "COLORTERM")
            if key in environ and environ[key] not in ("dumb", "unknown")
        },
    )
    console.on_broken_pipe = _broken_pipe  # type: ignore[method-assign]
    return console


# --- folding text at grapheme-cluster boundaries ----------------------------------------

_ZWNJ_ZWJ = "\u200c\u200d"
_WORD = re.compile(r"\S+")
_HYPHENATED = re.compile(r"[^-]*-+|[^-]+")  # a word's parts, each with its hyphens


def clusters(text: str) -> Iterator[str]:
    """The user-perceived characters of ``text``, in order: a base character with its
    combining marks (Mn, Mc, Me), and consonants joined by a virama (or ZWJ/ZWNJ) into
    one conjunct, so that क्षि is one cluster, never क्ष + ि."""
    start = 0
    joined = False  # the previous character was a virama, ZWJ or ZWNJ
    for at, char in enumerate(text):
        if at and not joined and unicodedata.category(char)[0] != "M" and char not in _ZWNJ_ZWJ:
            yield text[start:at]
            start = at
        joined = char in _ZWNJ_ZWJ or unicodedata.combining(char) == 9  # 9: virama
        if joined and at + 1 < len(text) and not text[at + 1].isalpha():
            joined = char in _ZWNJ_ZWJ  # a word-final virama (स्) joins no space or digit
    if text:
        yield text[start:]


def line_starts(text: str, width: int) -> list[int]:
    """Where each line of ``text`` folded to ``width`` cells begins: at a word when the
    word fits, else (a word wider than the column) at a cluster boundary, never inside a
    cluster. Linear in the length of the text."""
    width = max(width, 1)
    starts = [0]
    used = 0  # cells on the current line
    end = 0
    for match in _WORD.finditer(text):
        word = match.group()
        size = cell_len(word)
        if used:
            gap = cell_len(text[end : match.start()])
            if used + gap + size <= width:
                used += gap + size
                end = match.end()
                continue
            starts.append(match.start())
            used = 0
        used = size if size <= width else _fold_word(word, match.start(), width, starts)
        end = match.end()
    return starts


def _hyphen_parts(word: str) -> list[str]:
    """A word cut after its hyphens, where the cut is a cluster boundary (not before a
    combining mark that follows a hyphen)."""
    parts: list[str] = []
    for part in _HYPHENATED.findall(word):
        if parts and (unicodedata.category(part[0])[0] == "M" or part[0] in _ZWNJ_ZWJ):
            parts[-1] += part
        else:
            parts.append(part)
    return parts


def _fold_word(word: str, at: int, width: int, starts: list[int]) -> int:
    """Fold a word wider than the column: after a hyphen where a part fits, else between
    clusters. Appends the line starts to ``starts``; returns the cells on the last line."""
    used = 0
    for part in _hyphen_parts(word):
        size = cell_len(part)
        if used and used + size <= width:
            used += size
            at += len(part)
            continue
        if used:
            starts.append(at)
            used = 0
        if size <= width:
            used = size
            at += len(part)
            continue
        for cluster in clusters(part):
            step = cell_len(cluster)
            if used and used + step > width:
                starts.append(at)
                used = 0
            used += step
            at += len(cluster)
    return used


def fold_text(text: str, width: int) -> list[str]:
    """``text`` as lines of at most ``width`` cells, cut only between clusters (the
    spaces at a break are dropped; every other character is kept)."""
    text = text.strip()
    starts = line_starts(text, width)
    ends = [*starts[1:], len(text)]
    return [text[a:b].rstrip() for a, b in zip(starts, ends, strict=True)]


def _fold_rich_text(text: Text, width: int) -> Text:
    """A styled line folded as :func:`fold_text` does, its styles kept."""
    plain = text.plain
    starts = line_starts(plain, width)
    if len(starts) == 1:
        return text
    lines = text.divide(starts[1:])
    for line in lines:
        line.rstrip()
    return Text("\n").join(lines)


def _widest_cluster(text: str) -> int:
    return max(
        (cell_len(c) for w in text.split() if cell_len(w) > 4 for c in clusters(w)), default=1
    )


# --- tables ------------------------------------------------------------------------------


def _overhead(columns: int) -> int:
    """Cells a ROUNDED table with one cell of padding each side adds around its text."""
    return 3 * columns + 1


def _distribute(extra: int, needs: list[int]) -> list[int]:
    """``extra`` cells shared in proportion to ``needs`` (never more than each needs)."""
    total = sum(needs)
    if total <= extra:
        return needs
    shares = [extra * need // total for need in needs]
    left = extra - sum(shares)
    for index in sorted(range(len(needs)), key=lambda i: needs[i] - shares[i], reverse=True):
        if left <= 0:
            break
        if shares[index] < needs[index]:
            shares[index] += 1
            left -= 1
    return shares


@dataclass
class _Layout:
    columns: list[Column]
    widths: list[int]
    left_out: list[Column]


def layout(columns: Sequence[Column], rows: Sequence[Sequence[str]], width: int) -> _Layout:
    """Choose the columns and their widths for a table ``width`` cells wide: the natural
    widths when they fit; else every column at its minimum (a wrapped column at
    :data:`READABLE`, another at its text up to :data:`NARROW_MAX`) and the cells left
    shared in proportion to what each still wants; columns that may be left out go, from
    the right, while even the minimums do not fit."""
    natural = [cell_len(c.header) for c in columns]
    data = [1] * len(columns)
    widest = [1] * len(columns)
    for row in rows:
        for index, cell in enumerate(row):
            size = cell_len(cell)
            if size > data[index]:
                data[index] = size
            if size > 4:
                widest[index] = max(widest[index], _widest_cluster(cell))
    natural = [max(n, d) for n, d in zip(natural, data, strict=True)]
    minimum = [
        max(min(n, READABLE if c.wrap else NARROW_MAX), w)
        for c, n, w in zip(columns, natural, widest, strict=True)
    ]
    filled = [False] * len(columns)
    for row in rows:
        for index, cell in enumerate(row):
            filled[index] = filled[index] or bool(cell)
    kept = list(range(len(columns)))
    droppable = [i for i in kept if not columns[i].keep]
    while droppable and sum(minimum[i] for i in kept) + _overhead(len(kept)) > width:
        kept.remove(droppable.pop())
    room = width - _overhead(len(kept))
    if sum(natural[i] for i in kept) <= room:
        widths = [natural[i] for i in kept]
    else:
        base = [minimum[i] for i in kept]
        if sum(base) > room:  # a very narrow terminal: shrink towards the widest clusters
            floor = [widest[i] for i in kept]
            spare = [b - f for f, b in zip(floor, base, strict=True)]
            cuts = _distribute(sum(base) - room, spare)
            base = [max(f, b - c) for f, b, c in zip(floor, base, cuts, strict=True)]
        extra = _distribute(
            max(room - sum(base), 0), [natural[i] - b for i, b in zip(kept, base, strict=True)]
        )
        widths = [b + e for b, e in zip(base, extra, strict=True)]
    # a column left out that is empty in every row (no match kind in a listing) goes
    # unannounced
    left_out = [c for i, c in enumerate(columns) if i not in kept and filled[i]]
    return _Layout([columns[i] for i in kept], widths, left_out)


def _render_table(console: Console, columns: Sequence[Column], rows: list[list[str]]) -> None:
    chosen = layout(columns, rows, console.width)
    positions = [columns.index(c) for c in chosen.columns]
    caption = None
    if chosen.left_out:
        names = ", ".join(c.header for c in chosen.left_out)
        caption = Text(f"not shown at this width: {names} (--format text shows them)")
    table = Table(box=ROUNDED, header_style="bold", caption=caption, caption_justify="left")
    for column, width in zip(chosen.columns, chosen.widths, strict=True):
        table.add_column(
            Text("\n".join(fold_text(column.header, width))),
            justify=column.justify,
            width=width,
            no_wrap=True,
            overflow="fold",
        )
    for row in rows:
        table.add_row(
            *(
                Text("\n".join(fold_text(row[p], w)))
                for p, w in zip(positions, chosen.widths, strict=True)
            )
        )
    console.print(table)


def print_heading(console: Console, name: str) -> None:
    """``==> NAME <==`` above one input's output, as ``head`` labels several files."""
    console.print(Text(f"==> {_cell(name)} <==", style="bold"))


def print_table(console: Console, records: Iterable[Record], columns: Sequence[Column]) -> int:
    """Print records as a table fitted to the console's width (one table per value of a
    ``group`` column, under a heading); returns how many rows there were."""
    group = next((c for c in columns if c.group), None)
    shown = [c for c in columns if not c.group]
    rows: list[list[str]] = []
    current: str | None = None
    count = 0
    for record in records:
        if group is not None:
            value = _cell(record.get(group.key))
            if value != current:
                if rows:
                    _render_table(console, shown, rows)
                    rows = []
                    console.print()
                print_heading(console, value)
                current = value
        rows.append([_cell(record.get(column.key)) for column in shown])
        count += 1
    if rows:
        _render_table(console, shown, rows)
    return count


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
    marked.rstrip()  # the text's own last line end: print adds one
    lines = marked.split("\n", allow_blank=True)
    console.print(Text("\n").join(_fold_rich_text(line, console.width) for line in lines))


def print_summary(
    console: Console,
    record: Record,
    *,
    gloss: bool,
    terms: bool,
    explain: Callable[[dict[str, float]], str] | None = None,
) -> None:
    """A summary for reading: numbered sentences with their terms marked, an optional
    gloss line under each (the terms in the other language), a line of the score's parts
    under each sentence that has them (``explain`` writes it), then the term table."""
    from rich.rule import Rule

    language = record["language"]
    console.print(Rule(Text(make_printable(str(record["file"]))), style="dim"))
    labels = [
        make_printable(f"{s['file']} {s['index']}" if "file" in s else str(s["index"]))
        for s in record["sentences"]
    ]
    label_width = max((cell_len(label) for label in labels), default=1)
    room = max(console.width - label_width - 1, READABLE)
    grid = Table.grid(padding=(0, 1))
    grid.add_column(justify="right", style="dim", no_wrap=True, width=label_width)
    grid.add_column(no_wrap=True, overflow="fold", width=room)
    for label, s in zip(labels, record["sentences"], strict=True):
        line = Text()
        for piece, mark in pieces(s["text"], s["terms"]):
            line.append(one_line(piece), style="" if mark is None else "bold cyan")
        grid.add_row(Text(label), _fold_rich_text(line, room))
        if gloss:
            glossed = "↳ " + render_gloss(s["terms"], language)
            folded = "\n".join(fold_text(one_line(glossed), room))
            grid.add_row(Text(""), Text(folded, style="dim italic"))
        if explain is not None and "explain" in s:
            why = f"= {s['score']:.2f}: " + explain(s["explain"])
            grid.add_row(Text(""), Text("\n".join(fold_text(one_line(why), room)), style="dim"))
    console.print(grid)
    if terms and record["terms"]:
        columns = [Column("hi", "Hindi", wrap=True), Column("en", "English", wrap=True)]
        columns.append(Column("category", "category"))
        rows = [[_cell(row[key]) for key in ("hi", "en", "category")] for row in record["terms"]]
        _render_table(console, columns, rows)


def _bar(file: TextIO, *columns: object) -> Any:
    """A transient rich progress display on ``file`` (only ever a terminal's stderr)."""
    from rich.progress import Progress

    console = Console(file=file, force_terminal=True, highlight=False, markup=False)
    return Progress(*columns, console=console, transient=True)  # type: ignore[arg-type]


def _with_total(label: str, *extra: object) -> tuple[object, ...]:
    """Columns of a count with a known total: done of all, a bar, ``extra``, the time
    spent and the time left."""
    from rich.progress import (
        BarColumn,
        MofNCompleteColumn,
        SpinnerColumn,
        TextColumn,
        TimeElapsedColumn,
        TimeRemainingColumn,
    )

    return (
        SpinnerColumn(),
        MofNCompleteColumn(),
        TextColumn(label),
        BarColumn(),
        *extra,
        TimeElapsedColumn(),
        TextColumn("left"),
        TimeRemainingColumn(),
    )


@contextmanager
def progress(file: TextIO, label: str, total: int | None = None) -> Iterator[Callable[[], None]]:
    """A progress line on stderr: the count, and with a known total a bar, the total and
    the time left (ETA)."""
    from rich.progress import SpinnerColumn, TextColumn, TimeElapsedColumn

    if total is None:
        columns: tuple[object, ...] = (
            SpinnerColumn(),
            TextColumn("{task.completed} " + label),
            TimeElapsedColumn(),
        )
    else:
        columns = _with_total(label)
    with _bar(file, *columns) as bar:
        task = bar.add_task(label, total=total)
        yield lambda: bar.advance(task)


@contextmanager
def shard_progress(file: TextIO, shards: int) -> Iterator[Callable[[int], None]]:
    """A corpus run's progress on stderr: shards done of all, articles done, their
    rate, and the time left (by shards, the unit that completes). ``advance(n)``: one
    shard of ``n`` articles is done."""
    from rich.progress import TextColumn

    rate_column = TextColumn("{task.fields[articles]:,} articles, {task.fields[rate]:,.0f}/s")
    with _bar(file, *_with_total("shards", rate_column)) as bar:
        task = bar.add_task("shards", total=shards, articles=0, rate=0.0)
        done = 0

        def advance(articles: int) -> None:
            nonlocal done
            done += articles
            elapsed = bar.tasks[0].elapsed or 0.0
            rate = done / elapsed if elapsed > 0 else 0.0
            bar.update(task, advance=1, articles=done, rate=rate)

        yield advance


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
