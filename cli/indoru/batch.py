"""Inputs for batch summaries: files, folders, standard input and JSONL corpora, streamed.

Every input becomes a :class:`Job` (a label and its text) or a :class:`BadInput` naming
what is wrong; a JSONL corpus is read record by record, each line decoded on its own, so
one bad record (not JSON, a missing field, undecodable bytes) is reported and the rest
still processed, in constant memory. With ``legacy="krutidev"`` texts typed in Kruti Dev
are converted to Unicode as they are read (:func:`indoru.legacy.legacy_converter`).
:func:`ordered_map` runs jobs on several processes
and yields their results in input order, keeping only a bounded window in flight.
"""

from __future__ import annotations

import codecs
import json
import os
import re
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, BinaryIO, NamedTuple, TypeVar, cast

from indoru.errors import IndoruError, InputError
from indoru.reading import open_source

if TYPE_CHECKING:
    from concurrent.futures import Future

# A UTF-16 surrogate code point on its own: JSON lets an escaped one through, Unicode text has none.
_SURROGATE = re.compile("[\ud800-\udfff]")

T = TypeVar("T")
R = TypeVar("R")


@dataclass(frozen=True)
class Job:
    """One article to summarise."""

    label: str
    text: str
    title: str | None = None  # the headline, from a JSONL corpus's title field
    # a JSONL record's ``file:line``, where its problems are reported (not part of its
    # identity: the same article read from elsewhere is the same job)
    where: str | None = field(default=None, compare=False)


class BadInput(NamedTuple):
    """An input or record that could not be used, with a one-line reason."""

    message: str


# the files of a folder that are JSONL corpora (gzip-compressed or not)
JSONL_SUFFIXES = (".jsonl", ".jsonl.gz")


def expand(
    paths: Iterable[str], suffix: str | tuple[str, ...] = ".txt"
) -> Iterator[str | BadInput]:
    """Files as given; folders as their files ending in ``suffix``, recursively, sorted.

    A sub-folder that cannot be read is reported in its place (``DIR/sub: permission
    denied``), never skipped in silence; symbolic links to folders are not followed.
    """
    for path in paths:
        if path != "-" and os.path.isdir(path):
            found = _walk(str(Path(path)), suffix)
            if not found:
                suffixes = (suffix,) if isinstance(suffix, str) else suffix
                wanted = " or ".join(f"*{s}" for s in suffixes)
                yield BadInput(f"{path}: no {wanted} files in this folder")
            yield from (item for _, item in found)
        else:
            yield path


def _walk(root: str, suffix: str | tuple[str, ...]) -> list[tuple[str, str | BadInput]]:
    """Files under ``root`` ending in ``suffix`` and unreadable folders, sorted by path."""
    found: list[tuple[str, str | BadInput]] = []
    folders = [root]
    while folders:
        folder = folders.pop()
        try:
            with os.scandir(folder) as entries:
                listed = list(entries)
        except OSError as error:
            problem = (error.strerror or str(error)).lower()
            found.append((folder, BadInput(f"{folder}: {problem}")))
            continue
        for entry in listed:
            path = os.path.join(folder, entry.name)
            try:
                if entry.is_dir(follow_symlinks=False):
                    folders.append(path)
                elif entry.name.endswith(suffix) and entry.is_file():
                    found.append((path, path))
            except OSError as error:
                problem = (error.strerror or str(error)).lower()
                found.append((path, BadInput(f"{path}: {problem}")))
    found.sort(key=lambda pair: pair[0])
    return found


def count_jobs(paths: Iterable[str], jsonl: bool) -> int | None:
    """How many jobs the inputs hold (files, or a JSONL corpus's non-blank lines), for a
    progress total; None when standard input is among them (it can be read only once).
    Linear: folders are listed and corpora read in 1 MiB blocks, never held."""
    paths = list(paths)
    if "-" in paths:
        return None
    total = 0
    for path in expand(paths, JSONL_SUFFIXES if jsonl else ".txt"):
        if not jsonl or isinstance(path, BadInput):
            total += 1
            continue
        try:
            total += _records_in(path)
        except OSError:
            total += 1  # reported when it is read
    return total


def _records_in(path: str) -> int:
    """Non-blank lines of a file, counted in blocks."""
    count = 0
    blank = True  # the current line has nothing but white space so far
    with open_corpus(path) as handle:
        while block := handle.read(1 << 20):
            parts = block.split(b"\n")
            for part in parts[:-1]:
                if not blank or part.removeprefix(codecs.BOM_UTF8).strip():
                    count += 1
                blank = True
            if parts[-1].removeprefix(codecs.BOM_UTF8).strip():
                blank = False
    return count + (0 if blank else 1)


def text_jobs(paths: Iterable[str], legacy: str | None = None) -> Iterator[Job | BadInput]:
    for path in expand(paths):
        if isinstance(path, BadInput):
            yield path
            continue
        try:
            source = open_source(path, legacy=legacy)
            yield Job(source.name, "".join(source.lines()))
        except IndoruError as error:
            yield BadInput(str(error))


# the fields tried, in order, for a record's headline when --title-field is left as it is
TITLE_FIELDS = ("title", "heading", "headline")


def jsonl_jobs(
    paths: Iterable[str],
    text_field: str,
    id_field: str,
    legacy: str | None = None,
    title_field: str | None = TITLE_FIELDS[0],
) -> Iterator[Job | BadInput]:
    """Records of JSONL corpora, labelled ``id`` (or ``file:line`` without one), with the
    headline of ``title_field`` (the default ``title`` falls back on ``heading``, then
    ``headline``; None: no headline field)."""
    convert = None
    if legacy:
        from indoru.legacy import legacy_converter

        convert = legacy_converter(legacy)
    for path in expand(paths, JSONL_SUFFIXES):
        if isinstance(path, BadInput):
            yield path
            continue
        try:
            stream = open_source(path).stream if path == "-" else open_corpus(path)
        except InputError as error:
            yield BadInput(str(error))
            continue
        name = "<stdin>" if path == "-" else path
        with stream:
            try:
                for number, raw in enumerate(stream, start=1):
                    if raw.removeprefix(codecs.BOM_UTF8).strip():
                        where = f"{name}:{number}"
                        job = jsonl_record(raw, where, text_field, id_field, title_field)
                        if convert and isinstance(job, Job):
                            title = convert(job.title) if job.title is not None else None
                            job = Job(job.label, convert(job.text), title, job.where)
                        yield job
            except (OSError, EOFError) as error:  # a damaged or cut gzip file
                yield BadInput(f"{name}: {_gzip_problem(error)}")


def open_corpus(path: str) -> BinaryIO:
    """A JSONL corpus for reading as bytes: ``*.gz`` decompressed; InputError."""
    try:
        if path.endswith(".gz"):
            import gzip

            return cast(BinaryIO, gzip.open(path, "rb"))
        return open(path, "rb")
    except FileNotFoundError:
        raise InputError(path, "no such file") from None
    except IsADirectoryError:
        raise InputError(path, "is a directory, not a file") from None
    except OSError as error:
        raise InputError(path, (error.strerror or str(error)).lower()) from None


def _gzip_problem(error: BaseException) -> str:
    if isinstance(error, EOFError):
        return "the gzip data is cut short"
    if type(error).__name__ == "BadGzipFile":
        return "not a gzip file"
    return (getattr(error, "strerror", None) or str(error)).lower()


def jsonl_record(
    raw: bytes, where: str, text_field: str, id_field: str, title_field: str | None = None
) -> Job | BadInput:
    """One JSONL line as a job, or what is wrong with it (never an exception).

    A UTF-8 byte-order mark is skipped at the start of any line, not only the first: a
    corpus made by concatenating files saved with one (``cat a.jsonl b.jsonl``) has it on
    the first line of each, and U+FEFF is never meaningful JSON there.
    """
    try:
        line = raw.removeprefix(codecs.BOM_UTF8).decode("utf-8")
    except UnicodeDecodeError as error:
        return BadInput(f"{where}: not valid UTF-8 at byte {error.start} of the line")
    try:
        record = json.loads(line)
    except json.JSONDecodeError as error:
        return BadInput(f"{where}: not JSON ({error.msg} at column {error.colno})")
    except RecursionError:
        return BadInput(f"{where}: JSON nested too deeply to read")
    if not isinstance(record, dict):
        return BadInput(f"{where}: a JSON {type(record).__name__}, not an object")
    text = record.get(text_field)
    if not isinstance(text, str):
        problem = "missing" if text is None else f"a {type(text).__name__}, not a string"
        return BadInput(f"{where}: field {text_field!r} is {problem}")
    ident = record.get(id_field)
    try:
        label = str(ident) if ident is not None else where
    except RecursionError:
        return BadInput(f"{where}: field {id_field!r} is nested too deeply to read")
    checked = [(text_field, text)] + ([(id_field, label)] if ident is not None else [])
    fields = TITLE_FIELDS if title_field == TITLE_FIELDS[0] else (title_field,)
    named = next((f for f in fields if f is not None and record.get(f) is not None), None)
    title = record.get(named) if named is not None else None
    if title is not None and not isinstance(title, str):
        return BadInput(f"{where}: field {named!r} is a {type(title).__name__}, not a string")
    if title is not None and named is not None:
        checked.append((named, title))
    for name, value in checked:
        surrogate = _SURROGATE.search(value)
        if surrogate:
            return BadInput(
                f"{where}: field {name!r} has a lone surrogate "
                f"(\\u{ord(surrogate.group()):04x}) at character {surrogate.start()}, "
                "which is not Unicode text"
            )
    return Job(label, text, (title.strip() or None) if title is not None else None, where)


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
    from concurrent.futures import ProcessPoolExecutor  # 47 M instructions: --jobs only

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
