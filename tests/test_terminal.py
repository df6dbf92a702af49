"""The terminal side of indoru: tables that fit the window, Devanagari folded between
clusters, the pager, colour choices, completion and help.

Every terminal branch is driven through an injected :class:`Environment` (a terminal of
a given size, its environment variables), so no test needs a real terminal except the
tmux check, which skips when tmux is absent.
"""

from __future__ import annotations

import io
import os
import shlex
import shutil
import subprocess
import sys
import time
import unicodedata
import uuid
from collections.abc import Sequence
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from indoru.app import run
from indoru.cli import Environment
from indoru.console import clusters, fold_text, install_terminal_widths

from conftest import SEEDS, libc_wcwidth

BORDERS = "│╭╮╰╯├┤┬┴┼─"


def terminal(
    columns: int = 80, lines: int | None = None, environ: dict[str, str] | None = None
) -> Environment:
    """A terminal of the given size: stdout and stderr are terminals, stdin is not."""
    return Environment(
        stdin=io.StringIO(""),
        stdout=io.StringIO(),
        stderr=io.StringIO(),
        stdout_isatty=True,
        stderr_isatty=True,
        environ=environ or {},
        columns=columns,
        lines=lines,
    )


def screen(
    *args: str, columns: int = 80, environ: dict[str, str] | None = None
) -> tuple[int, list[str], str]:
    """Run indoru on a terminal ``columns`` wide: exit status, stdout lines, stderr."""
    env = terminal(columns, environ=environ)
    code = run(list(args), env)
    assert isinstance(env.stdout, io.StringIO)
    assert isinstance(env.stderr, io.StringIO)
    return code, env.stdout.getvalue().splitlines(), env.stderr.getvalue()


def cells(line: str) -> int:
    """Terminal columns of a line, as the C library (and so tmux, xterm, VTE) counts."""
    wcwidth = libc_wcwidth()
    return sum(max(wcwidth(char), 0) for char in line)


def table_cells(lines: Sequence[str]) -> list[list[str]]:
    """The cell text of each line of the rendered tables (border lines skipped)."""
    rows = []
    for line in lines:
        if line.startswith("│"):
            rows.append([cell.strip() for cell in line.strip().strip("│").split("│")])
    return rows


def starts_mid_cluster(text: str) -> bool:
    """A piece of text that begins inside a cluster: a combining mark, ZWJ/ZWNJ, or a
    consonant that a virama joins to what came before is only known from the whole."""
    return bool(text) and (unicodedata.category(text[0])[0] == "M" or text[0] in "\u200c\u200d")


# --- 1. tables that fit ------------------------------------------------------------------


def test_terms_of_several_files_is_one_titled_table_per_file_at_80_columns() -> None:
    code, lines, _ = screen("terms", *map(str, SEEDS), "--no-color")
    assert code == 0
    headings = [line for line in lines if line.startswith("==> ")]
    assert headings == [f"==> {seed} <==" for seed in SEEDS]
    assert max(cells(line) for line in lines) <= 80
    header_rows = [row for row in table_cells(lines) if row[:2] == ["Hindi", "English"]]
    assert len(header_rows) == len(SEEDS)
    # every Hindi and English cell has text (the file column no longer eats the width)
    body = [row for row in table_cells(lines) if row[:2] != ["Hindi", "English"]]
    records = [row for row in body if row[3]]  # a record's first line has its count
    assert len(records) > 100
    assert all(row[0] and row[1] for row in records)
    assert (
        lines[1]
        == "╭──────────────────┬────────────────────┬──────────────────┬───────┬───────────╮"
    )
    assert table_cells(lines[:5]) == [
        ["Hindi", "English", "category", "count", "uncertain"],
        ["भारत", "India", "country", "18", "0"],
    ]


def test_a_narrow_table_says_which_columns_it_leaves_out() -> None:
    code, lines, _ = screen("terms", str(SEEDS[0]), "--no-color")
    assert code == 0
    assert lines[-1].rstrip() == (
        "not shown at this width: forms seen, sentences (--format text shows them)"
    )
    assert max(cells(line) for line in lines) <= 80
    code, wide, _ = screen("terms", str(SEEDS[0]), "--no-color", columns=160)
    assert table_cells(wide)[0] == [
        "Hindi", "English", "category", "count", "uncertain", "forms seen", "sentences",
    ]  # fmt: skip
    assert not any(line.startswith("not shown") for line in wide)


@pytest.mark.parametrize("columns", [40, 80, 160])
@pytest.mark.parametrize(
    "args",
    [
        ("terms", *map(str, SEEDS)),
        ("sentences", *map(str, SEEDS)),
        ("glossary", "lavrov"),
        ("glossary", "--list", "--category", "weapon-system"),
        ("summarize", "--gloss", str(SEEDS[3])),
    ],
    ids=["terms", "sentences", "lookup", "list", "summarize"],
)
def test_every_table_fits_and_keeps_hindi_and_english(args: tuple[str, ...], columns: int) -> None:
    code, lines, _ = screen(*args, "--no-color", columns=columns)
    assert code == 0
    assert max(cells(line) for line in lines) <= columns
    headers = [row for row in table_cells(lines) if "Hindi" in row or "text" in row]
    assert headers
    for header in headers:
        assert ("Hindi" in header and "English" in header) or "text" in header
    for row in table_cells(lines):
        assert not any(starts_mid_cluster(cell) for cell in row), row


# --- 2. Devanagari folded between clusters ----------------------------------------------


def test_clusters_keep_conjuncts_and_vowel_signs_whole() -> None:
    assert list(clusters("क्षत्रिय")) == ["क्ष", "त्रि", "य"]
    assert list(clusters("प्रौद्योगिकी")) == ["प्रौ", "द्यो", "गि", "की"]
    assert list(clusters("ऑपरेशन सिंदूर")) == ["ऑ", "प", "रे", "श", "न", " ", "सिं", "दू", "र"]
    assert list(clusters("स्. ab")) == ["स्", ".", " ", "a", "b"]


@pytest.mark.parametrize("columns", [40, 80, 160])
def test_sentences_table_folds_only_between_clusters_and_loses_nothing(columns: int) -> None:
    seed = next(s for s in SEEDS if "putin" in s.name)
    code, lines, _ = screen("sentences", str(seed), "--no-color", columns=columns)
    assert code == 0
    rows = table_cells(lines)[1:]  # the header row first
    texts: list[str] = []
    for row in rows:
        assert not starts_mid_cluster(row[-1]), row
        if row[0]:
            texts.append(row[-1])
        else:
            texts[-1] += " " + row[-1]
    code, plain, _ = screen("sentences", str(seed), "--format", "text", columns=columns)
    assert [" ".join(t.split()) for t in texts] == [" ".join(t.split()) for t in plain]


consonants = st.sampled_from(list("कखगचजटडतदनपबमयरलवशसह"))
syllables = st.builds(
    lambda c, half, sign, nasal: (half + "्" if half else "") + c + sign + nasal,
    consonants,
    st.sampled_from(["", "", "क", "र", "स"]),
    st.sampled_from(["", "ा", "ि", "ी", "ु", "ू", "े", "ै", "ो", "ौ", "़"]),
    st.sampled_from(["", "", "ं", "ः", "ँ"]),
)
words = st.lists(syllables, min_size=1, max_size=12).map("".join)
# Hindi text as it comes: words of syllables (conjuncts, vowel signs, nasals), spaces,
# hyphenated compounds and Latin words
devanagari = st.lists(
    st.one_of(words, st.builds(lambda a, b: a + "-" + b, words, words), st.just("S-400")),
    max_size=30,
).map(" ".join)


@settings(max_examples=150, deadline=None)
@given(text=devanagari, width=st.integers(min_value=4, max_value=160))
def test_folded_lines_fit_start_at_clusters_and_keep_every_character(text: str, width: int) -> None:
    install_terminal_widths()
    from rich.cells import cell_len

    lines = fold_text(text, width)
    assert "".join("".join(lines).split()) == "".join(text.split())
    for line in lines:
        assert not starts_mid_cluster(line)
        longest = max((cell_len(c) for c in clusters(line)), default=0)
        assert cell_len(line) <= max(width, longest)


def test_folding_is_linear() -> None:
    """A 100-times longer cell takes about 100 times as long, not 10,000."""
    import time

    line = Path(SEEDS[0]).read_text(encoding="utf-8").replace("\n", " ")
    timings = []
    for factor in (10, 1000):
        start = time.perf_counter()
        fold_text(line * factor, 30)
        timings.append(time.perf_counter() - start)
    assert timings[1] < timings[0] * 300


# --- 3. the terminal's size comes from the Environment ----------------------------------


def test_the_size_comes_from_columns_and_lines_before_the_terminal() -> None:
    from indoru.cli import _terminal_size

    assert _terminal_size({"COLUMNS": "100", "LINES": "30"}, None) == (100, 30)
    assert _terminal_size({"COLUMNS": "wide", "LINES": "-3"}, None) == (None, None)
    assert _terminal_size({}, io.StringIO()) == (None, None)  # not a terminal: no size
    assert terminal(columns=0).width == 80  # unknown: tables are 80 wide


def test_tables_follow_the_environment_width() -> None:
    for columns in (50, 120):
        code, lines, _ = screen("glossary", "S-400", "--no-color", columns=columns)
        assert code == 0
        assert max(cells(line) for line in lines) <= columns
    _, narrow, _ = screen("glossary", "S-400", "--no-color", columns=50)
    _, wide, _ = screen("glossary", "S-400", "--no-color", columns=120)
    assert table_cells(narrow)[0] == ["Hindi", "English", "category"]
    assert table_cells(wide)[0] == ["Hindi", "English", "category", "definition", "match"]


@pytest.mark.skipif(shutil.which("tmux") is None, reason="tmux is not installed")
def test_tmux_shows_the_80_column_terms_tables_whole(tmp_path: Path) -> None:
    """`indoru terms seeds/*.txt` in a real 80-column terminal (tmux): the size comes from
    the terminal itself, no line wraps, and every row keeps its Hindi and English."""
    socket = f"indoru-test-{uuid.uuid4().hex[:8]}"
    done = tmp_path / "done"
    command = " ".join(
        [sys.executable, "-m", "indoru", "terms", "--no-color", "--no-pager"]
        + [shlex.quote(str(seed)) for seed in SEEDS]
        + ["; touch", shlex.quote(str(done)), "; sleep 30"]
    )
    environ = {"LANG": "C.UTF-8", "LC_ALL": "C.UTF-8", "PATH": "/usr/bin:/bin", "TERM": "xterm"}
    environ["XDG_CACHE_HOME"] = os.environ.get("XDG_CACHE_HOME", str(tmp_path))
    subprocess.run(
        ["tmux", "-u", "-L", socket, "new-session", "-d", "-x", "80", "-y", "50", command],
        check=True,
        env=environ,
    )
    try:
        for _ in range(300):
            if done.exists():
                break
            time.sleep(0.1)
        shown = subprocess.run(
            ["tmux", "-L", socket, "capture-pane", "-p", "-S", "-", "-E", "-"],
            capture_output=True,
            text=True,
            check=True,
        ).stdout
    finally:
        subprocess.run(["tmux", "-L", socket, "kill-server"], capture_output=True)
    lines = [line for line in shown.splitlines() if line.strip()]
    assert [line for line in lines if line.startswith("==> ")] == [
        f"==> {seed} <==" for seed in SEEDS
    ], shown
    rows = [line for line in lines if line.startswith(("│", "╭", "├", "╰"))]
    assert len(rows) > 300, shown
    assert all(line.rstrip()[-1] in "│╮╯┤" for line in rows), shown  # none wrapped
    records = [row for row in table_cells(rows) if row[3] and row[0] != "Hindi"]
    assert all(row[0] and row[1] for row in records)


# --- 4. a pager for long output on a terminal -------------------------------------------

RECORDER = (
    "import os, sys; data = sys.stdin.read(); "
    "open(sys.argv[1], 'w', encoding='utf-8').write(os.environ.get('LESS', '-') + '\\n' + data)"
)


def recorder(path: Path) -> str:
    """A pager command that writes what it was given (and $LESS) to ``path``."""
    return f"{shlex.quote(sys.executable)} -c {shlex.quote(RECORDER)} {shlex.quote(str(path))}"


LONG = ("glossary", "--list", "--category", "weapon-system", "--no-color")


def paged(
    *args: str, lines: int = 10, isatty: bool = True, environ: dict[str, str] | None = None
) -> tuple[int, str]:
    env = terminal(80, lines, environ)
    env.stdout_isatty = isatty
    code = run(list(args), env)
    assert isinstance(env.stdout, io.StringIO)
    return code, env.stdout.getvalue()


def test_long_output_on_a_terminal_goes_through_the_pager_with_less_options(
    tmp_path: Path,
) -> None:
    got = tmp_path / "paged"
    code, shown = paged(*LONG, environ={"INDORU_PAGER": recorder(got), "PAGER": "false"})
    assert code == 0
    assert shown == ""  # all of it went to the pager
    less, table = got.read_text(encoding="utf-8").split("\n", 1)
    assert less == "FRX"
    _, unpaged = paged(*LONG, "--no-pager")
    assert table == unpaged
    assert len(unpaged.splitlines()) > 100


def test_pager_is_pager_then_less_and_keeps_the_users_less(tmp_path: Path) -> None:
    got = tmp_path / "paged"
    code, shown = paged(*LONG, environ={"PAGER": recorder(got), "LESS": "-S"})
    assert code == 0
    assert shown == ""
    assert got.read_text(encoding="utf-8").startswith("-S\n╭")
    from indoru.cli import Environment as Env

    assert Env(None, None, None).pager_command() == "less"


@pytest.mark.parametrize(
    ("args", "lines", "isatty", "environ"),
    [
        (("glossary", "S-400", "--no-color"), 40, True, {}),  # fits on the screen
        (LONG, 10, False, {}),  # a pipe
        ((*LONG, "--no-pager"), 10, True, {}),
        (LONG, 10, True, {"INDORU_PAGER": ""}),  # set and empty: no pager (as git)
        (LONG, 10, True, {"INDORU_PAGER": "cat"}),
        (LONG, 0, True, {}),  # a terminal of unknown height
    ],
    ids=["fits", "pipe", "no-pager", "empty", "cat", "unknown-height"],
)
def test_no_pager(
    tmp_path: Path, args: tuple[str, ...], lines: int, isatty: bool, environ: dict[str, str]
) -> None:
    got = tmp_path / "paged"
    code, shown = paged(
        *args, lines=lines, isatty=isatty, environ={"PAGER": recorder(got), **environ}
    )
    assert code == 0
    assert not got.exists()
    assert shown.splitlines()[0][0] in "╭एभ"


def test_quitting_the_pager_early_ends_quietly(tmp_path: Path) -> None:
    env = terminal(80, 10, {"INDORU_PAGER": "head -c 10 >/dev/null"})
    code = run(["glossary", "--list", "--no-color"], env)
    assert code == 0
    assert isinstance(env.stderr, io.StringIO)
    assert env.stderr.getvalue() == ""


# --- 5. --color auto|always|never and NO_COLOR -------------------------------------------

BOLD = "\x1b[1m"


@pytest.mark.parametrize(
    ("args", "isatty", "environ", "coloured"),
    [
        ((), True, {}, True),
        ((), True, {"NO_COLOR": ""}, True),  # empty: colour stays (no-color.org)
        ((), True, {"NO_COLOR": "1"}, False),
        ((), True, {"TERM": "dumb"}, False),
        (("--no-color",), True, {}, False),
        (("--color", "never"), True, {}, False),
        (("--color", "auto"), False, {}, False),
        (("--color", "always"), False, {}, True),  # into a pipe, for less -R
        (("--color", "always"), True, {"NO_COLOR": "1"}, True),  # a flag beats NO_COLOR
        (("--color", "ALWAYS"), False, {"TERM": "dumb"}, True),
    ],
)
def test_colour_choices(
    args: tuple[str, ...], isatty: bool, environ: dict[str, str], coloured: bool
) -> None:
    env = terminal(80, None, environ)
    env.stdout_isatty = isatty
    assert run(["glossary", "S-400", "-f", "table", *args], env) == 0
    assert isinstance(env.stdout, io.StringIO)
    shown = env.stdout.getvalue()
    assert (BOLD in shown) is coloured
    assert ("\x1b" in shown) is coloured
    assert "│ एस-400 │ S-400   │ weapon-system │" in shown.replace(BOLD, "").replace("\x1b[0m", "")


@pytest.mark.parametrize(
    "command",
    [
        ("sentences",),
        ("terms",),
        ("terms", "--highlight"),
        ("summarize",),
        ("glossary", "S-400"),
    ],
)
def test_every_command_takes_color_always(command: tuple[str, ...], tmp_path: Path) -> None:
    article = tmp_path / "article.txt"
    article.write_text("भारत और रूस ने एस-400 पर समझौता किया।\n", encoding="utf-8")
    env = terminal(80, None, {})
    env.stdout_isatty = False
    files = [] if command[0] == "glossary" else [str(article)]
    assert run([*command, *files, "-f", "table", "--color", "always"], env) == 0
    assert isinstance(env.stdout, io.StringIO)
    assert "\x1b[" in env.stdout.getvalue()


def test_no_color_and_color_always_together_is_a_usage_error(
    capsys: pytest.CaptureFixture[str],
) -> None:
    code, lines, _ = screen("glossary", "S-400", "--no-color", "--color", "always")
    assert code == 2
    assert lines == []
    assert "--no-color and --color always ask for opposite things" in capsys.readouterr().err


# --- 6. completion for bash, zsh and fish -----------------------------------------------


def complete(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], **environ: str
) -> str:
    """What the shell's completion hook gets back from indoru (click reads os.environ)."""
    for name, value in environ.items():
        monkeypatch.setenv(name, value)
    with pytest.raises(SystemExit) as exited:
        run([], terminal())
    assert exited.value.code == 0
    return capsys.readouterr().out


@pytest.mark.parametrize(
    ("shell", "first_line"),
    [
        ("bash", "_indoru_completion() {"),
        ("zsh", "#compdef indoru"),
        ("fish", "complete --command indoru --no-files --arguments"),
    ],
)
def test_the_completion_script_is_produced(
    shell: str, first_line: str, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    script = complete(monkeypatch, capsys, _INDORU_COMPLETE=f"source_{shell}")
    assert script.strip().splitlines()[0].startswith(first_line)
    assert "_INDORU_COMPLETE=complete_" in script


def test_completing_glo_offers_glossary(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    bash = complete(
        monkeypatch,
        capsys,
        _INDORU_COMPLETE="complete_bash",
        COMP_WORDS="indoru glo",
        COMP_CWORD="1",
    )
    assert bash.split() == ["glossary"]
    fish = complete(
        monkeypatch,
        capsys,
        _INDORU_COMPLETE="complete_fish",
        _TYPER_COMPLETE_ARGS="indoru glossary --li",
        _TYPER_COMPLETE_FISH_ACTION="get-args",
    )
    assert fish.splitlines() == [
        "--limit\tAt most N entries (per query; default 5; --list and --search: all).",
        "--list\tList entries (see --category, --domain).",
    ]


# --- 7. help: examples, words for metavars, `indoru help COMMAND` ------------------------

COMMANDS = [
    (),
    ("sentences",),
    ("summarize",),
    ("terms",),
    ("glossary",),
    ("glossary", "lookup"),
    ("glossary", "export"),
    ("glossary", "check"),
    ("help",),
]


def help_of(capsys: pytest.CaptureFixture[str], *words: str) -> str:
    assert run([*words], terminal(100)) == 0
    return capsys.readouterr().out


@pytest.mark.parametrize("command", COMMANDS, ids=lambda c: " ".join(c) or "indoru")
def test_help_has_examples_and_metavars_in_words(
    command: tuple[str, ...], capsys: pytest.CaptureFixture[str]
) -> None:
    shown = help_of(capsys, *command, "--help")
    assert "Examples:" in shown
    examples = [line.strip() for line in shown.splitlines() if line.strip().startswith("indoru ")]
    assert len(examples) >= 2, shown
    for label in ("<bool>", "<int", "<str>", "<list[", "<path>", "[[FILE]"):
        assert label not in shown, (label, shown)


def test_options_show_words_or_nothing(capsys: pytest.CaptureFixture[str]) -> None:
    shown = help_of(capsys, "glossary", "lookup", "--help")
    lines = {line.split()[1]: line for line in shown.splitlines() if line.startswith("│ --")}
    assert lines["--limit"].split()[3:5] == ["N", "[x>=1]"]
    assert lines["--exact"].split()[3:6] == ["Exact", "forms", "only:"]  # a flag: no type
    assert lines["--format"].split()[3] == "table|text|tsv|jsonl|json"
    assert lines["--color"].split()[2] == "auto|always|never"
    assert "Usage: indoru glossary lookup [OPTIONS] [QUERY]..." in shown


@pytest.mark.parametrize("command", COMMANDS[1:], ids=lambda c: " ".join(c))
def test_help_command_is_the_commands_help(
    command: tuple[str, ...], capsys: pytest.CaptureFixture[str]
) -> None:
    assert help_of(capsys, "help", *command) == help_of(capsys, *command, "--help")


def test_help_of_an_unknown_command_is_a_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    assert run(["help", "nosuch"], terminal()) == 2
    assert "No such command 'nosuch'" in capsys.readouterr().err
