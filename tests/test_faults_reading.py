"""Issue 8, the reading side: false refusals, JSONL records that broke a batch, unreadable
sub-folders skipped in silence, encodings misnamed; and property tests over the reader and
the JSONL record reader."""

from __future__ import annotations

import codecs
import io
import json
import os
import re
import tempfile
from pathlib import Path
from typing import Any
from unittest import mock

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from indoru import batch, reading
from indoru.errors import ExitCode, InputError

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


# --- false refusals (defect 10) ----------------------------------------------------------

# The second paragraph of seeds/s400-sco-defence-ministers.txt mapped through the Kruti Dev
# 010 table (hinlegacy's, used once offline to make this sample; not a dependency).
KRUTI_DEV = (
    "Hkkjr vkSj :l ds chp j.kuhfrd j{kk lg;ksx dks ysdj ,d vkSj vge ppkZ gqbZ gSA bl nkSjku "
    "Hkkjr us :l ls nks vkSj ,l 400 ;wfuV [kjhnus dk çLrko j[kkA ;s QSlyk v‚ijs'ku flanwj ds "
    "nkSjku ,l 400 dh lQyrk rSukrh ds ckn fy;k x;k] ftlls c‚MZj ij c<+rs gq, ruko ds chp "
    "Hkkjr dh rS;kfj;ksa dks vkSj rkdr nsxkA ,llhvks dh cSBd esa fgLlk ysus x, Hkkjr ds j{kk "
    "ea=h jktukFk flag dh eqykdkr :l ds j{kk ea=h ds lkFk Hkh gqbZA\n"
)


@pytest.mark.parametrize(
    "text",
    [
        "Let us go. He told us to wait for us. Tell us, dk ds us. Give us this day.\n",
        "Home | About us | Contact us | Follow us | Write to us\n",
        "About us\nContact us\nAdvertise with us\nWork with us\nFollow us on X\n",
        "Join us. Support us. Tell us what you think. Email us. Call us.\n",
        "Run ls -l, then rd /s and dd if=/dev/zero of=x; fd 3 is open. ls us dk.\n",
    ],
)
def test_english_with_us_is_not_refused_as_kruti_dev(tmp_path: Path, text: str) -> None:
    path = tmp_path / "english.txt"
    path.write_text(text, encoding="utf-8")
    result = run_cli("sentences", str(path), "-f", "jsonl")
    assert result.exit_code == ExitCode.OK, result.stderr
    assert " ".join(r["text"] for r in _records(result.stdout)).split() == text.split()


@pytest.mark.parametrize("end", [len(KRUTI_DEV), KRUTI_DEV.index("A ") + 1])
def test_kruti_dev_is_still_refused(tmp_path: Path, end: int) -> None:
    path = tmp_path / "krutidev.txt"
    path.write_text(KRUTI_DEV[:end], encoding="utf-8")
    result = run_cli("sentences", str(path))
    assert result.exit_code == ExitCode.INPUT
    (error,) = _errors(result.stderr)
    assert "Kruti Dev" in error


def test_the_kruti_dev_guess_on_the_projects_own_texts() -> None:
    english = (ROOT / "tests" / "data" / "english-article.txt").read_text("utf-8")
    pieces = [english, *english.split("\n\n"), *english.splitlines()]
    assert not [p for p in pieces if reading.looks_like_kruti_dev(p)]
    sentences = [s for s in KRUTI_DEV.split("A ") if len(s.split()) >= 8]
    assert len(sentences) == 4
    assert all(reading.looks_like_kruti_dev(s + "A") for s in sentences)
    assert all(reading.looks_like_kruti_dev(s.replace("A", " A")) for s in sentences)


@pytest.mark.parametrize(
    "row",
    [
        "a\tb\tc\td\te\tf\tg\th\ti\tj\tk\tl",
        "1\t2\t3\t4\t5\t6\t7\t8\t9\t0",
        "A\tB\tC\tD\tE\tF\tG\tH",
        "x\ty\tz\tx\ty\tz\tx\ty",
    ],
)
@pytest.mark.parametrize("rows", [1, 3])
@pytest.mark.parametrize("end", ["", "\n", "\r\n"])
def test_tab_separated_characters_are_utf8_not_utf16(
    tmp_path: Path, row: str, rows: int, end: str
) -> None:
    data = ((row + end) * rows).encode()
    path = tmp_path / "columns.tsv"
    path.write_bytes(data)
    assert reading.read_text(str(path)) == data.decode()
    assert run_cli("sentences", str(path)).exit_code == ExitCode.OK


def test_only_what_reads_as_hindi_is_taken_for_utf16() -> None:
    """ "0\t>\t" is also UTF-16-LE रा: refused as UTF-16 alone, read as UTF-8 with a line end."""
    with pytest.raises(InputError, match="UTF-16"):
        "".join(reading.Source("x", io.BytesIO(b"0\t>\t0\t>\t")).lines())
    assert "".join(reading.Source("x", io.BytesIO(b"0\t>\t0\t>\n")).lines()) == "0\t>\t0\t>\n"


@pytest.mark.parametrize("encoding", ["utf-16-le", "utf-16-be"])
@pytest.mark.parametrize("text", ["भारत", "रूस", "भारत और रूस ने समझौता किया।\n", "India\n"])
def test_utf16_without_bom_is_still_refused(tmp_path: Path, encoding: str, text: str) -> None:
    path = tmp_path / "u16.txt"
    path.write_bytes(text.encode(encoding))
    result = run_cli("sentences", str(path))
    assert result.exit_code == ExitCode.INPUT
    (error,) = _errors(result.stderr)
    assert "UTF-16 text without a byte-order mark" in error


# --- encodings named right (defect 15) ---------------------------------------------------


@pytest.mark.parametrize("encoding", ["utf-32-le", "utf-32-be"])
@pytest.mark.parametrize("text", ["भारत और रूस।\n", "India and Russia.\n", "भारत"])
def test_utf32_without_bom_is_named_utf32(tmp_path: Path, encoding: str, text: str) -> None:
    path = tmp_path / "u32.txt"
    path.write_bytes(text.encode(encoding))
    result = run_cli("sentences", str(path))
    assert result.exit_code == ExitCode.INPUT
    (error,) = _errors(result.stderr)
    assert "UTF-32 text without a byte-order mark" in error
    assert "UTF-16" not in error


@pytest.mark.parametrize("rest", ["भारत और रूस।\n", "a\nb\n", "\x00"])
def test_utf16le_starting_with_u0000_is_read_as_utf16(tmp_path: Path, rest: str) -> None:
    """FF FE 00 00 is the UTF-32-LE BOM and the UTF-16-LE one before U+0000: UTF-32 only
    if what follows is UTF-32 (alone, it is an empty UTF-32 file)."""
    path = tmp_path / "u16.txt"
    path.write_bytes(codecs.BOM_UTF16_LE + ("\x00" + rest).encode("utf-16-le"))
    assert reading.read_text(str(path)) == "\x00" + rest


@pytest.mark.parametrize("text", ["", "a", "भारत और रूस।\n", "🙏 नमस्ते\n", "a\nb\n"])
@pytest.mark.parametrize("encoding", ["utf-32-le", "utf-32-be", "utf-16-le", "utf-16-be"])
def test_text_with_a_bom_is_read_exactly(tmp_path: Path, text: str, encoding: str) -> None:
    bom = {"utf-32-le": codecs.BOM_UTF32_LE, "utf-32-be": codecs.BOM_UTF32_BE}
    path = tmp_path / "bom.txt"
    path.write_bytes(bom.get(encoding, "\ufeff".encode(encoding)) + text.encode(encoding))
    assert reading.read_text(str(path)) == text


# --- property tests: the reader and the JSONL record reader ------------------------------

# Cases per property; FUZZ_EXAMPLES=20000 pytest tests/test_faults_reading.py runs more.
EXAMPLES = int(os.environ.get("FUZZ_EXAMPLES", "150"))
ENCODINGS = {
    "utf-8": b"",
    "utf-8-sig": codecs.BOM_UTF8,
    "utf-16-le": codecs.BOM_UTF16_LE,
    "utf-16-be": codecs.BOM_UTF16_BE,
    "utf-32-le": codecs.BOM_UTF32_LE,
    "utf-32-be": codecs.BOM_UTF32_BE,
}
CODEC = {"utf-8-sig": "utf-8"}
chunks = st.tuples(st.one_of(st.integers(4, 64), st.just(reading.FIRST_CHUNK)), st.integers(1, 16))


def _read(data: bytes, sizes: tuple[int, int]) -> str | InputError:
    with (
        mock.patch.object(reading, "FIRST_CHUNK", sizes[0]),
        mock.patch.object(reading, "CHUNK", sizes[1]),
    ):
        try:
            return "".join(reading.Source("x", io.BytesIO(data)).lines())
        except InputError as error:
            return error


def _check_refusal(error: InputError, data: bytes) -> str:
    """A refusal is of a known kind; one that names a byte offset names the right byte."""
    assert error.name == "x"
    problem = error.problem
    undecodable = re.search(r"undecodable byte 0x([0-9a-f]{2}) at byte offset (\d+)", problem)
    if undecodable:
        assert data[int(undecodable.group(2))] == int(undecodable.group(1), 16), problem
        return "undecodable"
    nul = re.search(r"NUL byte at byte offset (\d+)", problem)
    if nul:
        assert data[int(nul.group(1))] == 0, problem
        return "nul"
    if "Kruti Dev" in problem:
        return "kruti"
    if "text without a byte-order mark" in problem:
        return "bomless"
    assert problem.startswith("binary data ("), problem
    assert problem.endswith("), not text"), problem
    return "magic"


def _check_exact(text: str, data: bytes) -> None:
    """Text handed on is exactly the input's bytes in an accepted encoding, less its BOM."""
    assert any(data == bom + text.encode(CODEC.get(name, name)) for name, bom in ENCODINGS.items())


@settings(max_examples=EXAMPLES, deadline=None)
@given(st.sampled_from(sorted(ENCODINGS)), st.binary(max_size=200), chunks)
def test_arbitrary_bytes_give_text_or_a_refusal(
    encoding: str, payload: bytes, sizes: tuple[int, int]
) -> None:
    data = ENCODINGS[encoding] + payload
    result = _read(data, sizes)
    if isinstance(result, InputError):
        _check_refusal(result, data)
    else:
        _check_exact(result, data)


@settings(max_examples=EXAMPLES, deadline=None)
@given(st.sampled_from(sorted(ENCODINGS)), st.text(max_size=200), chunks)
def test_text_in_an_accepted_encoding_is_read_exactly(
    encoding: str, text: str, sizes: tuple[int, int]
) -> None:
    assume(encoding != "utf-8" or not text.startswith("\ufeff"))  # that is a BOM
    # FF FE 00 00 is the UTF-32-LE BOM or the UTF-16-LE one and U+0000; the text decides,
    # and UTF-32 with code points in the empty planes 4-13 is taken for UTF-16
    assume(encoding != "utf-16-le" or not text.startswith("\x00"))
    assume(encoding != "utf-32-le" or not any(0x40000 <= ord(c) < 0xE0000 for c in text))
    data = ENCODINGS[encoding] + text.encode(CODEC.get(encoding, encoding))
    result = _read(data, sizes)
    if isinstance(result, str):
        assert result == text
        return
    kind = _check_refusal(result, data)
    if encoding == "utf-8":
        assert kind in ("nul", "kruti", "bomless", "magic"), result
    elif encoding == "utf-8-sig":
        assert kind in ("nul", "kruti"), result
    else:
        assert kind == "kruti", result


@settings(max_examples=EXAMPLES, deadline=None)
@given(
    st.sampled_from(sorted(ENCODINGS)),
    st.text(max_size=100),
    st.lists(st.tuples(st.integers(0, 10_000), st.integers(0, 255), st.booleans()), max_size=3),
    chunks,
)
def test_damaged_text_gives_text_or_a_refusal_at_the_right_byte(
    encoding: str, text: str, damage: list[tuple[int, int, bool]], sizes: tuple[int, int]
) -> None:
    data = bytearray(ENCODINGS[encoding] + text.encode(CODEC.get(encoding, encoding)))
    for at, byte, insert in damage:
        at %= len(data) + 1
        if insert or at == len(data):
            data.insert(at, byte)
        else:
            data[at] = byte
    result = _read(bytes(data), sizes)
    if isinstance(result, InputError):
        _check_refusal(result, bytes(data))
    else:
        _check_exact(result, bytes(data))


def _good_record(draw: st.DrawFn) -> tuple[bytes, tuple[str, str | None, str]]:
    text = draw(st.text(max_size=40))
    ident = draw(st.one_of(st.none(), st.text(max_size=10), st.integers()))
    record: dict[str, Any] = {"text": text, "other": draw(st.text(max_size=5))}
    if ident is not None:
        record["id"] = ident
    line = json.dumps(record, ensure_ascii=draw(st.booleans())).encode()
    bom = codecs.BOM_UTF8 if draw(st.booleans()) else b""
    return bom + line, ("job", None if ident is None else str(ident), text)


@st.composite
def jsonl_lines(draw: st.DrawFn) -> tuple[bytes, tuple[str, str | None, str]]:
    """A JSONL line and what the reader must make of it: a job, a bad record, nothing."""
    kind = draw(st.sampled_from(["good", "good", "deep", "surrogate", "bytes", "blank", "partial"]))
    bad: tuple[str, str | None, str] = ("bad", None, "")
    if kind == "good":
        return _good_record(draw)
    if kind == "deep":
        depth = draw(st.integers(20_000, 50_000))  # hypothesis raises the recursion limit
        return b'{"text": "x", "n": ' + b"[" * depth + b"]" * depth + b"}", bad
    if kind == "surrogate":
        code = draw(st.integers(0xD800, 0xDFFF))
        field = draw(st.sampled_from(["text", "id"]))
        record = {"text": "a", "id": "b"}
        escaped = json.dumps(record).replace(f'"{record[field]}"', f'"x\\u{code:04x}y"')
        return escaped.encode(), bad
    if kind == "blank":
        blank = draw(st.sampled_from([b"", b"  ", b"\t\r", codecs.BOM_UTF8, b"\x0c "]))
        return blank, ("blank", None, "")
    if kind == "partial":
        whole, _ = _good_record(draw)
        return whole[: draw(st.integers(0, max(0, len(whole) - 1)))], ("any", None, "")
    return draw(st.binary(max_size=30).filter(lambda b: b"\n" not in b)), ("any", None, "")


@settings(max_examples=EXAMPLES, deadline=None)
@given(st.lists(jsonl_lines(), max_size=12))
def test_jsonl_bad_records_are_reported_by_line_and_good_ones_kept_in_order(
    lines: list[tuple[bytes, tuple[str, str | None, str]]],
) -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = os.path.join(folder, "corpus.jsonl")
        with open(path, "wb") as handle:
            handle.write(b"".join(line + b"\n" for line, _ in lines))
        got = list(batch.jsonl_jobs([path], "text", "id"))
    expected = [
        (number, want)
        for number, (line, want) in enumerate(lines, start=1)
        if line.removeprefix(codecs.BOM_UTF8).strip()
    ]
    assert len(got) == len(expected)
    for item, (number, (kind, ident, text)) in zip(got, expected, strict=True):
        where = f"{path}:{number}"
        if isinstance(item, batch.BadInput):
            assert kind in ("bad", "any"), (item, kind)
            assert item.message.startswith(f"{where}: ")
            assert "\n" not in item.message
        else:
            assert kind in ("job", "any"), (item, kind)
            if kind == "job":
                assert item == batch.Job(where if ident is None else ident, text)
            assert not re.search("[\ud800-\udfff]", item.text + item.label)
