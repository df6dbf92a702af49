"""Shared fixtures: the seeds, their gold segmentations, and a CLI runner."""

from __future__ import annotations

import json
import os
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from indoru.app import run

ROOT = Path(__file__).resolve().parent.parent
SEEDS = sorted((ROOT / "seeds").glob("*.txt"))
GOLD = ROOT / "tests" / "gold"


def pytest_configure(config: pytest.Config) -> None:
    """The tests keep their glossary caches in a folder of their own, never the user's."""
    import tempfile

    os.environ["XDG_CACHE_HOME"] = tempfile.mkdtemp(prefix="indoru-test-cache-")


def read_seed(path: Path) -> str:
    return path.read_text(encoding="utf-8-sig", errors="strict").replace("\r\n", "\n")


def gold_spans(seed: Path) -> list[dict[str, object]]:
    with open(GOLD / f"{seed.stem}.jsonl", encoding="utf-8") as handle:
        return [json.loads(line) for line in handle]


@dataclass
class Result:
    exit_code: int
    stdout: str
    stderr: str


def run_cli(*args: str, input: bytes | str | None = None) -> Result:
    """Run indoru in-process, through the same top-level handler as the console script
    (so an error that would print a traceback fails the test), with stdout and stderr
    kept apart."""
    runner = CliRunner()
    with runner.isolation(input=input) as (out, err, *_):
        code = run(list(args))
        sys.stdout.flush()
        sys.stderr.flush()
        stdout, stderr = out.getvalue(), err.getvalue()
    return Result(code, stdout.decode("utf-8", "replace"), stderr.decode("utf-8", "replace"))


@pytest.fixture(params=SEEDS, ids=[seed.stem for seed in SEEDS])
def seed(request: pytest.FixtureRequest) -> Path:
    path: Path = request.param
    return path


def libc_wcwidth() -> Any:
    """The C library's wcwidth (what tmux, xterm and VTE draw by), or skip the test."""
    import ctypes
    import locale

    try:
        locale.setlocale(locale.LC_CTYPE, "C.UTF-8")
    except locale.Error:
        pytest.skip("no C.UTF-8 locale for the C library's wcwidth")
    function = ctypes.CDLL(None).wcwidth
    function.argtypes = [ctypes.c_wchar]
    function.restype = ctypes.c_int
    return function
