"""Plain output formats: text, TSV, JSON Lines and JSON, written as a stream of lines.

Every command produces records (dicts with a fixed column order); this module turns them
into lines for a pipe. The terminal table lives in :mod:`indoru.console`, the one module
that imports rich. Nothing here wraps lines or emits ANSI codes.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterable, Iterator, Sequence
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


_LINE_BREAK = re.compile(r"[ \t]*(?:\r\n|[\n\r\x0b\x0c\x1c-\x1e\x85\u2028\u2029])[ \t]*")
_TSV_ESCAPES = str.maketrans({"\\": "\\\\", "\t": "\\t", "\n": "\\n", "\r": "\\r"})


def one_line(value: str) -> str:
    """A value on one line with visible control characters (for text and table output)."""
    return make_printable(_LINE_BREAK.sub(" ", value))


def tsv_field(value: object) -> str:
    """A TSV field: backslash escapes for tab, newline, CR and backslash (linear TSV)."""
    if value is None:
        return ""
    if isinstance(value, (list, tuple)):
        value = ", ".join(map(str, value))
    return make_printable(str(value).translate(_TSV_ESCAPES))


def _json(record: Record) -> str:
    return json.dumps(record, ensure_ascii=False)


def format_lines(
    records: Iterable[Record],
    fmt: OutputFormat,
    columns: Sequence[str],
    text_of: Callable[[Record], str],
    *,
    header: bool = True,
) -> Iterator[str]:
    """Lines (without line ends) of ``records`` in a plain format, produced lazily."""
    if fmt is OutputFormat.text:
        for record in records:
            yield one_line(text_of(record))
    elif fmt is OutputFormat.tsv:
        if header:
            yield "\t".join(columns)
        for record in records:
            yield "\t".join(tsv_field(record.get(column)) for column in columns)
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
    yield "["
    for record in records:
        if previous is not None:
            yield previous + ","
        previous = "  " + _json(record)
    if previous is not None:
        yield previous
    yield "]"


def write_lines(stream: TextIO, lines: Iterable[str]) -> None:
    """Each line in one write, so that an interrupt never leaves half a line."""
    for line in lines:
        stream.write(line + "\n")
