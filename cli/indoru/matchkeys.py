"""Keys for matching glossary terms: normalised, inflected, romanised and skeleton forms.

* :func:`match_key` folds what carries no meaning: Unicode form, ZWJ/ZWNJ, nukta,
  chandrabindu/anusvara, a half nasal before a consonant/anusvara (हिन्दी = हिंदी), ॉ/ो,
  a word-final halant, Latin case, and every separator
  (space, hyphen, en/em dash, dot, apostrophe): ``S-400`` = ``s400`` = ``S 400``,
  ``एस-400`` = ``एस 400``, ``परिषद्`` = ``परिषद``, ``फ़्रांस`` = ``फ्रांस``.
* :func:`inflections` generates the oblique and plural forms of a Hindi term when the
  index is built (समझौता → समझौते, समझौतों), rather than stemming queries (a stemmer turns
  मंत्री into मंत्र and रूसी into रूस).
* :func:`romanize` writes Devanagari in Latin letters (with Hindi schwa deletion), and
  spells out English letter-name acronyms (डीआरडीओ → drdo); :func:`skeleton` keeps the
  consonants, so ``rajnath`` finds राजनाथ and ``lavrof`` still lands near लावरोव.
"""

from __future__ import annotations

import re
from functools import lru_cache

from indoru.text import fold

_SEPARATORS = re.compile(r"[\s\-‐‑‒–—―.'’‘`,()/·•:;\"“”]+")
_FINAL_HALANT = re.compile(r"\u094d(?=[\s\-–—.,]|$)")
# a nasal consonant with virama before a consonant is the anusvara of modern spelling:
# हिन्दी = हिंदी, सम्बन्ध = संबंध, फ़्रान्स = फ्रांस
_HALF_NASAL = re.compile(  # before stops and sibilants only: अम्मान, जन्म, अन्य stay
    "[\u0919\u091e\u0923\u0928\u092e]\u094d"
    "(?=[\u0915-\u0918\u091a-\u091d\u091f-\u0922\u0924-\u0927\u092a-\u092d\u0936-\u0938])"
)


@lru_cache(maxsize=1 << 17)  # building the index asks for the same words many times
def match_key(form: str) -> str:
    """The normalised key of a term or query (see the module docstring)."""
    folded = _HALF_NASAL.sub("\u0902", _FINAL_HALANT.sub("", fold(form)))
    return _SEPARATORS.sub("", folded)


def words(form: str) -> list[str]:
    """Words of a form, split at the separators that match_key removes."""
    return [w for w in _SEPARATORS.split(form) if w]


# --- inflection ------------------------------------------------------------------------

_AA, _II, _I, _UU, _E, _O = "\u093e", "\u0940", "\u093f", "\u0942", "\u0947", "\u094b"
_VIRAMA = "\u094d"


def _word_forms(word: str) -> set[str]:
    """Oblique and plural forms of one Hindi noun (masculine and feminine patterns)."""
    if not word or not "\u0900" <= word[-1] <= "\u097f":
        return set()
    last = word[-1]
    stem = word[:-1]
    if last == _AA:  # समझौता → समझौते, समझौतों; सेना → सेनाएं, सेनाओं
        return {stem + _E, stem + "ों", word + "एं", word + "एँ", word + "ओं"}
    if last in (_II, "ई"):  # मंत्री → मंत्रियों; मिसाइल-रोधी; भाई
        base = stem + "ि" if last == _II else stem + "इ"
        return {base + "यों", base + "यां", base + "याँ"}
    if last == _I:
        return {word + "यों", word + "यां"}
    if last == _UU:
        return {stem + "ुओं", stem + "ुएं"}
    if last == "\u0941":
        return {word + "ओं"}
    if last in (_E, _O, "ै", "ौ", "ं", _VIRAMA):
        return {word + "ओं"} if last != _VIRAMA else set()
    # consonant ending: मिसाइल → मिसाइलों, मिसाइलें; रेजिमेंट → रेजिमेंटों; and the English
    # plural that news writes in Devanagari: मिसाइल्स, राइफल्स
    return {word + "ों", word + "ें", word + "ो", word + "्स"}


@lru_cache(maxsize=1 << 15)
def inflections(form: str) -> frozenset[str]:
    """Inflected variants of a Hindi term, inflecting its last word (and a leading का)."""
    parts = form.split(" ")
    result = {" ".join([*parts[:-1], inflected]) for inflected in _word_forms(parts[-1])}
    if len(parts) > 2 and parts[-2] == "का":  # सहयोग का समझौता → सहयोग के समझौते
        lasts = {parts[-1], *_word_forms(parts[-1])}  # सोवियत संघ का विघटन → के विघटन
        result |= {" ".join([*parts[:-2], "के", last]) for last in lasts}
    return frozenset(result)


# --- romanisation -----------------------------------------------------------------------

_CONSONANTS = {
    "क": "k", "ख": "kh", "ग": "g", "घ": "gh", "ङ": "n", "च": "ch", "छ": "chh", "ज": "j",
    "झ": "jh", "ञ": "n", "ट": "t", "ठ": "th", "ड": "d", "ढ": "dh", "ण": "n", "त": "t",
    "थ": "th", "द": "d", "ध": "dh", "न": "n", "प": "p", "फ": "f", "ब": "b", "भ": "bh",
    "म": "m", "य": "y", "र": "r", "ल": "l", "व": "v", "श": "sh", "ष": "sh", "स": "s",
    "ह": "h", "ळ": "l", "क़": "q", "ख़": "kh", "ग़": "g", "ज़": "z", "ड़": "r", "ढ़": "rh",
    "फ़": "f", "य़": "y",
}  # fmt: skip
_VOWELS = {
    "अ": "a", "आ": "a", "इ": "i", "ई": "i", "उ": "u", "ऊ": "u", "ऋ": "ri", "ए": "e",
    "ऐ": "ai", "ओ": "o", "औ": "au", "ऑ": "o", "ऍ": "e",
}  # fmt: skip
_SIGNS = {
    "ा": "a", "ि": "i", "ी": "i", "ु": "u", "ू": "u", "ृ": "ri", "े": "e", "ै": "ai",
    "ो": "o", "ौ": "au", "ॉ": "o", "ॅ": "e",
}  # fmt: skip
_NASALS = {"ं": "n", "ँ": "n", "ः": "h"}
_DIGITS = {chr(0x0966 + d): str(d) for d in range(10)}

# English letters as Hindi writes their names, for acronyms (एससीओ → sco).
_LETTER_NAMES = {
    "ए": "a", "बी": "b", "सी": "c", "डी": "d", "ई": "e", "एफ": "f", "जी": "g", "एच": "h",
    "आई": "i", "जे": "j", "के": "k", "एल": "l", "एम": "m", "एन": "n", "ओ": "o", "पी": "p",
    "क्यू": "q", "आर": "r", "एस": "s", "टी": "t", "यू": "u", "वी": "v", "डब्ल्यू": "w",
    "एक्स": "x", "वाई": "y", "जेड": "z", "ज़ेड": "z", "डबल्यू": "w",
}  # fmt: skip
_LONGEST_NAME = max(map(len, _LETTER_NAMES))


def _acronym(word: str) -> str | None:
    """डीआरडीओ → drdo, if the whole word is two or more letter names (digits allowed)."""
    out: list[str] = []
    i = 0
    while i < len(word):
        if word[i].isdigit():
            out.append(_DIGITS.get(word[i], word[i]))
            i += 1
            continue
        for size in range(min(_LONGEST_NAME, len(word) - i), 0, -1):
            letter = _LETTER_NAMES.get(word[i : i + size])
            if letter and not (i + size < len(word) and word[i + size] in _SIGNS_AND_MARKS):
                out.append(letter)
                i += size
                break
        else:
            return None
    letters = sum(c.isalpha() for c in out)
    return "".join(out) if letters >= 2 or (letters == 1 and len(out) > 1) else None


_SIGNS_AND_MARKS = frozenset(_SIGNS) | frozenset("्ंँः़")


def _syllables(word: str) -> list[tuple[str, str]]:
    """(consonant or vowel, vowel) pairs; an inherent vowel is written as '*'."""
    units: list[tuple[str, str]] = []
    i = 0
    while i < len(word):
        char = word[i]
        if i + 1 < len(word) and word[i + 1] == "़":
            char, i = char + "़", i + 1
        if char in _CONSONANTS:
            nxt = word[i + 1] if i + 1 < len(word) else ""
            if nxt == _VIRAMA:
                units.append((_CONSONANTS[char], ""))
                i += 2
                continue
            if nxt in _SIGNS:
                units.append((_CONSONANTS[char], _SIGNS[nxt]))
                i += 2
                continue
            units.append((_CONSONANTS[char], "*"))
        elif char in _VOWELS:
            units.append(("", _VOWELS[char]))
        elif char in _NASALS:
            nasal = _NASALS[char]
            if char == "ं" and word[i + 1 : i + 2] == "ह":
                nasal = "ng"  # सिंह → singh
            units.append((nasal, ""))
        elif char in _DIGITS:
            units.append((_DIGITS[char], ""))
        elif char.isascii() and char.isalnum():
            units.append((char.lower(), ""))
        i += 1
    return units


def _romanize_word(word: str) -> str:
    acronym = _acronym(word)
    if acronym:
        return acronym
    units = _syllables(word)
    # Schwa deletion: drop the word-final inherent vowel, and a medial one between a
    # vowel-bearing syllable and a consonant followed by a vowel (राजनाथ → rajnath).
    for i in range(len(units) - 1, -1, -1):
        if units[i][1] != "*":
            continue
        if (i == len(units) - 1 and i > 0) or (
            0 < i < len(units) - 1 and units[i - 1][1] and units[i + 1][1]
        ):
            units[i] = (units[i][0], "")
    return "".join(c + ("a" if v == "*" else v) for c, v in units)


def spelled_acronym(form: str) -> bool:
    """Is every word of the form spelled in English letter names (एनएसजी, डीआरडीओ)?"""
    parts = words(fold(form))
    return bool(parts) and all(_acronym(word) for word in parts)


@lru_cache(maxsize=1 << 14)
def romanize(form: str) -> str:
    """A Latin spelling of a Devanagari form, for comparing with Latin queries."""
    return " ".join(_romanize_word(word) for word in words(fold(form)))


_DIGRAPHS = [("chh", "c"), ("ch", "c"), ("sh", "s"), ("kh", "k"), ("gh", "g"), ("th", "t"),
             ("dh", "d"), ("ph", "f"), ("bh", "b"), ("jh", "j"), ("w", "v"), ("z", "j"),
             ("q", "k"), ("x", "ks"), ("c", "k")]  # fmt: skip
_NOT_SKELETON = re.compile(r"[^bcdfgjklmnpqrstvxz0-9]+")
_DOUBLES = re.compile(r"(.)\1+")


def skeleton(latin: str) -> str:
    """Consonant skeleton of a Latin spelling: jaishankar, jayshankar → jsnkr."""
    text = latin.casefold()
    for digraph, single in _DIGRAPHS:
        text = text.replace(digraph, single)
    return _DOUBLES.sub(r"\1", _NOT_SKELETON.sub("", text))
