"""Reading input: files or standard input, checked and decoded as a stream of lines.

Accepted: UTF-8 with or without BOM, UTF-16/UTF-32 with BOM, any line ends (LF, CRLF, CR).
Text is kept exactly as written (line ends included); offsets count characters of the
decoded text after the BOM. Refused with an :class:`InputError` naming the input: a missing
file, a directory, no permission, binary data (a NUL byte), undecodable bytes (with the
byte offset), UTF-16 or UTF-32 without a BOM (named as such) and Hindi typed in a legacy
font encoding such as Kruti Dev, unless the caller asks for it to be converted
(``legacy="krutidev"``: :mod:`indoru.legacy`). The two guesses are tuned to
refuse no real text: English with "us" or "ls" in it is not Kruti Dev, and a UTF-8 line of
tab-separated characters is not UTF-16.

Input is decoded in chunks, so memory does not grow with the input's size: an input up
to the first chunk's size (8 MiB) is checked whole before any line is handed on; a bad
byte further into a larger input is reported when the stream reaches it.
"""

from __future__ import annotations

import codecs
import sys
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import BinaryIO

from indoru.errors import InputError
from indoru.text import has_devanagari

FIRST_CHUNK = 8 << 20
CHUNK = 1 << 20
STDIN_NAME = "<stdin>"
SAMPLE = 20_000  # the characters at the start of an input that the guesses look at

_BOMS = [  # longest first: the UTF-32-LE BOM starts with the UTF-16-LE one
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
]
_PLANES = frozenset((0, 1, 2, 3, 14, 15, 16))  # the Unicode planes with characters
_MAGIC = [
    (b"%PDF-", "a PDF file"),
    (b"PK\x03\x04", "a ZIP archive (or a .docx/.odt document)"),
    (b"\x1f\x8b", "gzip-compressed data"),
    (b"\x89PNG", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"{\\rtf", "an RTF document"),
]
# Frequent Hindi words as typed in the Kruti Dev 010 font: के का की में है हैं और से को कि पर
# भी यह था थी थे गया किया कर तक हो ने करने इस साथ नहीं अपने जो कई ही लेकिन दिया बाद सभी कुछ
# बीच वाले तो कहा वह उसके लिए गए किए हुए ये वे हम या जब. Each is among the 80 most frequent
# words of Hindi news and prose mapped through the font, and none occurs in English prose
# (measured on 200 English documents) except "us" (ने).
_KRUTI_WORDS = frozenset(
    "ds dk dh esa gS gSa vkSj ls dks fd ij Hkh ;g Fkk Fkh Fks x;k fd;k dj rd gks us djus bl "
    "lkFk ugha vius tks dbZ gh ysfdu fn;k ckn lHkh dqN chp okys rks dgk og mlds fy, x, fd, "
    "gq, ;s os ge ;k tc".split()
)
# English function words: a quarter to a third of the words of English prose, and none
# can be a Kruti Dev word (they would spell no Hindi word; "a" is left out, as a danda
# typed apart, "gS A", is a word "A"), so a text with a few of them is English, however
# many "us" or "ls" it has.
_ENGLISH_WORDS = frozenset(
    "the of and to was for that with on as by at it from he be this are have has had "
    "not or an which his their will said we they you its were been but if then".split()
)


@dataclass
class Source:
    """One input, not yet read. Iterate :meth:`lines` once."""

    name: str
    stream: BinaryIO
    close: bool = True
    legacy: str | None = None  # convert from this legacy font (indoru.legacy.LEGACY_FONTS)
    empty: bool = field(default=True, init=False)

    def lines(self) -> Iterator[str]:
        """Decoded lines with their line ends; raises InputError on bad input."""
        try:
            yield from _lines(self)
        finally:
            if self.close:
                self.stream.close()


def open_source(path: str, stdin: BinaryIO | None = None, legacy: str | None = None) -> Source:
    """Open ``path`` (or standard input for ``-``) for reading; raise InputError.

    With ``legacy="krutidev"`` its lines are converted from Kruti Dev to Unicode (see
    :mod:`indoru.legacy`), so offsets count characters of the converted text.
    """
    if path == "-":
        stream = stdin if stdin is not None else sys.stdin.buffer
        return Source(STDIN_NAME, stream, close=False, legacy=legacy)
    try:
        return Source(path, open(path, "rb"), legacy=legacy)
    except FileNotFoundError:
        raise InputError(path, "no such file") from None
    except IsADirectoryError:
        raise InputError(path, "is a directory, not a file") from None
    except PermissionError:
        raise InputError(path, "permission denied") from None
    except OSError as error:
        raise InputError(path, (error.strerror or str(error)).lower()) from None


def read_text(path: str) -> str:
    """The whole decoded text of a file, with the same checks as the command line."""
    return "".join(open_source(path).lines())


def _read(source: Source, size: int) -> bytes:
    try:
        return source.stream.read(size)
    except IsADirectoryError:
        raise InputError(source.name, "is a directory, not a file") from None
    except OSError as error:
        raise InputError(source.name, (error.strerror or str(error)).lower()) from None


def _sniff(source: Source, head: bytes) -> tuple[str, int]:
    """Pick the encoding from the BOM; refuse known binary formats."""
    for bom, encoding in _BOMS:
        if head.startswith(bom):
            if encoding == "utf-32-le" and not _utf32_shaped(head, 4, little=True):
                # FF FE 00 00 is also a UTF-16-LE BOM before the character U+0000
                return "utf-16-le", 2
            return encoding, len(bom)
    for magic, what in _MAGIC:
        if head.startswith(magic):
            raise InputError(source.name, f"binary data ({what}), not text")
    for name in ("UTF-32", "UTF-16"):
        if _looks_bomless(head, name):
            raise InputError(
                source.name,
                f"looks like {name} text without a byte-order mark; save it as UTF-8 "
                f"(or {name} with a BOM)",
            )
    return "utf-8", 0


def _utf32_shaped(head: bytes, start: int, little: bool) -> bool:
    """Every 4-byte unit from ``start`` (4 KiB of them) a code point in a plane with
    characters: its top byte 0, the next 0-3 or 14-16 (planes 4-13 are empty: UTF-16 of
    ASCII and control characters, such as "a\\n", reads as code points there); and a
    whole input a multiple of 4 bytes long."""
    if len(head) < FIRST_CHUNK and (len(head) - start) % 4:
        return False
    top, next_ = (3, 2) if little else (0, 1)
    units = range(start, min(len(head), start + 4096) - 3, 4)
    return all(head[i + top] == 0 and head[i + next_] in _PLANES for i in units)


def _looks_bomless(head: bytes, name: str) -> bool:
    """UTF-32, or UTF-16 of Devanagari (U+09xx) and ASCII, without a byte-order mark."""
    sample = head[:4096]
    if len(sample) < 4:
        return False
    if name == "UTF-32":
        return b"\0" in sample and (
            _utf32_shaped(head, 0, little=True) or _utf32_shaped(head, 0, little=False)
        )
    for high, low, encoding in (
        (sample[1::2], sample[0::2], "utf-16-le"),
        (sample[0::2], sample[1::2], "utf-16-be"),
    ):
        if sum(byte in (0x00, 0x09) for byte in high) < 0.9 * len(high):
            continue
        if 0 in high:  # read as UTF-8 it has NUL bytes, so it is not UTF-8 text anyway
            return True
        # No NUL: valid-looking UTF-8 such as "a\tb\tc" (tab-separated characters) has the
        # same shape as UTF-16 Devanagari with no space or line break (one word). Call it
        # UTF-16 only if it can be and reads as one: an even length, all of it U+09xx, and
        # control characters where UTF-16 Hindi has its vowels and first consonants, or
        # vowel signs each after a consonant.
        if (len(head) % 2 and len(head) < FIRST_CHUNK) or any(byte != 0x09 for byte in high):
            return False
        if any(byte < 0x20 and byte not in b"\t\n\v\f\r" for byte in low):
            return True
        if _plausible_devanagari(sample[: len(sample) // 2 * 2].decode(encoding, "replace")):
            return True
    return False


def _plausible_devanagari(text: str) -> bool:
    """Consonants and vowel signs, nine in ten signs after a consonant (or after a letter or
    a sign, for ं ँ ः) as written Hindi has them; not a run of random U+09xx code points."""
    consonants = signs = misplaced = 0
    previous = ""
    for char in text:
        kind = _devanagari_kind(char)
        if kind == "consonant":
            consonants += 1
        elif kind == "sign":
            signs += 1
            before = _devanagari_kind(previous)
            if char in "\u0900\u0901\u0902\u0903":
                misplaced += before not in ("consonant", "vowel", "sign", "nukta")
            else:
                misplaced += before not in ("consonant", "nukta")
        elif kind == "nukta":
            misplaced += _devanagari_kind(previous) != "consonant"
        previous = char
    return consonants > 0 and signs > 0 and misplaced * 10 <= signs


def _devanagari_kind(char: str) -> str:
    code = ord(char) if char else 0
    if 0x0915 <= code <= 0x0939 or 0x0958 <= code <= 0x095F:
        return "consonant"
    if 0x0904 <= code <= 0x0914:
        return "vowel"
    if code == 0x093C:
        return "nukta"
    if 0x0900 <= code <= 0x0903 or 0x093A <= code <= 0x094F or 0x0955 <= code <= 0x0957:
        return "sign"
    if 0x0962 <= code <= 0x0963:
        return "sign"
    return "other"


def _lines(source: Source) -> Iterator[str]:
    data = _read(source, FIRST_CHUNK)
    encoding, skip = _sniff(source, data)
    decoder = codecs.getincrementaldecoder(encoding)("strict")
    offset = skip  # byte offset of data[skip] in the input
    data = data[skip:]
    if skip and not data:  # a first read that ended with the BOM is not the end of the input
        data = _read(source, CHUNK)
    carry = ""
    first = True
    decode = None
    if source.legacy:
        from indoru.legacy import line_decoder

        decode = line_decoder(source.legacy)
    while True:
        text = _decode(source, decoder, data, offset, encoding)
        if first:
            if not _check_text(source, text):
                decode = None
            first = False
        offset += len(data)
        lines = (carry + text).splitlines(keepends=True)
        carry = lines.pop() if lines and (not data or not _complete(lines[-1])) else ""
        if not data and carry:
            lines.append(carry)
        for line in lines:
            if source.empty and not line.isspace():
                source.empty = False
            yield decode(line) if decode else line
        if not data:
            return
        data = _read(source, CHUNK)


def _complete(line: str) -> bool:
    """A line that ends in a line break that cannot grow (a lone CR may become CRLF)."""
    return line[-1:] in "\n\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029" and line != ""


def _decode(
    source: Source, decoder: codecs.IncrementalDecoder, data: bytes, offset: int, encoding: str
) -> str:
    if encoding == "utf-8" and b"\0" in data:
        at = offset + data.index(b"\0")
        raise InputError(
            source.name,
            f"binary data (NUL byte at byte offset {at}); if this is UTF-16 text, "
            "save it with a byte-order mark or as UTF-8",
        )
    buffered = len(decoder.getstate()[0])
    try:
        return decoder.decode(data, final=not data)
    except UnicodeDecodeError as error:
        at = offset - buffered + error.start
        name = "UTF-8" if encoding == "utf-8" else encoding.upper()
        raise InputError(
            source.name,
            f"not valid {name}: undecodable byte 0x{error.object[error.start]:02x} "
            f"at byte offset {at}; save the file as UTF-8",
        ) from None


def _check_text(source: Source, text: str) -> bool:
    """Refuse Kruti Dev unless it is to be converted; whether to convert this input."""
    sample = text[:SAMPLE]
    if source.legacy:
        from indoru.legacy import readable_as_is

        return not readable_as_is(sample)
    if not has_devanagari(sample) and looks_like_kruti_dev(sample):
        raise InputError(
            source.name,
            "looks like Hindi typed in a legacy font encoding (Kruti Dev): its Latin "
            "letters stand for Devanagari glyphs; convert it with --from-legacy krutidev "
            "(pip install 'indoru[legacy]') or save it as Unicode text",
        )
    return False


def looks_like_kruti_dev(sample: str) -> bool:
    """Latin text whose frequent words are Kruti Dev codes for के, का, की, में, है…

    Three or more different such codes make at least a tenth of the words, and English
    function words (the, of, and…) under one in fifty: in Kruti Dev text they never occur,
    in English prose they are a quarter of the words.
    """
    words = sample.split()
    if len(words) < 5:
        return False
    codes = [code for word in words if (code := word.rstrip("A]-")) in _KRUTI_WORDS]
    if len(set(codes)) < 3 or len(codes) < 0.1 * len(words):
        return False
    english = sum(word.strip(".,;:!?\"'()[]").lower() in _ENGLISH_WORDS for word in words)
    return english * 50 < len(words)
