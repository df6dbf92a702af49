"""The shape of the house: a plain core, one rich module, heavy imports off start-up."""

from __future__ import annotations

import subprocess
import sys

import pytest

from conftest import ROOT

CORE = [
    "indoru",
    "indoru.segment",
    "indoru.reading",
    "indoru.render",
    "indoru.text",
    "indoru.glossary",
    "indoru.lookup",
    "indoru.store",
    "indoru.terms",
    "indoru.interchange",
    "indoru.matchkeys",
    "indoru.summarizer",
    "indoru.stopwords",
    "indoru.batch",
    "indoru.gcpause",
    "indoru.duplicates",
    "indoru.pipeline",
    "indoru.corpus",
]
COMMAND_LINE = {"app.py", "app_corpus.py", "app_glossary.py", "app_summarize.py", "cli.py"}
# dask, distributed and fsspec (indoru[dask]): only for --engine dask and shard URLs
HEAVY = ["rich", "pandas", "numpy", "sacremoses", "indicnlp", "dask", "distributed", "fsspec"]


def _modules_after(code: str) -> set[str]:
    probe = f"{code}\nimport sys\nprint('\\n'.join(sys.modules))"
    done = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, check=True, cwd=ROOT
    )
    return {line.split(".")[0] for line in done.stdout.splitlines()}


@pytest.mark.parametrize("module", CORE)
def test_core_never_imports_typer_or_rich(module: str) -> None:
    loaded = _modules_after(f"import {module}")
    assert "typer" not in loaded
    assert "rich" not in loaded


SEED = str(ROOT / "seeds" / "putin-delhi-visit-2021.txt")
LIGHT_PATHS = [
    (["sentences", SEED, "--format", "text"], HEAVY),
    (["summarize", SEED, "--format", "text"], HEAVY),
    (["glossary", "S-400", "--format", "text"], [*HEAVY, "rapidfuzz", "xml"]),
    (["terms", SEED, "--format", "text"], HEAVY),
    (["summarize", "--help"], ["dask", "distributed", "fsspec"]),
]


@pytest.mark.parametrize(("argv", "unwanted"), LIGHT_PATHS, ids=lambda x: str(x[0]))
def test_common_commands_stay_light(argv: list[str], unwanted: list[str]) -> None:
    """A Hindi summary, a look-up or plain sentences never load rich, pandas, sacremoses…"""
    code = (
        "import sys, io\n"
        "from indoru.app import app\n"
        "sys.stdout = io.TextIOWrapper(io.BytesIO(), encoding='utf-8')\n"
        f"try:\n    app({argv!r})\n"
        "except SystemExit as e:\n    assert e.code == 0, e.code\n"
        "sys.stdout = sys.__stdout__"
    )
    loaded = _modules_after(code)
    assert loaded.isdisjoint(unwanted), sorted(loaded & set(unwanted))


def test_only_console_imports_rich_and_only_the_command_line_imports_typer() -> None:
    sources = sorted((ROOT / "cli" / "indoru").glob("*.py"))
    assert sources
    for path in sources:
        text = path.read_text(encoding="utf-8")
        imports_rich = "import rich" in text or "from rich" in text
        imports_typer = "import typer" in text or "from typer" in text
        assert not imports_rich or path.name == "console.py", path.name
        assert not imports_typer or path.name in COMMAND_LINE, path.name


@pytest.mark.parametrize("module", ["indoru.pipeline", "indoru.corpus", "indoru.app"])
def test_dask_is_loaded_only_for_the_dask_engine(module: str) -> None:
    """indoru[dask] is optional: the pipeline, the shard runner and the command line
    load neither dask nor distributed until --engine dask asks for them."""
    loaded = _modules_after(f"import {module}")
    assert loaded.isdisjoint({"dask", "distributed", "fsspec", "tornado", "cloudpickle"})
