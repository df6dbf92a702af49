"""`indoru glossary` and `indoru terms` as a user drives them."""

from __future__ import annotations

import io
import json
import os
from pathlib import Path
from typing import Any

import pytest

from indoru.app import run
from indoru.cli import Environment
from indoru.glossary import COLUMNS, Entry
from indoru.store import load_index, read_user_glossary

from conftest import ROOT, run_cli

RECORD_KEYS = [
    "id", "en", "hi", "en_variants", "hi_variants", "romanized", "category", "domain",
    "definition", "match", "match_score",
]  # fmt: skip
HEADER = "\t".join(COLUMNS)
SEED_004 = ROOT / "seeds" / "jaishankar-lavrov-make-in-india.txt"


def _jsonl(stdout: str) -> list[dict[str, Any]]:
    return [json.loads(line) for line in stdout.splitlines()]


def test_lookup_in_a_pipe_is_one_line_per_entry() -> None:
    result = run_cli("glossary", "S-400")
    assert result.exit_code == 0
    assert result.stdout.splitlines()[0].startswith("एस-400 — S-400 (weapon-system): ")
    assert result.stdout.rstrip().endswith("[exact]")


def test_lookup_json_record() -> None:
    (record,) = _jsonl(run_cli("glossary", "एस 400", "-f", "jsonl").stdout)
    assert list(record) == ["query", *RECORD_KEYS]
    assert record["query"] == "एस 400"
    assert record["id"] == "s-400"
    assert record["match"] == "normalised"
    assert isinstance(record["match_score"], float)


def test_each_argument_is_one_query() -> None:
    """As in dict and sdcv: a query of several words is quoted."""
    records = _jsonl(run_cli("glossary", "रक्षा मंत्रियों", "-f", "jsonl").stdout)
    assert records[0]["id"] == "defence-minister"
    apart = _jsonl(run_cli("glossary", "रक्षा", "मंत्रियों", "-f", "jsonl").stdout)
    assert [(r["query"], r["id"]) for r in apart] == [
        ("रक्षा", "defence"),
        ("मंत्रियों", "office-minister"),
    ]


def test_limit() -> None:
    both = _jsonl(run_cli("glossary", "नाविक", "-f", "jsonl").stdout)
    assert {r["id"] for r in both} == {"navic", "sailor"}
    assert len(_jsonl(run_cli("glossary", "नाविक", "-f", "jsonl", "-n", "1").stdout)) == 1


def test_no_match_exits_1_with_suggestions() -> None:
    result = run_cli("glossary", "lavrof", "--no-fuzzy")
    assert result.exit_code == 1
    assert result.stdout == ""
    assert "did you mean" in result.stderr
    assert "लावरोव" in result.stderr


def test_exact_only() -> None:
    assert run_cli("glossary", "--exact", "s400").exit_code == 1
    assert run_cli("glossary", "--exact", "S-400").exit_code == 0


def test_list_by_category_and_domain() -> None:
    records = _jsonl(run_cli("glossary", "--list", "--category", "agreement", "-f", "jsonl").stdout)
    assert len(records) >= 10
    assert {r["category"] for r in records} == {"agreement"}
    nuclear = _jsonl(run_cli("glossary", "--list", "--domain", "nuclear", "-f", "jsonl").stdout)
    assert nuclear
    assert {r["domain"] for r in nuclear} == {"nuclear"}


def test_unknown_category_or_domain_is_a_usage_error() -> None:
    result = run_cli("glossary", "--list", "--category", "weapons")
    assert result.exit_code == 2
    assert "weapon-system" in result.stderr
    assert run_cli("glossary", "--list", "--domain", "sports").exit_code == 2


def test_search_terms_and_definitions() -> None:
    ids = {
        r["id"]
        for r in _jsonl(run_cli("glossary", "--search", "Vladivostok", "-f", "jsonl").stdout)
    }
    assert {"city-vladivostok", "chennai-vladivostok-maritime-corridor"} <= ids


def test_query_and_list_together_is_a_usage_error() -> None:
    assert run_cli("glossary", "S-400", "--list").exit_code == 2
    # no query and nothing piped in (standard input is a terminal): a usage error
    terminal = Environment(io.StringIO(), io.StringIO(), io.StringIO(), stdin_isatty=True)
    assert run(["glossary"], terminal) == 2


def test_a_query_named_like_a_subcommand_needs_lookup() -> None:
    result = run_cli("glossary", "lookup", "export", "-f", "jsonl")
    assert result.exit_code in (0, 1)  # a look-up ran, whatever it found


def test_table_on_request() -> None:
    out = run_cli("glossary", "S-400", "-f", "table").stdout
    assert "Hindi" in out
    assert "S-400" in out


# --- export and user glossaries ---------------------------------------------------------


def _comparable(entries: list[Entry]) -> list[tuple[object, ...]]:
    return sorted(
        (e.id, e.en, e.hi, e.en_variants, e.hi_variants, e.category, e.domain, e.definition,
         e.hi_definition, e.note, e.source, e.status, e.shared)
        for e in entries
    )  # fmt: skip


@pytest.mark.parametrize("fmt", ["tbx", "csv", "json"])
def test_export_round_trips(tmp_path: Path, fmt: str) -> None:
    path = tmp_path / f"glossary.{fmt}"
    result = run_cli("glossary", "export", "--format", fmt, "-o", str(path))
    assert result.exit_code == 0, result.stderr
    assert _comparable(read_user_glossary(path)) == _comparable(load_index().entries)


def test_omegat_tsv_export_round_trips_its_pairs(tmp_path: Path) -> None:
    path = tmp_path / "omegat.tsv"
    assert run_cli("glossary", "export", "-f", "tsv", "-o", str(path)).exit_code == 0
    lines = path.read_text(encoding="utf-8").splitlines()
    assert all(len(line.split("\t")) == 3 for line in lines)
    back = {(e.hi, e.en) for e in read_user_glossary(path)}
    assert back == {(hi, e.en) for e in load_index().entries for hi in e.hi_forms}


def test_tbx_is_tbx_basic_v3() -> None:
    text = run_cli("glossary", "export", "-f", "tbx").stdout
    assert text.startswith('<?xml version="1.0" encoding="UTF-8"?>')
    assert 'xmlns="urn:iso:std:iso:30042:ed-2"' in text
    assert 'type="TBX-Basic"' in text
    assert 'style="dca"' in text
    assert '<conceptEntry id="s-400">' in text


def test_export_is_atomic(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    target = tmp_path / "out.tbx"
    target.write_text("the old export\n", encoding="utf-8")

    def failing_replace(src: str, dst: str) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", failing_replace)
    result = run_cli("glossary", "export", "-f", "tbx", "-o", str(target))
    assert result.exit_code == 3
    assert "no space left on device" in result.stderr
    assert target.read_text(encoding="utf-8") == "the old export\n"
    assert [p.name for p in tmp_path.iterdir()] == ["out.tbx"], "no temporary file left"


def test_export_to_a_missing_folder_fails_cleanly(tmp_path: Path) -> None:
    result = run_cli("glossary", "export", "-o", str(tmp_path / "no" / "such.tbx"))
    assert result.exit_code == 3
    assert "Traceback" not in result.stderr


def test_user_glossary_two_columns(tmp_path: Path) -> None:
    mine = tmp_path / "mine.tsv"
    mine.write_text(
        "अग्निपथ योजना\tAgnipath scheme\nभारतीय तटरक्षक\tIndian Coast Guard\n", encoding="utf-8"
    )
    (record,) = _jsonl(
        run_cli("glossary", "अग्निपथ योजना", "-g", str(mine), "-f", "jsonl", "-n", "1").stdout
    )
    assert record["en"] == "Agnipath scheme"


def test_user_glossary_from_the_environment(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    mine = tmp_path / "env.tsv"
    mine.write_text("हाइपरसोनिक मिसाइल\thypersonic missile\n", encoding="utf-8")
    monkeypatch.setenv("INDORU_GLOSSARY", str(mine))
    records = _jsonl(run_cli("glossary", "हाइपरसोनिक मिसाइलों", "-f", "jsonl").stdout)
    assert records[0]["en"] == "hypersonic missile"
    assert records[0]["match"] == "inflected"


def test_user_entry_replaces_built_in_by_id(tmp_path: Path) -> None:
    """Also: a file in the 12-column schema of indoru 0.1 (no ``related``) still loads."""
    mine = tmp_path / "override.tsv"
    header = "\t".join(COLUMNS[:-1])
    row = "s-400\tS-400 Triumf\t\tएस-400\t\tweapon-system\tdefence\tMy own definition.\t\t\t\t"
    mine.write_text(f"{header}\n{row}\n", encoding="utf-8")
    (record,) = _jsonl(run_cli("glossary", "एस-400", "-g", str(mine), "-f", "jsonl").stdout)
    assert record["definition"] == "My own definition."


def test_malformed_user_glossary_is_refused_whole(tmp_path: Path) -> None:
    bad = tmp_path / "bad.tsv"
    bad.write_text("हाइपरसोनिक\thypersonic\nकेवल एक स्तंभ\n", encoding="utf-8")
    result = run_cli("glossary", "हाइपरसोनिक", "-g", str(bad))
    assert result.exit_code == 3
    assert f"{bad}:2:" in result.stderr
    assert "nothing of" in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1


def test_missing_user_glossary(tmp_path: Path) -> None:
    result = run_cli("glossary", "S-400", "-g", str(tmp_path / "nope.tsv"))
    assert result.exit_code == 3
    assert "no such glossary file" in result.stderr


def test_check_reports_file_line_and_reason(tmp_path: Path) -> None:
    broken = tmp_path / "broken.tsv"
    header = "\t".join(COLUMNS[:-1])
    broken.write_text(
        f"{header}\n"
        "a\tAlpha\t\tअल्फा\t\tmilitary-term\tdefence\tFirst letter.\t\t\t\t\n"
        "a\tAlpha two\t\tअल्फा दो\t\tmilitary-term\tdefence\tDuplicate id.\t\t\t\t\n"
        "b\tBeta\t\tअल्फा\t\tmilitary-term\tdefence\tShares a form.\t\t\t\t\n"
        "c\t\t\tसी\t\tmilitary-term\tdefence\tNo English.\t\t\t\t\n"
        "d\tDelta\n",
        encoding="utf-8",
    )
    result = run_cli("glossary", "check", str(broken))
    assert result.exit_code == 3
    out = result.stdout
    assert f"{broken}:3: duplicate id 'a'" in out
    assert f"{broken}:4: form 'अल्फा' maps to" in out
    assert f"{broken}:5: empty required field 'en'" in out
    assert f"{broken}:6: 2 fields, expected 12" in out


# --- terms ------------------------------------------------------------------------------


def test_terms_records_and_longest_match() -> None:
    records = _jsonl(run_cli("terms", str(SEED_004), "-f", "jsonl").stdout)
    assert list(records[0]) == [
        "file", "id", "en", "hi", "category", "count", "uncertain", "forms", "sentence_indices",
        "en_variants", "hi_variants", "definition",
    ]  # fmt: skip
    by_id = {r["id"]: r for r in records}
    assert "un-security-council" in by_id
    assert "united-nations" not in by_id or "संयुक्त राष्ट्र" not in by_id["united-nations"]["forms"]
    assert by_id["sergei-lavrov"]["count"] >= 5


def test_terms_sentence_indices_point_at_the_sentences() -> None:
    sentences = _jsonl(run_cli("sentences", str(SEED_004), "-f", "jsonl").stdout)
    for record in _jsonl(run_cli("terms", str(SEED_004), "-f", "jsonl").stdout):
        texts = [sentences[i]["text"] for i in record["sentence_indices"]]
        for form in record["forms"]:
            assert any(form in text for text in texts), (record["id"], form)


def test_terms_acronyms_match_only_in_capitals(tmp_path: Path) -> None:
    path = tmp_path / "en.txt"
    path.write_text("Tell us what the US and the UN said about the S-400.\n", encoding="utf-8")
    ids = {r["id"]: r["forms"] for r in _jsonl(run_cli("terms", str(path), "-f", "jsonl").stdout)}
    assert ids["country-us"] == ["US"]
    assert "united-nations" in ids
    assert "s-400" in ids


def test_terms_highlight_in_a_pipe() -> None:
    out = run_cli("terms", str(SEED_004), "--highlight").stdout
    assert "[[सर्गेई लावरोव|Sergei Lavrov]]" in out
    assert "[[संयुक्त राष्ट्र सुरक्षा परिषद|United Nations Security Council]]" in out


def test_terms_on_empty_input_exits_1(tmp_path: Path) -> None:
    path = tmp_path / "empty.txt"
    path.write_text("", encoding="utf-8")
    assert run_cli("terms", str(path)).exit_code == 1
