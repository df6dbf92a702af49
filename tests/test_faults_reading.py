"""Issue 8, the reading side: false refusals, JSONL records that broke a batch, unreadable
sub-folders skipped in silence, encodings misnamed; and property tests over the reader and
the JSONL record reader."""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

import pytest

from indoru import batch
from indoru.errors import ExitCode

from conftest import ROOT, run_cli

SEED_001 = ROOT / "seeds" / "putin-delhi-visit-2021.txt"


def _records(stdout: str) -> list[dict[str, Any]]:
    return [json.loads(line) for line in stdout.splitlines()]


def _errors(stderr: str) -> list[str]:
    lines = stderr.strip().splitlines()
    assert all(line.startswith("indoru: error: ") for line in lines), stderr
    assert "Traceback" not in stderr
    return lines


# --- JSONL records (defect 4, reader side; defect 15, a BOM on a later line) ----------------


def _corpus(tmp_path: Path, lines: list[str | bytes]) -> Path:
    corpus = tmp_path / "corpus.jsonl"
    corpus.write_bytes(b"".join((x if isinstance(x, bytes) else x.encode()) + b"\n" for x in lines))
    return corpus


def _good(ident: str, text: str = "भारत और रूस ने समझौता किया।") -> str:
    return json.dumps({"id": ident, "text": text}, ensure_ascii=False)


@pytest.mark.parametrize("depth", [995, 1000, 100_000])
def test_a_deeply_nested_record_is_reported_and_the_batch_goes_on(
    tmp_path: Path, depth: int
) -> None:
    deep = '{"id": "deep", "text": "x", "meta": ' + "[" * depth + "]" * depth + "}"
    corpus = _corpus(tmp_path, [_good("a"), deep, "[" * depth, _good("b")])
    result = run_cli("summarize", "--jsonl", str(corpus), "-f", "jsonl")
    assert result.exit_code == ExitCode.INPUT
    assert [r["file"] for r in _records(result.stdout)] == ["a", "b"]
    errors = _errors(result.stderr)
    assert len(errors) == 2
    assert f"{corpus}:2: JSON nested too deeply" in errors[0]
    assert f"{corpus}:3: " in errors[1]


@pytest.mark.parametrize(
    ("record", "field", "column"),
    [
        ('{"id": "s1", "text": "भारत \\ud800 रूस।"}', "text", 5),
        ('{"id": "s2", "text": "भारत \\udfff"}', "text", 5),
        ('{"id": "bad\\udc80id", "text": "भारत और रूस।"}', "id", 3),
    ],
)
def test_a_lone_surrogate_refuses_its_record_with_file_and_line(
    tmp_path: Path, record: str, field: str, column: int
) -> None:
    corpus = _corpus(tmp_path, [_good("a"), record, _good("b")])
    for fmt in ("jsonl", "text", "tsv", "json"):
        result = run_cli("summarize", "--jsonl", str(corpus), "-f", fmt)
        assert result.exit_code == ExitCode.INPUT, (fmt, result.stderr)
        (error,) = _errors(result.stderr)
        assert f"{corpus}:2: field {field!r} has a lone surrogate" in error
        assert f"at character {column}" in error
    records = _records(run_cli("summarize", "--jsonl", str(corpus), "-f", "jsonl").stdout)
    assert [r["file"] for r in records] == ["a", "b"]


def test_a_surrogate_pair_escaped_in_json_is_an_ordinary_character(tmp_path: Path) -> None:
    corpus = _corpus(tmp_path, ['{"id": "emoji", "text": "भारत \\ud83d\\ude4f रूस।"}'])
    result = run_cli("summarize", "--jsonl", str(corpus), "-f", "jsonl")
    assert result.exit_code == ExitCode.OK, result.stderr
    assert "🙏" in _records(result.stdout)[0]["sentences"][0]["text"]


def test_a_bom_is_accepted_on_every_line_as_on_the_first(tmp_path: Path) -> None:
    """``cat a.jsonl b.jsonl`` of files saved with a BOM puts one on a later line."""
    bom = b"\xef\xbb\xbf"
    corpus = _corpus(tmp_path, [bom + _good("a").encode(), bom + _good("b").encode(), bom])
    result = run_cli("summarize", "--jsonl", str(corpus), "-f", "jsonl")
    assert result.exit_code == ExitCode.OK, result.stderr
    assert [r["file"] for r in _records(result.stdout)] == ["a", "b"]
    assert result.stderr == ""


# --- folders (defect 11) -----------------------------------------------------------------


def test_an_unreadable_sub_folder_is_reported_and_the_rest_summarised(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    text = SEED_001.read_text("utf-8")
    (tmp_path / "a.txt").write_text(text, encoding="utf-8")
    (tmp_path / "locked").mkdir()
    (tmp_path / "locked" / "hidden.txt").write_text(text, encoding="utf-8")
    (tmp_path / "locked" / "deeper").mkdir()
    (tmp_path / "z").mkdir()
    (tmp_path / "z" / "last.txt").write_text(text, encoding="utf-8")
    locked = str(tmp_path / "locked")
    real_scandir = os.scandir

    def scandir(path: Any = ".") -> Any:  # tests run as root, where chmod 000 stops nothing
        if os.fspath(path) == locked:
            raise PermissionError(13, "Permission denied", os.fspath(path))
        return real_scandir(path)

    monkeypatch.setattr(os, "scandir", scandir)
    result = run_cli("summarize", str(tmp_path), "-f", "jsonl")
    assert result.exit_code == ExitCode.INPUT
    assert _errors(result.stderr) == [f"indoru: error: {locked}: permission denied"]
    files = [r["file"] for r in _records(result.stdout)]
    assert files == [str(tmp_path / "a.txt"), str(tmp_path / "z" / "last.txt")]


def test_the_walk_keeps_the_order_and_labels_of_before(tmp_path: Path) -> None:
    for name in ["b/two.txt", "a.txt", "b/c/three.txt", "b.txt", ".hidden.txt", "x.md", "d/"]:
        path = tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        if name.endswith("/"):
            path.mkdir(exist_ok=True)
        else:
            path.write_text("x", encoding="utf-8")
    (tmp_path / "loop").symlink_to(tmp_path)  # a link to a folder is not followed
    (tmp_path / "link.txt").symlink_to(tmp_path / "a.txt")  # a link to a file is read
    before = sorted(str(p) for p in tmp_path.rglob("*.txt") if p.is_file())
    assert list(batch.expand([str(tmp_path) + "/"])) == before
    assert list(batch.expand([str(tmp_path / "d")])) == [
        batch.BadInput(f"{tmp_path / 'd'}: no *.txt files in this folder")
    ]
