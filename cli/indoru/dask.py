"""indoru on Dask: summaries and term tables of a corpus on a cluster (``pip install
'indoru[dask]'``).

For Dask users, :func:`summarize_bag` and :func:`terms_bag` turn a bag of JSONL lines
(or of dicts) into a bag of records, the same records as ``indoru summarize --jsonl
-f jsonl`` writes; the glossary index travels to each worker once::

    import dask.bag as db
    from distributed import Client
    from indoru.dask import summarize_bag

    client = Client("tcp://scheduler:8786")          # or Client() on this machine
    lines = db.read_text("/shared/news/*.jsonl.gz")  # one partition per file
    summaries = summarize_bag(lines, sentences=3)
    summaries.filter(lambda r: "error" not in r).map(json.dumps).to_textfiles("out/*.jsonl")

A record that cannot be used becomes ``{"error": "bag[PARTITION]:LINE: problem"}``.
The command line's ``--engine dask`` runs shards through :func:`run_shards`.
"""

from __future__ import annotations

import json
import logging
import uuid
from collections.abc import Iterator, Sequence
from typing import TYPE_CHECKING, Any

from indoru.corpus import ShardFailed, ShardResult, process_shard
from indoru.legacy import MissingExtra
from indoru.pipeline import GlossarySource, Request, cached_index, index_bytes, shipped_index

if TYPE_CHECKING:
    import dask.bag

    from indoru.lookup import GlossaryIndex


def _distributed() -> Any:
    try:
        import distributed
    except ImportError:
        raise MissingExtra("--engine dask needs Dask: pip install 'indoru[dask]'") from None
    return distributed


def _shard_task(
    source: str, request: Request, digest: str, blob: bytes
) -> ShardResult | ShardFailed:
    """One shard on a worker, with the index it unpacks once (see shipped_index); a
    shard that cannot be read comes back as its message (an indoru error does not
    travel back as an exception: its constructor takes other arguments)."""
    from indoru.errors import IndoruError

    try:
        return process_shard(source, request, shipped_index(digest, blob))
    except IndoruError as error:
        return ShardFailed(source, str(error))


def connect(scheduler: str | None, workers: int) -> tuple[Any, Any]:
    """A client of the scheduler at ``scheduler``, or of a new local cluster of
    ``workers`` processes of one thread each; (client, cluster or None)."""
    distributed = _distributed()
    from indoru.errors import InputError

    if scheduler is None:
        cluster = distributed.LocalCluster(
            n_workers=workers,
            threads_per_worker=1,
            processes=True,
            dashboard_address=None,
            silence_logs=logging.ERROR,
        )
        return distributed.Client(cluster), cluster
    try:
        return distributed.Client(scheduler, timeout="15s"), None
    except (OSError, ValueError, TypeError) as error:
        reason = str(error).strip().splitlines()[0] if str(error).strip() else "no answer"
        raise InputError(f"Dask scheduler {scheduler}", f"cannot connect: {reason}") from None


def run_shards(
    client: Any, sources: Sequence[str], request: Request, index: GlossaryIndex
) -> Iterator[ShardResult | ShardFailed]:
    """Each shard on the cluster, as each completes (in any order). The index is sent
    to every worker once (scattered with broadcast); each shard's task gets a
    reference to it, never a copy. A shard whose worker dies is rescheduled by the
    scheduler; a shard that fails is yielded as :class:`ShardFailed`."""
    distributed = _distributed()
    digest, blob = index_bytes(index)
    shipped = client.scatter(blob, broadcast=True, hash=False)
    run = uuid.uuid4().hex[:8]
    futures = {
        client.submit(
            _shard_task, source, request, digest, shipped, key=f"indoru-{run}-{n}", pure=False
        ): source
        for n, source in enumerate(sources)
    }
    try:
        for future in distributed.as_completed(futures):
            source = futures[future]
            try:
                result: ShardResult | ShardFailed = future.result()
                yield result
            except Exception as error:  # raised on the worker, or the worker died too often
                message = str(error).strip().splitlines()[0] if str(error).strip() else ""
                yield ShardFailed(source, message or type(error).__name__)
            finally:
                future.release()
    finally:
        client.cancel(list(futures))


def worker_index_loads(client: Any) -> dict[str, int]:
    """How many indexes each worker process has loaded (1 after a run: once per worker)."""
    from indoru.pipeline import index_loads

    loads: dict[str, int] = client.run(index_loads)
    return loads


# --- the Python API ----------------------------------------------------------------------


def summarize_bag(
    bag: dask.bag.Bag,
    *,
    sentences: int | None = None,
    ratio: float | None = None,
    words: int | None = None,
    method: str = "default",
    style: str = "auto",
    text_field: str = "text",
    id_field: str = "id",
    title_field: str | None = "title",
    glossaries: Sequence[str] = (),
) -> dask.bag.Bag:
    """A bag of summary records (as ``indoru summarize --jsonl -f jsonl``) from a bag of
    JSONL lines or dicts; an article with nothing to summarise gives no record."""
    request = Request(
        sentences=sentences,
        ratio=ratio,
        words=words,
        method=method,
        style=style,
        text_field=text_field,
        id_field=id_field,
        title_field=title_field,
        glossary=GlossarySource.of(glossaries),
    )
    return _bag(bag, request)


def terms_bag(
    bag: dask.bag.Bag,
    *,
    text_field: str = "text",
    id_field: str = "id",
    glossaries: Sequence[str] = (),
) -> dask.bag.Bag:
    """A bag of term rows (as ``indoru terms --jsonl -f jsonl``) from a bag of JSONL
    lines or dicts."""
    request = Request(
        task="terms",
        text_field=text_field,
        id_field=id_field,
        glossary=GlossarySource.of(glossaries),
    )
    return _bag(bag, request)


def _bag(bag: dask.bag.Bag, request: Request) -> dask.bag.Bag:
    import dask.bag as db
    from dask.delayed import delayed

    digest, blob = index_bytes(cached_index(request.glossary))
    shipped = delayed(blob, pure=True)  # one key: each worker fetches it once
    parts = [
        delayed(_partition)(part, number, request, digest, shipped)
        for number, part in enumerate(bag.to_delayed())  # type: ignore[no-untyped-call]
    ]
    made: dask.bag.Bag = db.from_delayed(parts)  # type: ignore[no-untyped-call]
    return made


def _partition(
    items: Sequence[Any], number: int, request: Request, digest: str, blob: bytes
) -> list[dict[str, Any]]:
    from indoru.pipeline import Failed, job_of_line, run

    index = shipped_index(digest, blob)
    records: list[dict[str, Any]] = []
    for line, item in enumerate(items, start=1):
        where = f"bag[{number}]:{line}"
        if isinstance(item, dict):
            raw = json.dumps(item, ensure_ascii=False).encode("utf-8", "surrogatepass")
        elif isinstance(item, bytes):
            raw = item
        else:
            raw = str(item).encode("utf-8", "surrogatepass")
        if not raw.strip():
            continue
        result = run(job_of_line(raw, where, request), request, index)
        if isinstance(result, Failed):
            records.append({"error": result.message})
        else:
            records.extend(result.records)
    return records
