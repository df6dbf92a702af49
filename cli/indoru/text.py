"""Character-level helpers shared by the core: match keys, tokens, safe display.

Match keys are for *comparing* text (duplicates, glossary look-ups); displayed text is
always the author's own, untouched.
"""

from __future__ import annotations

import re
import unicodedata

try:  # hashlib's own BLAKE2 backend, without loading OpenSSL as `import hashlib` does (2 ms)
    from _blake2 import blake2b
except ImportError:  # pragma: no cover - other Python implementations
    from hashlib import blake2b

# Nukta letters (क़ ख़ ग़ ज़ ड़ ढ़ फ़ य़, ऩ ऱ ऴ) decompose to base + U+093C under NFD; we drop the nukta.
_NUKTA = "\u093c"
_FOLD_TABLE = str.maketrans(
    {
        "\u200c": None,  # ZWNJ
        "\u200d": None,  # ZWJ
        "\u200b": None,  # zero-width space
        "\u00ad": None,  # soft hyphen
        "\ufeff": None,  # stray BOM / zero-width no-break space
        _NUKTA: None,
        "\u0901": "\u0902",  # chandrabindu -> anusvara
        "\u0949": "\u094b",  # ॉ -> ो
        "\u0911": "\u0913",  # ऑ -> ओ
        "\u0945": "\u0947",  # ॅ -> े
        "\u090d": "\u090f",  # ऍ -> ए
    }
)
_PRECOMPOSED_NUKTA = re.compile("[\u0929\u0931\u0934\u0958-\u095f]")

# A token is a run of letters, marks and digits. Python's \w misses Devanagari vowel signs
# and the virama, so the Devanagari block (less danda, double danda and the abbreviation
# sign) is added explicitly, with the Latin combining marks.
_TOKEN = re.compile(
    r"(?:[^\W_]|[\u0900-\u0963\u0966-\u096f\u0971-\u097f\u0300-\u036f\ua8e0-\ua8ff])+"
)


def fold(text: str) -> str:
    """Fold spelling variation that carries no meaning, for comparison only.

    NFC, no ZWJ/ZWNJ, no nukta, chandrabindu as anusvara, ॉ as ो, and casefolded Latin.
    """
    text = unicodedata.normalize("NFC", text)
    if _PRECOMPOSED_NUKTA.search(text):
        text = _PRECOMPOSED_NUKTA.sub(lambda m: unicodedata.normalize("NFD", m[0]), text)
    return text.translate(_FOLD_TABLE).casefold()


def tokens(text: str) -> list[str]:
    """Folded word tokens of ``text`` (punctuation and spacing dropped)."""
    return _TOKEN.findall(fold(text))


def hash64(text: str) -> int:
    """A fixed 64-bit hash of ``text`` (BLAKE2b): the same in every process, unlike
    Python's salted ``hash``, so it may be stored in a cache or compared across runs."""
    digest = blake2b(text.encode("utf-8", "surrogatepass"), digest_size=8).digest()
    return int.from_bytes(digest, "little")


def has_devanagari(text: str) -> bool:
    return any("\u0900" <= ch <= "\u097f" for ch in text)


# C0 and C1 controls and DEL, except tab and newline which the renderers handle.
_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029]")


def _control_picture(match: re.Match[str]) -> str:
    code = ord(match[0])
    if code < 0x20:
        return chr(0x2400 + code)  # ␛ for ESC, ␍ for CR, ...
    if code == 0x7F:
        return "\u2421"  # ␡
    return "\ufffd"


def make_printable(text: str) -> str:
    """Show control characters (ESC, CR, BEL, ...) as visible symbols.

    Input text is untrusted: an ANSI escape sequence in an article must print as text,
    never act on the terminal. Tabs and newlines are left to the caller.
    """
    return _CONTROL.sub(_control_picture, text)


# Characters that change what a reader sees without being seen: bidi embeddings,
# overrides, isolates and marks (a crafted file name can print backwards), and
# zero-width characters other than ZWJ/ZWNJ (which Devanagari spelling uses).
_INVISIBLE = re.compile("[\u061c\u200b\u200e\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff]")


def make_visible(text: str) -> str:
    """:func:`make_printable`, and invisible format characters as ``<U+202E>``: for a
    terminal, where untrusted text must show what it is."""
    return _INVISIBLE.sub(lambda m: f"<U+{ord(m[0]):04X}>", make_printable(text))
