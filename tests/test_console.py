"""Rich tables of Hindi rows line up as a terminal draws them.

The oracle is the C library's wcwidth (what tmux, xterm and VTE use), and, where tmux is
installed, tmux itself.
"""

from __future__ import annotations

import ctypes
import io
import shutil
import subprocess
import sys
import textwrap
import time
import uuid

import pytest
import rich.cells

from indoru import console
from indoru.console import Column, make_console, print_table

from conftest import libc_wcwidth

ROWS = [
    {"hi": "प्रौद्योगिकी", "en": "technology"},
    {"hi": "रक्षा मंत्री राजनाथ सिंह", "en": "Defence Minister Rajnath Singh"},
    {"hi": "सतह से हवा में मार करने वाली मिसाइल", "en": "surface-to-air missile"},
    {"hi": "ऑपरेशन सिंदूर", "en": "Operation Sindoor"},
    {"hi": "कुडनकुलम परमाणु ऊर्जा संयंत्र", "en": "Kudankulam Nuclear Power Plant"},
    {"hi": "ब्रह्मोस", "en": "BrahMos"},
    {"hi": "S-400", "en": "S-400"},
]
COLUMNS = [Column("hi", "Hindi"), Column("en", "English")]
BORDERS = set("│┃╭╮╰╯├┤┬┴┼─")


def _border_columns(line: str, wcwidth: ctypes._CFuncPtr) -> list[int]:  # type: ignore[name-defined]
    """Terminal columns of the vertical borders in a rendered line."""
    column = 0
    found = []
    for char in line:
        if char in "│╭╮╰╯├┤┬┴┼":
            found.append(column)
        column += max(wcwidth(char), 0)
    return found


def _render() -> list[str]:
    buffer = io.StringIO()
    print_table(make_console(buffer, color=False, width=80), ROWS, COLUMNS)
    return buffer.getvalue().splitlines()


def test_every_row_has_its_borders_where_the_terminal_draws_them() -> None:
    wcwidth = libc_wcwidth()
    lines = _render()
    positions = {tuple(_border_columns(line, wcwidth)) for line in lines}
    assert len(lines) == len(ROWS) + 4  # top, header, rule, rows, bottom
    assert len(positions) == 1, "\n".join(lines)


def test_without_the_fix_rich_tables_drift(monkeypatch: pytest.MonkeyPatch) -> None:
    """Guards the test above: rich's own widths do misalign these rows."""
    wcwidth = libc_wcwidth()
    monkeypatch.setattr(console, "install_terminal_widths", lambda: None)
    monkeypatch.setattr(rich.cells, "load_cell_table", console._rich_load_cell_table)
    rich.cells.get_character_cell_size.cache_clear()
    rich.cells.cached_cell_len.cache_clear()
    try:
        buffer = io.StringIO()
        print_table(make_console(buffer, color=False, width=80), ROWS, COLUMNS)
        lines = buffer.getvalue().splitlines()
    finally:
        rich.cells.get_character_cell_size.cache_clear()
        rich.cells.cached_cell_len.cache_clear()
    assert len({tuple(_border_columns(line, wcwidth)) for line in lines}) > 1


def test_hindi_width_counts_spacing_vowel_signs() -> None:
    console.install_terminal_widths()
    assert rich.cells.cell_len("प्रौद्योगिकी") == 10
    assert rich.cells.cell_len("ऑपरेशन") == 5
    assert rich.cells.cell_len("abc") == 3


@pytest.mark.skipif(shutil.which("tmux") is None, reason="tmux is not installed")
def test_tmux_draws_the_table_without_wrapping_or_drift(tmp_path: object) -> None:
    """A table exactly as wide as a tmux window: any undercount makes tmux wrap a row."""
    width = 60
    script = textwrap.dedent(
        f"""
        import sys
        from indoru.console import Column, make_console, print_table
        rows = {ROWS!r}
        columns = [Column("hi", "Hindi"), Column("en", "English")]
        table_console = make_console(sys.stdout, color=False, width={width})
        from rich.table import Table
        print_table(table_console, rows, columns)
        print("END-OF-TABLE", flush=True)
        import time; time.sleep(30)
        """
    )
    socket = f"indoru-test-{uuid.uuid4().hex[:8]}"
    command = f"{sys.executable} -c {_shell_quote(script)}"
    subprocess.run(
        ["tmux", "-u", "-L", socket, "new-session", "-d", "-x", str(width), "-y", "40", command],
        check=True,
        env={"LANG": "C.UTF-8", "LC_ALL": "C.UTF-8", "PATH": "/usr/bin:/bin", "TERM": "xterm"},
    )
    try:
        screen = ""
        for _ in range(100):
            screen = subprocess.run(
                ["tmux", "-L", socket, "capture-pane", "-p"], capture_output=True, text=True
            ).stdout
            if "END-OF-TABLE" in screen:
                break
            time.sleep(0.1)
    finally:
        subprocess.run(["tmux", "-L", socket, "kill-server"], capture_output=True)
    lines = screen.split("END-OF-TABLE")[0].rstrip("\n").splitlines()
    table = [line for line in lines if line.strip()]
    buffer = io.StringIO()  # the same table, rendered here: tmux must wrap none of its lines
    print_table(make_console(buffer, color=False, width=width), ROWS, COLUMNS)
    assert len(table) == len(buffer.getvalue().splitlines()), screen
    assert all(line.rstrip()[-1] in "│╮╯┤" for line in table), screen


def _shell_quote(text: str) -> str:
    return "'" + text.replace("'", "'\"'\"'") + "'"
