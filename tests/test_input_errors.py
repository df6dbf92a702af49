"""Every kind of bad input: one line on stderr naming the input, exit 3, no traceback."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

import indoru.reading
from indoru.errors import ExitCode

from conftest import SEEDS, run_cli

HINDI = "भारत और रूस ने समझौता किया।\n"


def _assert_one_line_error(stderr: str, *parts: str) -> None:
    lines = stderr.strip().splitlines()
    assert len(lines) == 1, stderr
    assert lines[0].startswith("indoru: error: ")
    for part in parts:
        assert part in lines[0]
    assert "Traceback" not in stderr


def test_missing_file(tmp_path: Path) -> None:
    missing = tmp_path / "nope.txt"
    result = run_cli("sentences", str(missing))
    assert result.exit_code == int(ExitCode.INPUT) == 3
    _assert_one_line_error(result.stderr, str(missing), "no such file")
    assert result.stdout == ""


def test_a_folder_without_articles(tmp_path: Path) -> None:
    result = run_cli("sentences", str(tmp_path))
    assert result.exit_code == 3
    _assert_one_line_error(result.stderr, str(tmp_path), "no *.txt files in this folder")


def test_sentences_and_terms_read_folders_and_name_each_file(tmp_path: Path) -> None:
    (tmp_path / "b").mkdir()
    (tmp_path / "a.txt").write_text("भारत और रूस। दूसरा वाक्य।\n", encoding="utf-8")
    (tmp_path / "b" / "c.txt").write_text("एस-400 आया।\n", encoding="utf-8")
    (tmp_path / "notes.md").write_text("not an article\n", encoding="utf-8")
    a, c = tmp_path / "a.txt", tmp_path / "b" / "c.txt"
    result = run_cli("sentences", str(tmp_path))
    assert result.exit_code == 0
    assert result.stdout.splitlines() == [
        f"{a}: भारत और रूस।",
        f"{a}: दूसरा वाक्य।",
        f"{c}: एस-400 आया।",
    ]
    terms = run_cli("terms", str(tmp_path), "-f", "tsv", "--no-header")
    assert [row.split("\t")[:2] for row in terms.stdout.splitlines()] == [
        [str(a), "country-in"],
        [str(a), "country-ru"],
        [str(c), "s-400"],
    ]


def test_permission_denied(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    locked = tmp_path / "locked.txt"
    locked.write_text(HINDI, encoding="utf-8")
    locked.chmod(0)
    if os.geteuid() == 0:  # root reads anything: make open() refuse as the kernel would
        real_open = open

        def refusing_open(path: str, *args: object, **kwargs: object) -> object:
            if path == str(locked):
                raise PermissionError(13, "Permission denied", path)
            return real_open(path, *args, **kwargs)  # type: ignore[call-overload]

        monkeypatch.setattr(indoru.reading, "open", refusing_open, raising=False)
    result = run_cli("sentences", str(locked))
    assert result.exit_code == 3
    _assert_one_line_error(result.stderr, str(locked), "permission denied")


def test_nul_bytes_are_binary(tmp_path: Path) -> None:
    path = tmp_path / "data.bin"
    path.write_bytes(HINDI.encode() + b"\x00\x01\x02")
    result = run_cli("sentences", str(path))
    assert result.exit_code == 3
    offset = len(HINDI.encode())
    _assert_one_line_error(result.stderr, str(path), "binary data", f"byte offset {offset}")
    assert result.stdout == ""


def test_known_binary_format(tmp_path: Path) -> None:
    path = tmp_path / "report.txt"
    path.write_bytes(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")
    result = run_cli("sentences", str(path))
    assert result.exit_code == 3
    _assert_one_line_error(result.stderr, "binary data", "PDF")


def test_undecodable_bytes_give_the_byte_offset(tmp_path: Path) -> None:
    path = tmp_path / "latin1.txt"
    good = "रक्षा मंत्री ".encode()
    path.write_bytes(good + "café".encode("latin-1"))
    result = run_cli("sentences", str(path))
    assert result.exit_code == 3
    offset = len(good) + 3  # c, a, f, then the latin-1 é
    _assert_one_line_error(result.stderr, str(path), "not valid UTF-8", f"byte offset {offset}")
    assert result.stdout == ""


def test_undecodable_byte_across_a_chunk_boundary(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(indoru.reading, "FIRST_CHUNK", 7)
    monkeypatch.setattr(indoru.reading, "CHUNK", 5)
    good = "भारत और रूस।\n".encode()
    path = tmp_path / "bad.txt"
    path.write_bytes(good + b"\xe0\xa4A")  # a truncated Devanagari sequence
    result = run_cli("sentences", str(path))
    assert result.exit_code == 3
    _assert_one_line_error(result.stderr, f"byte offset {len(good)}")


def test_kruti_dev_is_recognised(tmp_path: Path) -> None:
    path = tmp_path / "krutidev.txt"
    path.write_text("Hkkjr ds j{kk ea=h us dgk fd ;g le>kSrk gS vkSj blls ykHk gksxkA\n")
    result = run_cli("sentences", str(path))
    assert result.exit_code == 3
    _assert_one_line_error(result.stderr, str(path), "Kruti Dev", "Unicode")


def test_english_is_not_mistaken_for_kruti_dev(tmp_path: Path) -> None:
    path = tmp_path / "english.txt"
    path.write_text("India and Russia signed 28 agreements. The talks went on for us all day.\n")
    result = run_cli("sentences", str(path))
    assert result.exit_code == 0
    assert result.stdout.count("\n") == 2


@pytest.mark.parametrize("content", [b"", b"   \n\n\t \r\n"])
def test_empty_input_prints_nothing_and_exits_1(tmp_path: Path, content: bytes) -> None:
    path = tmp_path / "empty.txt"
    path.write_bytes(content)
    result = run_cli("sentences", str(path))
    assert result.exit_code == int(ExitCode.NO_RESULT) == 1
    assert result.stdout == ""
    assert result.stderr.strip() == f"indoru: {path}: empty input, no sentences"


def test_a_bad_file_does_not_stop_the_others(tmp_path: Path) -> None:
    missing = tmp_path / "missing.txt"
    result = run_cli("sentences", str(missing), str(SEEDS[0]), "-f", "jsonl")
    assert result.exit_code == 3
    assert "no such file" in result.stderr
    assert result.stdout.count("\n") > 5


@pytest.mark.parametrize(
    ("encoding", "bom"),
    [("utf-8", b"\xef\xbb\xbf"), ("utf-16-le", b"\xff\xfe"), ("utf-16-be", b"\xfe\xff")],
)
def test_boms_are_understood_and_not_shown(tmp_path: Path, encoding: str, bom: bytes) -> None:
    path = tmp_path / "bom.txt"
    path.write_bytes(bom + "शीर्षक\r\nपहला वाक्य। दूसरा वाक्य।\r\n".encode(encoding))
    result = run_cli("sentences", str(path))
    assert result.exit_code == 0
    assert result.stdout.splitlines() == ["शीर्षक", "पहला वाक्य।", "दूसरा वाक्य।"]


def test_utf16_without_bom_is_refused_with_a_hint(tmp_path: Path) -> None:
    path = tmp_path / "u16.txt"
    path.write_bytes("भारत".encode("utf-16-le"))
    result = run_cli("sentences", str(path))
    assert result.exit_code == 3
    _assert_one_line_error(result.stderr, "UTF-16")
