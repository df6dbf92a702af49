"""The reading view (`--format html`, issue 12), checked with the standard library's HTML
parser: structure, escaping, and agreement with `--format jsonl`."""

from __future__ import annotations

import json
import re
import sys
import unicodedata
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest

from indoru import html as page

from conftest import ROOT, run_cli

SEED = ROOT / "seeds" / "putin-delhi-visit-2021.txt"
OTHER = ROOT / "seeds" / "s400-sco-defence-ministers.txt"
VOID = {"meta", "br", "link", "img", "input", "hr", "wbr", "source", "area", "base", "col"}


@dataclass
class Node:
    tag: str
    attrs: dict[str, str]
    children: list[Node | str] = field(default_factory=list)

    def classes(self) -> list[str]:
        return self.attrs.get("class", "").split()

    def walk(self) -> list[Node]:
        found = [self]
        for child in self.children:
            if isinstance(child, Node):
                found.extend(child.walk())
        return found

    def find(self, tag: str, cls: str | None = None) -> list[Node]:
        return [n for n in self.walk() if n.tag == tag and (cls is None or cls in n.classes())]

    def text(self, glosses: bool = False) -> str:
        """The text content; without the glosses, the text as the article has it."""
        parts = []
        for child in self.children:
            if isinstance(child, str):
                parts.append(child)
            elif glosses or "g" not in child.classes():
                parts.append(child.text(glosses))
        return "".join(parts)


class _Builder(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.root = Node("#document", {})
        self.stack = [self.root]
        self.doctype = ""

    def handle_decl(self, decl: str) -> None:
        self.doctype = decl

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        node = Node(tag, {name: value or "" for name, value in attrs})
        self.stack[-1].children.append(node)
        if tag not in VOID:
            self.stack.append(node)

    def handle_endtag(self, tag: str) -> None:
        assert self.stack[-1].tag == tag, f"</{tag}> closes <{self.stack[-1].tag}>"
        self.stack.pop()

    def handle_data(self, data: str) -> None:
        self.stack[-1].children.append(data)


def parse(document: str) -> Node:
    builder = _Builder()
    builder.feed(document)
    builder.close()
    assert builder.doctype == "DOCTYPE html"
    assert builder.stack == [builder.root], "unclosed elements"
    return builder.root


def _jsonl(*args: str) -> list[dict[str, Any]]:
    result = run_cli(*args, "-f", "jsonl")
    assert result.exit_code == 0, result.stderr
    return [json.loads(line) for line in result.stdout.splitlines()]


def _page(*args: str) -> tuple[str, Node]:
    result = run_cli(*args, "-f", "html")
    assert result.exit_code == 0, result.stderr
    return result.stdout, parse(result.stdout)


def _words(text: str) -> str:
    return " ".join(text.split())


def _safe(document: Node) -> None:
    """No script, no event handler, nothing fetched, nothing that leaves the page."""
    html = document.find("html")[0]
    assert html.attrs["lang"] == "en"
    (policy,) = [
        m for m in document.find("meta") if m.attrs.get("http-equiv") == "Content-Security-Policy"
    ]
    assert policy.attrs["content"].startswith("default-src 'none'; style-src 'sha256-")
    assert "script-src" not in policy.attrs["content"]
    for node in document.walk():
        assert node.tag not in {"script", "iframe", "object", "embed", "img", "link", "base"}
        assert not [a for a in node.attrs if a.startswith("on")], node
        assert "src" not in node.attrs
        assert "style" not in node.attrs
        assert node.attrs.get("href", "#").startswith("#")


def _links_resolve(document: Node) -> None:
    ids = {n.attrs["id"] for n in document.walk() if "id" in n.attrs}
    hrefs = [n.attrs["href"] for n in document.find("a")]
    assert hrefs
    assert {h[1:] for h in hrefs} <= ids


def _glosses(node: Node) -> list[tuple[str, str]]:
    """Each marked term in ``node``: (the words as written, its English)."""
    found = []
    for term in node.find("span", "t"):
        assert term.attrs["tabindex"] == "0"  # reachable by keyboard
        (gloss,) = [c for c in term.children if isinstance(c, Node) and "g" in c.classes()]
        assert gloss.attrs["lang"] == "en"
        english = "".join(c for c in gloss.children if isinstance(c, str))
        assert english.strip()
        found.append((term.text(), english))
    return found


def _expected(marks: list[dict[str, Any]]) -> list[tuple[str, str]]:
    """The glosses of jsonl term marks: an uncertain one (maybe the ordinary word, or
    another entry) ends with a question mark."""
    return [(m["form"], m["en"] + ("?" if m["uncertain"] else "")) for m in marks]


def _term_rows(document: Node) -> list[list[str]]:
    return [[td.text() for td in tr.find("td")] for tr in document.find("tr")[1:]]


def test_seed_page_agrees_with_jsonl() -> None:
    (record,) = _jsonl("summarize", str(SEED))
    _source, document = _page("summarize", str(SEED))
    _safe(document)
    _links_resolve(document)
    assert document.find("title")[0].text() == f"Summary: {record['title']}"
    assert document.find("h1")[0].text() == record["title"]
    # the summary sentences marked in the text are the jsonl's, with the same terms
    marked = document.find("mark", "c")
    assert [m.attrs["id"] for m in marked] == [f"a1-s{s['index']}" for s in record["sentences"]]
    assert [m.text() for m in marked] == [s["text"] for s in record["sentences"]]
    for mark, sentence in zip(marked, record["sentences"], strict=True):
        assert _glosses(mark) == _expected(sentence["terms"])
    # ... and listed as the summary, in order
    items = document.find("ol", "sum")[0].find("li")
    assert [_words(i.children[0].text()) for i in items if isinstance(i.children[0], Node)] == [
        _words(s["text"]) for s in record["sentences"]
    ]
    assert _term_rows(document) == [
        [t["hi"], t["en"], t["category"], str(t["count"]), _definition(t["id"])]
        for t in record["terms"]
    ]
    # the whole article, all of it, below its headline; every term glossed in English
    body = document.find("div", "body")[0]
    text = SEED.read_text(encoding="utf-8")
    assert _words(body.text()) == _words(text[text.index("\n") :])
    assert len(_glosses(body)) > len(marked) * 2
    assert body.attrs["lang"] == "hi"
    assert [i.children[0].attrs["lang"] for i in items if isinstance(i.children[0], Node)] == [
        "hi"
    ] * len(items)
    assert {td.attrs.get("lang") for td in document.find("tr")[1].find("td")} == {"hi", "en", None}


def _definition(ident: str) -> str:
    from indoru.store import load_index

    return next(e.definition for e in load_index().entries if e.id == ident)


def test_digest_of_two_seeds_names_each_sentences_source() -> None:
    (record,) = _jsonl("summarize", "--digest", str(SEED), str(OTHER))
    _, document = _page("summarize", "--digest", str(SEED), str(OTHER))
    _safe(document)
    _links_resolve(document)
    assert document.find("h1")[0].text() == "Digest of 2 articles"
    ids = {n.attrs["id"]: n for n in document.walk() if "id" in n.attrs}
    items = document.find("ol", "sum")[0].find("li")
    assert len(items) == len(record["sentences"]) > 1
    for item, sentence in zip(items, record["sentences"], strict=True):
        (source,) = item.find("a", "src")
        assert source.text() == f"{sentence['file']}, sentence {sentence['index']}"
        target = ids[source.attrs["href"][1:]]  # the sentence, marked in its article
        assert (target.tag, target.text()) == ("mark", sentence["text"])
        assert _glosses(target) == _expected(sentence["terms"])
    contents = document.find("nav")[0].find("a")
    assert [(a.attrs["href"], a.text()) for a in contents] == [
        ("#a1", str(SEED)),
        ("#a2", str(OTHER)),
    ]
    assert {s["file"] for s in record["sentences"]} == {str(SEED), str(OTHER)}


def test_several_articles_have_a_contents_list(tmp_path: Path) -> None:
    records = _jsonl("summarize", "-n", "2", str(SEED), str(OTHER))
    _, document = _page("summarize", "-n", "2", str(SEED), str(OTHER))
    _safe(document)
    _links_resolve(document)
    contents = document.find("nav")[0].find("a")
    assert [a.text() for a in contents] == [r["title"] or r["file"] for r in records]
    articles = document.find("article")
    assert [a.attrs["id"] for a in articles] == ["a1", "a2"]
    for article, record in zip(articles, records, strict=True):
        assert [m.text() for m in article.find("mark", "c")] == [
            s["text"] for s in record["sentences"]
        ]


def test_terms_page_agrees_with_jsonl() -> None:
    (highlight,) = _jsonl("terms", "--highlight", str(OTHER))
    rows = _jsonl("terms", str(OTHER))
    _, document = _page("terms", str(OTHER))
    _safe(document)
    body = document.find("div", "body")[0]
    assert _glosses(body) == _expected(highlight["terms"])
    assert _words(body.text()) == _words(highlight["text"])
    assert _term_rows(document) == [
        [
            r["hi"],
            r["en"],
            r["category"],
            f"{r['count']}" + (f" (+{r['uncertain']} uncertain)" if r["uncertain"] else ""),
            r["definition"],
        ]
        for r in rows
    ]


HOSTILE = (
    "<script>document.title='pwned'</script> भारत की खबर\n\n"
    "नई दिल्ली: भारत और रूस ने \x1b[31mलाल\x1b[0m समझौता किया <img src=x onerror=pwn(1)>.\n"
    "रक्षा मंत्री ने कहा कि \u202eभारत\u202c और \u2066रूस\u2069 साथ हैं & <b>मजबूत</b> हैं.\n"
    "तीसरा वाक्य \u200fयहाँ\u200e है जिसमें \x07घंटी और \x08शून्य है.\n"
)


def _hostile_input(tmp_path: Path) -> tuple[Path, Path]:
    name = tmp_path / "evil<b onclick=x>&amp;\u202e\x1b[2Jtxt.txt"
    name.write_text(HOSTILE, encoding="utf-8")
    glossary = tmp_path / "mine.json"
    entry = {
        "id": "evil-term",
        "en": "<script>pwn(1)</script>\u202eevil",
        "hi": "समझौता",
        "category": "military-term",
        "domain": "defence",
        "definition": "<img src=x onerror=pwn(2)> \" ' &amp;",
    }
    glossary.write_text(json.dumps([entry], ensure_ascii=False), encoding="utf-8")
    return name, glossary


@pytest.mark.parametrize("digest", [False, True], ids=["article", "digest"])
def test_hostile_content_is_text_that_changes_nothing(tmp_path: Path, digest: bool) -> None:
    name, glossary = _hostile_input(tmp_path)
    args = ["summarize", "-g", str(glossary), *(["--digest"] if digest else []), str(name)]
    source, document = _page(*args)
    _safe(document)
    _links_resolve(document)
    # nothing that acts on a terminal or reorders text survives into the page
    for hidden in "\x1b\x07\x08\u202e\u202c\u2066\u2069\u200f\u200e":
        assert hidden not in source
    text = document.find("body")[0].text()
    assert "<script>document.title='pwned'</script>" in text  # shown as the text it is
    assert "<img src=x onerror=pwn(1)>" in text
    assert "␛[31mलाल␛[0m" in text
    assert "<U+202E>भारत<U+202C>" in text
    assert "<U+2066>रूस<U+2069>" in text
    assert "␇घंटी" in text
    assert "␈शून्य" in text
    assert "& <b>मजबूत</b>" in text
    # the user glossary's text is text as well
    glosses = dict(_glosses(document.find("main")[0]))
    assert glosses["समझौता"] == "<script>pwn(1)</script><U+202E>evil"
    rows = _term_rows(document)
    assert ["समझौता", "<script>pwn(1)</script><U+202E>evil"] in [r[:2] for r in rows]
    assert "<img src=x onerror=pwn(2)> \" ' &amp;" in [r[4] for r in rows]
    # the file name too, isolated so that it cannot reorder the text around it
    shown = f"{name.parent}/evil<b onclick=x>&amp;<U+202E>␛[2Jtxt.txt"
    assert shown in [b.text() for b in document.find("bdi")]


def test_output_file_is_written_whole(tmp_path: Path) -> None:
    target = tmp_path / "page.html"
    result = run_cli("summarize", "-f", "html", "-o", str(target), str(SEED))
    assert (result.exit_code, result.stdout, result.stderr) == (0, "", "")
    assert target.read_text(encoding="utf-8") == _page("summarize", str(SEED))[0]
    assert [p.name for p in tmp_path.iterdir()] == ["page.html"]  # no temporary file left
    result = run_cli("terms", "-f", "html", "-o", str(target), str(SEED))
    assert result.exit_code == 0
    assert target.read_text(encoding="utf-8") == _page("terms", str(SEED))[0]


def test_html_misuse_is_one_clear_message(tmp_path: Path) -> None:
    result = run_cli("summarize", "-o", str(tmp_path / "x.html"), str(SEED))
    assert result.exit_code == 2
    assert "applies to --format html only" in result.stderr
    result = run_cli("sentences", "-f", "html", str(SEED))
    assert result.exit_code == 2
    assert "html is for summarize and terms" in result.stderr
    missing = tmp_path / "no" / "such" / "dir" / "x.html"
    result = run_cli("summarize", "-f", "html", "-o", str(missing), str(SEED))
    assert result.exit_code == 3
    assert result.stderr == f"indoru: error: {missing}: no such file or directory\n"
    empty = tmp_path / "empty.txt"
    empty.write_text("", encoding="utf-8")
    result = run_cli("summarize", "-f", "html", "-o", str(tmp_path / "e.html"), str(empty))
    assert (result.exit_code, result.stdout) == (1, "")
    assert not (tmp_path / "e.html").exists()


def _luminance(colour: str) -> float:
    channels = [int(colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    linear = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast(foreground: str, background: str) -> float:
    """The WCAG 2 contrast ratio of two colours."""
    high, low = sorted((_luminance(foreground), _luminance(background)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def test_colours_meet_wcag_aa() -> None:
    ratios = {
        f"{fg} on {bg}": round(contrast(page.COLOURS[fg], page.COLOURS[bg]), 1)
        for fg, bg in page.CONTRAST_PAIRS
    }
    print(ratios, file=sys.stderr)
    assert min(ratios.values()) >= 4.5, ratios
    # the figures the comment above indoru.html.COLOURS states
    assert list(ratios.values()) == [17.2, 7.0, 7.9, 6.9, 15.1, 14.7, 15.2]


def test_print_stylesheet_shows_each_gloss_after_its_term() -> None:
    css = page.stylesheet()
    printed = css[css.index("@media print") :]
    rule = re.search(r"\n\.g,\.t:hover \.g\{([^}]*)\}", printed)
    assert rule is not None
    assert "position:static" in rule[1]
    assert "display:inline" in rule[1]
    assert ".g .p{display:inline}" in printed  # the brackets around it
    assert page.FONTS.startswith('"Noto Sans Devanagari"')
    for face in ("Nirmala UI", "Mangal", "Kohinoor Devanagari", "Devanagari Sangam MN"):
        assert f'"{face}"' in page.FONTS


def test_every_invisible_format_character_is_shown() -> None:
    kept = {"\u200c", "\u200d", "\u00ad"}  # ZWNJ and ZWJ spell Devanagari; a soft hyphen
    invisible = [
        chr(code)
        for code in range(0x110000)
        if unicodedata.category(chr(code)) in ("Cf", "Cc") and chr(code) not in kept
    ]
    shown = page.readable("".join(invisible))
    assert not set(shown) & set(invisible) - {"\n"}
    assert page.readable("\ud800x") == "\ufffdx"
    assert page.readable("a\u202eb\u200dc") == "a<U+202E>b\u200dc"


def test_the_headline_is_the_heading_and_not_repeated() -> None:
    headline = SEED.read_text(encoding="utf-8").split("\n", 1)[0]
    _, document = _page("summarize", str(SEED))
    body = document.find("div", "body")[0].text()
    assert document.find("h1")[0].text() == headline
    assert not body.lstrip().startswith(headline)
    # a headline given with --title is the heading; the text's own first line stays
    _, document = _page("summarize", "--title", "<i>Putin in Delhi</i>", str(SEED))
    assert document.find("h1")[0].text() == "<i>Putin in Delhi</i>"
    assert document.find("div", "body")[0].text().lstrip().startswith(headline)
