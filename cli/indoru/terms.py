"""Finding glossary terms in running text: longest match first, any inflection.

Every form of every entry (and the generated inflections of its Hindi forms) becomes a
sequence of word keys in a trie; the text is cut into words, and at each word the longest
sequence that matches wins (संयुक्त राष्ट्र सुरक्षा परिषद beats संयुक्त राष्ट्र). A form
written as one word also matches its spaced or hyphenated spelling and the other way round
(``S-400``, ``S400``; ``रक्षा मंत्री``, ``रक्षामंत्री``). Short all-capital Latin acronyms
(``US``, ``UN``) only match in capitals, so the English word "us" is not the United States.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field

from indoru.glossary import Entry
from indoru.lookup import GlossaryIndex
from indoru.matchkeys import inflections, match_key
from indoru.segment import Span

_WORD = re.compile(
    r"(?:[^\W_]|[\u0900-\u0963\u0966-\u096f\u0971-\u097f\u0300-\u036f\u200c\u200d])+"
)
_SEP = "\x1f"
Trie = tuple[dict[str, "int | tuple[int, ...]"], frozenset[str]]


@dataclass(frozen=True, slots=True)
class Occurrence:
    """One term found in the text: ``text[start:end]`` is the surface form."""

    entry: Entry
    start: int
    end: int
    surface: str
    sentence: int


@dataclass
class TermCount:
    """A term of an article: how often, in which forms and sentences."""

    entry: Entry
    count: int = 0
    forms: list[str] = field(default_factory=list)
    sentences: list[int] = field(default_factory=list)


def _acronym(form: str) -> bool:
    letters = [c for c in form if c.isalpha()]
    return bool(letters) and len(letters) <= 5 and all("A" <= c <= "Z" for c in letters)


_SCANNERS: dict[int, TermScanner] = {}


def build_trie(entries: Sequence[Entry]) -> Trie:
    """Every form and generated inflection as word-key sequences (cached with the index).

    Flat rather than nested, because it unpacks from the cache twice as fast: the keys of
    a sequence joined by U+001F map to the entries it names (entry number × 2, plus 1 for
    an acronym that must match in capitals), and every proper prefix of a longer
    sequence is in the prefix set, so a longest-match scan knows when to keep going.
    """
    found: dict[str, list[int]] = {}
    prefixes: set[str] = set()
    for number, entry in enumerate(entries):
        forms = set(entry.en_forms) | set(entry.hi_forms)
        for form in entry.hi_forms:
            forms |= inflections(form)
        for form in forms:
            code = number * 2 + int(_acronym(form))
            keys = [match_key(w) for w in _WORD.findall(form)]
            for sequence in {tuple(k for k in keys if k), (match_key(form),)}:
                if not sequence or not sequence[0]:
                    continue
                for end in range(1, len(sequence)):
                    prefixes.add(_SEP.join(sequence[:end]))
                codes = found.setdefault(_SEP.join(sequence), [])
                if code not in codes:
                    codes.append(code)
    flat = {key: codes[0] if len(codes) == 1 else tuple(codes) for key, codes in found.items()}
    return flat, frozenset(prefixes)


class TermScanner:
    """Scans text for the entries of a glossary index."""

    def __init__(self, index: GlossaryIndex) -> None:
        self.entries = index.entries
        trie = index.table("trie") if index.has_table("trie") else build_trie(index.entries)
        self._sequences: dict[str, int | tuple[int, ...]] = trie[0]
        self._prefixes: frozenset[str] = trie[1]
        self._keys: dict[str, str] = {}

    @classmethod
    def shared(cls, index: GlossaryIndex | None = None) -> TermScanner:
        """One scanner per process and glossary (building one takes ~0.1 s)."""
        if index is None:
            if 0 not in _SCANNERS:
                from indoru.store import load_index

                _SCANNERS[0] = cls(load_index())
            return _SCANNERS[0]
        scanner = _SCANNERS.get(id(index))
        if scanner is None or scanner.entries is not index.entries:
            scanner = _SCANNERS[id(index)] = cls(index)
        return scanner

    def _key(self, word: str) -> str:
        key = self._keys.get(word)
        if key is None:
            if len(self._keys) > 500_000:
                self._keys.clear()
            key = self._keys[word] = match_key(word)
        return key

    def scan(self, spans: Iterable[Span]) -> Iterator[Occurrence]:
        """Occurrences in span order, longest match first, never overlapping."""
        for span in spans:
            found = [(m.start(), m.end(), self._key(m[0])) for m in _WORD.finditer(span.text)]
            i = 0
            while i < len(found):
                best = self._longest(span.text, found, i)
                if best is None:
                    i += 1
                    continue
                last, numbers = best
                start, end = found[i][0], found[last][1]
                for number in numbers:
                    yield Occurrence(
                        self.entries[number],
                        span.start + start,
                        span.start + end,
                        span.text[start:end],
                        span.index,
                    )
                i = last + 1

    def _longest(
        self, text: str, found: list[tuple[int, int, str]], i: int
    ) -> tuple[int, list[int]] | None:
        best: tuple[int, list[int]] | None = None
        key = found[i][2]
        j = i
        while True:
            codes = self._sequences.get(key)
            if codes is not None:
                surface = text[found[i][0] : found[j][1]]
                numbers = [
                    code >> 1
                    for code in ((codes,) if isinstance(codes, int) else codes)
                    if not code & 1 or surface.isupper()
                ]
                if numbers:
                    best = (j, numbers)
            if key not in self._prefixes or j + 1 >= len(found):
                return best
            j += 1
            key = key + _SEP + found[j][2]


def count_terms(occurrences: Iterable[Occurrence]) -> list[TermCount]:
    """One row per entry: most frequent first, then by first appearance."""
    table: dict[str, TermCount] = {}
    seen_forms: dict[str, set[str]] = {}
    for occurrence in occurrences:
        row = table.get(occurrence.entry.id)
        if row is None:
            row = table[occurrence.entry.id] = TermCount(occurrence.entry)
            seen_forms[occurrence.entry.id] = set()
        row.count += 1
        forms = seen_forms[occurrence.entry.id]
        if occurrence.surface not in forms:
            forms.add(occurrence.surface)
            row.forms.append(occurrence.surface)
        if not row.sentences or row.sentences[-1] != occurrence.sentence:
            row.sentences.append(occurrence.sentence)  # occurrences come in sentence order
    order = {ident: n for n, ident in enumerate(table)}
    return sorted(table.values(), key=lambda row: (-row.count, order[row.entry.id]))


def marked_pieces(text: str, occurrences: Iterable[Occurrence]) -> list[tuple[str, Entry | None]]:
    """``text`` cut into plain pieces and term pieces (with their entry), in order."""
    pieces: list[tuple[str, Entry | None]] = []
    position = 0
    for occurrence in occurrences:
        if occurrence.start < position:
            continue  # a second entry for the same words: the first one marks them
        pieces.append((text[position : occurrence.start], None))
        pieces.append((occurrence.surface, occurrence.entry))
        position = occurrence.end
    pieces.append((text[position:], None))
    return [(piece, entry) for piece, entry in pieces if piece]


def find_terms(text: str, index: GlossaryIndex | None = None) -> list[TermCount]:
    """The term table of a text: every glossary term in it, most frequent first."""
    from indoru.segment import split_sentences
    from indoru.store import load_index

    scanner = TermScanner(index or load_index())
    return count_terms(scanner.scan(split_sentences(text, find_duplicates=False)))
