"""A corpus in shards: each JSONL shard is one unit of work, its output written to a
folder beside the others, with a completion marker written last.

For each input shard ``DIR/NAME.jsonl`` holds its records (the same records, in the
same order, as ``indoru summarize --jsonl SHARD -f jsonl``), ``DIR/NAME.errors`` its
problems as ``file:line: problem`` lines, and ``DIR/NAME.done`` (written last, as every
file here: to a temporary name, then renamed) says the shard is complete and with which
options. A rerun does only the shards without a marker, so an interrupted run or a
crash loses nothing already done and redoes nothing finished.

Shards are paths (plain or ``*.gz``), globs, folders (their ``*.jsonl`` and
``*.jsonl.gz``, recursively) or fsspec URLs (``s3://bucket/news/*.jsonl.gz``) when
fsspec and that filesystem's package are installed. Nothing here prints.
"""

from __future__ import annotations

import codecs
import glob
import json
import os
import time
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, BinaryIO, cast

from indoru.batch import JSONL_SUFFIXES, BadInput, Job, expand, jsonl_jobs
from indoru.errors import ExitCode, IndoruError, InputError

if TYPE_CHECKING:
    from indoru.lookup import GlossaryIndex
    from indoru.pipeline import Request

MARKER_VERSION = 1


class OutputFolderError(IndoruError):
    """The output folder cannot be used as asked (a usage error)."""

    exit_code = ExitCode.USAGE


@dataclass(frozen=True)
class Shard:
    """One input shard: where it is read from, and the name of its files in the output."""

    source: str
    name: str


@dataclass(frozen=True)
class ShardResult:
    """A shard done: its output lines, its problems and what it counted."""

    source: str
    output: str  # JSONL, each line ending in a newline
    problems: tuple[str, ...]  # ``file:line: problem``, in input order
    articles: int  # records read (good and bad)
    records: int  # records written
    errors: int  # articles that could not be used
    seconds: float


@dataclass(frozen=True)
class ShardFailed:
    """A shard that could not be done at all (it is redone by the next run)."""

    source: str
    message: str


def is_url(source: str) -> bool:
    return "://" in source


def shard_name(source: str) -> str:
    """The base name of a shard's files in the output folder: ``a/2021-01.jsonl.gz`` →
    ``2021-01``."""
    name = source.rstrip("/").rsplit("/", 1)[-1]
    name = name.removesuffix(".gz")
    for suffix in (".jsonl", ".json", ".ndjson"):
        name = name.removesuffix(suffix)
    return name or "shard"


def find_shards(patterns: Sequence[str]) -> Iterator[Shard | BadInput]:
    """The shards the patterns name, in order (a glob's matches sorted); a pattern that
    names nothing is reported in its place."""
    for pattern in patterns:
        if is_url(pattern):
            yield from _url_shards(pattern)
            continue
        if glob.has_magic(pattern) and not os.path.exists(pattern):
            matches = sorted(glob.glob(pattern))
            if not matches:
                yield BadInput(f"{pattern}: no file matches")
            paths: list[str] = matches
        else:
            paths = [pattern]
        for path in expand(paths, JSONL_SUFFIXES):
            yield path if isinstance(path, BadInput) else Shard(path, shard_name(path))


def _fsspec() -> Any:
    try:
        import fsspec
    except ImportError:
        from indoru.legacy import MissingExtra

        raise MissingExtra("URLs as shards need fsspec: pip install 'indoru[dask]'") from None
    return fsspec


def _url_shards(pattern: str) -> Iterator[Shard | BadInput]:
    fsspec = _fsspec()
    try:
        files = fsspec.open_files(pattern, "rb")
        found = sorted(f"{file.fs.unstrip_protocol(file.path)}" for file in files)
    except (ImportError, ValueError) as error:  # no package for that protocol
        raise InputError(pattern, _first_line(error)) from None
    except OSError as error:
        yield BadInput(f"{pattern}: {_first_line(error)}")
        return
    if not found:
        yield BadInput(f"{pattern}: no file matches")
    for url in found:
        yield Shard(url, shard_name(url))


def _first_line(error: BaseException) -> str:
    text = str(error).strip().splitlines()
    return text[0] if text else type(error).__name__


def shard_jobs(source: str, request: Request) -> Iterator[Job | BadInput]:
    """The articles of one shard, as the serial ``--jsonl`` run reads them."""
    if not is_url(source):
        yield from jsonl_jobs(
            [source], request.text_field, request.id_field, request.legacy, request.title_field
        )
        return
    from indoru.pipeline import job_of_line

    with _open(source) as handle:
        try:
            for number, raw in enumerate(handle, start=1):
                if raw.removeprefix(codecs.BOM_UTF8).strip():
                    yield job_of_line(raw, f"{source}:{number}", request)
        except (OSError, EOFError) as error:
            yield BadInput(f"{source}: {_first_line(error) or 'cannot be read'}")


def _open(source: str) -> BinaryIO:
    """A shard for reading, decompressed; InputError when it cannot be opened."""
    if not is_url(source):
        from indoru.batch import open_corpus

        return open_corpus(source)
    try:
        return cast(BinaryIO, _fsspec().open(source, "rb", compression="infer").open())
    except (OSError, ValueError) as error:
        raise InputError(source, _first_line(error)) from None


def process_shard(source: str, request: Request, index: GlossaryIndex) -> ShardResult:
    """Every article of a shard through :func:`indoru.pipeline.run`: the shard's output
    and problems, as strings (what a worker sends back). A shard that cannot be opened
    raises InputError: it is not done, and the next run tries it again."""
    from indoru.pipeline import Failed, run

    _open(source).close()
    started = time.perf_counter()
    lines: list[str] = []
    problems: list[str] = []
    articles = errors = 0
    for job in shard_jobs(source, request):
        articles += 1
        result = run(job, request, index)
        if isinstance(result, Failed):
            errors += 1
            problems.append(result.message)
            continue
        if result.note:
            where = job.where if isinstance(job, Job) and job.where else result.label
            problems.append(f"{where}: {result.note}")
        lines.extend(json.dumps(record, ensure_ascii=False) + "\n" for record in result.records)
    return ShardResult(
        source,
        "".join(lines),
        tuple(problems),
        articles,
        len(lines),
        errors,
        time.perf_counter() - started,
    )


def process_shard_cached(task: tuple[str, Request]) -> ShardResult | ShardFailed:
    """:func:`process_shard` with this process's index (the local engine, ``--jobs``)."""
    from indoru.pipeline import cached_index

    source, request = task
    try:
        return process_shard(source, request, cached_index(request.glossary))
    except IndoruError as error:
        return ShardFailed(source, str(error))


# --- the output folder --------------------------------------------------------------------


@dataclass(frozen=True)
class Folder:
    """The output folder of a run: where each shard's files go."""

    path: Path

    def files(self, shard: Shard) -> tuple[Path, Path, Path]:
        """The shard's output, errors and completion marker."""
        base = self.path / shard.name
        return (
            base.with_name(shard.name + ".jsonl"),
            base.with_name(shard.name + ".errors"),
            base.with_name(shard.name + ".done"),
        )

    def holds(self, shard: Shard) -> bool:
        """Whether a shard is one of this folder's own files (a folder of shards given
        with the output folder inside it: its outputs are no inputs)."""
        if is_url(shard.source):
            return False
        here = self.path.resolve()
        return here in Path(shard.source).resolve().parents

    def plan(
        self, shards: Sequence[Shard], request: Request, overwrite: bool
    ) -> tuple[list[Shard], list[Shard]]:
        """(the shards to do, the shards done by an earlier run with the same options).

        Two shards with one name would overwrite each other, and a folder made with other
        options would mix two kinds of output: both are usage errors. With ``overwrite``
        every marker is removed first, so an interrupted ``--overwrite`` run resumes."""
        seen: dict[str, str] = {}
        for shard in shards:
            if shard.name in seen:
                raise OutputFolderError(
                    f"{seen[shard.name]} and {shard.source} would both write "
                    f"{self.files(shard)[0]}: give shards different names"
                )
            seen[shard.name] = shard.source
        try:
            self.path.mkdir(parents=True, exist_ok=True)
        except OSError as error:
            raise InputError(str(self.path), (error.strerror or str(error)).lower()) from None
        if not self.path.is_dir():
            raise OutputFolderError(f"{self.path}: not a folder")
        todo: list[Shard] = []
        done: list[Shard] = []
        for shard in shards:
            marker = self.files(shard)[2]
            if overwrite:
                marker.unlink(missing_ok=True)
                todo.append(shard)
                continue
            made = _read_marker(marker)
            if made is None:
                todo.append(shard)
            elif made.get("request") != request.digest() or made.get("source") != shard.source:
                raise OutputFolderError(
                    f"{marker} was made from {made.get('source')} with other options: "
                    "add --overwrite to redo it, or use another --output-dir"
                )
            else:
                done.append(shard)
        return todo, done

    def write(self, shard: Shard, result: ShardResult, request: Request) -> None:
        """The shard's output and errors, then its marker: each atomically."""
        output, errors, marker = self.files(shard)
        _replace(output, result.output)
        _replace(errors, "".join(problem + "\n" for problem in result.problems))
        made = {
            "version": MARKER_VERSION,
            "source": shard.source,
            "request": request.digest(),
            "articles": result.articles,
            "records": result.records,
            "errors": result.errors,
            "seconds": round(result.seconds, 3),
        }
        _replace(marker, json.dumps(made, ensure_ascii=False) + "\n")

    def counts(self, shard: Shard) -> tuple[int, int]:
        """(articles, errors) of a shard an earlier run completed."""
        made = _read_marker(self.files(shard)[2]) or {}
        return int(made.get("articles", 0)), int(made.get("errors", 0))


def _read_marker(path: Path) -> dict[str, Any] | None:
    try:
        made = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None  # none, or a damaged one: the shard is redone
    return made if isinstance(made, dict) and made.get("version") == MARKER_VERSION else None


def _replace(path: Path, text: str) -> None:
    temporary = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    try:
        temporary.write_text(text, encoding="utf-8", errors="backslashreplace", newline="\n")
        os.replace(temporary, path)
    except OSError as error:
        temporary.unlink(missing_ok=True)
        raise InputError(str(path), (error.strerror or str(error)).lower()) from None
