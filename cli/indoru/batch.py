"""Inputs for batch summaries: files, folders, standard input and JSONL corpora, streamed.

Every input becomes a :class:`Job` (a label and its text) or a :class:`BadInput` naming
what is wrong; a JSONL corpus is read record by record, each line decoded on its own, so
one bad record (not JSON, a missing field, undecodable bytes) is reported and the rest
still processed, in constant memory. :func:`ordered_map` runs jobs on several processes
and yields their results in input order, keeping only a bounded window in flight.
"""

from __future__ import annotations

import json
import os
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

from indoru.errors import IndoruError, InputError
from indoru.reading import open_source

T = TypeVar("T")
R = TypeVar("R")


@dataclass(frozen=True)
class Job:
    """One article to summarise."""

    label: str
    text: str


@dataclass(frozen=True)
class BadInput:
    """An input or record that could not be used, with a one-line reason."""

    message: str


def expand(paths: Iterable[str], suffix: str = ".txt") -> Iterator[str | BadInput]:
    """Files as given; folders as their files ending in ``suffix``, recursively, sorted."""
    for path in paths:
        if path != "-" and os.path.isdir(path):
            found = sorted(str(p) for p in Path(path).rglob(f"*{suffix}") if p.is_file())
            if not found:
                yield BadInput(f"{path}: no *{suffix} files in this folder")
            yield from found
        else:
            yield path


def text_jobs(paths: Iterable[str]) -> Iterator[Job | BadInput]:
    for path in expand(paths):
        if isinstance(path, BadInput):
            yield path
            continue
        try:
            source = open_source(path)
            yield Job(source.name, "".join(source.lines()))
        except IndoruError as error:
            yield BadInput(str(error))


def jsonl_jobs(paths: Iterable[str], text_field: str, id_field: str) -> Iterator[Job | BadInput]:
    """Records of JSONL corpora, labelled ``id`` (or ``file:line`` without one)."""
    for path in expand(paths, ".jsonl"):
        if isinstance(path, BadInput):
            yield path
            continue
        try:
            stream = open_source(path).stream
        except InputError as error:
            yield BadInput(str(error))
            continue
        name = "<stdin>" if path == "-" else path
        with stream:
            for number, raw in enumerate(stream, start=1):
                if raw.strip():
                    yield _record(raw, f"{name}:{number}", text_field, id_field)


def _record(raw: bytes, where: str, text_field: str, id_field: str) -> Job | BadInput:
    try:
        line = raw.decode("utf-8-sig" if where.endswith(":1") else "utf-8")
    except UnicodeDecodeError as error:
        return BadInput(f"{where}: not valid UTF-8 at byte {error.start} of the line")
    try:
        record = json.loads(line)
    except json.JSONDecodeError as error:
        return BadInput(f"{where}: not JSON ({error.msg} at column {error.colno})")
    if not isinstance(record, dict):
        return BadInput(f"{where}: a JSON {type(record).__name__}, not an object")
    text = record.get(text_field)
    if not isinstance(text, str):
        problem = "missing" if text is None else f"a {type(text).__name__}, not a string"
        return BadInput(f"{where}: field {text_field!r} is {problem}")
    ident = record.get(id_field)
    return Job(str(ident) if ident is not None else where, text)


def ordered_map(
    function: Callable[[T], R],
    items: Iterable[T],
    jobs: int,
    initializer: Callable[..., Any] | None = None,
) -> Iterator[R]:
    """``map(function, items)`` on ``jobs`` processes, in order, with bounded look-ahead."""
    if jobs <= 1:
        if initializer:
            initializer()
        yield from map(function, items)
        return
    window: deque[Future[R]] = deque()
    pool = ProcessPoolExecutor(max_workers=jobs, initializer=initializer)
    try:
        for item in items:
            window.append(pool.submit(function, item))
            if len(window) >= jobs * 4:
                yield window.popleft().result()
        while window:
            yield window.popleft().result()
    finally:
        # on an error, Ctrl-C or SIGTERM too: drop what has not started, wait for the
        # workers to end, so that none is left behind
        pool.shutdown(wait=True, cancel_futures=True)
