"""Hindi typed in a legacy font encoding (Kruti Dev 010), converted to Unicode Devanagari.

The character table is hinlegacy's (the optional extra ``indoru[legacy]``, imported only
when a conversion is asked for); indoru adds what its commands need around it:

- which texts to convert: a text that already reads as Unicode Hindi or as English is left
  as it is (:func:`readable_as_is`), so a folder or corpus can mix them;
- linear time: a line is handed over a piece at a time (at most PIECE characters, cut after
  a space), as hinlegacy rebuilds its whole input for every short-i sign it moves;
- every space and line end kept where it was (hinlegacy strips the ends of its input);
- the two signs typed out of their Unicode order, placed here after the table has done the
  rest: the short-i sign "f" (typed before its consonant, and before the whole conjunct:
  "fLFkfr" स्थिति, where hinlegacy writes स्िथति) and the reph "Z" (typed after its syllable:
  "dk;ksZa" कार्यों, where hinlegacy writes कायर््ों); "bZ" is ई, not इ with a reph; the
  curly quotes that Word's AutoCorrect makes of "'" (श्) and '"' (ष्), which hinlegacy reads
  the other way round; a colon typed after a space keeps the space; and the result is in
  NFC, as Unicode text is written.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable

from indoru.errors import ExitCode, IndoruError
from indoru.reading import _ENGLISH_WORDS, SAMPLE

LEGACY_FONTS = ("krutidev",)
PIECE = 4096

# Noncharacters (never in interchanged text) that stand for the short-i sign and the reph
# while hinlegacy converts the rest.
_SHORT_I = "\ufdd0"
_REPH = "\ufdd1"
_COLON = "\ufdd2"
_BEFORE_TABLE = {
    "kZs": "ksZ",  # ो and ौ with a reph: typed on the stem of ा, before the sign of े / ै
    "kZS": "kSZ",
    " %": " " + _COLON,  # a colon after a space (hinlegacy makes it one, less the space)
    "f=k": "f=",  # hinlegacy's own rule (त्रि), which the "f" stand-in would hide
    "bZ": "\u0908",  # ई
    "b\u00b1": "\u0908\u0902",  # ईं
    "\u00b1": _REPH + "\u0902",  # reph and anusvara on one key
    "Z": _REPH,
    "f": _SHORT_I,
    "\u2018": "'",  # ‘ ’: Word's quotes for ' (श्)
    "\u2019": "'",
    "\u201c": '"',  # “ ”: Word's quotes for " (ष्)
    "\u201d": '"',
}
_CONSONANT = "[\u0915-\u0939\u0958-\u095f]\u093c?"
_CLUSTER = f"(?:{_CONSONANT}\u094d)*{_CONSONANT}"
_SIGNS = "[\u0900-\u0903\u093a\u093b\u093e-\u094c\u094e\u094f\u0955-\u0957\u0962\u0963]*"
_SHORT_I_BEFORE = re.compile(f"{_SHORT_I}({_CLUSTER})")
_REPH_AFTER = re.compile(f"({_CLUSTER}{_SIGNS}){_REPH}")


class MissingExtra(IndoruError):
    """An option needs an optional package that is not installed: a usage error."""

    exit_code = ExitCode.USAGE


def readable_as_is(sample: str) -> bool:
    """Text that ``--from-legacy`` leaves as it is: Unicode Hindi (at least as many
    Devanagari letters as Latin ones) or English (its function words, the, of, and…, one
    word in fifty or more: never in Kruti Dev text, a quarter of English prose)."""
    devanagari = sum("\u0900" <= char <= "\u097f" for char in sample)
    latin = sum(char.isascii() and char.isalpha() for char in sample)
    if devanagari and devanagari >= latin:
        return True
    words = sample.split()
    english = sum(word.strip(".,;:!?\"'()[]").lower() in _ENGLISH_WORDS for word in words)
    return english > 0 and english * 50 >= len(words)


def legacy_converter(font: str) -> Callable[[str], str]:
    """A function from a whole text typed in ``font`` (one of LEGACY_FONTS) to Unicode.

    Text that reads as Unicode Hindi or English (:func:`readable_as_is`, on its first
    20,000 characters) is returned unchanged; the rest is converted line by line. Raises
    MissingExtra when the optional hinlegacy package is not installed.
    """
    decode = line_decoder(font)

    def convert(text: str) -> str:
        if readable_as_is(text[:SAMPLE]):
            return text
        return "".join(decode(line) for line in text.splitlines(keepends=True))

    return convert


def line_decoder(font: str) -> Callable[[str], str]:
    """A function from one line typed in ``font`` to Unicode, its white space kept."""
    if font not in LEGACY_FONTS:
        raise ValueError(f"unknown legacy font {font!r}; known: {', '.join(LEGACY_FONTS)}")
    try:
        from hinlegacy import decode
    except ImportError:
        raise MissingExtra(
            f"--from-legacy {font} needs the optional hinlegacy package: "
            "install indoru[legacy] (pip install 'indoru[legacy]')"
        ) from None

    def convert(text: str) -> str:
        for legacy, unicode in _BEFORE_TABLE.items():
            text = text.replace(legacy, unicode)
        text = str(decode(text, font))
        text = _SHORT_I_BEFORE.sub("\\1\u093f", text).replace(_SHORT_I, "\u093f")
        text = _REPH_AFTER.sub("\u0930\u094d\\1", text).replace(_REPH, "\u0930\u094d")
        # NFC, as Unicode text is written: ड़ as ड + nukta, where hinlegacy writes U+095C
        return unicodedata.normalize("NFC", text.replace(_COLON, ":"))

    def line(text: str) -> str:
        pieces = []
        start = 0
        while len(text) - start > PIECE:
            end = start + PIECE
            cut = max(text.rfind(" ", start, end), text.rfind("\t", start, end)) + 1
            cut = cut if cut > start else end
            pieces.append(_keeping_space(convert, text[start:cut]))
            start = cut
        pieces.append(_keeping_space(convert, text[start:]))
        return "".join(pieces)

    return line


def _keeping_space(convert: Callable[[str], str], piece: str) -> str:
    begin = len(piece) - len(piece.lstrip())
    end = len(piece.rstrip())
    if begin >= end:
        return piece
    return piece[:begin] + convert(piece[begin:end]) + piece[end:]
