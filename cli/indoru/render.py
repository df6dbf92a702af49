"""Plain output formats: text, TSV, JSON Lines and JSON, written as a stream of lines.

Every command produces records (dicts with a fixed column order); this module turns them
into lines for a pipe. The terminal table lives in :mod:`indoru.console`, the one module
that imports rich. Nothing here wraps lines or emits ANSI codes.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from enum import Enum
from typing import Any, TextIO

from indoru.text import make_printable

Record = dict[str, Any]


class OutputFormat(str, Enum):
    """The output formats every command accepts with ``--format``."""

    table = "table"
    text = "text"
    tsv = "tsv"
    jsonl = "jsonl"
    json = "json"
    html = "html"  # summarize and terms: a reading view (indoru.html), never the default


_LINE_BREAK = re.compile(r"[ \t]*(?:\r\n|[\n\r\x0b\x0c\x1c-\x1e\x85\u2028\u2029])[ \t]*")
_TSV_ESCAPES = str.maketrans({"\\": "\\\\", "\t": "\\t", "\n": "\\n", "\r": "\\r"})
# A list in a TSV field: items joined by " | ", a "|" inside an item written "\|" (after
# the backslash escapes), so that no item's own text reads as a separator.
LIST_SEPARATOR = " | "


def one_line(value: str) -> str:
    """A value on one line with visible control characters (for text and table output)."""
    return make_printable(_LINE_BREAK.sub(" ", value))


def tsv_field(value: object) -> str:
    """A TSV field: backslash escapes for tab, newline, CR and backslash (linear TSV);
    a list as its items joined by `` | `` (a ``|`` in an item escaped as ``\\|``)."""
    if value is None:
        return ""
    if isinstance(value, (list, tuple)):
        items = (str(item).translate(_TSV_ESCAPES).replace("|", "\\|") for item in value)
        return make_printable(LIST_SEPARATOR.join(items))
    return make_printable(str(value).translate(_TSV_ESCAPES))


def _json(record: Record) -> str:
    return json.dumps(record, ensure_ascii=False)


def _itself(record: Record) -> Iterable[Record]:
    return (record,)


@dataclass(frozen=True)
class View:
    """How one kind of record is shown, for every format: the one path from a command's
    result records to its output.

    * JSON Lines and JSON: the records themselves (a JSON result is ``[]`` when empty);
    * TSV: ``rows(record)`` (the record itself, or e.g. one row per summary sentence)
      under a header of ``columns``;
    * text: ``lines(record)``, each put on one line, prefixed ``FILE: `` when the output
      has records of several inputs (``label``: the field naming the input);
    * a terminal: a table of ``table()`` columns (:class:`indoru.console.Column`), or
      ``terminal(console, record)``, which prints one record its own way (a summary, a
      marked text) with the functions of :mod:`indoru.console`.
    """

    columns: Sequence[str]
    lines: Callable[[Record], Iterable[str]]
    rows: Callable[[Record], Iterable[Record]] = _itself
    table: Callable[[], Sequence[Any]] | None = None
    terminal: Callable[[Any, Record], None] | None = None
    label: str | None = None


def format_lines(
    records: Iterable[Record], fmt: OutputFormat, view: View, *, header: bool = True
) -> Iterator[str]:
    """Lines (without line ends) of ``records`` in a plain format, produced lazily."""
    if fmt is OutputFormat.text:
        for record in records:
            prefix = f"{one_line(str(record[view.label]))}: " if view.label else ""
            for line in view.lines(record):
                yield prefix + one_line(line)
    elif fmt is OutputFormat.tsv:
        if header:
            yield "\t".join(view.columns)
        for record in records:
            for row in view.rows(record):
                yield "\t".join(tsv_field(row.get(column)) for column in view.columns)
    elif fmt is OutputFormat.jsonl:
        for record in records:
            yield _json(record)
    elif fmt is OutputFormat.json:
        yield from _json_array(records)
    else:
        raise ValueError(f"{fmt.value} is not a plain format")


def _json_array(records: Iterable[Record]) -> Iterator[str]:
    """One JSON document, streamed: ``[``, one record per line, ``]``."""
    previous: str | None = None
    for record in records:
        yield "[" if previous is None else previous + ","
        previous = "  " + _json(record)
    if previous is None:
        yield "[]"  # an empty result, in every command
        return
    yield previous
    yield "]"


def write_lines(stream: TextIO, lines: Iterable[str]) -> None:
    """Each line in one write, so that an interrupt never leaves half a line."""
    for line in lines:
        stream.write(line + "\n")


# --- marked text: the terms of a sentence or an article ---------------------------------


def pieces(text: str, marks: Iterable[Record]) -> list[tuple[str, Record | None]]:
    """``text`` cut into plain pieces and marked terms (with their mark record), in order;
    the marks' ``start``/``end`` count characters of ``text``."""
    cut: list[tuple[str, Record | None]] = []
    position = 0
    for mark in marks:
        cut.append((text[position : mark["start"]], None))
        cut.append((text[mark["start"] : mark["end"]], mark))
        position = mark["end"]
    cut.append((text[position:], None))
    return [(piece, mark) for piece, mark in cut if piece]


def other_language(language: str) -> str:
    """The field of a term's translation: Hindi for an English text, else English."""
    return "hi" if language == "en" else "en"


def gloss(marks: Iterable[Record], language: str) -> str:
    """A sentence's terms in the other language, each once, in order of appearance."""
    field = other_language(language)
    seen: list[str] = []
    for mark in marks:
        if mark[field] not in seen:
            seen.append(mark[field])
    return "; ".join(seen) if seen else "(no glossary terms)"


def bracketed(text: str, marks: Iterable[Record], language: str) -> str:
    """Text with each term written ``[[term|translation]]`` (for a pipe)."""
    field = other_language(language)
    return "".join(
        f"[[{piece}|{mark[field]}]]" if mark else piece for piece, mark in pieces(text, marks)
    )
