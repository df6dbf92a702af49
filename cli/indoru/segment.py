"""Sentence segmentation of Hindi, English and mixed news text.

Every span is an exact slice of the input (``text == source[start:end]``): nothing is
rewritten and nothing is lost. The rules are written out in tests/gold/SPEC.md.

We do our own splitting rather than wrapping indic-nlp-library's ``sentence_split``: that
splitter rewrites and deletes text (``डॉ.एस.जयशंकर`` → ``डॉ. एस. जयशंकर``, ``यू.एस.`` lost),
glues headlines to the next sentence and ignores ``.`` once a ``।`` is present
(benchmarks/README.md compares the two on the gold set).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from typing import Literal, NamedTuple

from indoru.duplicates import DuplicateFinder
from indoru.gcpause import paused_gc

Kind = Literal["heading", "bullet", "sentence"]


class Span(NamedTuple):
    """One sentence, heading or bullet item: ``source[start:end] == text``."""

    index: int  # type: ignore[assignment]  # a field, not tuple.index
    start: int
    end: int
    kind: Kind
    text: str
    duplicate_of: int | None = None
    opens_line: bool = True  # the first span of its line (a paragraph's first sentence)


# Candidate stops: a run of stop characters. `|` counts only as a danda after Devanagari.
_STOP_RUN = re.compile(r"[।॥?!.…|]+")
_HARD_STOPS = frozenset("।॥?!…")
_CLOSERS = frozenset("\"'”’)]}»›")
_LATIN_LOWER = re.compile(r"[a-z]")
_DIGIT = re.compile(r"[0-9०-९]")
# A Devanagari letter, vowel sign or mark: not a digit, danda or abbreviation sign (॰).
_DEVANAGARI_LETTER = re.compile(r"[\u0900-\u0963\u0971-\u097f]")
_ALNUM = re.compile(r"[^\W_]")

_BULLET = re.compile(
    r"[ \t]*(?:[•◦▪●■►‣⁃▸➢✓✔○]"
    r"|[-*–—](?=\s)"
    r"|(?:\d{1,3}|[०-९]{1,3})[.)](?=\s)"
    r"|\((?:\d{1,3}|[०-९]{1,3}|[a-zA-Z])\)(?=\s)"
    r"|[a-zA-Z]\)(?=\s))"
)

# Abbreviations after which `.` does not end a sentence (compared case-insensitively).
_ABBREVIATIONS = frozenset(
    """
    dr mr mrs ms prof st jr sr sgt gen lt col maj capt cdr adm brig govt gov sen rep hon
    no nos vs etc e.g i.e cf approx est dept inc ltd co corp pvt jan feb mar apr jun jul
    aug sep sept oct nov dec mt ft rs fig vol pp
    डॉ डा प्रो श्री श्रीमती सुश्री कु मो मु पं स्व सं रु ई लि प्रा डि जन ले ब्रि कै मे नं
    """.split()
)
# Abbreviations that come before a name and so never end a sentence.
_TITLES = frozenset(
    """
    dr mr mrs ms prof st jr sr sgt gen lt col maj capt cdr adm brig gov sen rep hon
    no nos vs cf e.g i.e
    """.split()
)
# Words that begin English sentences but rarely follow an abbreviation inside one.
_ENGLISH_STARTERS = frozenset(
    "The He She It They We I This That These Those But And In On At After Before However "
    "Meanwhile Then There Its His Her Their Our A An As Also When While".split()
)
_WORD_AHEAD = re.compile(r"\s+[\"'“‘(]?([A-Za-z]+)")


def _english_starter_follows(line: str, after: int) -> bool:
    match = _WORD_AHEAD.match(line, after)
    return match is not None and match[1] in _ENGLISH_STARTERS


# English letters spelt in Devanagari, as used for initials and acronyms (एस. जयशंकर).
_LETTER_NAMES = frozenset(
    """
    ए बी सी डी ई एफ एच आई जे एल एम एन ओ पी क्यू आर एस टी यू वी डब्ल्यू एक्स वाई ज़ेड जेड
    """.split()
)
# Letter names that are also common Hindi words: initials only inside a chain (जी.के.,
# आई. के. गुजराल); ``आई`` is mostly the verb (``नजर आई. उसने``).
_AMBIGUOUS_LETTER_NAMES = frozenset(["के", "जी", "आई"])
# Longer than any word the rules compare (casefolding never shortens a string), so the
# scans around a `.` stop after this many characters: linear time on runs of dots
# (``A.A.A.…``, ``डॉ.डॉ.…``) however long.
_WORD_LIMIT = 1 + max(map(len, _ABBREVIATIONS | _TITLES | _LETTER_NAMES | _AMBIGUOUS_LETTER_NAMES))


def _token_before(line: str, dot: int) -> tuple[str, bool]:
    """The word piece right before ``line[dot]`` and whether a `.` directly precedes it.

    At most ``_WORD_LIMIT`` characters: a longer piece matches no rule either way.
    """
    start = dot
    stop = max(0, dot - _WORD_LIMIT)
    while start > stop and not line[start - 1].isspace() and line[start - 1] not in ".(\"'‘“[":
        start -= 1
    return line[start:dot], start > 0 and line[start - 1] == "."


def _word_before(line: str, dot: int) -> str:
    """The whole word before ``line[dot]``, inner dots included (``e.g``, ``i.e``).

    At most ``_WORD_LIMIT`` characters (a longer word is no abbreviation): without the
    limit a run of dots with no space (``A.A.A.…``) would be read back to its start at
    every dot, quadratic time.
    """
    start = dot
    stop = max(0, dot - _WORD_LIMIT)
    while start > stop and not line[start - 1].isspace() and line[start - 1] not in "(\"'‘“[":
        start -= 1
    return line[start:dot]


def _initial_follows(line: str, after: int) -> bool:
    """Does another initial (``के.`` / ``S.``) start at ``after`` (after at most one space)?"""
    if after < len(line) and line[after] == " ":
        after += 1
    end = after
    stop = min(len(line), after + _WORD_LIMIT)
    while end < stop and not line[end].isspace() and line[end] != ".":
        end += 1
    piece = line[after:end]
    return (
        end < len(line)
        and line[end] == "."
        and (piece in _LETTER_NAMES or piece in _AMBIGUOUS_LETTER_NAMES or _is_latin_initial(piece))
    )


def _initial_precedes(line: str, start: int) -> bool:
    """Does an initial (``आई.``) end right before ``line[start]``, or one space before it?"""
    if start > 0 and line[start - 1] == " ":
        start -= 1
    if start == 0 or line[start - 1] != ".":
        return False
    token, _ = _token_before(line, start - 1)
    return token in _LETTER_NAMES or token in _AMBIGUOUS_LETTER_NAMES or _is_latin_initial(token)


def _is_latin_initial(piece: str) -> bool:
    return len(piece) == 1 and "A" <= piece <= "Z"


def _dot_ends_sentence(line: str, dot: int) -> bool:
    """Decide a single `.` at ``line[dot]``."""
    after = dot + 1
    nxt = line[after] if after < len(line) else " "
    if _LATIN_LOWER.match(nxt) or nxt in ",;:":
        return False  # example.com, e.g., "Ltd.,"
    if _DIGIT.match(nxt) and not (dot > 0 and _DEVANAGARI_LETTER.match(line[dot - 1])):
        return False  # 5.43, v1.2, $103.7; but a Hindi word glued to a number ends (रहा.16 वीं)
    token, chained = _token_before(line, dot)
    word = _word_before(line, dot)
    if _ABBREVIATIONS.intersection((word.casefold(), token.casefold())) or _is_latin_initial(token):
        # "the U.S. Then ..." / "... etc. The": a closing abbreviation before a word
        # that starts English sentences does end the sentence.
        return word.casefold() not in _TITLES and _english_starter_follows(line, after)
    if token in _AMBIGUOUS_LETTER_NAMES:
        start = dot - len(token)
        return not (chained or _initial_precedes(line, start) or _initial_follows(line, after))
    return token not in _LETTER_NAMES


def _stop_end(line: str, match: re.Match[str]) -> int | None:
    """Where the sentence ends if this run of stop characters ends one, else None."""
    run = match[0]
    if not _HARD_STOPS.isdisjoint(run) or len(run.rstrip("|")) > 1:
        end = match.end()
    elif run[0] == "|":
        last = match.start() - 1  # the last character before the run that is not a space
        while last >= 0 and line[last].isspace():
            last -= 1
        if last < 0 or not "\u0900" <= line[last] <= "\u097f":
            return None
        end = match.end()
    elif not _dot_ends_sentence(line, match.start()):
        return None
    else:
        end = match.end()
    while end < len(line) and line[end] in _CLOSERS:
        end += 1
    return end


def _trimmed(line: str, start: int, end: int) -> tuple[int, int]:
    while start < end and line[start].isspace():
        start += 1
    while end > start and line[end - 1].isspace():
        end -= 1
    return start, end


def _split_line(line: str, marker_end: int = 0) -> tuple[list[tuple[int, int]], bool]:
    """Sentence pieces of one logical line, and whether the line had any stop.

    Stops before ``marker_end`` (a bullet's ``1.``) are part of the marker, not stops.
    """
    pieces: list[tuple[int, int]] = []
    start = 0
    wordless = 0  # line[start:wordless] is known to hold no letter or digit
    stopped = False
    for match in _STOP_RUN.finditer(line, marker_end):
        if match.start() < start:
            continue  # inside closers already taken
        end = _stop_end(line, match)
        if end is None:
            continue
        stopped = True
        if _ALNUM.search(line, max(start, wordless), end) is None:
            wordless = end  # search on from here next time: linear on `। । । …`
            continue  # a stray stop before any word: keep it with what follows
        pieces.append(_trimmed(line, start, end))
        start = end
    tail = _trimmed(line, start, len(line))
    if tail[0] < tail[1]:
        pieces.append(tail)
    return pieces, stopped


def _ends_without_stop(line: str) -> bool:
    """Does the line end in a word, not a stop (closing quotes and brackets looked through)?"""
    stripped = line.rstrip()
    bare = stripped.rstrip("\"'”’)]}»")
    return bool(stripped) and (not bare or bare[-1] not in "।॥?!.…|")


_ANY_STOP = re.compile(r"[।॥?!.…|]")
# A hard-wrapped line has at least this many words: fewer is a heading, a dateline, a name.
_WRAPPED_WORDS = 5
# and at least this many characters (wrap widths are wider; a short line is a heading),
_WRAP_MIN = 40
# and at most this many characters: editors and mailers wrap at 60-120 columns (Devanagari
# takes more code points than columns); a longer line is an unwrapped paragraph.
_WRAP_LIMIT = 200
# A wrapping tool moves a word to the next line when it does not fit, so a wrapped line plus
# the next line's first word is at least as long as the next line: allow 15% for tools
# that count columns or bytes rather than characters.
_FIT = 0.85


def _continues(previous: str, line: str) -> bool:
    """Is ``line`` the continuation of the hard-wrapped ``previous`` line?

    Decided from the two lines alone (so the scan stays linear and streams): ``previous``
    ends without a stop and looks wrapped (enough words, no longer than a wrap width, long
    enough that the next word did not fit), and ``line`` is neither blank, a bullet, nor a
    short line without a stop (a dateline such as ``दिल्ली,`` or a heading).
    """
    if not _ends_without_stop(previous):
        return False
    head = line.lstrip()
    if not head:
        return False
    if "a" <= head[0] <= "z":
        return True  # hard-wrapped English (and Latin text inside Hindi)
    if _BULLET.match(line):
        return False
    before = previous.strip()
    if not _WRAP_MIN <= len(before) <= _WRAP_LIMIT:
        return False
    if len(before.split(maxsplit=_WRAPPED_WORDS)) < _WRAPPED_WORDS:
        return False
    after = line.strip()
    if len(after.split(maxsplit=_WRAPPED_WORDS)) < _WRAPPED_WORDS and not _ANY_STOP.search(after):
        return False  # a dateline, a heading, a name on a line of its own
    first_word = len(after.split(maxsplit=1)[0])
    return len(before) + 1 + first_word >= _FIT * min(len(after), _WRAP_LIMIT)


def _joins(parts: list[str], line: str) -> bool:
    """Does ``line`` continue the logical line made of ``parts`` (physical lines)?

    A bullet item continues only onto an indented line (its hanging indent), so a paragraph
    right after a list is not taken into its last item.
    """
    if not _continues(parts[-1], line):
        return False
    return line[:1].isspace() or "a" <= line[:1] <= "z" or not _BULLET.match(parts[0])


def _logical_lines(lines: Iterable[str]) -> Iterator[tuple[int, str]]:
    """Join hard-wrapped lines; yield (offset, text) for every logical line.

    The lines of a paragraph are collected and joined once (linear time); memory is the
    longest logical line, which may be one sentence and so must be held whole.
    """
    offset = 0
    start = 0
    parts: list[str] = []
    for line in lines:
        # A continuation is not blank, so parts[-1] is never blank once joined and its end
        # is the end of the logical line so far.
        if parts and not _joins(parts, line):
            yield start, "".join(parts)
            parts = []
        if not parts:
            start = offset
        parts.append(line)
        offset += len(line)
    if parts:
        yield start, "".join(parts)


# A dateline that opens a paragraph with a `.`: one to three Devanagari words (the place),
# an optional bracket (`लखनऊ (उत्तर प्रदेश).`, `नई दिल्ली (भाषा).`), then the dot.
_DEVANAGARI_WORD = r"[\u0900-\u0963\u0971-\u097f\u200c\u200d]+"
_DATELINE = re.compile(
    rf"{_DEVANAGARI_WORD}(?:[ -]{_DEVANAGARI_WORD}){{0,2}}(?: ?\([^()\d]{{1,40}}\))?\."
)
# Short Hindi sentences look the same: a dateline's last word is never a verb, an auxiliary,
# a reply or a greeting.
_NOT_PLACES = frozenset(
    """
    है हैं था थी थे हो हूं हूँ गया गई गए गयी गये आया आई आए आये किया की किए किये दिया दी दिए
    लिया ली लिए हुआ हुई हुए रहा रही रहे सका सकी सके चुका चुकी चुके कहा कही कहे बोला बोली बोले
    मिला मिली मिले बताया देखा सुना पाया रखा चाहिए जाए जाएं जाएँ करें करो चलो नहीं हां हाँ जी
    ठीक अच्छा धन्यवाद शुक्रिया नमस्ते नमस्कार बस सही गलत
    """.split()
)


def _is_dateline(piece: str) -> bool:
    """``नई दिल्ली.``, ``मॉस्को.``: a place name closed by a dot, to be kept with its sentence."""
    if len(piece) > 60 or not _DATELINE.fullmatch(piece):
        return False
    last = piece.rstrip(".").split("(")[0].split()[-1]
    return last not in _NOT_PLACES and not last.endswith(("गा", "गी", "गे"))


def iter_spans(lines: Iterable[str], *, find_duplicates: bool = True) -> Iterator[Span]:
    """Segment text given as lines *with* their line ends (as ``str.splitlines(True)``).

    Streams: memory is one line plus the duplicate finder's state.
    """
    finder = DuplicateFinder() if find_duplicates else None
    index = 0
    for offset, line in _logical_lines(lines):
        if not line.strip():
            continue
        bullet = _BULLET.match(line)
        pieces, stopped = _split_line(line, bullet.end() if bullet else 0)
        kind: Kind = "bullet" if bullet else ("sentence" if stopped else "heading")
        if kind == "heading":
            pieces = [_trimmed(line, 0, len(line))]
        elif not bullet and len(pieces) > 1 and _is_dateline(line[pieces[0][0] : pieces[0][1]]):
            pieces[0:2] = [(pieces[0][0], pieces[1][1])]  # `नई दिल्ली. …` is one sentence
        for number, (start, end) in enumerate(pieces):
            text = line[start:end]
            duplicate_of = finder.check(index, text) if finder else None
            yield Span(index, offset + start, offset + end, kind, text, duplicate_of, number == 0)
            index += 1


def split_sentences(text: str, *, find_duplicates: bool = True) -> list[Span]:
    """Split ``text`` into headings, bullets and sentences (exact spans, in order)."""
    with paused_gc():  # thousands of spans, no cycles among them
        return list(iter_spans(text.splitlines(keepends=True), find_duplicates=find_duplicates))
