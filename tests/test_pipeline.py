"""The per-article pipeline that --jobs, Dask and the Python API share, and the index as
bytes (what a Dask client sends to each worker once)."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest

from indoru.batch import BadInput, Job
from indoru.lookup import index_from_bytes, index_to_bytes
from indoru.pipeline import (
    Failed,
    GlossarySource,
    Ok,
    Request,
    cached_index,
    run,
    shipped_index,
)
from indoru.pipeline import index_bytes as pipeline_index_bytes

from conftest import SEEDS, read_seed, run_cli


def test_the_index_as_bytes_gives_the_same_records_and_never_touches_the_cache(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    index = cached_index(GlossarySource.of())
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    blob = index_to_bytes(index)
    back = index_from_bytes(blob)
    assert not (tmp_path / "cache").exists()
    job = Job("seed", read_seed(SEEDS[0]))
    for request in (Request(sentences=2), Request(task="terms")):
        assert run(job, request, back) == run(job, request, index)
    with pytest.raises(ValueError, match="glossary index"):
        index_from_bytes(blob[:100])
    with pytest.raises(ValueError, match="damaged"):
        index_from_bytes(blob.replace(b"India", b"Indie", 1))


def test_a_shipped_index_is_unpacked_once_per_process_and_digest() -> None:
    digest, blob = pipeline_index_bytes(cached_index(GlossarySource.of()))
    first = shipped_index(digest, blob)
    assert shipped_index(digest, blob) is first
    assert shipped_index(digest + "-other", blob) is not first


def test_results_say_where_a_record_failed_and_why_an_article_gave_nothing() -> None:
    index = cached_index(GlossarySource.of())
    assert run(BadInput("c.jsonl:4: not JSON"), Request(), index) == Failed("c.jsonl:4: not JSON")
    empty = run(Job("e", "  \n", where="c.jsonl:5"), Request(), index)
    assert empty == Ok("e", (), "nothing to summarise (empty input)")
    (record,) = run(Job("a", read_seed(SEEDS[1])), Request(sentences=1), index).records  # type: ignore[union-attr]
    assert record["file"] == "a"
    assert len(record["sentences"]) == 1


def test_each_run_in_a_process_uses_the_glossary_as_it_is_now(tmp_path: Path) -> None:
    """The process-wide index is keyed by what it is made of: the same --glossary path
    with new content gives the new entries (keyed by the path, it gave the old ones)."""
    article = tmp_path / "a.txt"
    article.write_text(
        "हाइपरसोनिक हथियार पर चर्चा हुई। रूस ने हाइपरसोनिक हथियार दिखाया। यह नया है।\n",
        encoding="utf-8",
    )
    mine = tmp_path / "mine.tsv"
    seen = []
    for english in ("first gloss", "second gloss"):
        mine.write_text(f"हाइपरसोनिक हथियार\t{english}\n", encoding="utf-8")
        result = run_cli("summarize", str(article), "-g", str(mine), "-f", "json")
        (record,) = json.loads(result.stdout)
        seen.append({t["en"] for t in record["terms"]})
    assert "first gloss" in seen[0]
    assert "second gloss" in seen[1]


def test_the_glossary_of_the_environment_is_part_of_the_source(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    mine = tmp_path / "mine.tsv"
    mine.write_text("हाइपरसोनिक हथियार\tenvironment gloss\n", encoding="utf-8")
    plain = GlossarySource.of()
    monkeypatch.setenv("INDORU_GLOSSARY", str(mine))
    with_environment = GlossarySource.of()
    assert with_environment != plain
    assert with_environment.paths == (str(mine),)
    job = Job("a", "रूस ने हाइपरसोनिक हथियार दिखाया।\n")
    rows = run(job, Request(task="terms"), cached_index(with_environment))
    assert isinstance(rows, Ok)
    assert [r["en"] for r in rows.records] == ["Russia", "environment gloss"]


def test_without_the_dask_extra_the_engine_is_a_usage_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    shard = tmp_path / "a.jsonl"
    shard.write_text(json.dumps({"id": "a", "text": read_seed(SEEDS[0])}) + "\n", "utf-8")
    monkeypatch.setitem(sys.modules, "distributed", None)  # as if not installed
    monkeypatch.setitem(sys.modules, "fsspec", None)
    out = str(tmp_path / "out")
    dask = run_cli("summarize", "--jsonl", str(shard), "--engine", "dask", "--output-dir", out)
    assert (dask.exit_code, dask.stderr) == (
        2,
        "indoru: error: --engine dask needs Dask: pip install 'indoru[dask]'\n",
    )
    url = run_cli("terms", "--jsonl", "s3://bucket/a.jsonl", "--output-dir", out)
    assert (url.exit_code, url.stderr) == (
        2,
        "indoru: error: URLs as shards need fsspec: pip install 'indoru[dask]'\n",
    )
