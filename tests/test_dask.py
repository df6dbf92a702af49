"""Corpus runs on Dask, on this machine as on a cluster: a `dask scheduler` and two
`dask worker` processes on loopback, started and stopped here."""

from __future__ import annotations

import gzip
import importlib
import json
import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from conftest import SEEDS, read_seed, run_cli

distributed = pytest.importorskip("distributed", reason="needs indoru[dask] (the test extra)")

TIMEOUT = 60  # no step of these tests waits longer than this


@dataclass
class Cluster:
    address: str
    scheduler: subprocess.Popen[bytes]
    workers: list[subprocess.Popen[bytes]]


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


def _start(args: list[str], log: Path) -> subprocess.Popen[bytes]:
    with open(log, "ab") as handle:
        return subprocess.Popen(
            [sys.executable, "-m", "dask", *args],
            stdin=subprocess.DEVNULL,
            stdout=handle,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )


def _stop(process: subprocess.Popen[bytes]) -> None:
    if process.poll() is None:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=10)


def _cluster(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Cluster]:
    """A scheduler and two one-thread workers, as separate processes (no nanny: a
    killed worker stays dead, as a lost machine does)."""
    logs = tmp_path_factory.mktemp("dask-logs")
    port = _free_port()
    address = f"tcp://127.0.0.1:{port}"
    scheduler = _start(
        ["scheduler", "--host", "127.0.0.1", "--port", str(port), "--no-dashboard"],
        logs / "scheduler.log",
    )
    workers: list[subprocess.Popen[bytes]] = []
    try:
        for name in ("w1", "w2"):
            worker_args = ["worker", address, "--nthreads", "1", "--no-nanny", "--name", name]
            worker_args += ["--host", "127.0.0.1", "--no-dashboard"]
            workers.append(_start(worker_args, logs / f"{name}.log"))
        with distributed.Client(address, timeout=TIMEOUT) as client:
            client.wait_for_workers(2, timeout=TIMEOUT)
        yield Cluster(address, scheduler, workers)
    finally:
        for process in [*workers, scheduler]:
            _stop(process)


@pytest.fixture(scope="module")
def cluster(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Cluster]:
    """One cluster for the tests that leave it whole."""
    yield from _cluster(tmp_path_factory)


@pytest.fixture
def own_cluster(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Cluster]:
    """A cluster of its own, for a test that kills one of its workers."""
    yield from _cluster(tmp_path_factory)


def _corpus(folder: Path, shards: int, per_shard: int, *, bad: bool = True) -> list[Path]:
    """Shards of seed articles, varied (cut at different paragraphs), with ids; with
    ``bad``, shard 0 line 3 is not JSON and shard 1 line 2 has no text; the last shard
    is gzip-compressed."""
    texts = [read_seed(seed) for seed in SEEDS]
    paths = []
    for shard in range(shards):
        lines = []
        for number in range(per_shard):
            text = texts[(shard * 7 + number) % len(texts)]
            paragraphs = text.split("\n")
            cut = (shard + number) % 4
            text = "\n".join(
                paragraphs[cut:] if number % 2 else paragraphs[: len(paragraphs) - cut]
            )
            lines.append(json.dumps({"id": f"a{shard}-{number}", "text": text}, ensure_ascii=False))
        if bad and shard == 0:
            lines[2] = "{not json"
        if bad and shard == 1:
            lines[1] = json.dumps({"id": "no-text", "body": "…"})
        data = "".join(line + "\n" for line in lines).encode("utf-8")
        if shard == shards - 1:
            path = folder / f"part-{shard:02d}.jsonl.gz"
            path.write_bytes(gzip.compress(data))
        else:
            path = folder / f"part-{shard:02d}.jsonl"
            path.write_bytes(data)
        paths.append(path)
    return paths


def _outputs(folder: Path, shards: list[Path], kind: str = "jsonl") -> str:
    names = [p.name.removesuffix(".gz").removesuffix(".jsonl") for p in shards]
    return "".join((folder / f"{name}.{kind}").read_text(encoding="utf-8") for name in names)


def _indoru(*args: str) -> subprocess.Popen[bytes]:
    return subprocess.Popen(
        [sys.executable, "-m", "indoru", *args],
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )


def _wait_for_markers(folder: Path, count: int, process: subprocess.Popen[bytes]) -> None:
    deadline = time.monotonic() + TIMEOUT
    while len(list(folder.glob("*.done"))) < count:
        assert process.poll() is None, process.communicate()
        assert time.monotonic() < deadline, "no shard was completed in time"
        time.sleep(0.05)


def _loads(address: str) -> dict[str, int]:
    from indoru.dask import worker_index_loads

    with distributed.Client(address, timeout=TIMEOUT) as client:
        return worker_index_loads(client)


def test_dask_output_equals_serial_and_bad_records_land_in_the_errors_file(
    cluster: Cluster, tmp_path: Path
) -> None:
    shards = _corpus(tmp_path, shards=5, per_shard=6)
    out = tmp_path / "out"
    serial = run_cli("summarize", "--jsonl", *map(str, shards), "-f", "jsonl")
    assert serial.exit_code == 3  # the two bad records
    pattern = str(tmp_path / "part-*")
    done = run_cli(
        "summarize", "--jsonl", pattern, "--engine", "dask", "--scheduler", cluster.address,
        "--output-dir", str(out),
    )  # fmt: skip
    assert done.exit_code == 3, done.stderr
    assert _outputs(out, shards) == serial.stdout  # record for record, in order
    assert len(serial.stdout.splitlines()) == 5 * 6 - 2
    assert (out / "part-00.errors").read_text(encoding="utf-8") == (
        f"{shards[0]}:3: not JSON (Expecting property name enclosed in double quotes at column 2)\n"
    )
    assert (out / "part-01.errors").read_text(encoding="utf-8") == (
        f"{shards[1]}:2: field 'text' is missing\n"
    )
    assert (out / "part-02.errors").read_text(encoding="utf-8") == ""
    marker = json.loads((out / "part-04.done").read_text(encoding="utf-8"))
    assert (marker["source"], marker["articles"], marker["errors"]) == (str(shards[4]), 6, 0)
    (summary,) = done.stderr.splitlines()[-1:]
    assert summary.startswith("indoru: 30 articles, 2 errors (in ")
    assert summary.endswith("articles/s (5 shards)")

    terms_serial = run_cli("terms", "--jsonl", *map(str, shards), "-f", "jsonl")
    terms = run_cli(
        "terms", "--jsonl", pattern, "--engine", "dask", "--scheduler", cluster.address,
        "--output-dir", str(tmp_path / "terms"),
    )  # fmt: skip
    assert terms.exit_code == 3
    assert _outputs(tmp_path / "terms", shards) == terms_serial.stdout
    assert terms_serial.stdout.count("\n") > 100

    # 10 shards on 2 workers, the index unpacked once by each (not once per task), and
    # not again for the second command with the same glossary
    assert sorted(_loads(cluster.address).values()) == [1, 1]


def test_a_worker_killed_mid_run_loses_and_duplicates_no_record(
    own_cluster: Cluster, tmp_path: Path
) -> None:
    cluster = own_cluster
    shards = _corpus(tmp_path, shards=8, per_shard=8, bad=False)
    out = tmp_path / "out"
    run = _indoru(
        "summarize", "--jsonl", *map(str, shards), "--engine", "dask",
        "--scheduler", cluster.address, "--output-dir", str(out),
    )  # fmt: skip
    try:
        _wait_for_markers(out, 1, run)  # shards are in flight on both workers
        os.kill(cluster.workers[0].pid, signal.SIGKILL)
        _, stderr = run.communicate(timeout=TIMEOUT)
    finally:
        if run.poll() is None:
            run.kill()
    assert run.returncode == 0, stderr
    assert len(list(out.glob("*.done"))) == 8
    expected = run_cli("summarize", "--jsonl", *map(str, shards), "-f", "jsonl").stdout
    got = _outputs(out, shards)
    assert got == expected
    ids = [json.loads(line)["file"] for line in got.splitlines()]
    assert len(ids) == len(set(ids)) == 8 * 8


def test_an_interrupted_run_restarted_redoes_only_the_unfinished_shards(
    cluster: Cluster, tmp_path: Path
) -> None:
    shards = _corpus(tmp_path, shards=8, per_shard=8, bad=False)
    out = tmp_path / "out"
    args = ["summarize", "--jsonl", *map(str, shards), "--engine", "dask"]
    args += ["--scheduler", cluster.address, "--output-dir", str(out)]
    first = _indoru(*args)
    try:
        _wait_for_markers(out, 2, first)
    finally:
        first.send_signal(signal.SIGINT)  # Ctrl-C
        first.communicate(timeout=TIMEOUT)
    assert first.returncode == 130
    before = {p.name: p.stat().st_mtime_ns for p in out.glob("*.done")}
    assert 2 <= len(before) < 8  # interrupted with shards left to do
    time.sleep(0.02)  # a rewritten file would get another time
    again = run_cli(*args)
    assert again.exit_code == 0, again.stderr
    after = {p.name: p.stat().st_mtime_ns for p in out.glob("*.done")}
    assert len(after) == 8
    assert {name: after[name] for name in before} == before  # finished shards untouched
    redone = 8 - len(before)
    shards_redone = f"{redone} shard{'' if redone == 1 else 's'}"
    assert again.stderr.rstrip().endswith(f"({shards_redone}, {len(before)} already done)")
    expected = run_cli("summarize", "--jsonl", *map(str, shards), "-f", "jsonl").stdout
    assert _outputs(out, shards) == expected


def test_the_python_api_gives_the_records_of_the_command(cluster: Cluster, tmp_path: Path) -> None:
    from indoru.dask import summarize_bag, terms_bag

    db: Any = importlib.import_module("dask.bag")  # untyped: used as Dask users do

    shards = _corpus(tmp_path, shards=3, per_shard=4, bad=False)[:2]  # plain JSONL
    expected = run_cli("summarize", "--jsonl", *map(str, shards), "-n", "2", "-f", "jsonl")
    expected_terms = run_cli("terms", "--jsonl", *map(str, shards), "-f", "jsonl")
    with distributed.Client(cluster.address, timeout=TIMEOUT):
        lines = db.read_text([str(p) for p in shards])
        summaries: Any = summarize_bag(lines, sentences=2)
        terms: Any = terms_bag(lines.map(json.loads))  # dicts as well as lines
        bad: Any = summarize_bag(db.from_sequence(['{"id": 1}'], npartitions=1))
        records, rows, broken = summaries.compute(), terms.compute(), bad.compute()
    assert [json.dumps(r, ensure_ascii=False) for r in records] == expected.stdout.splitlines()
    assert [json.dumps(r, ensure_ascii=False) for r in rows] == expected_terms.stdout.splitlines()
    assert broken == [{"error": "bag[0]:1: field 'text' is missing"}]


# --- without a cluster ---------------------------------------------------------------------


def test_a_local_run_writes_the_same_folder(tmp_path: Path) -> None:
    shards = _corpus(tmp_path, shards=3, per_shard=3)
    serial = run_cli("summarize", "--jsonl", *map(str, shards), "-f", "jsonl")
    done = run_cli("summarize", "--jsonl", str(tmp_path), "--output-dir", str(tmp_path / "o"))
    assert done.exit_code == 3
    assert _outputs(tmp_path / "o", shards) == serial.stdout
    assert sorted(p.name for p in (tmp_path / "o").iterdir()) == [
        f"part-{n:02d}.{kind}" for n in range(3) for kind in ("done", "errors", "jsonl")
    ]
    terms = run_cli("terms", "--jsonl", *map(str, shards), "-f", "jsonl")
    assert terms.stdout.count("\n") > 50
    assert run_cli("terms", "--jsonl", *map(str, shards), "-f", "jsonl", "-j", "2") == terms
    again = run_cli("summarize", "--jsonl", str(tmp_path), "--output-dir", str(tmp_path / "o"))
    assert again.exit_code == 0
    assert again.stderr == f"indoru: 3 shards already done in {tmp_path / 'o'}: nothing to do\n"
    other = run_cli(
        "summarize", "--jsonl", str(tmp_path), "-n", "1", "--output-dir", str(tmp_path / "o")
    )
    assert other.exit_code == 2
    assert "with other options: add --overwrite" in other.stderr


def test_a_shard_that_cannot_be_read_is_not_marked_done(tmp_path: Path) -> None:
    (good,) = _corpus(tmp_path, shards=1, per_shard=2, bad=False)
    gone = tmp_path / "gone.jsonl"
    gone.symlink_to(tmp_path / "nowhere.jsonl")  # listed, then unreadable
    out = tmp_path / "o"
    done = run_cli("summarize", "--jsonl", str(good), str(gone), "--output-dir", str(out))
    assert done.exit_code == 3
    assert done.stderr.splitlines()[0] == f"indoru: error: {gone}: no such file"
    # the summary line counts it too, and says what to do
    assert done.stderr.splitlines()[-1].endswith("(2 shards, 1 not read: run again to retry)")
    assert sorted(p.name for p in out.glob("*.done")) == ["part-00.done"]  # tried again next run


def test_shards_as_fsspec_urls(tmp_path: Path) -> None:
    shards = _corpus(tmp_path, shards=2, per_shard=3)  # the second gzip-compressed
    serial = run_cli("summarize", "--jsonl", *map(str, shards), "-f", "jsonl")
    url = f"file://{tmp_path}/part-*"
    done = run_cli("summarize", "--jsonl", url, "--output-dir", str(tmp_path / "o"))
    assert done.exit_code == 3
    assert _outputs(tmp_path / "o", shards) == serial.stdout
    assert (
        (tmp_path / "o" / "part-00.errors")
        .read_text(encoding="utf-8")
        .startswith(f"file://{shards[0]}:3: not JSON")
    )
    unknown = run_cli("summarize", "--jsonl", "nosuch://x/*.jsonl", "--output-dir", "o")
    assert (unknown.exit_code, unknown.stderr) == (
        3,
        "indoru: error: nosuch://x/*.jsonl: Protocol not known: nosuch\n",
    )


@pytest.mark.parametrize(
    ("args", "problem"),
    [
        (["--output-dir", "o", "seeds"], "--output-dir takes JSONL shards: add --jsonl"),
        (["--jsonl", "--engine", "dask", "x.jsonl"], "--engine dask writes one output per"),
        (["--jsonl", "--scheduler", "tcp://h:8786", "x.jsonl"], "--scheduler and --overwrite"),
    ],
)
def test_corpus_options_out_of_place_are_usage_errors(args: list[str], problem: str) -> None:
    for command in ("summarize", "terms"):
        result = run_cli(command, *args)
        assert result.exit_code == 2
        assert problem in " ".join(result.stderr.split())
