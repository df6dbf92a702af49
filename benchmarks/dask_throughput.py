"""Corpus throughput (issue 11): serial, --jobs 2 and Dask with 2 workers, side by side.

    python benchmarks/dask_throughput.py [--articles 20000] [--shard-size 1000] [--small 2000]

A corpus of ``--articles`` articles is made from the seeds (each a seed cut at a different
paragraph, its paragraphs rotated, with an id), in shards of ``--shard-size`` articles.
Each engine summarises the whole corpus as a fresh ``indoru`` process (output to
/dev/null or to a fresh --output-dir), in one run, one after the other:

- serial: ``indoru summarize --jsonl SHARDS -f jsonl``
- ``--jobs 2``: the same on two processes
- Dask: ``--engine dask --scheduler ADDRESS --output-dir DIR`` against a ``dask
  scheduler`` and two ``dask worker --nthreads 1`` processes started beforehand (as on a
  cluster), so the cluster's start-up is not in the figure (it is given apart, as the
  time of a run with ``--engine dask -j 2`` and no scheduler on a small corpus).

The scheduler's overhead per article is the run's wall time less the workers' busy time
(the sum of the shards' own seconds, from the completion markers, over 2 workers), per
article; the overhead per task is also measured directly as the round trip of 200
no-op tasks with the same arguments as a shard's. Memory per worker is each worker
process's peak RSS after a run on ``--small`` articles and after one on ``--articles``,
each on a fresh cluster.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from _common import SEEDS, WORK, markdown_table


def make_corpus(folder: Path, articles: int, shard_size: int) -> list[Path]:
    texts = [path.read_text(encoding="utf-8") for path in SEEDS]
    folder.mkdir(parents=True, exist_ok=True)
    shards = []
    for start in range(0, articles, shard_size):
        path = folder / f"part-{start // shard_size:05d}.jsonl"
        with open(path, "w", encoding="utf-8") as handle:
            for number in range(start, min(start + shard_size, articles)):
                paragraphs = texts[number % len(texts)].split("\n")
                turn = (number // len(texts)) % max(len(paragraphs), 1)
                cut = (number // 7) % 4
                body = paragraphs[1:]
                body = body[turn % max(len(body), 1) :] + body[: turn % max(len(body), 1)]
                text = "\n".join([paragraphs[0], *body[: max(len(body) - cut, 1)]])
                record = {"id": f"n{number}", "text": text}
                handle.write(json.dumps(record, ensure_ascii=False) + "\n")
        shards.append(path)
    return shards


def _indoru(*args: str) -> float:
    start = time.perf_counter()
    subprocess.run(
        [sys.executable, "-m", "indoru", *args],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        check=False,
    )
    return time.perf_counter() - start


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


@contextmanager
def cluster(workers: int = 2) -> Iterator[str]:
    """A `dask scheduler` and ``workers`` one-thread `dask worker` processes."""
    from distributed import Client

    port = _free_port()
    address = f"tcp://127.0.0.1:{port}"
    dask = [sys.executable, "-m", "dask"]
    quiet: dict[str, Any] = {"stdout": subprocess.DEVNULL, "stderr": subprocess.DEVNULL}
    processes = [
        subprocess.Popen(
            [*dask, "scheduler", "--host", "127.0.0.1", "--port", str(port), "--no-dashboard"],
            **quiet,
        )
    ]
    for n in range(workers):
        worker = ["worker", address, "--nthreads", "1", "--no-nanny", "--name", f"w{n}"]
        worker += ["--host", "127.0.0.1", "--no-dashboard"]
        processes.append(subprocess.Popen([*dask, *worker], **quiet))
    try:
        with Client(address, timeout=60) as client:  # type: ignore[no-untyped-call]
            client.wait_for_workers(workers, timeout=60)
        yield address
    finally:
        for process in processes:
            process.send_signal(signal.SIGTERM)
        for process in processes:
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                process.kill()


def _peak_rss(address: str) -> list[float]:
    """Each worker's peak resident memory so far, in MB."""
    from distributed import Client

    def peak() -> float:
        import resource

        return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024

    with Client(address, timeout=60) as client:  # type: ignore[no-untyped-call]
        return sorted(round(value, 1) for value in client.run(peak).values())


def _task_round_trip(address: str, tasks: int = 200) -> float:
    """Seconds per task of no-op tasks given a shard task's arguments (a request and
    the scattered index), submitted all at once."""
    from distributed import Client, wait

    from indoru.pipeline import GlossarySource, Request, cached_index, index_bytes

    request = Request(glossary=GlossarySource.of())
    digest, blob = index_bytes(cached_index(request.glossary))

    def nothing(source: str, request: Request, digest: str, blob: bytes) -> int:
        return len(source)

    with Client(address, timeout=60) as client:  # type: ignore[no-untyped-call]
        shipped = client.scatter(blob, broadcast=True, hash=False)
        start = time.perf_counter()
        futures = [
            client.submit(nothing, f"s{n}", request, digest, shipped, pure=False)
            for n in range(tasks)
        ]
        wait(futures)  # type: ignore[no-untyped-call]
        return (time.perf_counter() - start) / tasks


def dask_run(address: str, shards: list[Path], out: Path) -> tuple[float, float]:
    """(wall seconds, the shards' own seconds summed) of one --engine dask run."""
    shutil.rmtree(out, ignore_errors=True)
    wall = _indoru(
        "summarize", "--jsonl", *map(str, shards), "--engine", "dask",
        "--scheduler", address, "--output-dir", str(out),
    )  # fmt: skip
    busy = sum(
        json.loads(marker.read_text(encoding="utf-8"))["seconds"] for marker in out.glob("*.done")
    )
    assert len(list(out.glob("*.done"))) == len(shards), "a shard was not done"
    return wall, busy


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--articles", type=int, default=20_000)
    parser.add_argument("--small", type=int, default=2_000)
    parser.add_argument("--shard-size", type=int, default=1_000)
    parser.add_argument(
        "--dask-only", action="store_true", help="only the Dask runs (linearity, memory)"
    )
    args = parser.parse_args()
    work = WORK / "dask"
    shutil.rmtree(work, ignore_errors=True)
    big = make_corpus(work / "big", args.articles, args.shard_size)
    small = make_corpus(work / "small", args.small, args.shard_size)
    os.environ.setdefault("XDG_CACHE_HOME", str(work / "cache"))
    _indoru("summarize", "--jsonl", str(small[0]), "-f", "jsonl")  # the index cache, warm

    n, m = args.articles, args.small
    print(f"{n:,} articles in {len(big)} shards of {args.shard_size:,}\n")
    if not args.dask_only:
        serial = _indoru("summarize", "--jsonl", *map(str, big), "-f", "jsonl")
        jobs = _indoru("summarize", "--jsonl", *map(str, big), "-f", "jsonl", "--jobs", "2")
    with cluster() as address:
        wall, busy = dask_run(address, big, work / "out-big")
        memory_big = _peak_rss(address)
        per_task = _task_round_trip(address)
    with cluster() as address:
        small_wall, small_busy = dask_run(address, small, work / "out-small")
        memory_small = _peak_rss(address)
    if not args.dask_only:
        shutil.rmtree(work / "out-local", ignore_errors=True)
        local = _indoru(
            "summarize", "--jsonl", *map(str, small), "--engine", "dask", "--jobs", "2",
            "--output-dir", str(work / "out-local"),
        )  # fmt: skip
        rows = [
            ["serial", f"{serial:.1f}", f"{n / serial:.0f}", "1.00"],
            ["--jobs 2", f"{jobs:.1f}", f"{n / jobs:.0f}", f"{serial / jobs:.2f}"],
            ["Dask, 2 workers", f"{wall:.1f}", f"{n / wall:.0f}", f"{serial / wall:.2f}"],
        ]
        print(markdown_table(["engine", "seconds", "articles/s", "× serial"], rows))
        print(
            f"\n--engine dask -j 2 without --scheduler (a local cluster started and stopped), "
            f"{m:,} articles: {local:.1f} s"
        )
    overhead = max(wall - busy / 2, 0.0)
    print(
        f"Dask: workers busy {busy:.1f} s of 2 × {wall:.1f} s; overhead "
        f"{overhead:.1f} s = {overhead / n * 1000:.2f} ms per article; a no-op task's "
        f"round trip {per_task * 1000:.1f} ms"
    )
    print(
        f"linearity: Dask on {m:,} articles {small_wall:.1f} s ({m / small_wall:.0f}/s, "
        f"{small_busy / m * 1000:.1f} ms of a worker per article), on {n:,} {wall:.1f} s "
        f"({n / wall:.0f}/s, {busy / n * 1000:.1f} ms per article)"
    )
    print(f"peak RSS per worker: {m:,} articles {memory_small} MB, {n:,} articles {memory_big} MB")


if __name__ == "__main__":
    main()
