"""The reading view: one self-contained HTML5 page of summaries or term tables.

The page is made from the very records every other format writes (a summary record made
with ``every_sentence``, or a text with its term marks and term rows), so that it never
disagrees with ``--format jsonl``. Standard library only.

What the page promises:

* self-contained: inline CSS, no script, no network (no web fonts, no CDN), and a
  Content-Security-Policy that forbids anything else (the style is allowed by its hash);
* every piece of input text (articles, headlines, file names, glossary text) is HTML
  escaped, and characters that would change what the reader sees are neutralised the
  way the terminal views do it (:func:`readable`): control characters become visible
  symbols (␛ for ESC), bidi embeddings, overrides, isolates and marks and other invisible
  format characters become ``<U+202E>``, lone surrogates become U+FFFD; file names sit
  in ``<bdi>`` so that right-to-left letters in them cannot reorder the text around;
* every glossary term is a focusable element whose English shows on hover, on focus
  (Tab, or a tap on a phone) and inline after the term when printed;
* ``lang`` on every Hindi and English text, and a Devanagari font stack for Linux,
  Windows, macOS, iOS and Android.
"""

from __future__ import annotations

import base64
import hashlib
import re
from collections.abc import Iterable, Iterator, Sequence
from functools import lru_cache
from html import escape
from itertools import takewhile
from typing import Any

from indoru.render import other_language, pieces
from indoru.text import make_visible

Record = dict[str, Any]

# --- what input text may show ----------------------------------------------------------

# Invisible format characters (Unicode category Cf) that make_visible does not already
# show, except ZWNJ and ZWJ (Devanagari spelling uses them) and the soft hyphen (a line
# break hint): tests/test_html.py checks this class against unicodedata.
_FORMAT = re.compile(
    "[\u0600-\u0605\u06dd\u070f\u0890\u0891\u08e2\u180e\u206a-\u206f\ufff9-\ufffb"
    "\U000110bd\U000110cd\U00013430-\U0001343f\U0001bca0-\U0001bca3\U0001d173-\U0001d17a"
    "\U000e0001\U000e0020-\U000e007f]"
)
_SURROGATE = re.compile("[\ud800-\udfff]")
_LINE_BREAK = re.compile("\r\n|[\n\r\x0b\x0c\x1c-\x1e\x85\u2028\u2029]")


# anything readable() changes (a quick test: most text has none of it)
_CHANGED = re.compile(
    "[\x00-\x1f\x7f-\x9f\u2028\u2029\u061c\u200b\u200e\u200f\u202a-\u202e\u2060-\u2064"
    "\u2066-\u2069\ufeff\ud800-\udfff]|" + _FORMAT.pattern
)


def readable(text: str) -> str:
    """Untrusted text as the page shows it (before escaping): control characters as
    visible symbols, invisible format characters as ``<U+XXXX>``, a lone surrogate (from
    an undecodable file name) as U+FFFD, a tab as a space. Line breaks are the caller's."""
    if not _CHANGED.search(text):
        return text
    text = make_visible(text.replace("\t", " "))
    text = _FORMAT.sub(lambda m: f"<U+{ord(m[0]):04X}>", text)
    return _SURROGATE.sub("\ufffd", text)


def _esc(text: str) -> str:
    """Escaped, readable text on one line (line breaks as spaces)."""
    return escape(readable(_LINE_BREAK.sub(" ", text)), quote=True)


def _lang(language: object) -> str:
    return language if language in ("hi", "en") else "und"


# --- look ----------------------------------------------------------------------------

# Colours, each text colour with the background it is read on: tests/test_html.py
# computes their WCAG 2 contrast ratios, requires 4.5:1 (AA for normal text) and checks
# these figures: text 17.2, muted 7.0, link 7.9, link on a summary sentence 6.9, text on a
# summary sentence 15.1, gloss 14.7, table head 15.2.
COLOURS = {
    "text": "#1b1b1b",
    "page": "#ffffff",
    "muted": "#595959",
    "link": "#0b50a0",
    "chosen": "#fff1a8",
    "gloss-text": "#ffffff",
    "gloss": "#1f2937",
    "head": "#eef1f5",
}
CONTRAST_PAIRS = [
    ("text", "page"),
    ("muted", "page"),
    ("link", "page"),
    ("link", "chosen"),
    ("text", "chosen"),
    ("gloss-text", "gloss"),
    ("text", "head"),
]
# Devanagari faces of each system, before the generic family: Noto (Linux, Android,
# ChromeOS), Nirmala UI and Mangal (Windows), Kohinoor Devanagari and Devanagari Sangam MN
# (macOS, iOS), Lohit (older Linux).
FONTS = (
    '"Noto Sans Devanagari", "Noto Sans", "Nirmala UI", "Mangal", "Kohinoor Devanagari", '
    '"Devanagari Sangam MN", "Devanagari MT", "Lohit Devanagari", system-ui, -apple-system, '
    '"Segoe UI", Roboto, Arial, sans-serif'
)

_CSS = """
html{{color:{text};background:{page};font-family:{fonts};line-height:1.7}}
body{{max-width:46em;margin:0 auto;padding:1em}}
h1{{font-size:1.5em;line-height:1.3}}h2{{font-size:1.3em;line-height:1.35;margin-top:2em}}
h3{{font-size:1.05em;margin:1.4em 0 .4em}}
a{{color:{link}}}
.meta,.file,.help,.src{{color:{muted};font-size:.9em}}
article{{border-top:1px solid #c8ccd2;margin-top:2em}}
mark.c{{background:{chosen};color:{text};padding:.05em 0;
-webkit-print-color-adjust:exact;print-color-adjust:exact}}
.t{{position:relative;border-bottom:2px dotted {link};cursor:help}}
.t.u{{border-bottom-style:dashed}}
.t:focus{{outline:2px solid {link};outline-offset:1px}}
.g{{position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0);
clip-path:inset(50%);white-space:nowrap}}
.t:hover .g,.t:focus .g{{width:max-content;max-width:min(20em,80vw);height:auto;
overflow:visible;clip:auto;clip-path:none;white-space:normal;left:0;top:100%;z-index:2;
background:{gloss};color:{gloss_text};padding:.15em .5em;border-radius:.3em;
font-size:.85em;line-height:1.4}}
.g .p{{display:none}}
ol.sum li{{margin:.3em 0}}
.tw{{overflow-x:auto}}
table{{border-collapse:collapse;width:100%;font-size:.92em}}
th,td{{border:1px solid #c8ccd2;padding:.25em .45em;text-align:left;vertical-align:top}}
th{{background:{head}}}
td.n{{text-align:right}}
.body p{{margin:.6em 0}}
@media (max-width:40em){{
body{{padding:.6em}}
.t:focus .g{{position:static;display:inline;background:none;color:{text};padding:0;
font-size:.9em}}
.t:focus .g .p{{display:inline}}
th,td{{padding:.2em .3em}}
}}
@media print{{
.help,.to{{display:none}}
a{{color:inherit;text-decoration:none}}
.t{{border-bottom:none}}
.g,.t:hover .g{{position:static;display:inline;width:auto;height:auto;overflow:visible;
clip:auto;clip-path:none;white-space:normal;background:none;color:{muted};padding:0;
font-size:.85em}}
.g .p{{display:inline}}
.g .k{{display:none}}
article{{break-before:page;border:none}}
tr{{break-inside:avoid}}
}}
"""


def stylesheet() -> str:
    values = {key.replace("-", "_"): value for key, value in COLOURS.items()}
    return _CSS.format(fonts=FONTS, **values).strip()


def policy(css: str) -> str:
    """The Content-Security-Policy: nothing may load or run but this page's style."""
    digest = base64.b64encode(hashlib.sha256(css.encode("utf-8")).digest()).decode("ascii")
    return (
        f"default-src 'none'; style-src 'sha256-{digest}'; img-src data:; "
        "base-uri 'none'; form-action 'none'"
    )


def _document(title: str, body: Iterable[str]) -> str:
    from indoru._version import __version__

    css = stylesheet()
    head = (
        "<!DOCTYPE html>\n"
        '<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        f'<meta http-equiv="Content-Security-Policy" content="{policy(css)}">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        '<meta name="referrer" content="no-referrer">\n'
        f'<meta name="generator" content="indoru {__version__}">\n'
        f"<title>{_esc(title)}</title>\n<style>{css}</style>\n</head>\n<body>\n"
    )
    return head + "".join(body) + "</body>\n</html>\n"


_HELP = (
    '<p class="help">{chosen}Underlined: glossary terms; hover, tap or Tab to a term for '
    "its {other}.</p>\n"
)
_CHOSEN = "Highlighted: the summary sentences. "


# --- marked text -------------------------------------------------------------------------


def _term(form: str, mark: Record, language: str) -> str:
    """A glossary term: the words as written, and its translation as a gloss that shows
    on hover and focus, and inline in print."""
    other = other_language(language)
    uncertain = bool(mark.get("uncertain"))
    return (
        _term_open(uncertain)
        + _inline(form)
        + _gloss(str(mark[other]), str(mark.get("category") or ""), other, uncertain)
    )


def _term_open(uncertain: bool) -> str:
    return f'<span class="t{" u" if uncertain else ""}" tabindex="0">'


@lru_cache(maxsize=4096)
def _gloss(translation: str, category: str, other: str, uncertain: bool) -> str:
    """The gloss of a term and the end of its element (the same for every occurrence of
    an entry: made once)."""
    gloss = _esc(translation) + ("?" if uncertain else "")
    lang = "" if other == "en" else ' lang="en"'  # the category is English
    kind = f'<span class="k"{lang}> · {_esc(category)}</span>' if category else ""
    return (
        f'<span class="g" lang="{other}"><span class="p"> (</span>{gloss}{kind}'
        '<span class="p">)</span></span></span>'
    )


def _inline(text: str) -> str:
    """Text inside a line (a sentence, a term): escaped, line breaks as ``<br>``."""
    if not _LINE_BREAK.search(text):
        return escape(readable(text), quote=True)
    return "<br>".join(escape(readable(part), quote=True) for part in _LINE_BREAK.split(text))


def _marked(text: str, marks: Sequence[Record], language: str) -> str:
    return "".join(
        _term(piece, mark, language) if mark else _inline(piece)
        for piece, mark in pieces(text, marks)
    )


_PARAGRAPH = re.compile(r"[ \t]*(?:\r\n|[\n\r\x0b\x0c\x1c-\x1e\x85\u2028\u2029])\s*")


class _Body:
    """The text of an article as paragraphs: a blank line between two pieces of text
    starts a new paragraph, a single line break is a ``<br>``."""

    def __init__(self, language: str) -> None:
        self.parts: list[str] = [f'<div class="body" lang="{_lang(language)}">\n<p>']
        self._empty = True

    def gap(self, text: str) -> None:
        position = 0
        for match in _PARAGRAPH.finditer(text):
            self._words(text[position : match.start()])
            breaks = len(_LINE_BREAK.findall(match[0]))
            if not self._empty:
                self.parts.append("</p>\n<p>" if breaks > 1 else "<br>\n")
                self._empty = True
            position = match.end()
        self._words(text[position:])

    def _words(self, text: str) -> None:
        if text:
            self.add(escape(readable(text), quote=True))

    def add(self, html: str) -> None:
        if html.strip() or not self._empty:
            self.parts.append(html)
            self._empty = False

    def close(self) -> str:
        self.parts.append("</p>\n</div>\n")
        return "".join(self.parts).replace("<p></p>\n", "")


def _article_body(article: Record, number: int, language: str) -> str:
    """The whole text, each summary sentence a ``<mark>`` (with the id the summary links
    to), every glossary term glossed. A headline shown as the article's heading is not
    repeated."""
    text = str(article["text"])
    body = _Body(language)
    position = 0
    sentences = article["sentences"]
    headline = list(takewhile(lambda s: s["headline"], sentences))
    shown = " ".join(str(article.get("title") or "").split())
    if headline and " ".join(text[headline[0]["start"] : headline[-1]["end"]].split()) == shown:
        sentences = sentences[len(headline) :]  # the heading above says it
        position = headline[-1]["end"]
    for sentence in sentences:
        body.gap(text[position : sentence["start"]])
        marked = _marked(text[sentence["start"] : sentence["end"]], sentence["terms"], language)
        if sentence["chosen"]:
            marked = f'<mark class="c" id="a{number}-s{sentence["index"]}">{marked}</mark>'
        body.add(marked)
        position = sentence["end"]
    body.gap(text[position:])
    return body.close()


def _marked_text(text: str, marks: Sequence[Record], language: str) -> str:
    """A whole text with its terms glossed (marks count from the text's start)."""
    body = _Body(language)
    for piece, mark in pieces(text, marks):
        if mark:
            body.add(_term(piece, mark, language))
        else:
            body.gap(piece)
    return body.close()


# --- parts of the page -----------------------------------------------------------------


def _file(name: object) -> str:
    return f"<bdi>{_esc(str(name))}</bdi>"


def _term_table(rows: Sequence[Record], language: str, caption: str) -> str:
    if not rows:
        return f'<p class="meta">{caption}: none.</p>\n'
    lines = [
        '<div class="tw"><table>\n'
        f"<caption>{caption}</caption>\n<thead><tr>"
        '<th scope="col">Hindi</th><th scope="col">English</th><th scope="col">category</th>'
        '<th scope="col">count</th><th scope="col">definition</th></tr></thead>\n<tbody>\n'
    ]
    for row in rows:
        uncertain = row.get("uncertain") or 0
        count = f"{row['count']}" + (f" (+{uncertain} uncertain)" if uncertain else "")
        lines.append(
            f'<tr><td lang="hi">{_esc(str(row["hi"]))}</td>'
            f'<td lang="en">{_esc(str(row["en"]))}</td>'
            f"<td>{_esc(str(row.get('category') or ''))}</td>"
            f'<td class="n">{_esc(count)}</td>'
            f'<td lang="en">{_esc(str(row.get("definition") or ""))}</td></tr>\n'
        )
    lines.append("</tbody>\n</table></div>\n")
    return "".join(lines)


def _contents(titles: Sequence[tuple[str, str]]) -> str:
    """Links to each article: (html of its heading, its file name)."""
    items = "".join(
        f'<li><a href="#a{n}">{heading}</a></li>\n' for n, (heading, _) in enumerate(titles, 1)
    )
    return f'<nav aria-labelledby="toc"><h2 id="toc">Contents</h2>\n<ol>\n{items}</ol>\n</nav>\n'


def _heading(article: Record, language: str) -> str:
    title = article.get("title")
    if title:
        return f'<span lang="{_lang(language)}">{_esc(str(title))}</span>'
    return _file(article["file"])


def _summary_list(record: Record, number: int, digest: bool, numbers: dict[str, int]) -> str:
    language = str(record["language"])
    items = []
    for sentence in record["sentences"]:
        marked = _marked(str(sentence["text"]), sentence["terms"], language)
        if digest:
            article = numbers.get(str(sentence["file"]), 0)
            where = (
                f'<a class="src" href="#a{article}-s{sentence["index"]}">'
                f"{_file(sentence['file'])}, sentence {sentence['index']}</a>"
            )
            items.append(f'<li><span lang="{_lang(language)}">{marked}</span><br>{where}</li>\n')
        else:
            to = f' <a class="to" href="#a{number}-s{sentence["index"]}">in the text</a>'
            items.append(f'<li><span lang="{_lang(language)}">{marked}</span>{to}</li>\n')
    return f'<ol class="sum">\n{"".join(items)}</ol>\n'


def _plural(count: int, word: str) -> str:
    return f"{count} {word}{'' if count == 1 else 's'}"


# --- pages ---------------------------------------------------------------------------


def summary_page(records: Sequence[Record], *, digest: bool = False) -> str:
    """The page of ``indoru summarize --format html``: for each summary record (made with
    ``every_sentence``), the summary as a list, its key terms, and the whole article with
    the summary sentences marked; a contents list when there are several. A digest (one
    record of several articles) lists its sentences with their sources and then each
    article with the digest's sentences marked."""
    if digest:
        return _digest_page(records[0])
    several = len(records) > 1
    language = str(records[0]["language"]) if records else "hi"
    other = "Hindi" if language == "en" else "English"
    headings = [(_heading(r["articles"][0], str(r["language"])), str(r["file"])) for r in records]
    if several:
        title = f"Summaries of {len(records)} articles"
        h1 = escape(title)
    else:
        article = records[0]["articles"][0]
        title = f"Summary: {article.get('title') or article['file']}"
        h1 = headings[0][0]

    def body() -> Iterator[str]:
        yield f"<header>\n<h1>{h1}</h1>\n"
        if not several:
            yield f'<p class="file">{_file(records[0]["file"])}</p>\n'
        yield _HELP.format(chosen=_CHOSEN, other=other) + "</header>\n"
        if several:
            yield _contents(headings)
        yield "<main>\n"
        for number, record in enumerate(records, 1):
            language = str(record["language"])
            article = record["articles"][0]
            yield f'<article id="a{number}">\n'
            if several:
                yield f"<h2>{headings[number - 1][0]}</h2>\n"
                yield f'<p class="file">{_file(record["file"])}</p>\n'
            yield f"<h3>Summary ({_plural(len(record['sentences']), 'sentence')})</h3>\n"
            yield _summary_list(record, number, False, {})
            yield _term_table(record["terms"], language, "Key terms of the summary")
            yield "<h3>Full text</h3>\n"
            yield _article_body(article, number, language)
            yield "</article>\n"
        yield "</main>\n"

    return _document(title, body())


def _digest_page(record: Record) -> str:
    language = str(record["language"])
    other = "Hindi" if language == "en" else "English"
    articles = record["articles"]
    numbers: dict[str, int] = {}
    for number, article in enumerate(articles, 1):
        numbers.setdefault(str(article["file"]), number)
    headings = [(_heading(a, language), str(a["file"])) for a in articles]
    title = f"Digest of {_plural(len(articles), 'article')}"

    def body() -> Iterator[str]:
        help_line = _HELP.format(chosen=_CHOSEN, other=other)
        yield f"<header>\n<h1>{escape(title)}</h1>\n{help_line}</header>\n"
        yield "<main>\n<section>\n"
        yield f"<h2>Summary ({_plural(len(record['sentences']), 'sentence')})</h2>\n"
        yield _summary_list(record, 0, True, numbers)
        yield _term_table(record["terms"], language, "Key terms of the digest")
        yield "</section>\n"
        yield _contents(headings)
        for number, article in enumerate(articles, 1):
            yield f'<article id="a{number}">\n<h2>{headings[number - 1][0]}</h2>\n'
            if article.get("title"):
                yield f'<p class="file">{_file(article["file"])}</p>\n'
            yield _article_body(article, number, language)
            yield "</article>\n"
        yield "</main>\n"

    return _document(title, body())


def terms_page(records: Sequence[Record]) -> str:
    """The page of ``indoru terms --format html``: for each text (a record with its
    ``text``, term ``marks`` and term ``rows``), the term table and the text with every
    term glossed; a contents list when there are several."""
    several = len(records) > 1
    headings = [(_file(r["file"]), str(r["file"])) for r in records]
    title = f"Terms in {len(records)} texts" if several else f"Terms: {records[0]['file']}"
    language = str(records[0]["language"]) if records else "hi"
    other = "Hindi" if language == "en" else "English"

    def body() -> Iterator[str]:
        h1 = escape(title) if several else f"Terms: {headings[0][0]}"
        yield f"<header>\n<h1>{h1}</h1>\n{_HELP.format(chosen='', other=other)}</header>\n"
        if several:
            yield _contents(headings)
        yield "<main>\n"
        for number, record in enumerate(records, 1):
            language = str(record["language"])
            yield f'<article id="a{number}">\n'
            if several:
                yield f"<h2>{headings[number - 1][0]}</h2>\n"
            yield _term_table(record["rows"], language, "Glossary terms")
            yield "<h3>Text</h3>\n"
            yield _marked_text(str(record["text"]), record["marks"], language)
            yield "</article>\n"
        yield "</main>\n"

    return _document(title, body())
