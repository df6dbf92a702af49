"""The glossary data ships in the wheel and is found from an editable install."""

from __future__ import annotations

import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from indoru.data import glossary_dir

from conftest import ROOT


def test_glossary_data_is_found_from_this_install() -> None:
    folder = glossary_dir()
    assert folder.is_dir()
    names = {entry.name for entry in folder.iterdir()}
    expected = {path.name for path in (ROOT / "glossary").iterdir() if path.is_file()}
    assert expected <= names


@pytest.mark.slow
def test_wheel_contains_package_and_glossary(tmp_path: Path) -> None:
    built = subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(tmp_path), str(ROOT)],
        capture_output=True,
        text=True,
    )
    if built.returncode != 0 and "Could not" in built.stderr:
        pytest.skip(f"cannot fetch the build backend: {built.stderr.strip()[:200]}")
    assert built.returncode == 0, built.stderr
    (wheel,) = tmp_path.glob("indoru-*.whl")
    names = set(zipfile.ZipFile(wheel).namelist())
    assert "indoru/app.py" in names
    assert "indoru/common_english.txt" in names
    assert "indoru/py.typed" in names  # type checkers read indoru's hints (PEP 561)
    metadata = next(n for n in names if n.endswith(".dist-info/METADATA"))
    assert "Version: 0.1.0" in zipfile.ZipFile(wheel).read(metadata).decode()
    assert "indoru/_glossary/README.md" in names
    for path in (ROOT / "glossary").iterdir():
        if path.is_file():
            assert f"indoru/_glossary/{path.name}" in names
    assert not any(name.startswith(("tests/", "seeds/", "benchmarks/")) for name in names)
