"""Each reviewed glossary batch lands with its gold rows (tests/gold/batch-*.tsv): surface
forms as Hindi news prints them (variant spellings, inflections, English forms), each with
the entry it must find, by look-up and in running text."""

from __future__ import annotations

from pathlib import Path

import pytest

from indoru.lookup import GlossaryIndex
from indoru.segment import Span
from indoru.store import load_index
from indoru.terms import TermScanner

from conftest import GOLD


def _rows() -> list[tuple[str, str, str]]:
    rows = []
    for path in sorted(GOLD.glob("batch-*.tsv")):
        for line in path.read_text(encoding="utf-8").splitlines()[1:]:
            if line.strip() and not line.startswith("#"):
                form, ident = line.split("\t")
                rows.append((path.stem, form, ident))
    return rows


ROWS = _rows()


@pytest.fixture(scope="module")
def index() -> GlossaryIndex:
    return load_index()


def test_every_batch_has_its_gold_rows() -> None:
    batches = {stem for stem, _, _ in ROWS}
    assert len(batches) >= 6
    for batch in batches:
        assert sum(stem == batch for stem, _, _ in ROWS) >= 40, batch


@pytest.mark.parametrize(("batch", "form", "ident"), ROWS, ids=[f"{r[0]}:{r[1]}" for r in ROWS])
def test_gold_form_is_found_by_lookup_and_in_text(
    index: GlossaryIndex, batch: str, form: str, ident: str
) -> None:
    matches = index.lookup(form)
    assert matches, f"nothing for {form!r}"
    assert matches[0].entry.id == ident, [(m.entry.id, m.match) for m in matches[:3]]
    sentence = f"कल {form} के बारे में बात हुई।"
    found = TermScanner.shared(index).scan([Span(0, 0, len(sentence), "sentence", sentence)])
    assert ident in {o.entry.id for o in found}


def test_gold_files_are_clean() -> None:
    for path in sorted(Path(GOLD).glob("batch-*.tsv")):
        lines = path.read_text(encoding="utf-8").splitlines()
        assert lines[0] == "form\tid", path.name
        forms = [line.split("\t")[0] for line in lines[1:] if line.strip()]
        assert len(forms) == len(set(forms)), f"{path.name} repeats a form"
