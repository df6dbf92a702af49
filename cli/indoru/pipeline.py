"""One article in, one result out: the unit of work that ``--jobs N``, Dask and the Python
API all call, so that they give the same records.

A :class:`Request` says what to make (a summary or a term table) and how; a
:class:`~indoru.batch.Job` is one article (its label, text and headline); :func:`run`
makes its :data:`Result` with the glossary index given explicitly: :class:`Ok` (the
records, and a note when the article was empty) or :class:`Failed` (``file:line:
problem``). Nothing here prints, reads files or keeps state, except the per-process
caches of the index (:func:`cached_index`, :func:`shipped_index`), each keyed by what the
index is made of.

    >>> from indoru.pipeline import Request, run
    >>> from indoru.batch import Job
    >>> request = Request(sentences=1)
    >>> result = run(Job("a", "रूस ने मिसाइल दी। भारत ने ली।"), request, request.glossary.load())
"""

from __future__ import annotations

import threading
import zlib
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, NamedTuple, Union

from indoru.batch import BadInput, Job
from indoru.errors import IndoruError
from indoru.render import Record

if TYPE_CHECKING:
    from indoru.lookup import GlossaryIndex
    from indoru.terms import TermCount

TASKS = ("summarize", "terms")


class GlossarySource(NamedTuple):
    """What a glossary index is made of: the user glossaries (those of $INDORU_GLOSSARY,
    then those of ``--glossary``, as they were when the request was made) and the stamp
    of the data, the code and those files' content. Two sources are equal only when
    their indexes are."""

    paths: tuple[str, ...] = ()
    stamp: str = ""

    @classmethod
    def of(cls, paths: Sequence[str] = ()) -> GlossarySource:
        """The source of the built-in glossary with $INDORU_GLOSSARY's and ``paths``;
        InputError when one of them cannot be read."""
        from indoru.store import index_stamp, user_files

        users = user_files(paths)
        return cls(tuple(str(path) for path in users), index_stamp(users))

    def load(self) -> GlossaryIndex:
        """The index (from the user's cache when it is there), with the tables this
        module's work needs already built."""
        from indoru.store import load_index

        _count_load()
        index = load_index(self.paths, from_environment=False)
        index.table("trie")  # what summaries and term tables scan with
        return index


@dataclass(frozen=True)
class Request:
    """What to make of each article, and how (picklable, small: sent with each task)."""

    task: str = "summarize"  # or "terms"
    # summaries: one length at most (none: a quarter of the article, 3 to 7 sentences)
    sentences: int | None = None
    ratio: float | None = None
    words: int | None = None
    method: str = "default"  # default, textrank or lead
    style: str = "auto"  # auto, news or essay
    lead_features: bool = True
    explain: bool = False
    title: str | None = None  # the headline of every article that has none of its own
    # JSONL records
    text_field: str = "text"
    id_field: str = "id"
    title_field: str | None = "title"  # "title" also tries heading and headline
    legacy: str | None = None  # convert from this legacy font encoding (krutidev)
    glossary: GlossarySource = field(default_factory=GlossarySource)
    # --format html: each summary record also carries its article whole, every sentence
    # with its terms (see summary_record)
    reading: bool = False

    def __post_init__(self) -> None:
        if self.task not in TASKS:
            raise ValueError(f"task {self.task!r} is not one of {', '.join(TASKS)}")

    def digest(self) -> str:
        """A short digest of everything that shapes the records (the output folder's
        completion markers keep it, so a rerun with other options is noticed)."""
        text = repr(self).encode("utf-8", "surrogateescape")
        return f"{zlib.crc32(text):08x}{zlib.adler32(text):08x}"


class Ok(NamedTuple):
    """An article's records (a summary, or one row per term; none when it was empty),
    with the reason when it gave none."""

    label: str
    records: tuple[Record, ...]
    note: str | None = None  # "nothing to summarise (empty input)"


class Failed(NamedTuple):
    """An article that could not be used: ``file:line: problem``."""

    message: str


Result = Union[Ok, Failed]  # noqa: UP007 -- a runtime alias on Python 3.10 too


def run(job: Job | BadInput, request: Request, index: GlossaryIndex) -> Result:
    """The result of one article: the one function every engine calls."""
    if isinstance(job, BadInput):
        return Failed(job.message)
    try:
        if request.task == "terms":
            return _terms(job, index)
        return _summary(job, request, index)
    except IndoruError as error:
        return Failed(f"{job.where or job.label}: {error}")


def job_of_line(raw: bytes, where: str, request: Request) -> Job | BadInput:
    """A JSONL line (``where``: ``file:line``) as a job, or what is wrong with it."""
    from indoru.batch import jsonl_record

    job = jsonl_record(raw, where, request.text_field, request.id_field, request.title_field)
    if request.legacy and isinstance(job, Job):
        convert = _converter(request.legacy)
        title = convert(job.title) if job.title is not None else None
        job = Job(job.label, convert(job.text), title, job.where)
    return job


def _converter(font: str) -> Any:
    from indoru.legacy import legacy_converter

    return legacy_converter(font)


def _summary(job: Job, request: Request, index: GlossaryIndex) -> Ok:
    from indoru.segment import split_sentences
    from indoru.summarizer import detect_language, summarize_spans

    summary = summarize_spans(
        split_sentences(job.text),
        detect_language(job.text),
        sentences=request.sentences,
        ratio=request.ratio,
        words=request.words,
        method=request.method,
        glossary=index,
        title=job.title or request.title,
        text=job.text,
        style=request.style,
        lead_features=request.lead_features,
        explain=request.explain,
        every_sentence=request.reading,
    )
    record = summary_record(job.label, summary, texts=[(job.label, job.text, summary.title)])
    if not record["sentences"]:
        return Ok(job.label, (), "nothing to summarise (empty input)")
    return Ok(job.label, (record,))


def summary_record(
    label: str,
    summary: Any,
    with_source: bool = False,
    texts: Sequence[tuple[str, str, str | None]] = (),
) -> Record:
    """The one record of a summary that every view is made from: the chosen sentences,
    each with its glossary terms marked, and the summary's term rows; for a reading view
    (the summary made with ``every_sentence``), also each article whole: ``texts`` gives
    each article's (label, text, headline)."""
    sentences = []
    for s in summary.sentences:
        sentence: Record = {"file": s.source} if with_source else {}
        sentence.update(
            index=s.index, start=s.start, end=s.end, text=s.text, score=s.score, terms=list(s.terms)
        )
        if s.explain is not None:
            sentence["explain"] = s.explain
        sentences.append(sentence)
    record: Record = {
        "file": label,
        "language": summary.language,
        "title": summary.title,
        "sentences": sentences,
        "terms": [
            {"id": t.id, "hi": t.hi, "en": t.en, "category": t.category, "count": t.count}
            for t in summary.terms
        ],
    }
    if summary.articles is not None:
        _reading_fields(record, summary, texts)
    return record


def _reading_fields(
    record: Record, summary: Any, texts: Sequence[tuple[str, str, str | None]]
) -> None:
    """What a page of the whole text needs besides the summary: each term's definition,
    and each article with every span (chosen or not, the headline or not) and its term
    marks, the very mark records of the chosen sentences."""
    for row, term in zip(record["terms"], summary.terms, strict=True):
        row["definition"] = term.definition
    record["articles"] = [
        {
            "file": label,
            "title": title,
            "text": text,
            "sentences": [
                {
                    "index": s.index,
                    "start": s.start,
                    "end": s.end,
                    "kind": s.kind,
                    "chosen": s.chosen,
                    "headline": s.headline,
                    "terms": list(s.terms),
                }
                for s in spans
            ],
        }
        for (label, text, title), spans in zip(texts, summary.articles, strict=True)
    ]


def _terms(job: Job, index: GlossaryIndex) -> Ok:
    from indoru.segment import iter_spans
    from indoru.terms import TermScanner, count_terms

    scanner = TermScanner.shared(index)
    lines = job.text.splitlines(keepends=True)
    rows = count_terms(scanner.scan(iter_spans(lines, find_duplicates=False)))
    note = None if job.text.strip() else "empty input, no terms"
    return Ok(job.label, tuple(term_record(job.label, row) for row in rows), note)


def term_record(label: str, row: TermCount) -> Record:
    """One row of a term table (`indoru terms`)."""
    return {
        "file": label,
        "id": row.entry.id,
        "en": row.entry.en,
        "hi": row.entry.hi,
        "category": row.entry.category,
        "count": row.count,
        "uncertain": row.uncertain,
        "forms": row.forms,
        "sentence_indices": row.sentences,
        "en_variants": list(row.entry.en_variants),
        "hi_variants": list(row.entry.hi_variants),
        "definition": row.entry.definition,
    }


# --- the index in a process: loaded once per glossary source, or once per shipped copy ----

_LOCK = threading.Lock()  # a Dask worker may run several tasks on threads at once
_INDEXES: dict[GlossarySource, GlossaryIndex] = {}
_SHIPPED: dict[str, GlossaryIndex] = {}
_LOADS = [0]  # indexes loaded or unpacked in this process (the tests count them)


def _count_load() -> None:
    _LOADS[0] += 1


def index_loads() -> int:
    """How many indexes this process has loaded or unpacked (once per worker is right)."""
    return _LOADS[0]


def cached_index(source: GlossarySource) -> GlossaryIndex:
    """This process's index of ``source``: loaded once, never another source's (an
    embedding program that runs with several glossaries gets each its own)."""
    with _LOCK:
        if source not in _INDEXES:
            _INDEXES[source] = source.load()
        return _INDEXES[source]


def run_cached(task: tuple[Job | BadInput, Request]) -> Result:
    """:func:`run` with this process's index of the request's glossary (``--jobs``)."""
    job, request = task
    return run(job, request, cached_index(request.glossary))


def index_bytes(index: GlossaryIndex) -> tuple[str, bytes]:
    """The index as bytes to send to other processes once, with its digest (the key
    under which each process keeps its copy); the tables a run needs are built first."""
    from indoru.lookup import index_to_bytes

    index.table("trie")
    blob = index_to_bytes(index)
    return f"{zlib.crc32(blob):08x}{zlib.adler32(blob):08x}-{len(blob)}", blob


def shipped_index(digest: str, blob: bytes) -> GlossaryIndex:
    """The index of :func:`index_bytes`, unpacked once per process and digest."""
    with _LOCK:
        index = _SHIPPED.get(digest)
        if index is None:
            from indoru.lookup import index_from_bytes

            _count_load()
            index = _SHIPPED[digest] = index_from_bytes(blob)
        return index
