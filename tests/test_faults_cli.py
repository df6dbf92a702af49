"""Faults at the seams (issue 8): the top-level handler, stderr, output faults, the
glossary cache, and the terminal branches through an injected Environment."""

from __future__ import annotations

import io
import json
import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from indoru.app import run
from indoru.cli import Environment
from indoru.render import write_lines

from conftest import ROOT, SEEDS, run_cli

INDORU = [sys.executable, "-m", "indoru"]
SEED = str(SEEDS[0])


def _shell(command: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    """A command line run by bash, with `indoru` meaning this checkout's indoru."""
    indoru = " ".join(INDORU)
    return subprocess.run(
        ["bash", "-c", command.replace("indoru ", f"{indoru} ")],
        capture_output=True,
        text=True,
        cwd=cwd,
        timeout=120,
    )


# --- stderr is neutralised like stdout ----------------------------------------------------


@pytest.mark.parametrize(
    ("name", "shown"),
    [
        ("\x1b]0;pwned\x07.txt", "␛]0;pwned␇.txt"),  # OSC 0: sets the window title
        ("\x1b]52;c;cHduZWQ=\x07.txt", "␛]52;c;cHduZWQ=␇.txt"),  # OSC 52: the clipboard
        ("gpj.\u202etxt", "gpj.<U+202E>txt"),  # right-to-left override spoofs the name
        ("a\u200bb\u2066c.txt", "a<U+200B>b<U+2066>c.txt"),
        ("two\nlines.txt", "two␤lines.txt"),
    ],
)
def test_untrusted_names_reach_stderr_neutralised(name: str, shown: str) -> None:
    result = run_cli("sentences", name)
    assert result.exit_code == 3
    assert result.stderr == f"indoru: error: {shown}: no such file\n"


def test_devanagari_joiners_stay_as_they_are_on_stderr() -> None:
    """ZWJ and ZWNJ spell Devanagari; they are not hidden characters."""
    name = "क्\u200dष.txt"
    assert name in run_cli("sentences", name).stderr


# --- one handler, one line, the documented exit code ------------------------------------


def test_a_bad_user_glossary_in_summarize_is_one_line_and_exit_3(tmp_path: Path) -> None:
    bad = tmp_path / "bad.json"
    bad.write_text("not json", encoding="utf-8")
    for extra in ([], ["--jobs", "2"]):
        done = subprocess.run(
            [*INDORU, "summarize", SEED, "-g", str(bad), *extra],
            capture_output=True,
            text=True,
            timeout=120,
        )
        assert done.returncode == 3, done.stderr
        assert "Traceback" not in done.stderr
        assert done.stderr.startswith(f"indoru: error: {bad}:1: not valid JSON")
        assert done.stderr.count("\n") == 1


def test_a_missing_user_glossary_in_summarize(tmp_path: Path) -> None:
    result = run_cli("summarize", SEED, "-g", str(tmp_path / "none.tsv"))
    assert result.exit_code == 3
    assert result.stderr == f"indoru: error: {tmp_path / 'none.tsv'}: no such glossary file\n"


def test_an_unexpected_indoru_error_anywhere_is_mapped_by_its_exit_code(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from indoru import segment
    from indoru.errors import IndoruError

    def broken(*args: object, **kwargs: object) -> None:
        raise IndoruError("something the command did not expect")

    monkeypatch.setattr(segment, "iter_spans", broken)
    result = run_cli("sentences", SEED)
    assert (result.exit_code, result.stderr) == (
        3,
        "indoru: error: something the command did not expect\n",
    )


# --- output faults ------------------------------------------------------------------------


def test_output_is_the_input(tmp_path: Path) -> None:
    article = tmp_path / "a.txt"
    article.write_text("पहला वाक्य। दूसरा वाक्य।\n", encoding="utf-8")
    before = article.read_bytes()
    done = _shell("indoru sentences a.txt >> a.txt", cwd=tmp_path)
    assert done.returncode == 3
    assert done.stderr == "indoru: error: a.txt: input file is the output file\n"
    assert article.read_bytes() == before
    done = _shell("indoru terms a.txt b.txt >> a.txt", cwd=tmp_path)
    assert "a.txt: input file is the output file" in done.stderr


def test_full_disk_closed_stdout_closed_stderr() -> None:
    full = _shell(f"indoru sentences {SEED} > /dev/full")
    assert (full.returncode, full.stderr) == (
        3,
        "indoru: error: cannot write the output: no space left on device\n",
    )
    closed = _shell(f"indoru sentences {SEED} >&-")
    assert (closed.returncode, closed.stderr) == (
        3,
        "indoru: error: standard output is closed; nothing can be written\n",
    )
    nowhere = _shell(f"indoru sentences {SEED} 2>&- > /dev/full; echo $?")
    assert nowhere.stdout == "3\n"


@pytest.mark.parametrize("fmt", ["table", "text", "jsonl"])
def test_a_closed_pipe_exits_0_in_every_format(tmp_path: Path, fmt: str) -> None:
    big = tmp_path / "big.txt"
    big.write_text("".join(s.read_text(encoding="utf-8") for s in SEEDS) * 20, encoding="utf-8")
    done = _shell(f"set -o pipefail; indoru sentences {big} -f {fmt} | head -1 > /dev/null")
    assert done.returncode == 0, done.stderr
    assert done.stderr == ""


def test_an_interrupt_never_leaves_half_a_line() -> None:
    class Interrupted(io.StringIO):
        writes = 0

        def write(self, text: str) -> int:
            self.writes += 1
            if self.writes == 3:
                raise KeyboardInterrupt
            return super().write(text)

    stream = Interrupted()
    with pytest.raises(KeyboardInterrupt):
        write_lines(stream, (f"line {n}" for n in range(10)))
    assert stream.getvalue() == "line 0\nline 1\n"


def test_lone_surrogates_are_written_escaped_not_a_crash(tmp_path: Path) -> None:
    name = os.fsdecode(b"\xffarticle.txt")
    (tmp_path / name).write_text("एक वाक्य।\n", encoding="utf-8")
    done = subprocess.run(
        [*INDORU, "sentences", name, "-f", "jsonl"],
        capture_output=True,
        cwd=tmp_path,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    record = json.loads(done.stdout)
    assert record["file"] == name  # the JSON escape \udcff reads back to the same name
    text = subprocess.run(
        [*INDORU, "sentences", name, "-f", "tsv"], capture_output=True, cwd=tmp_path
    )
    assert b"\\udcffarticle.txt" in text.stdout


def test_sigterm_ends_the_worker_processes(tmp_path: Path) -> None:
    folder = tmp_path / f"corpus-{os.getpid()}-{random.randrange(10**9)}"
    folder.mkdir()
    text = "".join(s.read_text(encoding="utf-8") for s in SEEDS) * 30
    for n in range(40):
        (folder / f"{n:03}.txt").write_text(text, encoding="utf-8")
    process = subprocess.Popen(
        [*INDORU, "summarize", str(folder), "--jobs", "2", "-f", "jsonl"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    time.sleep(3)
    assert process.poll() is None, "the run ended before it could be terminated"
    process.send_signal(signal.SIGTERM)
    assert process.wait(timeout=60) == 143
    time.sleep(0.5)
    left = []
    for proc in Path("/proc").iterdir():
        try:
            command = (proc / "cmdline").read_bytes()
        except OSError:
            continue
        if folder.name.encode() in command:
            left.append(proc.name)
    assert left == []


# --- the glossary cache -------------------------------------------------------------------


def test_a_damaged_cache_is_rebuilt_and_heals(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    assert run_cli("glossary", "S-400").exit_code == 0
    (cache,) = (tmp_path / "indoru").glob("index-*.marshal")
    good = cache.read_bytes()
    randomness = random.Random(8)
    for _ in range(8):
        damaged = bytearray(good)
        for _ in range(randomness.randrange(1, 4)):
            damaged[randomness.randrange(len(damaged))] ^= 1 << randomness.randrange(8)
        cache.write_bytes(bytes(damaged))
        result = run_cli("glossary", "S-400", "-f", "jsonl")
        assert result.exit_code == 0, result.stderr
        assert json.loads(result.stdout)["id"] == "s-400"
        assert run_cli("glossary", "समझौतों", "-f", "jsonl").exit_code == 0
    assert run_cli("glossary", "S-400").exit_code == 0
    assert cache.read_bytes()[:64] == good[:64]  # healed: written anew, whole


def test_the_cache_keeps_the_last_few_and_knows_user_content(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    mine = tmp_path / "mine.tsv"
    mine.write_text("झुनझुना प्रणाली\trattle system\n", encoding="utf-8")
    run_cli("glossary", "S-400")
    run_cli("glossary", "S-400", "-g", str(mine))
    assert len(list((tmp_path / "cache" / "indoru").glob("index-*.marshal"))) == 2
    stat = mine.stat()
    mine.write_text("झुनझुना प्रणाली\trattle systeX\n", encoding="utf-8")
    os.utime(mine, ns=(stat.st_atime_ns, stat.st_mtime_ns))  # same size, same time
    assert mine.stat().st_size == stat.st_size
    found = run_cli("glossary", "झुनझुना प्रणाली", "-g", str(mine), "-f", "jsonl")
    assert json.loads(found.stdout)["en"] == "rattle systeX"


def test_the_cache_fingerprint_follows_the_version_and_the_code(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    import indoru._version
    from indoru import lookup
    from indoru.store import builtin_files

    files = builtin_files()
    before = lookup.fingerprint(files)
    assert lookup.fingerprint(files) == before
    monkeypatch.setattr(indoru._version, "__version__", "99.0")
    assert lookup.fingerprint(files) != before  # an upgrade never reads an older cache
    monkeypatch.undo()
    terms_py = Path(lookup.__file__).with_name("terms.py")
    stat = terms_py.stat()
    try:
        os.utime(terms_py, ns=(stat.st_atime_ns, stat.st_mtime_ns + 1))  # an edit
        assert lookup.fingerprint(files) != before
    finally:
        os.utime(terms_py, ns=(stat.st_atime_ns, stat.st_mtime_ns))


def test_each_run_in_a_process_uses_its_own_glossary(tmp_path: Path) -> None:
    article = tmp_path / "a.txt"
    article.write_text(
        "हाइपरसोनिक हथियार पर चर्चा हुई। रूस ने हाइपरसोनिक हथियार दिखाया। यह नया है।\n",
        encoding="utf-8",
    )
    terms = []
    for english in ("first gloss", "second gloss"):
        mine = tmp_path / f"{english.split()[0]}.tsv"
        mine.write_text(f"हाइपरसोनिक हथियार\t{english}\n", encoding="utf-8")
        result = run_cli("summarize", str(article), "-g", str(mine), "-f", "json")
        (record,) = json.loads(result.stdout)
        terms.append({t["en"] for t in record["terms"]})
    assert "first gloss" in terms[0]
    assert "second gloss" in terms[1]


# --- terminal branches, through an injected environment -------------------------------------


def _on_a_terminal(*args: str, **environ: str) -> tuple[int, str, str]:
    stdout, stderr = io.StringIO(), io.StringIO()
    env = Environment(None, stdout, stderr, False, True, True, {"TERM": "xterm", **environ})
    code = run(list(args), env)
    return code, stdout.getvalue(), stderr.getvalue()


def test_a_terminal_gets_a_table_in_colour() -> None:
    code, out, _ = _on_a_terminal("sentences", SEED)
    assert code == 0
    assert "╭" in out
    assert "\x1b[" in out


@pytest.mark.parametrize(
    ("args", "environ"),
    [(["--no-color"], {}), ([], {"NO_COLOR": "1"}), ([], {"TERM": "dumb"})],
)
def test_no_colour_when_asked(args: list[str], environ: dict[str, str]) -> None:
    code, out, _ = _on_a_terminal("sentences", SEED, *args, **environ)
    assert code == 0
    assert "╭" in out or environ.get("TERM") == "dumb"
    assert "\x1b[" not in out


def test_an_empty_no_color_does_not_turn_colour_off() -> None:
    """no-color.org: NO_COLOR counts when it is present and not an empty string."""
    assert "\x1b[" in _on_a_terminal("sentences", SEED, NO_COLOR="")[1]


def test_a_pipe_gets_plain_text() -> None:
    stdout = io.StringIO()
    code = run(["sentences", SEED], Environment(None, stdout, io.StringIO()))
    assert code == 0
    assert "╭" not in stdout.getvalue()
    assert stdout.getvalue().splitlines()[0] == (ROOT / SEED).read_text("utf-8").splitlines()[0]


def test_terms_on_empty_input_says_so() -> None:
    result = run_cli("terms", "-", input="")
    assert result.exit_code == 1
    assert result.stderr == "indoru: <stdin>: empty input, no terms\n"


def test_a_huge_line_in_a_table_is_cut_and_says_so(tmp_path: Path) -> None:
    """A 10 MB one-line file took 80 s to fold into a table; a table cell now shows the
    first 2,000 characters and how many more there are (the other formats keep all)."""
    line = tmp_path / "line.txt"
    line.write_text("शब्द " * 400_000 + "\n", encoding="utf-8")
    started = time.perf_counter()
    code, out, _ = _on_a_terminal("sentences", str(line), "--no-color")
    assert code == 0
    assert time.perf_counter() - started < 30
    cells = "".join(out.split()).replace("│", "")
    assert f"[{5 * 400_000 - 1 - 2_000:,}morecharacters:use--formattext]" in cells


def test_export_to_dev_stdout_into_a_closed_pipe_exits_0() -> None:
    done = _shell(
        "set -o pipefail; indoru glossary export -f tsv -o /dev/stdout | head -1 > /dev/null"
    )
    assert (done.returncode, done.stderr) == (0, "")
