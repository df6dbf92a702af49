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
from collections.abc import Callable, Container, Iterable, Iterator, Sequence
from collections.abc import Set as AbstractSet
from dataclasses import dataclass, field
from typing import Any, NamedTuple

from indoru.glossary import Entry
from indoru.lookup import TRIE_SHARD_COUNT, GlossaryIndex, TrieShards, trie_shard
from indoru.matchkeys import inflections, match_key
from indoru.segment import Span
from indoru.senses import SenseRule
from indoru.stopwords import HINDI as HINDI_STOPWORDS

# one character class (letters, digits, Devanagari signs, ZWJ/ZWNJ): twice as fast as an
# alternation; "_" counts as a letter, which news text does not use
_WORD = re.compile(r"[\w\u0900-\u0963\u0966-\u096f\u0971-\u097f\u0300-\u036f\u200c\u200d]+")
_SEP = "\x1f"
# sequences → entry codes, proper prefixes of sequences, words that a pair may join into,
# the compiled sense guards by entry number, and the first keys of all sequences
Trie = tuple[
    dict[str, "int | tuple[int, ...]"],
    frozenset[str],
    frozenset[str],
    dict[int, tuple["Guard", ...]],
    frozenset[str],
]
# forms (SEP-joined keys), not_after, not_before, unless_near, only_near, otherwise
Guard = tuple[
    frozenset[str],
    tuple[tuple[str, ...], ...],
    tuple[tuple[str, ...], ...],
    tuple[str, ...],
    tuple[str, ...],
    str,
]


class Occurrence(NamedTuple):
    """One term found in the text: ``text[start:end]`` is the surface form.

    ``ambiguous`` says that the words may be this entry or another one (a form that
    several entries share, or a sense guard that could not decide from the sentence).
    """

    entry: Entry
    start: int
    end: int
    surface: str
    sentence: int
    ambiguous: bool = False
    number: int = -1  # the entry's number in its index


@dataclass
class TermCount:
    """A term of an article: how often, in which forms and sentences.

    ``count`` counts the sure occurrences; ``uncertain`` those that may be another
    entry or the ordinary word (see :class:`Occurrence`).
    """

    entry: Entry
    count: int = 0
    forms: list[str] = field(default_factory=list)
    sentences: list[int] = field(default_factory=list)
    uncertain: int = 0


def _acronym(form: str) -> bool:
    if not form.isascii():
        return False
    letters = [c for c in form if c.isalpha()]
    return bool(letters) and len(letters) <= 5 and all("A" <= c <= "Z" for c in letters)


_SCANNERS: dict[int, TermScanner] = {}
# postpositions, auxiliaries and other function words never start or end a compound:
# के लोगों is not केलोगों
_NO_JOIN = frozenset(match_key(word) for word in HINDI_STOPWORDS)


def _join_pairs(keys: list[str], joinable: frozenset[str]) -> list[str]:
    """Two neighbouring words whose concatenation is a word of a glossary form are that
    word:
    वायु सेना reads as वायुसेना, एस 400 as एस400 (greedy, left to right)."""
    if len(keys) < 2:
        return keys
    out = [keys[0]]
    for key in keys[1:]:
        if out[-1] + key in joinable and key not in _NO_JOIN and out[-1] not in _NO_JOIN:
            out[-1] += key
        else:
            out.append(key)
    return out


def _form_keys(form: str) -> list[str]:
    return [k for k in (match_key(w) for w in _WORD.findall(form)) if k]


def build_trie(entries: Sequence[Entry], rules: Sequence[SenseRule] = ()) -> Trie:
    """Every form and generated inflection as word-key sequences (cached with the index).

    Flat rather than nested, because it unpacks from the cache twice as fast: the keys of
    a sequence joined by U+001F map to the entries it names (entry number × 2, plus 1 for
    an acronym that must match in capitals), and every proper prefix of a longer
    sequence is in the prefix set, so a longest-match scan knows when to keep going.
    Forms and text go through the same joining of word pairs (:func:`_join_pairs`), so
    a joined form finds spaced text and the other way round.
    """
    raw: list[tuple[int, list[str], str]] = []
    for number, entry in enumerate(entries):
        forms = set(entry.en_forms) | set(entry.hi_forms) | entry.inflected_forms()
        for form in forms:
            code = number * 2 + int(_acronym(form))
            # a person's name is never written joined: सू ची is not सूची ("list"); a
            # place's often is: उत्तरप्रदेश
            joined = "" if entry.category == "person" else match_key(form)
            raw.append((code, _form_keys(form), joined))
    # only words that a form writes as one word (वायुसेना), not the joined keys of
    # spaced forms: राष्ट्रपति पुतिन must not swallow the end of रूस के राष्ट्रपति
    # and never two words of a person's name: सू ची stays Suu Kyi, not सूची ("list")
    names = {
        keys[i] + keys[i + 1] for _, keys, joined in raw if not joined for i in range(len(keys) - 1)
    }
    joinable = frozenset(key for _, keys, _ in raw for key in keys if len(key) > 1) - names
    found: dict[str, list[int]] = {}
    prefixes: set[str] = set()
    for code, keys, joined in raw:
        for sequence in {tuple(_join_pairs(keys, joinable)), (joined,) if joined else ()}:
            if not sequence or not sequence[0]:
                continue
            for end in range(1, len(sequence)):
                prefixes.add(_SEP.join(sequence[:end]))
            codes = found.setdefault(_SEP.join(sequence), [])
            if code not in codes:
                codes.append(code)
    flat = {key: codes[0] if len(codes) == 1 else tuple(codes) for key, codes in found.items()}
    starts = frozenset(key.split(_SEP, 1)[0] for key in flat)
    guards = _compile_guards(entries, rules, joinable)
    return flat, frozenset(prefixes), joinable, guards, starts


def _compile_guards(
    entries: Sequence[Entry], rules: Sequence[SenseRule], joinable: frozenset[str]
) -> dict[int, tuple[Guard, ...]]:
    numbers = {entry.id: number for number, entry in enumerate(entries)}

    def sequence(phrase: str) -> tuple[str, ...]:
        return tuple(_join_pairs(_form_keys(phrase), joinable))

    def near(phrases: tuple[str, ...]) -> tuple[str, ...]:
        forms = set(phrases)
        for phrase in phrases:
            forms |= inflections(phrase)
        return tuple(sorted({_SEP.join(sequence(f)) for f in forms} - {""}))

    guards: dict[int, list[Guard]] = {}
    for rule in rules:
        if rule.id not in numbers:
            continue  # reported by `glossary check`; a user glossary may drop the entry
        guards.setdefault(numbers[rule.id], []).append(
            (
                frozenset(_SEP.join(sequence(f)) for f in rule.forms),
                tuple(sequence(p) for p in rule.not_after),
                tuple(sequence(p) for p in rule.not_before),
                near(rule.unless_near),
                near(rule.only_near),
                rule.otherwise,
            )
        )
    return {number: tuple(found) for number, found in guards.items()}


class TermScanner:
    """Scans text for the entries of a glossary index."""

    def __init__(self, index: GlossaryIndex) -> None:
        # entries are built as they are found (a seed names a few hundred of 6,000)
        self.index = index
        self._entry = index.entry
        trie = index.table("trie")
        self._shards: _Opening | None = None
        self._sequences: dict[str, int | tuple[int, ...]]
        self._prefixes: AbstractSet[str]
        self._starts: AbstractSet[str]
        if isinstance(trie, TrieShards):
            # from the cache: the shards of a word's sequences are opened when the word
            # is first met (see _key), so a short text unpacks a small part of the trie
            self._shards = (trie, bytearray(TRIE_SHARD_COUNT), {}, set(), set())
            _, _, self._sequences, self._prefixes, self._starts = self._shards
            self._joinable: Container[str] = trie.joinable()
            # each guarded entry's guards are unpacked when a text first meets the entry
            self._packed_guards: dict[int, Any] = trie.guards()
            self._unpack: Callable[[Any], Any] = TrieShards.unpack_guard
        else:
            self._sequences, self._prefixes, self._joinable, self._packed_guards, self._starts = (
                trie
            )
            self._unpack = _itself
        self._guards: dict[int, tuple[ScanGuard, ...]] = {}
        self._keys: dict[str, str] = {}

    @classmethod
    def shared(cls, index: GlossaryIndex | None = None) -> TermScanner:
        """One scanner per process and glossary (unpacking its trie takes ~0.1 s)."""
        if index is None:
            if 0 not in _SCANNERS:
                from indoru.store import load_index

                _SCANNERS[0] = cls(load_index())
            return _SCANNERS[0]
        scanner = _SCANNERS.get(id(index))
        if scanner is None or scanner.index is not index:
            scanner = _SCANNERS[id(index)] = cls(index)
        return scanner

    @property
    def entries(self) -> list[Entry]:
        return self.index.entries

    def _key(self, word: str) -> str:
        key = self._keys.get(word)
        if key is None:
            if len(self._keys) > 500_000:
                self._keys.clear()
            key = self._keys[word] = match_key(word)
            if self._shards is not None:
                self._open(key)
        return key

    def _open(self, key: str) -> None:
        """Unpack the trie shard of the sequences that start with ``key``, once."""
        assert self._shards is not None
        trie, opened, sequences, prefixes, starts = self._shards
        number = trie_shard(key)
        if opened[number]:
            return
        opened[number] = 1
        more_sequences, more_prefixes, more_starts = trie.shard(number)
        sequences.update(more_sequences)
        prefixes.update(more_prefixes)
        starts.update(more_starts)

    def _words(self, text: str) -> list[tuple[int, int, str]]:
        """(start, end, key) of each word, neighbours joined as :func:`_join_pairs` does."""
        joinable, keys, no_join = self._joinable, self._keys, _NO_JOIN
        found: list[tuple[int, int, str]] = []
        previous = ""  # the last key, or "" when it may not join (a function word)
        for m in _WORD.finditer(text):
            start, end = m.span()
            word = text[start:end]
            key = keys.get(word) or self._key(word)
            if key in no_join:
                found.append((start, end, key))
                previous = ""
            elif previous and previous + key in joinable:
                previous += key
                found[-1] = (found[-1][0], end, previous)
                if self._shards is not None:
                    self._open(previous)  # a joined word starts its own sequences
            else:
                found.append((start, end, key))
                previous = key
        return found

    def scan(self, spans: Iterable[Span]) -> Iterator[Occurrence]:
        """Occurrences in span order, longest match first, never overlapping."""
        starts = self._starts
        for span in spans:
            found = self._words(span.text)
            context = _Context(found)
            i = 0
            while i < len(found):
                if found[i][2] not in starts:
                    i += 1  # most words start no term
                    continue
                best = self._longest(span.text, found, i)
                if best is None:
                    i += 1
                    continue
                last, numbers = best
                kept, ambiguous = self._resolve(numbers, context, i, last)
                if not kept:
                    i += 1  # the ordinary word: a shorter term may start inside it
                    continue
                start, end = found[i][0], found[last][1]
                for number in kept:
                    yield Occurrence(
                        self._entry(number),
                        span.start + start,
                        span.start + end,
                        span.text[start:end],
                        span.index,
                        ambiguous,
                        number,
                    )
                i = last + 1

    def _resolve(
        self, numbers: list[int], context: _Context, i: int, last: int
    ) -> tuple[list[int], bool]:
        """The entries these words are, after the sense guards, and whether that is
        uncertain. An entry with positive evidence (an ``only_near`` word) wins over
        entries that are only not ruled out."""
        if len(numbers) == 1 and numbers[0] not in self._packed_guards:
            return numbers, False
        verdicts = [(n, self._verdict(n, context, i, last)) for n in numbers]
        evident = [n for n, v in verdicts if v == "evident"]
        if evident:
            return evident, len(evident) > 1
        kept = [n for n, v in verdicts if v != "skip"]
        uncertain = len(kept) > 1 or any(v == "ambiguous" for _, v in verdicts)
        return kept, uncertain

    def _verdict(self, number: int, context: _Context, i: int, last: int) -> str:
        guards = self._guard(number)
        if not guards:
            return "term"
        surface = context.phrase(i, last + 1)
        for forms, not_after, not_before, unless_near, only_near, otherwise in guards:
            if surface not in forms:
                continue
            if any(context.before(i, p) for p in not_after) or any(
                context.after(last, p) for p in not_before
            ):
                return "skip"
            if context.near(unless_near, i, last):
                return "skip"
            if only_near[0] or only_near[1]:
                return "evident" if context.near(only_near, i, last) else otherwise
        return "term"

    def _guard(self, number: int) -> tuple[ScanGuard, ...]:
        guards = self._guards.get(number)
        if guards is None:
            packed = self._packed_guards.get(number)
            found = self._unpack(packed) if packed is not None else ()
            guards = self._guards[number] = tuple(_split_near(guard) for guard in found)
        return guards

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


# a trie from the cache as the scanner opens it: the shards, which are open, and the
# sequences, prefixes and first keys of those
_Opening = tuple[TrieShards, bytearray, dict[str, "int | tuple[int, ...]"], set[str], set[str]]

# near words of a guard: single words (a set) and phrases of several words
Near = tuple[frozenset[str], tuple[str, ...]]
ScanGuard = tuple[
    frozenset[str], tuple[tuple[str, ...], ...], tuple[tuple[str, ...], ...], Near, Near, str
]


def _itself(value: Any) -> Any:
    return value


def _split_near(guard: Guard) -> ScanGuard:
    def near(phrases: tuple[str, ...]) -> Near:
        words = frozenset(p for p in phrases if _SEP not in p)
        return words, tuple(p for p in phrases if _SEP in p)

    forms, not_after, not_before, unless_near, only_near, otherwise = guard
    return forms, not_after, not_before, near(unless_near), near(only_near), otherwise


NEAR = 40  # words either side that a guard reads in a very long "sentence"


class _Context:
    """The words of one sentence, for the sense guards (built only when one is read)."""

    def __init__(self, found: list[tuple[int, int, str]]) -> None:
        self._found = found
        self._joined: str | None = None
        self._words: set[str] | None = None

    def phrase(self, start: int, end: int) -> str:
        return _SEP.join(key for _, _, key in self._found[start:end])

    def before(self, i: int, phrase: tuple[str, ...]) -> bool:
        words = self._found[i - len(phrase) : i] if i >= len(phrase) else ()
        return tuple(key for _, _, key in words) == phrase

    def after(self, last: int, phrase: tuple[str, ...]) -> bool:
        return tuple(key for _, _, key in self._found[last + 1 : last + 1 + len(phrase)]) == phrase

    def near(self, phrases: Near, i: int, last: int) -> bool:
        """Is any of the words, or of the phrases, in the sentence? In a "sentence" of
        more than 2 x NEAR words (a text without stops), within NEAR words of the
        occurrence, so that the guards stay linear."""
        words, multi = phrases
        if len(self._found) > 2 * NEAR:
            window = self._found[max(0, i - NEAR) : last + NEAR + 1]
            keys = [key for _, _, key in window]
            if not words.isdisjoint(keys):
                return True
            joined = _SEP + _SEP.join(keys) + _SEP
            return any(f"{_SEP}{phrase}{_SEP}" in joined for phrase in multi)
        if self._words is None:
            self._words = {key for _, _, key in self._found}
        if not words.isdisjoint(self._words):
            return True
        if not multi:
            return False
        if self._joined is None:
            self._joined = _SEP + _SEP.join(key for _, _, key in self._found) + _SEP
        joined = self._joined
        return any(f"{_SEP}{phrase}{_SEP}" in joined for phrase in multi)


def count_terms(occurrences: Iterable[Occurrence]) -> list[TermCount]:
    """One row per entry: most frequent first, then by first appearance."""
    table: dict[str, TermCount] = {}
    seen_forms: dict[str, set[str]] = {}
    for occurrence in occurrences:
        row = table.get(occurrence.entry.id)
        if row is None:
            row = table[occurrence.entry.id] = TermCount(occurrence.entry)
            seen_forms[occurrence.entry.id] = set()
        if occurrence.ambiguous:
            row.uncertain += 1
        else:
            row.count += 1
        forms = seen_forms[occurrence.entry.id]
        if occurrence.surface not in forms:
            forms.add(occurrence.surface)
            row.forms.append(occurrence.surface)
        if not row.sentences or row.sentences[-1] != occurrence.sentence:
            row.sentences.append(occurrence.sentence)  # occurrences come in sentence order
    order = {ident: n for n, ident in enumerate(table)}
    return sorted(table.values(), key=lambda row: (-row.count, -row.uncertain, order[row.entry.id]))


def term_marks(occurrences: Iterable[Occurrence], offset: int = 0) -> list[dict[str, Any]]:
    """The terms of a text as records, in order and never overlapping (where two entries
    claim the same words the first marks them): ``start``/``end`` count characters from
    ``offset`` (a sentence's start, or 0 for the whole text), ``form`` is the text there."""
    marks: list[dict[str, Any]] = []
    position = 0
    for occurrence in occurrences:
        start = occurrence.start - offset
        if start < position:
            continue
        entry = occurrence.entry
        marks.append(
            {
                "start": start,
                "end": occurrence.end - offset,
                "form": occurrence.surface,
                "id": entry.id,
                "hi": entry.hi,
                "en": entry.en,
                "category": entry.category,
                "uncertain": occurrence.ambiguous,
            }
        )
        position = occurrence.end - offset
    return marks


def find_terms(text: str, index: GlossaryIndex | None = None) -> list[TermCount]:
    """The term table of a text: every glossary term in it, most frequent first."""
    from indoru.segment import split_sentences
    from indoru.store import load_index

    scanner = TermScanner(index or load_index())
    return count_terms(scanner.scan(split_sentences(text, find_duplicates=False)))
