"""The output contract of `indoru sentences`, as a user in a pipe or a terminal sees it."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from indoru import __version__
from indoru.errors import ExitCode

from conftest import ROOT, SEEDS, gold_spans, run_cli

SEED = ROOT / "seeds" / "putin-delhi-visit-2021.txt"
KEYS = ["file", "index", "start", "end", "kind", "duplicate_of", "text"]


def test_text_format_is_one_sentence_per_line_in_a_pipe(seed: Path) -> None:
    result = run_cli("sentences", str(seed))
    assert result.exit_code == 0
    assert result.stdout.splitlines() == [g["text"] for g in gold_spans(seed)]
    assert "\x1b" not in result.stdout


def test_long_hindi_sentences_are_never_wrapped() -> None:
    result = run_cli("sentences", str(SEEDS[0]), "--format", "text")
    longest = max(result.stdout.splitlines(), key=len)
    assert len(longest) > 200


def test_jsonl_records_are_exact_spans(seed: Path) -> None:
    result = run_cli("sentences", str(seed), "-f", "jsonl")
    text = seed.read_text(encoding="utf-8")
    records = [json.loads(line) for line in result.stdout.splitlines()]
    assert records, "some records"
    for i, record in enumerate(records):
        assert list(record) == KEYS
        assert record["file"] == str(seed)
        assert record["index"] == i
        assert text[record["start"] : record["end"]] == record["text"]
    assert "\\u09" not in result.stdout, "Devanagari is written as is, not escaped"


def test_json_is_one_document_with_the_same_records() -> None:
    as_json = json.loads(run_cli("sentences", str(SEED), "-f", "json").stdout)
    as_jsonl = [
        json.loads(x) for x in run_cli("sentences", str(SEED), "-f", "jsonl").stdout.splitlines()
    ]
    assert as_json == as_jsonl


def test_tsv_has_a_header_unless_told_not_to() -> None:
    lines = run_cli("sentences", str(SEED), "-f", "tsv").stdout.splitlines()
    assert lines[0].split("\t") == KEYS
    first = lines[1].split("\t")
    assert first[KEYS.index("kind")] == "heading"
    assert first[KEYS.index("duplicate_of")] == ""
    bare = run_cli("sentences", str(SEED), "-f", "tsv", "--no-header").stdout.splitlines()
    assert bare == lines[1:]


def test_tsv_escapes_tabs_and_newlines_inside_text(tmp_path: Path) -> None:
    path = tmp_path / "wrapped.txt"
    path.write_text("He said\tthat the\ntalks were good.\n", encoding="utf-8")
    lines = run_cli("sentences", str(path), "-f", "tsv", "--no-header").stdout.splitlines()
    assert len(lines) == 1
    assert lines[0].split("\t")[-1] == "He said\\tthat the\\ntalks were good."


def test_duplicates_are_reported_when_asked() -> None:
    seed = ROOT / "seeds" / "s400-sco-defence-ministers.txt"
    asked, plain = (
        [
            json.loads(x)
            for x in run_cli("sentences", str(seed), *flag, "-f", "jsonl").stdout.splitlines()
        ]
        for flag in (["--duplicates"], [])
    )
    repeated = {r["index"]: r["duplicate_of"] for r in asked if r["duplicate_of"] is not None}
    assert repeated == {8: 0, 9: 1, 10: 2, 11: 3, 12: 4}
    # without --duplicates the same spans, every field kept, none marked
    assert [r["duplicate_of"] for r in plain] == [None] * len(asked)
    assert [{**r, "duplicate_of": None} for r in asked] == plain


def test_duplicate_column_only_when_asked() -> None:
    data = "एक ही वाक्य दो बार आया।\nएक ही वाक्य दो बार आया।\n".encode()
    for flag, shown in (([], False), (["--duplicates"], True)):
        table = run_cli("sentences", *flag, "-f", "table", input=data).stdout
        assert ("dup of" in table) is shown


def test_stdin_and_dash(tmp_path: Path) -> None:
    data = "पहला वाक्य। दूसरा वाक्य।\n"
    assert run_cli("sentences", input=data.encode()).stdout == "पहला वाक्य।\nदूसरा वाक्य।\n"
    result = run_cli("sentences", "-", "-f", "jsonl", input=data.encode())
    assert json.loads(result.stdout.splitlines()[0])["file"] == "<stdin>"


def test_several_files_keep_their_names_and_order() -> None:
    result = run_cli("sentences", str(SEEDS[0]), str(SEEDS[1]), "-f", "jsonl")
    names = [json.loads(x)["file"] for x in result.stdout.splitlines()]
    assert names[0] == str(SEEDS[0])
    assert names[-1] == str(SEEDS[1])
    assert names == sorted(names, key=[str(SEEDS[0]), str(SEEDS[1])].index)


def test_markup_in_the_article_is_printed_as_written(tmp_path: Path) -> None:
    path = tmp_path / "markup.txt"
    path.write_text("एजेंसी [red] रिपोर्ट [bold]ज़रूरी[/bold] है।\n", encoding="utf-8")
    for fmt in ("text", "table"):
        out = run_cli("sentences", str(path), "-f", fmt).stdout
        assert "[red]" in out
        assert "[bold]ज़रूरी[/bold]" in out


def test_control_characters_never_reach_the_terminal(tmp_path: Path) -> None:
    path = tmp_path / "ansi.txt"
    path.write_bytes("खबर \x1b[2J\x1b]0;pwned\x07 यहाँ है।\n".encode())
    for fmt in ("text", "table", "tsv"):
        out = run_cli("sentences", str(path), "-f", fmt).stdout
        assert "\x1b" not in out
        assert "\x07" not in out
        assert "␛[2J" in out, "shown, not lost"
    record = json.loads(run_cli("sentences", str(path), "-f", "jsonl").stdout)
    assert "\x1b[2J" in record["text"], "JSON keeps the exact text (escaped by JSON)"


def test_table_format_lists_every_sentence() -> None:
    out = run_cli("sentences", str(SEED), "-f", "table").stdout
    assert "kind" in out
    assert "heading" in out
    assert "हैदराबाद हाउस" in out


def test_no_color_and_term_dumb(monkeypatch: pytest.MonkeyPatch) -> None:
    for env in ({"NO_COLOR": "1"}, {"TERM": "dumb"}):
        for key, value in env.items():
            monkeypatch.setenv(key, value)
        assert "\x1b" not in run_cli("sentences", str(SEED), "-f", "table").stdout
        for key in env:
            monkeypatch.delenv(key)
    assert "\x1b" not in run_cli("sentences", str(SEED), "-f", "table", "--no-color").stdout


def test_usage_errors_exit_2() -> None:
    assert run_cli("sentences", str(SEED), "--format", "xml").exit_code == int(ExitCode.USAGE) == 2
    assert run_cli("no-such-command").exit_code == 2


def test_version_comes_from_package_metadata() -> None:
    result = run_cli("--version")
    assert result.exit_code == 0
    assert result.stdout.strip() == f"indoru {__version__}"
    from importlib.metadata import version

    assert version("indoru") == __version__  # the build reads the same file


def test_every_command_has_help() -> None:
    top = run_cli("--help")
    assert top.exit_code == 0
    assert "sentences" in top.stdout
    assert "Exit status" in top.stdout
    sub = run_cli("sentences", "--help")
    assert sub.exit_code == 0
    for option in ("--format", "--no-header", "--no-color"):
        assert option in sub.stdout


def _indoru(*args: str, **kwargs: object) -> list[str]:
    return [sys.executable, "-m", "indoru", *args]


def test_python_dash_m_and_console_script() -> None:
    module = subprocess.run(_indoru("--version"), capture_output=True, text=True, check=True)
    assert module.stdout.strip() == f"indoru {__version__}"
    script = Path(sys.executable).with_name("indoru")
    if script.exists():
        out = subprocess.run([str(script), "--version"], capture_output=True, text=True, check=True)
        assert out.stdout == module.stdout


def test_closed_pipe_ends_quietly_with_status_0(tmp_path: Path) -> None:
    big = tmp_path / "big.txt"
    big.write_text(SEED.read_text(encoding="utf-8") * 400, encoding="utf-8")
    command = f"set -o pipefail; {' '.join(_indoru('sentences', str(big)))} | head -1"
    done = subprocess.run(["bash", "-c", command], capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "भारत दौरे पर रूसी राष्ट्रपति पुतिन, दोनों देशों के बीच हुए अहम समझौते"
    assert done.stderr == ""


def test_interrupt_exits_130(tmp_path: Path) -> None:
    fifo = tmp_path / "fifo"
    os.mkfifo(fifo)
    process = subprocess.Popen(
        _indoru("sentences", str(fifo)), stdout=subprocess.PIPE, stderr=subprocess.PIPE
    )
    with open(fifo, "w", encoding="utf-8") as writer:  # indoru now blocks reading the fifo
        writer.write("पहला वाक्य।\n")
        writer.flush()
        import signal
        import time

        time.sleep(1.0)
        process.send_signal(signal.SIGINT)
        _, stderr = process.communicate(timeout=30)
    assert process.returncode == int(ExitCode.INTERRUPTED) == 130
    assert b"Traceback" not in stderr
