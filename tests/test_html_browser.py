"""The reading view in a real browser (issue 12): Debian's headless chromium draws the
page at phone and desktop widths with real Devanagari glyphs, shows a focused term's
English, prints each gloss after its term, and runs no script.

Glyphs, not boxes: a font that lacks a letter draws every missing letter as the same
box (.notdef), so a page whose Devanagari consonants are all swapped for others
(क→ख, ख→ग, ...) draws exactly as the original when the font is missing, and differently
when the letters have glyphs. The check is shown to fail without a Devanagari font by
running it again with fontconfig pointed at a folder holding one Latin-only font.

Skipped, saying so, only where chromium is not installed (.ci/run installs it).
"""

from __future__ import annotations

import json
import os
import re
import shutil
import struct
import subprocess
import tempfile
import zlib
from pathlib import Path

import pytest

from conftest import ROOT, run_cli

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(CHROMIUM is None, reason="chromium is not installed (.ci/run installs it)"),
]
SEED = ROOT / "seeds" / "putin-delhi-visit-2021.txt"
PHONE, DESKTOP = (390, 844), (1280, 900)
FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--hide-scrollbars",
]
# Devanagari consonants क..ह, each drawn as the next one
_CONSONANTS = "".join(chr(c) for c in range(0x0915, 0x093A))
SWAP = str.maketrans(_CONSONANTS, _CONSONANTS[1:] + _CONSONANTS[0])


def _chromium(
    tmp: Path, page: Path, *args: str, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[bytes]:
    assert CHROMIUM is not None
    profile = Path(tempfile.mkdtemp(prefix="profile-", dir=tmp))
    return subprocess.run(
        [CHROMIUM, *FLAGS, f"--user-data-dir={profile}", *args, page.as_uri()],
        capture_output=True,
        timeout=90,
        check=True,
        env=env,
        cwd=tmp,
    )


def screenshot(tmp: Path, page: Path, size: tuple[int, int], env: dict[str, str] | None) -> Path:
    png = tmp / f"{page.stem}-{size[0]}x{size[1]}.png"
    _chromium(tmp, page, f"--screenshot={png}", f"--window-size={size[0]},{size[1]}", env=env)
    return png


def png_rows(path: Path) -> list[bytes]:
    """The rows of a (non-interlaced) PNG as stored, filter byte first: two images with
    the same pixels have the same rows (the encoder's filter choice depends only on the
    pixels), so differing rows are rows drawn differently."""
    data = path.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    position, idat, header = 8, [], b""
    while position < len(data):
        (length,) = struct.unpack(">I", data[position : position + 4])
        kind = data[position + 4 : position + 8]
        body = data[position + 8 : position + 8 + length]
        if kind == b"IHDR":
            header = body
        elif kind == b"IDAT":
            idat.append(body)
        position += 12 + length
    width, height, depth, colour, _, _, interlace = struct.unpack(">IIBBBBB", header)
    assert (depth, interlace) == (8, 0)
    stride = 1 + width * {0: 1, 2: 3, 4: 2, 6: 4}[colour]
    raw = zlib.decompress(b"".join(idat))
    assert len(raw) == stride * height
    return [raw[i : i + stride] for i in range(0, len(raw), stride)]


def differing_rows(first: Path, second: Path) -> int:
    a, b = png_rows(first), png_rows(second)
    assert len(a) == len(b)
    return sum(x != y for x, y in zip(a, b, strict=True))


@pytest.fixture(scope="module")
def pages(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The seed's page; the same page with its consonants swapped; and with its first
    term focused as the page opens (as Tab or a tap would focus it)."""
    folder = tmp_path_factory.mktemp("pages")
    result = run_cli("summarize", "-f", "html", str(SEED))
    assert result.exit_code == 0, result.stderr
    (folder / "seed.html").write_text(result.stdout, encoding="utf-8")
    (folder / "swapped.html").write_text(result.stdout.translate(SWAP), encoding="utf-8")
    term = '<span class="t" tabindex="0">'
    focused = result.stdout.replace(term, term[:-1] + " autofocus>", 1)
    (folder / "focused.html").write_text(focused, encoding="utf-8")
    return folder


@pytest.fixture(scope="module")
def shots(pages: Path) -> dict[tuple[str, tuple[int, int]], Path]:
    """Each page at phone and desktop widths, two browsers at a time."""
    from concurrent.futures import ThreadPoolExecutor

    wanted = [(name, size) for name in ("seed", "swapped", "focused") for size in (PHONE, DESKTOP)]
    with ThreadPoolExecutor(max_workers=2) as pool:
        made = pool.map(
            lambda job: screenshot(pages, pages / f"{job[0]}.html", job[1], None), wanted
        )
        return dict(zip(wanted, made, strict=True))


def _latin_only_fonts(tmp: Path) -> dict[str, str]:
    """An environment whose fontconfig knows one font, one without Devanagari."""
    listed = subprocess.run(
        ["fc-list", ":lang=en", "file", "lang"], capture_output=True, text=True, timeout=30
    ).stdout.splitlines()
    latin = [
        line.split(":")[0] for line in listed if "hi" not in re.split(r"[|,:= ]", line) and line
    ]
    assert latin, "no font without Devanagari to compare with"
    latin.sort(key=lambda name: "Regular" not in name)
    fonts = tmp / "fonts"
    fonts.mkdir()
    shutil.copy(latin[0], fonts)
    config = tmp / "fonts.conf"
    config.write_text(
        '<?xml version="1.0"?>\n<!DOCTYPE fontconfig SYSTEM "fonts.dtd">\n'
        f"<fontconfig><dir>{fonts}</dir><cachedir>{tmp / 'fc-cache'}</cachedir></fontconfig>\n",
        encoding="utf-8",
    )
    return {**os.environ, "FONTCONFIG_FILE": str(config)}


@pytest.mark.parametrize("size", [PHONE, DESKTOP], ids=["phone", "desktop"])
def test_hindi_is_drawn_with_glyphs(
    shots: dict[tuple[str, tuple[int, int]], Path], size: tuple[int, int]
) -> None:
    changed = differing_rows(shots["seed", size], shots["swapped", size])
    # the headline, the summary and the term table are Hindi: most rows with text change
    assert changed > size[1] // 4, f"{changed} of {size[1]} rows differ: Hindi drawn as boxes?"


def test_the_glyph_check_fails_without_a_devanagari_font(pages: Path, tmp_path: Path) -> None:
    env = _latin_only_fonts(tmp_path)
    original = screenshot(tmp_path, pages / "seed.html", PHONE, env)
    swapped = screenshot(tmp_path, pages / "swapped.html", PHONE, env)
    assert differing_rows(original, swapped) == 0  # boxes all alike: nothing to tell apart


@pytest.mark.parametrize("size", [PHONE, DESKTOP], ids=["phone", "desktop"])
def test_a_focused_term_shows_its_english(
    shots: dict[tuple[str, tuple[int, int]], Path], size: tuple[int, int]
) -> None:
    """Hidden until focused; then a tooltip under the term (desktop) or the English in
    brackets after it, the line reflowed (phone)."""
    rows = [
        n
        for n, (a, b) in enumerate(
            zip(png_rows(shots["seed", size]), png_rows(shots["focused", size]), strict=True)
        )
        if a != b
    ]
    # the focus ring alone changes the term's own line (13 rows, measured without the
    # gloss rules); the gloss adds a box under it, or reflows the paragraph
    assert len(rows) > 20, rows
    assert rows[-1] - rows[0] > 40, rows
    assert rows[0] > 200  # from the first summary sentence down, not the heading


def pdf_text(path: Path) -> str:
    """The text of a PDF as chromium (Skia) writes it: each font's ToUnicode map applied
    to the hex glyph strings of each page's content stream, in the order drawn."""
    data = path.read_bytes()
    objects = {int(m[1]): m[2] for m in re.finditer(rb"(\d+) 0 obj(.*?)endobj", data, re.S)}

    def stream(body: bytes) -> bytes:
        found = re.search(rb"stream\r?\n(.*?)\r?\nendstream", body, re.S)
        if found is None:
            return b""
        return zlib.decompress(found[1]) if b"FlateDecode" in body[: found.start()] else found[1]

    def unicode_map(number: int) -> dict[int, str]:
        text = stream(objects[number]).decode("latin-1")
        table: dict[int, str] = {}
        for block in re.findall(r"beginbfchar(.*?)endbfchar", text, re.S):
            for code, target in re.findall(r"<(\w+)>\s*<(\w+)>", block):
                table[int(code, 16)] = bytes.fromhex(target).decode("utf-16-be")
        for block in re.findall(r"beginbfrange(.*?)endbfrange", text, re.S):
            for low, high, target in re.findall(r"<(\w+)>\s*<(\w+)>\s*<(\w+)>", block):
                for i in range(int(high, 16) - int(low, 16) + 1):
                    table[int(low, 16) + i] = chr(int(target, 16) + i)
        return table

    fonts = {}
    for number, body in objects.items():
        found = re.search(rb"/ToUnicode (\d+) 0 R", body)
        if found:
            fonts[number] = unicode_map(int(found[1]))
    text: list[str] = []
    for body in objects.values():
        resources = re.search(rb"/Font\s*<<(.*?)>>", body, re.S)
        contents = re.search(rb"/Contents (\d+) 0 R", body)
        if resources is None or contents is None:
            continue
        names = {n.decode(): int(o) for n, o in re.findall(rb"/(\w+) (\d+) 0 R", resources[1])}
        font: dict[int, str] = {}
        drawn = stream(objects[int(contents[1])]).decode("latin-1")
        for token in re.finditer(r"/(\w+) [\d.]+ Tf|<([0-9A-Fa-f]*)>", drawn):
            if token[1]:
                font = fonts.get(names.get(token[1], -1), {})
            else:
                glyphs = token[2]
                text.extend(
                    font.get(int(glyphs[i : i + 4], 16), "?") for i in range(0, len(glyphs), 4)
                )
    return "".join(text)


def test_printed_page_shows_each_gloss_after_its_term(pages: Path, tmp_path: Path) -> None:
    pdf = tmp_path / "printed.pdf"
    _chromium(tmp_path, pages / "seed.html", "--no-pdf-header-footer", f"--print-to-pdf={pdf}")
    printed = "".join(pdf_text(pdf).split())  # lines broken anywhere: compare without spaces
    result = run_cli("summarize", "-f", "jsonl", str(SEED))
    terms = [t for s in json.loads(result.stdout)["sentences"] for t in s["terms"]]
    assert len(terms) > 10
    for term in terms:
        assert "".join(f"({term['en']})".split()) in printed
    assert "Vladimir Putin·person" not in printed  # the category stays a screen hint
    assert "Highlighted:" not in printed  # so do the instructions


def _title_after_load(tmp: Path, page: Path) -> str:
    dom = _chromium(tmp, page, "--dump-dom").stdout.decode("utf-8")
    found = re.search(r"<title>(.*?)</title>", dom, re.S)
    assert found is not None, dom[:500]
    return found[1]


def test_the_page_runs_no_script(tmp_path: Path) -> None:
    article = tmp_path / "pwn.txt"
    article.write_text(
        "<script>document.title='pwned'</script> भारत की खबर\n\n"
        "नई दिल्ली: भारत और रूस ने समझौता किया <img src=x onerror=\"document.title='pwned'\">.\n"
        "रक्षा मंत्री ने कहा कि दोनों देश साथ हैं <svg onload=\"document.title='pwned'\">.\n",
        encoding="utf-8",
    )
    page = tmp_path / "pwn.html"
    result = run_cli("summarize", "-f", "html", "-o", str(page), str(article))
    assert result.exit_code == 0, result.stderr
    title = "Summary: &lt;script&gt;document.title='pwned'&lt;/script&gt; भारत की खबर"
    assert _title_after_load(tmp_path, page) == title
    # Had a script got in, the Content-Security-Policy would still stop it; without the
    # policy the same script runs (so this check can see a script run)
    text = page.read_text(encoding="utf-8")
    injected = text.replace("</main>", "<script>document.title='pwned'</script></main>")
    (tmp_path / "injected.html").write_text(injected, encoding="utf-8")
    assert _title_after_load(tmp_path, tmp_path / "injected.html") == title
    unguarded = re.sub(r'<meta http-equiv="Content-Security-Policy"[^>]*>', "", injected)
    (tmp_path / "unguarded.html").write_text(unguarded, encoding="utf-8")
    assert _title_after_load(tmp_path, tmp_path / "unguarded.html") == "pwned"
