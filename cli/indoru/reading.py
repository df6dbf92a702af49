"""Reading input: files or standard input, checked and decoded as a stream of lines.

Accepted: UTF-8 with or without BOM, UTF-16/UTF-32 with BOM, any line ends (LF, CRLF, CR).
Text is kept exactly as written (line ends included); offsets count characters of the
decoded text after the BOM. Refused with an :class:`InputError` naming the input: a missing
file, a directory, no permission, binary data (a NUL byte), undecodable bytes (with the
byte offset) and Hindi typed in a legacy font encoding such as Kruti Dev.

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

_BOMS = [  # longest first: the UTF-32-LE BOM starts with the UTF-16-LE one
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
]
_MAGIC = [
    (b"%PDF-", "a PDF file"),
    (b"PK\x03\x04", "a ZIP archive (or a .docx/.odt document)"),
    (b"\x1f\x8b", "gzip-compressed data"),
    (b"\x89PNG", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"{\\rtf", "an RTF document"),
]
# Frequent Hindi words as typed in the Kruti Dev font: के का की में है और से को कि पर भी
# यह था हैं गया किया कर तक हो ने.
_KRUTI_WORDS = frozenset(
    "ds dk dh esa gS vkSj ls dks fd ij Hkh ;g Fkk gSa x;k fd;k dj rd gks us".split()
)


@dataclass
class Source:
    """One input, not yet read. Iterate :meth:`lines` once."""

    name: str
    stream: BinaryIO
    close: bool = True
    empty: bool = field(default=True, init=False)

    def lines(self) -> Iterator[str]:
        """Decoded lines with their line ends; raises InputError on bad input."""
        try:
            yield from _lines(self)
        finally:
            if self.close:
                self.stream.close()


def open_source(path: str, stdin: BinaryIO | None = None) -> Source:
    """Open ``path`` (or standard input for ``-``) for reading; raise InputError."""
    if path == "-":
        return Source(STDIN_NAME, stdin if stdin is not None else sys.stdin.buffer, close=False)
    try:
        return Source(path, open(path, "rb"))
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
            return encoding, len(bom)
    for magic, what in _MAGIC:
        if head.startswith(magic):
            raise InputError(source.name, f"binary data ({what}), not text")
    if _looks_like_bomless_utf16(head):
        raise InputError(
            source.name,
            "looks like UTF-16 text without a byte-order mark; save it as UTF-8 "
            "(or UTF-16 with a BOM)",
        )
    return "utf-8", 0


def _looks_like_bomless_utf16(head: bytes) -> bool:
    """Devanagari (U+09xx) or ASCII in UTF-16: every other byte is 0x09 or 0x00."""
    sample = head[:4096]
    if len(sample) < 4:
        return False
    for high in (sample[1::2], sample[0::2]):  # little-endian, then big-endian
        if sum(byte in (0x00, 0x09) for byte in high) >= 0.9 * len(high):
            return True
    return False


def _lines(source: Source) -> Iterator[str]:
    data = _read(source, FIRST_CHUNK)
    encoding, skip = _sniff(source, data)
    decoder = codecs.getincrementaldecoder(encoding)("strict")
    offset = skip  # byte offset of data[skip] in the input
    data = data[skip:]
    carry = ""
    first = True
    while True:
        text = _decode(source, decoder, data, offset, encoding)
        if first:
            _check_text(source, text)
            first = False
        offset += len(data)
        lines = (carry + text).splitlines(keepends=True)
        carry = lines.pop() if lines and (not data or not _complete(lines[-1])) else ""
        if not data and carry:
            lines.append(carry)
        for line in lines:
            if source.empty and not line.isspace():
                source.empty = False
            yield line
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


def _check_text(source: Source, text: str) -> None:
    sample = text[:20_000]
    if not has_devanagari(sample) and looks_like_kruti_dev(sample):
        raise InputError(
            source.name,
            "looks like Hindi typed in a legacy font encoding (Kruti Dev): its Latin "
            "letters stand for Devanagari glyphs; convert it to Unicode text first",
        )


def looks_like_kruti_dev(sample: str) -> bool:
    """Latin text whose most frequent words are Kruti Dev codes for के, का, की, में, है…"""
    words = [word.rstrip("A,.") for word in sample.split()]
    if len(words) < 5:
        return False
    hits = sum(word in _KRUTI_WORDS for word in words)
    return hits >= 3 and hits / len(words) >= 0.1
