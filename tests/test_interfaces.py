"""Issue 9, points 1, 2 and 4: one path from result to every output, the same records in
every command, and user glossaries that override the built-in entries they name."""

from __future__ import annotations

import io
import json
import time
from pathlib import Path
from typing import Any

import pytest

from indoru.app import run
from indoru.cli import Environment
from indoru.glossary import Entry, overlay
from indoru.render import OutputFormat, View, format_lines
from indoru.store import _builtin_entries

from conftest import ROOT, run_cli

ENGLISH = ROOT / "tests" / "data" / "english-article.txt"
SEED = ROOT / "seeds" / "s400-sco-defence-ministers.txt"
FORMATS = ["text", "tsv", "jsonl", "json"]


def _jsonl(stdout: str) -> list[dict[str, Any]]:
    return [json.loads(line) for line in stdout.splitlines()]


@pytest.fixture
def article(tmp_path: Path) -> Path:
    path = tmp_path / "a.txt"
    path.write_text("भारत ने रूस से एस-400 खरीदा।\n", encoding="utf-8")
    return path


# --- one view, every format ------------------------------------------------------------


def test_highlight_in_json_gives_the_text_and_its_marked_spans(article: Path) -> None:
    (record,) = json.loads(run_cli("terms", str(article), "--highlight", "-f", "json").stdout)
    assert record["text"] == article.read_text(encoding="utf-8")
    assert [(m["form"], m["en"]) for m in record["terms"]] == [
        ("भारत", "India"),
        ("रूस", "Russia"),
        ("एस-400", "S-400"),
    ]
    for mark in record["terms"]:
        assert record["text"][mark["start"] : mark["end"]] == mark["form"]


def test_highlight_in_text_and_tsv(article: Path) -> None:
    text = run_cli("terms", str(article), "--highlight")
    assert text.stdout == "[[भारत|India]] ने [[रूस|Russia]] से [[एस-400|S-400]] खरीदा।\n"
    tsv = run_cli("terms", str(article), "--highlight", "-f", "tsv").stdout.splitlines()
    assert tsv[0] == "file\tstart\tend\tform\tid\then\ten\tcategory\tuncertain".replace(
        "\then\t", "\thi\t"
    )
    assert tsv[3] == f"{article}\t15\t21\tएस-400\ts-400\tएस-400\tS-400\tweapon-system\tFalse"


def test_highlight_on_a_terminal_marks_terms_in_colour(article: Path) -> None:
    stdout = io.StringIO()
    env = Environment(None, stdout, io.StringIO(), False, True, True, {"TERM": "xterm"})
    assert run(["terms", str(article), "--highlight"], env) == 0
    shown = stdout.getvalue()
    assert "\x1b[1;36mएस-400\x1b[0m" in shown
    assert "(S-400)" in shown


def test_gloss_of_an_english_article_is_hindi() -> None:
    result = run_cli("summarize", str(ENGLISH), "-n", "1", "--gloss")
    sentence, gloss = result.stdout.splitlines()
    assert sentence.startswith("India and Russia signed 28 agreements")
    assert gloss.startswith("  ↳ भारत; रूस; ")


def test_summary_views_agree_with_the_record() -> None:
    (record,) = json.loads(run_cli("summarize", str(SEED), "-f", "json", "--gloss").stdout)
    text = run_cli("summarize", str(SEED), "--gloss").stdout.splitlines()
    assert text[0::2] == [s["text"] for s in record["sentences"]]
    for sentence, gloss in zip(record["sentences"], text[1::2], strict=True):
        english = list(dict.fromkeys(m["en"] for m in sentence["terms"]))
        assert gloss == "  ↳ " + ("; ".join(english) or "(no glossary terms)")
    tsv = run_cli("summarize", str(SEED), "-f", "tsv", "--no-header").stdout.splitlines()
    assert [row.split("\t")[5] for row in tsv] == [s["text"] for s in record["sentences"]]


def test_every_multi_input_output_names_its_input(tmp_path: Path) -> None:
    a, b = tmp_path / "a.txt", tmp_path / "b.txt"
    a.write_text("भारत और रूस मित्र हैं। दूसरा वाक्य यहाँ है।\n", encoding="utf-8")
    b.write_text("एस-400 रूस का है। तीसरा वाक्य यहाँ है।\n", encoding="utf-8")
    for command in (["sentences"], ["terms"], ["summarize", "-n", "1"]):
        lines = run_cli(*command, str(a), str(b)).stdout.splitlines()
        assert lines, command
        assert all(line.startswith((f"{a}: ", f"{b}: ")) for line in lines), (command, lines)
        assert any(line.startswith(f"{b}: ") for line in lines), command
    one = run_cli("sentences", str(a)).stdout.splitlines()
    assert one[0] == "भारत और रूस मित्र हैं।"  # one input: no label


@pytest.mark.parametrize(
    "command",
    [["glossary", "zzqqxxvvyy"], ["terms"], ["sentences"], ["summarize"], ["terms", "--highlight"]],
)
def test_an_empty_json_result_is_an_empty_array(command: list[str], tmp_path: Path) -> None:
    empty = tmp_path / "empty.txt"
    empty.write_text("zzz\n" if command == ["terms"] else "", encoding="utf-8")
    args = command if command[0] == "glossary" else [*command, str(empty)]
    result = run_cli(*args, "-f", "json")
    assert result.exit_code in (1, 3)
    assert json.loads(result.stdout) == []


def test_tsv_lists_cannot_be_confused_with_their_items() -> None:
    view = View(["forms"], lambda r: [])
    rows: list[dict[str, Any]] = [{"forms": ["a, b", "c|d", "e"]}, {"forms": []}]
    lines = list(format_lines(rows, OutputFormat.tsv, view, header=False))
    assert lines == ["a, b | c\\|d | e", ""]


def test_the_same_fields_mean_the_same_things() -> None:
    terms = _jsonl(run_cli("terms", str(SEED), "-f", "jsonl").stdout)
    sentences = _jsonl(run_cli("sentences", str(SEED), "-f", "jsonl").stdout)
    (summary,) = _jsonl(run_cli("summarize", str(SEED), "-f", "jsonl").stdout)
    (entry,) = _jsonl(run_cli("glossary", "S-400", "-n", "1", "-f", "jsonl").stdout)
    # "index" is a sentence's number as `indoru sentences` gives it, everywhere
    by_index = {s["index"]: s["text"] for s in sentences}
    for s in summary["sentences"]:
        assert by_index[s["index"]] == s["text"]
    s400 = next(t for t in terms if t["id"] == "s-400")
    assert all("एस" in by_index[i] or "S-400" in by_index[i] for i in s400["sentence_indices"])
    # "score" is only a summary sentence's salience; a look-up has "match_score"
    assert "score" not in entry
    assert isinstance(entry["match_score"], float)
    assert "sentences" not in s400
    for key in ("id", "hi", "en", "category"):
        assert entry[key] == s400[key]
        assert next(t for t in summary["terms"] if t["id"] == "s-400")[key] == s400[key]


# --- user glossaries that override -----------------------------------------------------


def _mine(tmp_path: Path, text: str, name: str = "mine.tsv") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_a_user_entry_overrides_the_entry_it_names_and_keeps_its_spellings(
    tmp_path: Path,
) -> None:
    mine = _mine(tmp_path, "एस-400\tS-400 Triumf air defence system\tour house style\n")
    (first, *rest) = _jsonl(run_cli("glossary", "S-400", "-g", str(mine), "-f", "jsonl").stdout)
    assert first["en"] == "S-400 Triumf air defence system"
    assert first["definition"] == "our house style"
    assert first["id"] == "s-400"  # its place, its id: sense guards and links still hold
    assert first["category"] == "weapon-system"
    assert "S-400" in first["en_variants"]  # the built-in spellings still match
    assert all(r["id"] != "s-400" for r in rest)
    found = _jsonl(run_cli("terms", str(SEED), "-g", str(mine), "-f", "jsonl").stdout)
    s400 = [t for t in found if t["id"] == "s-400"]
    plain = list(_jsonl(run_cli("terms", str(SEED), "-f", "jsonl").stdout))
    assert len(s400) == 1  # one entry, each occurrence counted once
    assert s400[0]["count"] == next(t for t in plain if t["id"] == "s-400")["count"]
    assert s400[0]["en"] == "S-400 Triumf air defence system"


def test_a_new_user_entry_is_listed_first(tmp_path: Path) -> None:
    mine = _mine(tmp_path, "झुनझुना प्रणाली\trattle system\n")
    found = _jsonl(run_cli("glossary", "झुनझुना प्रणाली", "-g", str(mine), "-f", "jsonl").stdout)
    assert found[0]["en"] == "rattle system"
    listed = _jsonl(run_cli("glossary", "--list", "-g", str(mine), "-f", "jsonl").stdout)
    assert listed[0]["en"] == "rattle system"


def test_glossary_check_reports_every_override_and_clash(tmp_path: Path) -> None:
    mine = _mine(
        tmp_path,
        "एस-400\tS-400 Triumf\n"  # names s-400 by both terms
        "वायुसेना\tIndian Air Force\n"  # the Hindi names one entry, the English another
        "झुनझुना प्रणाली\trattle system\n",  # names nothing: added
    )
    result = run_cli("glossary", "check", "-g", str(mine))
    lines = result.stdout.splitlines()
    assert lines[0] == (
        f"{mine}:1: overrides entry 's-400' (एस-400 — S-400) by its Hindi and English terms"
    )
    assert lines[1].startswith(f"{mine}:2: overrides entry 'air-force' (वायुसेना — air force) ")
    assert "also names 'indian-air-force'" in lines[1]
    # the clash leaves "Indian Air Force" in two entries: English text would count it twice
    assert lines[2].startswith(f"{mine}:2: form 'indianairforce' maps to ")
    assert len(lines) == 3
    assert result.stderr.strip().endswith("1 problems, 1 overrides, 1 clashes")
    assert result.exit_code == 3
    records = _jsonl(run_cli("glossary", "check", "-g", str(mine), "-f", "jsonl").stdout)
    assert [r["kind"] for r in records] == ["override", "clash", "problem"]
    fine = _mine(tmp_path, "एस-400\tS-400 Triumf\n", "fine.tsv")
    assert run_cli("glossary", "check", "-g", str(fine)).exit_code == 0


def test_glossary_check_reports_a_bad_user_row_as_a_problem(tmp_path: Path) -> None:
    mine = _mine(tmp_path, "एस-400\tS-400\nonly one column\n")
    result = run_cli("glossary", "check", "-g", str(mine), "-f", "tsv", "--no-header")
    assert result.exit_code == 3
    assert f"{mine}:2\tproblem\texpected Hindi<TAB>English[<TAB>comment]" in result.stdout


@pytest.mark.parametrize("fmt", ["tsv", "csv", "json", "tbx"])
def test_importing_indorus_own_export_never_duplicates_entries(tmp_path: Path, fmt: str) -> None:
    exported = run_cli("glossary", "export", "-f", fmt)
    assert exported.exit_code == 0
    path = _mine(tmp_path, exported.stdout, f"export.{fmt}")
    plain = len(_jsonl(run_cli("glossary", "--list", "-f", "jsonl").stdout))
    listed = _jsonl(run_cli("glossary", "--list", "-g", str(path), "-f", "jsonl").stdout)
    assert len(listed) == plain
    assert len({r["id"] for r in listed}) == plain
    found = _jsonl(run_cli("terms", str(SEED), "-g", str(path), "-f", "jsonl").stdout)
    assert len({t["id"] for t in found}) == len(found)


def test_overlay_rules() -> None:
    base = [
        Entry("india", "India", "भारत", ("Bharat",), ("हिंदुस्तान",), "country"),
        Entry("sailor", "sailor", "नाविक", shared=frozenset({"नाविक"})),
        Entry("navic", "NavIC", "नाविक", shared=frozenset({"नाविक"})),
    ]
    same_id = Entry("india", "India", "भारत", definition="mine")
    entries, overrides = overlay(base, [[same_id]])
    assert entries[0] == same_id
    assert overrides[0].how == "id"
    by_hindi = Entry("user-1", "Hindustan", "हिंदुस्तान", origin="m:1")
    entries, overrides = overlay(base, [[by_hindi]])
    assert (entries[0].id, entries[0].en, entries[0].hi) == ("india", "Hindustan", "हिंदुस्तान")
    assert entries[0].en_variants == ("India", "Bharat")
    assert entries[0].hi_variants == ("भारत",)
    assert len(entries) == 3
    # a shared form: the English decides which entry is meant, with no clash
    entries, overrides = overlay(base, [[Entry("u", "NavIC", "नाविक", origin="m:1")]])
    assert overrides[0].replaced.id == "navic"
    assert overrides[0].others == ()
    # rows of one entry (an OmegaT file has one per Hindi form): one entry, its headword kept
    rows = [Entry("u1", "India", "भारत"), Entry("u2", "India", "हिंदुस्तान")]
    entries, overrides = overlay(base, [rows])
    assert [e.id for e in entries].count("india") == 1
    assert entries[0].hi == "भारत"
    assert overrides[1].earlier


def test_overlay_of_the_whole_builtin_glossary_over_itself_changes_nothing() -> None:
    base = _builtin_entries()
    entries, overrides = overlay(base, [base])
    assert sorted(entries) == sorted(base)
    assert len(overrides) == len(base)


@pytest.mark.parametrize("fmt", FORMATS)
def test_check_goes_through_the_output_contract(fmt: str, tmp_path: Path) -> None:
    mine = _mine(tmp_path, "एस-400\tS-400 Triumf\n")
    result = run_cli("glossary", "check", "-g", str(mine), "-f", fmt)
    assert result.exit_code == 0
    assert "s-400" in result.stdout


# --- progress ------------------------------------------------------------------------------


def test_batch_progress_shows_count_total_and_time_left(tmp_path: Path) -> None:
    for n in range(3):
        (tmp_path / f"{n}.txt").write_text(SEED.read_text(encoding="utf-8"), encoding="utf-8")
    stdout, stderr = io.StringIO(), io.StringIO()
    env = Environment(None, stdout, stderr, False, False, True, {"TERM": "xterm"})
    assert run(["summarize", str(tmp_path), "-f", "jsonl"], env) == 0
    shown = stderr.getvalue()
    assert "3/3" in shown
    assert "summarised" in shown
    assert "left" in shown
    assert len(stdout.getvalue().splitlines()) == 3
    corpus = tmp_path / "c.jsonl"
    corpus.write_text('{"text": "एक वाक्य।"}\n\n{"text": "दूसरा।"}\n', encoding="utf-8")
    stderr.seek(0)
    stderr.truncate()
    assert run(["summarize", "--jsonl", str(corpus), "-f", "jsonl"], env) == 0
    assert "2/2" in stderr.getvalue()


def test_overlay_is_linear_in_rows_that_name_one_entry() -> None:
    base = _builtin_entries()
    timings = []
    for rows in (2_000, 20_000):
        mine = [Entry(f"user-{n}", "same term", f"शब्द{n}") for n in range(rows)]
        started = time.process_time()
        entries, _ = overlay(base, [mine])
        timings.append(time.process_time() - started)
        assert len(entries[0].hi_variants) == rows - 1  # one entry with every spelling
    # 10x the rows: about 10x the time (absorbing into a growing entry was quadratic: 100x)
    assert timings[1] < 30 * max(timings[0], 0.01)


def test_highlight_of_several_files_on_a_terminal_names_each(tmp_path: Path) -> None:
    a, b = tmp_path / "a.txt", tmp_path / "b.txt"
    a.write_text("भारत ने कहा।\n", encoding="utf-8")
    b.write_text("रूस ने कहा।\n", encoding="utf-8")
    stdout = io.StringIO()
    env = Environment(None, stdout, io.StringIO(), False, True, True, {"TERM": "dumb"})
    assert run(["terms", str(a), str(b), "--highlight"], env) == 0
    lines = stdout.getvalue().splitlines()
    assert lines == [f"==> {a} <==", "भारत (India) ने कहा।", f"==> {b} <==", "रूस (Russia) ने कहा।"]
