"""`--from-legacy krutidev`: Hindi typed in the Kruti Dev 010 font, read as Unicode.

The conversion needs the optional hinlegacy package (``indoru[legacy]``, in the test extra).
"""

from __future__ import annotations

import json
import subprocess
import sys
import time
from pathlib import Path

import pytest

from indoru.errors import ExitCode
from indoru.legacy import legacy_converter

from conftest import ROOT, run_cli

pytest.importorskip("hinlegacy", reason="the legacy extra: pip install -e '.[legacy]'")

# Two sentences of a defence report typed in Kruti Dev 010 (the start of the sample of
# tests/test_faults_reading.py, from seeds/s400-sco-defence-ministers.txt), with reph
# (ppkZ), ई (gqbZ) and conjuncts; the README's transcript reads the same file.
KRUTI_DEV = (ROOT / "tests" / "data" / "krutidev-report.txt").read_text("utf-8")
FIRST = "भारत और रूस के बीच रणनीतिक रक्षा सहयोग को लेकर एक और अहम चर्चा हुई है।"
SECOND = "इस दौरान भारत ने रूस से दो और एस 400 यूनिट खरीदने का प्रस्ताव रखा।"
REFUSED = (
    "looks like Hindi typed in a legacy font encoding (Kruti Dev): its Latin letters stand "
    "for Devanagari glyphs; convert it with --from-legacy krutidev (pip install "
    "'indoru[legacy]') or save it as Unicode text"
)
MISSING = (
    "indoru: error: --from-legacy krutidev needs the optional hinlegacy package: "
    "install indoru[legacy] (pip install 'indoru[legacy]')\n"
)


@pytest.fixture
def kruti(tmp_path: Path) -> Path:
    path = tmp_path / "report.txt"
    path.write_text(KRUTI_DEV, encoding="utf-8")
    return path


def test_sentences_come_out_in_unicode(kruti: Path) -> None:
    result = run_cli("sentences", "--from-legacy", "krutidev", str(kruti), "-f", "text")
    assert result.exit_code == ExitCode.OK, result.stderr
    assert result.stdout == f"{FIRST}\n{SECOND}\n"


def test_offsets_count_the_converted_text(kruti: Path) -> None:
    result = run_cli("sentences", "--from-legacy", "krutidev", str(kruti), "-f", "tsv")
    assert result.stdout.splitlines()[1:] == [
        f"{kruti}\t0\t0\t70\tsentence\t\t{FIRST}",
        f"{kruti}\t1\t71\t137\tsentence\t\t{SECOND}",
    ]
    converted = FIRST + " " + SECOND + "\n"
    assert converted[0:70] == FIRST
    assert converted[71:137] == SECOND


def test_terms_are_found_in_the_converted_text(kruti: Path) -> None:
    result = run_cli("terms", "--from-legacy", "krutidev", str(kruti), "-f", "text")
    assert result.exit_code == ExitCode.OK, result.stderr
    assert result.stdout.splitlines() == [
        "भारत — India (2)",
        "रूस — Russia (2)",
        "रणनीतिक रक्षा सहयोग — strategic defence cooperation (1)",
        "एस-400 — S-400 (1)",
        "यूनिट — unit (1)",
    ]


def test_terms_highlight_converts_too(kruti: Path) -> None:
    result = run_cli("terms", "--highlight", "--from-legacy", "krutidev", str(kruti), "-f", "text")
    assert result.exit_code == ExitCode.OK, result.stderr
    assert result.stdout.startswith("[[भारत|India]] और [[रूस|Russia]] के बीच ")


def test_summarize_a_folder_of_kruti_dev_unicode_and_english(tmp_path: Path) -> None:
    """A newsroom archive mixes old Kruti Dev files with Unicode and English ones: only
    the Kruti Dev is converted."""
    folder = tmp_path / "archive"
    folder.mkdir()
    (folder / "a-kruti.txt").write_text(KRUTI_DEV, encoding="utf-8")
    unicode = (ROOT / "seeds" / "s400-sco-defence-ministers.txt").read_text("utf-8")
    (folder / "b-unicode.txt").write_text(unicode, encoding="utf-8")
    english = "The defence ministers met in Delhi. They said the talks were useful.\n"
    (folder / "c-english.txt").write_text(english, encoding="utf-8")
    plain = run_cli("summarize", str(folder), "-n", "1", "-f", "tsv")
    assert plain.exit_code == ExitCode.INPUT
    assert "a-kruti.txt: looks like Hindi typed in a legacy font encoding" in plain.stderr
    result = run_cli("summarize", "--from-legacy", "krutidev", str(folder), "-n", "1", "-f", "tsv")
    assert result.exit_code == ExitCode.OK, result.stderr
    rows = [line.split("\t") for line in result.stdout.splitlines()[1:]]
    assert [(Path(row[0]).name, row[5]) for row in rows] == [
        ("a-kruti.txt", SECOND),
        ("b-unicode.txt", _tsv_text(plain.stdout, "b-unicode.txt")),
        ("c-english.txt", "The defence ministers met in Delhi."),
    ]


def _tsv_text(stdout: str, name: str) -> str:
    (text,) = [row.split("\t")[5] for row in stdout.splitlines() if name in row]
    return text


def test_jsonl_texts_are_converted(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus.jsonl"
    records = [{"id": "kd", "text": KRUTI_DEV}, {"id": "hi", "text": FIRST + " " + SECOND}]
    corpus.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    result = run_cli(
        "summarize", "--jsonl", "--from-legacy", "krutidev", str(corpus), "-n", "1", "-f", "tsv"
    )
    assert result.exit_code == ExitCode.OK, result.stderr
    assert result.stdout.splitlines()[1:] == [
        f"kd\t1\t71\t137\t1.6694\t{SECOND}",
        f"hi\t1\t71\t137\t1.6694\t{SECOND}",
    ]


def test_unicode_hindi_and_english_are_left_as_they_are(tmp_path: Path) -> None:
    for name, text in [
        ("hindi.txt", (ROOT / "seeds" / "putin-delhi-visit-2021.txt").read_text("utf-8")),
        ("english.txt", (ROOT / "tests" / "data" / "english-article.txt").read_text("utf-8")),
    ]:
        path = tmp_path / name
        path.write_text(text, encoding="utf-8")
        plain = run_cli("sentences", str(path), "-f", "jsonl")
        converted = run_cli("sentences", "--from-legacy", "krutidev", str(path), "-f", "jsonl")
        assert converted.exit_code == ExitCode.OK, converted.stderr
        assert converted.stdout == plain.stdout


def test_kruti_dev_without_the_option_is_still_refused(kruti: Path) -> None:
    result = run_cli("sentences", str(kruti))
    assert result.exit_code == ExitCode.INPUT
    assert result.stdout == ""
    assert result.stderr == f"indoru: error: {kruti}: {REFUSED}\n"


def test_without_the_extra_one_line_and_exit_2(
    kruti: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setitem(sys.modules, "hinlegacy", None)  # import hinlegacy: ImportError
    for command in (["sentences"], ["terms"], ["summarize"], ["summarize", "--jsonl"]):
        result = run_cli(*command, "--from-legacy", "krutidev", str(kruti))
        assert result.exit_code == ExitCode.USAGE, command
        assert (result.stdout, result.stderr) == ("", MISSING), command


def test_an_unknown_legacy_font_is_a_usage_error(kruti: Path) -> None:
    result = run_cli("sentences", "--from-legacy", "devlys", str(kruti))
    assert result.exit_code == ExitCode.USAGE
    assert "'devlys' is not one of: krutidev" in result.stderr


def _scribble() -> list[tuple[str, str]]:
    lines = (ROOT / "tests" / "data" / "krutidev-scribble.tsv").read_text("utf-8").splitlines()
    return [(u, k) for u, k in (line.split("\t") for line in lines if not line.startswith("#"))]


def test_the_real_sample_of_kruti_dev() -> None:
    """28 of the 30 pairs come out as their Unicode originals; the two others hold what
    Kruti Dev cannot: Latin letters, and a nukta the typist left out."""
    convert = legacy_converter("krutidev")
    pairs = _scribble()
    wrong = [(unicode, convert(kruti)) for unicode, kruti in pairs if convert(kruti) != unicode]
    assert len(pairs) == 30
    assert wrong == [("फॉक्स BS30", "फॉक्स ठै30"), ("फ़िफ्टी", "फिफ्टी")]


@pytest.mark.parametrize(
    ("kruti", "unicode"),
    [
        ("dk;ksZa dh fLFkfr", "कार्यों की स्थिति"),  # reph over ो; ि before a conjunct
        ("ppkZ gqbZ", "चर्चा हुई"),  # reph; ई is "bZ", not a reph
        ("o/kkZ] lokZsPp] dhfrZ", "वर्धा, सर्वोच्च, कीर्ति"),  # reph over ा, ो, ि
        ('yf{kr jk"Vªh;', "लक्षित राष्ट्रीय"),
        ("U;k;k/kh’k] ofj”B", "न्यायाधीश, वरिष्ठ"),  # Word's curly quotes for ' and "
        ("ek>s o;       %  62", "माझे वय       :  62"),  # a colon keeps its spaces
        ("  Hkkjr ds  \r\n", "  भारत के  \r\n"),  # white space and line ends kept
    ],
)
def test_what_hinlegacy_alone_gets_wrong(kruti: str, unicode: str) -> None:
    assert legacy_converter("krutidev")(kruti) == unicode


def test_one_long_line_in_linear_time() -> None:
    """hinlegacy rebuilds its input for every short-i sign: a 1 MB line at once would take
    minutes; a piece at a time it takes about a second."""
    line = KRUTI_DEV.strip().replace("gqbZ", "fd;k fLFkfr") + " "
    text = line * (1_000_000 // len(line))
    start = time.perf_counter()
    converted = legacy_converter("krutidev")(text)
    assert time.perf_counter() - start < 10
    assert converted.count("स्थिति") == text.count("fLFkfr")
    assert converted.count(" ") == text.count(" ")


def test_the_core_module_stays_light() -> None:
    probe = "import sys, indoru.legacy; print('\\n'.join(sys.modules))"
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True)
    loaded = {line.split(".")[0] for line in done.stdout.splitlines()}
    assert not loaded & {"typer", "rich", "hinlegacy"}


def test_help_names_the_extra_to_install() -> None:
    # typer's rich help reads [legacy] as markup and drops it unless it is escaped
    for command in ("sentences", "terms", "summarize"):
        shown = " ".join(run_cli(command, "--help").stdout.replace("│", " ").split())
        assert "pip install 'indoru[legacy]'" in shown, command
