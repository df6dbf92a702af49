"""Looking terms up: the glossary index, its on-disk cache, and the match stages.

Stages, tried in order until one finds something; every result says which matched:
``exact`` (the form as written), ``normalised`` (see :func:`indoru.matchkeys.match_key`),
``inflected`` (generated oblique/plural forms), ``cross-script`` (a Latin query against
romanised Hindi, a Devanagari query against English, by key and by consonant skeleton),
``partial`` (one word of a longer name: ``lavrov``, ``जयशंकर``, when few entries have
it), ``parts`` (a query of several words that is no entry, whose words are: रूसी रूबल →
रूसी, रूबल) and ``fuzzy`` (typos, by rapidfuzz). ``exact_only`` stops after the first
stage, ``fuzzy=False`` skips the last.

Each stage answers only when it is sure enough; what matches nothing well enough gets
no answer (the command says "no entry" and offers :meth:`GlossaryIndex.suggest`), never
an unrelated entry: a typo must be a small edit of a form (one vowel sign in a short
Hindi word, one letter in a longer one), a romanised look-alike must share most letters.

Building the whole index takes seconds at 6,000 entries, so each group of tables is built
when a stage first needs it and cached (marshal, in the user's cache folder, with
checksums) until the data, a user glossary's content or the code that shapes it changes.
"""

from __future__ import annotations

import marshal
import os
import unicodedata
import zlib
from array import array
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from typing import Any, NamedTuple

from indoru.gcpause import paused_gc
from indoru.glossary import Entry
from indoru.matchkeys import match_key, romanize, skeleton, spelled_acronym, words
from indoru.text import has_devanagari, hash64

FORMAT_VERSION = 16
STAGES = ("exact", "normalised", "inflected", "cross-script", "partial", "parts", "fuzzy")
# a word of a name answers as "partial" only if at most this many entries have it
# (lavrov, जयशंकर); सुरक्षा is in dozens of names and answers nothing
PARTIAL_LIMIT = 3


class Match(NamedTuple):
    """A glossary entry found for a query, how, and how well (0–1)."""

    entry: Entry
    match: str
    score: float


def exact_key(form: str) -> str:
    return " ".join(unicodedata.normalize("NFC", form).split())


Builder = Callable[[Sequence[Entry]], dict[str, Any]]


class GlossaryIndex:
    """All entries with their lookup tables, each group of tables built when first used.

    A look-up answered by the normalised table never builds the romanised and fuzzy
    tables, and only `terms` and `summarize` build the term trie; ``on_build`` is told
    when a group was built (the store then writes the cache again), so each group is
    built once per data version.
    """

    def __init__(
        self,
        entries: Sequence[Entry] | Callable[[], list[Any]],
        tables: dict[str, Any],
        *,
        on_build: Callable[[GlossaryIndex], None] | None = None,
    ) -> None:
        # From the cache, entries come as a loader of rows and tables as marshalled bytes:
        # a look-up that the first table answers never unpacks the others, and only the
        # entries it returns are built.
        self._entries: list[Entry] | None = list(entries) if not callable(entries) else None
        self._load_rows = entries if callable(entries) else None
        self._rows: list[Any] = []
        self._tables = tables
        self._choices: dict[str, list[str]] = {}
        self.on_build = on_build

    def entry(self, number: int) -> Entry:
        """One entry, built from the cache's rows without building all the others."""
        if self._entries is not None:
            return self._entries[number]
        if not self._rows and self._load_rows is not None:
            self._rows = self._load_rows()
        row = self._rows[number]
        if not isinstance(row, Entry):  # each row is marshalled on its own: build one
            row = self._rows[number] = Entry._make(marshal.loads(row))
        return row

    @property
    def entries(self) -> list[Entry]:
        if self._entries is None:
            if not self._rows and self._load_rows is not None:
                self._rows = self._load_rows()
            self._entries = [self.entry(number) for number in range(len(self._rows))]
        return self._entries

    @classmethod
    def build(cls, entries: Sequence[Entry], extra: dict[str, Any] | None = None) -> GlossaryIndex:
        """Index ``entries`` (tables are built on first use); ``extra`` tables are kept."""
        return cls(entries, dict(extra or {}))

    def lookup(
        self, query: str, *, exact_only: bool = False, fuzzy: bool = True, limit: int = 5
    ) -> list[Match]:
        """Best entries for ``query``, from the first stage that finds any."""
        query = query.strip()
        if not query:
            return []
        ordinary = is_common_english(query)
        for stage in STAGES:
            if stage == "fuzzy" and not fuzzy:
                break
            if ordinary and stage in ("cross-script", "partial", "fuzzy"):
                break  # "after" is not Aster, "school" not Schoof: English only
            found = _STAGE_FUNCTIONS[stage](self, query)
            if found:
                return self._best(found, stage, limit)
            if exact_only:
                break
        return []

    def suggest(self, query: str, limit: int = 5) -> list[Match]:
        """Looser fuzzy candidates, for a "did you mean" hint."""
        return self._best(_fuzzy(self, query, cutoff=55.0), "fuzzy", limit)

    def _best(self, found: Iterable[tuple[int, float]], stage: str, limit: int) -> list[Match]:
        best: dict[int, float] = {}
        for number, score in found:
            best[number] = max(best.get(number, 0.0), score)
        ranked = sorted(best.items(), key=lambda item: (-item[1], item[0]))[:limit]
        return [Match(self.entry(n), stage, round(s, 3)) for n, s in ranked]

    def search(self, text: str) -> list[Entry]:
        """Entries whose terms, variants, definitions or note contain ``text``, most
        relevant first (see :func:`search_rank`); ties in glossary order."""
        wanted = _SearchText.of(text)
        if not wanted.key or not wanted.words:
            return []
        ranked = []
        for number, entry in enumerate(self.entries):
            rank = search_rank(entry, wanted)
            if rank is not None:
                ranked.append((rank, number, entry))
        ranked.sort(key=lambda item: (item[0], item[1]))
        return [entry for _, _, entry in ranked]

    def built_tables(self) -> list[str]:
        return list(self._tables)

    def raw_table(self, name: str) -> bytes:
        """A table as marshalled bytes (as read from the cache when never unpacked); the
        tables that are only ever asked for one key are written in shards."""
        table = self._tables[name]
        if isinstance(table, bytes):
            return table
        if isinstance(table, (_Shards, TrieShards)):
            return table.raw
        if name in SHARDED:
            return _Shards.pack(table).raw
        if name == "trie":
            return TrieShards.pack(table).raw
        return marshal.dumps(table)

    def choices(self, name: str) -> list[str]:
        """The keys of a table as a list, made once (what rapidfuzz compares a query with)."""
        if name not in self._choices:
            self._choices[name] = list(self.table(name))
        return self._choices[name]

    def table(self, name: str) -> Any:
        if name not in self._tables:
            group = next(g for g, names in _GROUP_TABLES.items() if name in names)
            self._tables.update(_GROUPS[group](self.entries))
            if self.on_build is not None:
                self.on_build(self)
        table = self._tables[name]
        if isinstance(table, bytes):
            if name in SHARDED:
                table = self._tables[name] = _Shards(table)
            elif name == "trie":
                table = self._tables[name] = TrieShards(table)
            else:
                table = self._tables[name] = _unmarshal(table)
        return table


class _SearchText(NamedTuple):
    """A search text as the ranking compares it: its key, its words' keys, casefolded."""

    key: str
    words: tuple[str, ...]
    folded: str

    @classmethod
    def of(cls, text: str) -> _SearchText:
        keys = tuple(k for k in (match_key(w) for w in words(text)) if k)
        return cls(match_key(text), keys, " ".join(text.casefold().split()))


# search ranks: a term (any form, either script) equal to the text, starting with it,
# having it as a word (or words), having a word that starts with it, containing it;
# then the definitions and note (as words, as the start of a word, anywhere)
SEARCH_RANKS = (
    "term", "term start", "term word", "term word start", "term part",
    "definition word", "definition word start", "definition part",
)  # fmt: skip


def search_rank(entry: Entry, wanted: _SearchText) -> tuple[int, int] | None:
    """How well ``entry`` answers a search (lower is better; None: not at all): the
    rank (an index into :data:`SEARCH_RANKS`) and, for a term, the length of the form
    that matched (else 0 for a definition, 1 for the note): "Putin" ranks Vladimir Putin
    above the declaration he signed, and never finds "investment" (whose definition has
    "put into": words are not run together)."""
    best: tuple[int, int] | None = None
    for form in entry.forms:
        key = match_key(form)
        if wanted.key not in key:
            continue
        if key == wanted.key:
            return (0, len(key))
        rank = 1 if key.startswith(wanted.key) else _form_rank(form, wanted)
        if best is None or (rank, len(key)) < best:
            best = (rank, len(key))
    if best is not None:
        return best
    for where, text in enumerate((entry.definition, entry.hi_definition, entry.note)):
        if not text or wanted.key not in match_key(text):
            continue
        word = _word_rank(text, wanted)
        rank = 7 if word is None else 5 + word
        if word is not None or wanted.folded in " ".join(text.casefold().split()):
            best = min(best or (9, 0), (rank, int(where == 2)))  # a note after a definition
    return best


def _form_rank(form: str, wanted: _SearchText) -> int:
    word = _word_rank(form, wanted)
    return 4 if word is None else 2 + word


def _word_rank(text: str, wanted: _SearchText) -> int | None:
    """0 if the words of ``text`` contain the wanted words, 1 if they contain them with
    the last one as the start of a word, else None."""
    keys = [match_key(w) for w in words(text)]
    size = len(wanted.words)
    leading = list(wanted.words[:-1])
    found: int | None = None
    for start in range(len(keys) - size + 1):
        if size > 1 and keys[start : start + size - 1] != leading:
            continue
        last = keys[start + size - 1]
        if last == wanted.words[-1]:
            return 0
        if last.startswith(wanted.words[-1]):
            found = 1
    return found


SHARD_COUNT = 64
# look-up tables that are only asked for one key at a time: a look-up unpacks one
# shard (a few hundred keys) instead of the whole table (it was a third of the start-up)
SHARDED = frozenset(("normalised", "inflected", "latin", "english", "skeleton", "partial"))


def _shard_of(key: str) -> int:
    return zlib.crc32(key.encode("utf-8", "surrogatepass")) % SHARD_COUNT


class _Shards:
    """A read-only dict-like table kept as marshalled shards, unpacked on demand."""

    def __init__(self, raw: bytes) -> None:
        self.raw = raw
        self._blobs: tuple[bytes, ...] = marshal.loads(raw)
        self._open: dict[int, dict[str, Any]] = {}

    @classmethod
    def pack(cls, table: dict[str, Any]) -> _Shards:
        shards: list[dict[str, Any]] = [{} for _ in range(SHARD_COUNT)]
        for key, value in table.items():
            shards[_shard_of(key)][key] = value
        return cls(marshal.dumps(tuple(marshal.dumps(shard) for shard in shards)))

    def get(self, key: str, default: Any = None) -> Any:
        number = _shard_of(key)
        shard = self._open.get(number)
        if shard is None:
            shard = self._open[number] = marshal.loads(self._blobs[number])
        return shard.get(key, default)


TRIE_SHARD_COUNT = 16384
_SEP = "\x1f"  # between the word keys of a trie sequence (as in indoru.terms)


def trie_shard(key: str) -> int:
    """The trie shard of a word key: of the sequences it starts."""
    return zlib.crc32(key.encode("utf-8", "surrogatepass")) % TRIE_SHARD_COUNT


class TrieShards:
    """The term trie (:func:`indoru.terms.build_trie`) as the cache keeps it: the
    joinable words and the sense guards whole, and the sequences, their proper prefixes
    and their first keys in shards by the first word key of the sequence, so that a scan
    unpacks only the shards of the words its text has (a news article: a few hundred of
    16,384, about a hundredth of the trie). Unpacking the whole trie was a sixth of the
    start-up of `indoru terms`. The shards lie end to end in one string of bytes, with
    their offsets in a table of 4-byte integers, so that opening the trie makes two
    objects, not one per shard."""

    def __init__(self, raw: bytes) -> None:
        self.raw = raw
        joinable, guards, offsets, shards = marshal.loads(raw)
        self._joinable: tuple[bytes, tuple[bytes, ...]] = joinable
        self._guards: dict[int, bytes] = guards
        self._offsets = array("I")
        self._offsets.frombytes(offsets)
        self._shards: bytes = shards

    @classmethod
    def pack(cls, trie: tuple[Any, ...]) -> TrieShards:
        sequences, prefixes, joinable, guards, _ = trie
        shards: list[tuple[dict[str, Any], list[str], set[str]]] = [
            ({}, [], set()) for _ in range(TRIE_SHARD_COUNT)
        ]
        for key, codes in sequences.items():
            first = key.split(_SEP, 1)[0]
            shard = shards[trie_shard(first)]
            shard[0][key] = codes
            shard[2].add(first)
        for prefix in prefixes:
            shards[trie_shard(prefix.split(_SEP, 1)[0])][1].append(prefix)
        blobs = [
            marshal.dumps((found, tuple(sorted(more)), tuple(sorted(starts))))
            for found, more, starts in shards
        ]
        offsets = array("I", [0])
        for blob in blobs:
            offsets.append(offsets[-1] + len(blob))
        guard_blobs = {number: marshal.dumps(guard) for number, guard in guards.items()}
        packed = (JoinableWords.pack(joinable), guard_blobs, offsets.tobytes(), b"".join(blobs))
        return cls(marshal.dumps(packed))

    def joinable(self) -> JoinableWords:
        return JoinableWords(*self._joinable)

    def guards(self) -> dict[int, bytes]:
        """Each guarded entry's sense guards, packed: :meth:`unpack_guard` opens one."""
        return self._guards

    @staticmethod
    def unpack_guard(blob: bytes) -> Any:
        return marshal.loads(blob)

    def shard(self, number: int) -> tuple[dict[str, Any], tuple[str, ...], tuple[str, ...]]:
        """Sequences (keys joined by U+001F → entry codes), proper prefixes and first
        keys of the sequences whose first key is in shard ``number``."""
        found: tuple[dict[str, Any], tuple[str, ...], tuple[str, ...]]
        found = marshal.loads(self._shards[self._offsets[number] : self._offsets[number + 1]])
        return found


_BLOOM_BITS_EACH = 16  # bits of the filter per word: 1 in 70 other words gets past it
_JOINABLE_SHARDS = 64


class JoinableWords:
    """The joinable words of the term trie (a word of a glossary form, which two words
    of a text may spell apart: वायु सेना for वायुसेना), as a scan asks about them: is
    this pair of neighbours, written together, one of them? Nearly every pair of a text
    is not, so a Bloom filter (two bits a word, from a fixed 64-bit hash) answers most
    questions, and only the rest open one of 64 shards of the words themselves.
    Unpacking all 25,000 words as a set was an eighth of the start-up of `terms`."""

    def __init__(self, bloom: bytes, shards: tuple[bytes, ...]) -> None:
        self._bloom = bloom
        self._bits = len(bloom) * 8
        self._shards = shards
        self._open: dict[int, frozenset[str]] = {}

    def may_hold(self, word: str) -> bool:
        """The filter's answer: False means not a joinable word; True, perhaps."""
        return self._may_hold(hash64(word))

    def _may_hold(self, value: int) -> bool:
        bloom, bits = self._bloom, self._bits
        first, second = value % bits, (value >> 32) % bits
        return bool(bloom[first >> 3] >> (first & 7) & 1 and bloom[second >> 3] >> (second & 7) & 1)

    @classmethod
    def pack(cls, words: Iterable[str]) -> tuple[bytes, tuple[bytes, ...]]:
        found = sorted(set(words))
        bits = max(64, len(found) * _BLOOM_BITS_EACH)
        bloom = bytearray((bits + 7) // 8)
        shards: list[list[str]] = [[] for _ in range(_JOINABLE_SHARDS)]
        for word in found:
            value = hash64(word)
            for bit in (value % bits, (value >> 32) % bits):
                bloom[bit >> 3] |= 1 << (bit & 7)
            shards[(value >> 16) % _JOINABLE_SHARDS].append(word)
        return bytes(bloom), tuple(marshal.dumps(tuple(shard)) for shard in shards)

    def __contains__(self, word: object) -> bool:
        if not isinstance(word, str):
            return False
        value = hash64(word)
        if not self._may_hold(value):
            return False
        number = (value >> 16) % _JOINABLE_SHARDS
        shard = self._open.get(number)
        if shard is None:
            shard = self._open[number] = frozenset(marshal.loads(self._shards[number]))
        return word in shard


def _keyed(
    entries: Sequence[Entry], keys: Callable[[Entry], dict[str, set[str]]]
) -> dict[str, Any]:
    tables: dict[str, dict[str, list[int]]] = {}
    for number, entry in enumerate(entries):
        for name, found in keys(entry).items():
            table = tables.setdefault(name, {})
            for key in found:
                ids = table.setdefault(key, [])
                if not ids or ids[-1] != number:
                    ids.append(number)
    return tables


def _normalised_keys(entry: Entry) -> dict[str, set[str]]:
    return {"normalised": {match_key(form) for form in entry.forms} - {""}}


def _inflected_keys(entry: Entry) -> dict[str, set[str]]:
    normalised = {match_key(form) for form in entry.forms}
    return {"inflected": {match_key(i) for i in entry.inflected_forms()} - normalised}


def _fallback_keys(entry: Entry) -> dict[str, set[str]]:
    forms = entry.forms
    normalised = {match_key(form) for form in forms} - {""}
    latin_forms = [romanize(form) for form in entry.hi_forms]
    latin = {match_key(form) for form in latin_forms} - {""}
    partial: set[str] = set()
    for form in (*forms, *latin_forms):
        pieces = words(form)
        if len(pieces) > 1:
            partial |= {match_key(w) for w in pieces if len(w) >= 3 and not w.isdigit()}
    english = {match_key(form) for form in entry.en_forms} - {""}
    all_latin = latin | english
    return {
        "latin": all_latin,
        "english": english,
        "skeleton": {skeleton(form) for form in all_latin} - {""},
        "partial": partial - normalised,
        "fuzzy_hi": {key for key in normalised if has_devanagari(key)},
        "fuzzy_latin": {key for key in all_latin if not has_devanagari(key)},
    }


def _trie(entries: Sequence[Entry]) -> dict[str, Any]:
    """The term trie, with the built-in sense guards (for any index: built-in, merged
    with user glossaries, or made from entries in Python)."""
    from indoru.store import builtin_rules
    from indoru.terms import build_trie

    return {"trie": build_trie(entries, builtin_rules())}


_GROUPS: dict[str, Builder] = {
    "normalised": lambda entries: _keyed(entries, _normalised_keys),
    "inflected": lambda entries: _keyed(entries, _inflected_keys),
    "fallback": lambda entries: _keyed(entries, _fallback_keys),
    "trie": _trie,
}
_GROUP_TABLES = {
    "normalised": ("normalised",),
    "inflected": ("inflected",),
    "fallback": ("latin", "english", "skeleton", "partial", "fuzzy_hi", "fuzzy_latin"),
    "trie": ("trie",),
}


def _hits(index: GlossaryIndex, table: str, key: str, score: float) -> list[tuple[int, float]]:
    return [(number, score) for number in index.table(table).get(key, ())]


def _exact(index: GlossaryIndex, query: str) -> list[tuple[int, float]]:
    """Forms exactly as written: among the normalised hits (no table of its own to load)."""
    wanted = exact_key(query)
    return [
        (number, 1.0)
        for number, _ in _normalised(index, query)
        if any(exact_key(form) == wanted for form in index.entry(number).forms)
    ]


def _normalised(index: GlossaryIndex, query: str) -> list[tuple[int, float]]:
    return _hits(index, "normalised", match_key(query), 0.98)


def _inflected(index: GlossaryIndex, query: str) -> list[tuple[int, float]]:
    return _hits(index, "inflected", match_key(query), 0.95)


def _latin_query(query: str) -> str:
    return match_key(romanize(query)) if has_devanagari(query) else match_key(query)


def _cross_script(index: GlossaryIndex, query: str) -> list[tuple[int, float]]:
    """A Latin query against romanised Hindi; a Devanagari query against English only
    (Devanagari against Devanagari is the other stages' work: शस्त्र is not शास्त्री)."""
    if has_devanagari(query):
        # only an acronym spelled in letter names (यूएनएससी → UNSC): नाम is not NAM,
        # हाल is not HAL, अमन ("peace") is not Israel's Aman
        if not spelled_acronym(query):
            return []
        return _hits(index, "english", _latin_query(query), 0.9)
    latin = match_key(query)
    found = _hits(index, "latin", latin, 0.9)
    if found or len(latin) < 5:
        return found
    from rapidfuzz.fuzz import ratio

    found = []
    wanted = _vowel_fold(latin)
    for number in index.table("skeleton").get(skeleton(latin), ()):
        entry = index.entry(number)
        forms = [*entry.en_forms, *(romanize(form) for form in entry.hi_forms)]
        keys = [_vowel_fold(match_key(form)) for form in forms]
        close = [k for k in keys if len(k) >= 4 and k[0] == wanted[0]]
        best = max((ratio(wanted, k) for k in close), default=0.0)
        if best >= 80.0:
            found.append((number, best / 100 * 0.9))
    return found


_COMMON_ENGLISH: frozenset[str] | None = None


def is_common_english(query: str) -> bool:
    """An ordinary English word (common_english.txt, ~3,800 words written for indoru:
    no names, no terms of the field), which is looked up in English only."""
    global _COMMON_ENGLISH
    word = query.strip().casefold()
    if not word.isascii() or not word.isalpha():
        return False
    if _COMMON_ENGLISH is None:
        text = Path(__file__).with_name("common_english.txt").read_text(encoding="utf-8")
        _COMMON_ENGLISH = frozenset(text.split())
    return word in _COMMON_ENGLISH


def _vowel_fold(latin: str) -> str:
    """Spellings of one Hindi vowel in Latin letters: rajdoot = rajdut, sheetal = shital."""
    for long, short in (("oo", "u"), ("ee", "i"), ("aa", "a"), ("w", "v")):
        latin = latin.replace(long, short)
    return latin


def _partial(index: GlossaryIndex, query: str) -> list[tuple[int, float]]:
    """A given name or surname of a person (lavrov, जयशंकर), if few people have it:
    the words of other names are too often ordinary words (देश, rights, city)."""
    found = _hits(index, "partial", match_key(query), 0.8)
    if not found and has_devanagari(query):
        found = _hits(index, "partial", match_key(romanize(query)), 0.75)
    if len(found) > PARTIAL_LIMIT or _letters(match_key(query), has_devanagari(query)) < 3:
        return []
    return [(n, score) for n, score in found if index.entry(n).category == "person"]


def _parts(index: GlossaryIndex, query: str) -> list[tuple[int, float]]:
    """Entries for the words of a query that is no entry as a whole, in query order."""
    if len(words(query)) < 2:
        return []
    from indoru.segment import Span
    from indoru.terms import TermScanner

    scanner = TermScanner.shared(index)
    found: list[tuple[int, float]] = []
    for occurrence in scanner.scan([Span(0, 0, len(query), "sentence", query)]):
        found.append((occurrence.number, 0.7 - 0.001 * len(found)))
    return found


def _fuzzy(
    index: GlossaryIndex, query: str, cutoff: float | None = None
) -> list[tuple[int, float]]:
    """Typo-tolerant: edit-distance ratio over all keys of the query's script.

    With ``cutoff`` (suggestions) every candidate above it is returned; as an answer,
    only a small edit of a form counts (:func:`_small_edit`)."""
    from rapidfuzz import process
    from rapidfuzz.fuzz import ratio

    devanagari = has_devanagari(query)
    name = "fuzzy_hi" if devanagari else "fuzzy_latin"
    table = index.table(name)
    key = match_key(query)
    floor = cutoff if cutoff is not None else 70.0
    results = process.extract(key, index.choices(name), scorer=ratio, score_cutoff=floor, limit=20)
    found: dict[int, float] = {}
    for choice, score, _ in results:
        for number in table[choice]:
            if cutoff is None and not _small_edit(
                key, choice, devanagari, person=index.entry(number).category == "person"
            ):
                continue
            found[number] = max(found.get(number, 0.0), score / 100 * 0.85)
    return list(found.items())


_VOWEL_SIGNS = frozenset("ािीुूृेैोौंँः़्")


def _letters(key: str, devanagari: bool) -> int:
    if devanagari:
        return sum(1 for c in key if c not in _VOWEL_SIGNS)
    return len(key)


def _small_edit(query: str, form: str, devanagari: bool, *, person: bool = False) -> bool:
    """A typo rather than another word. In Hindi, any change of vowel signs or nasals
    alone in a word of 3 or more letters (जयंशकर for जयशंकर), or of 2 in a person's name
    (मौदी for मोदी; होती is not हैती); otherwise one edit (a swap counts as one),
    two from 9 letters, in a word of 4 or more letters (Hindi: consonants and vowels,
    not signs) or 5 (Latin), and never in the first letter: सेवा is not सेना, शस्त्र is
    not अस्त्र, but लावरोफ is लावरोव."""
    from rapidfuzz.distance import DamerauLevenshtein, Levenshtein

    distance = DamerauLevenshtein.distance(query, form)
    if distance == 0:
        return False
    operations = Levenshtein.editops(query, form)
    changed = {
        (query[op.src_pos] if op.src_pos < len(query) else "")
        + (form[op.dest_pos] if op.dest_pos < len(form) else "")
        for op in operations
    }
    size = min(_letters(query, devanagari), _letters(form, devanagari))
    if devanagari and distance <= 2 and all(set(c) <= _VOWEL_SIGNS for c in changed):
        return size >= 3 or (size == 2 and person)
    if size < (4 if devanagari else 5) or distance > (2 if size >= 9 else 1):
        return False
    if not devanagari and size < 6 and any(op.tag == "replace" for op in operations):
        return False  # peace is not Pence; a dropped or doubled letter is a typo: putine
    return all(min(op.src_pos, op.dest_pos) > 0 for op in operations)


_STAGE_FUNCTIONS = {
    "exact": _exact,
    "normalised": _normalised,
    "inflected": _inflected,
    "cross-script": _cross_script,
    "partial": _partial,
    "parts": _parts,
    "fuzzy": _fuzzy,
}


# --- cache -----------------------------------------------------------------------------


def cache_dir() -> Path:
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "indoru"


def fingerprint(files: Iterable[Path], users: Iterable[Path] = ()) -> str:
    """Changes whenever the code that shapes the index, a data file, or the content of
    a user glossary changes (a user file copied with ``cp -p`` keeps its size and time,
    so it is read and checksummed; the built-in files change only with indoru)."""
    code = [
        Path(__file__).with_name(name)
        for name in (
            "lookup.py", "matchkeys.py", "glossary.py", "terms.py", "senses.py", "text.py",
            "stopwords.py", "store.py", "interchange.py", "_version.py",
        )
    ]  # fmt: skip
    from indoru._version import __version__

    stamp = [str(FORMAT_VERSION), __version__]
    for path in (*code, *files):
        stat = path.stat()
        stamp.append(f"{path.resolve()}:{stat.st_size}:{stat.st_mtime_ns}")
    for path in users:
        stamp.append(f"{path.resolve()}:{zlib.crc32(path.read_bytes()):08x}")
    text = "\n".join(stamp).encode("utf-8", "surrogateescape")  # any file name
    return f"{zlib.crc32(text):08x}{zlib.adler32(text):08x}"  # hashlib costs 2 ms to import


def _unmarshal(blob: bytes) -> Any:
    # Unpacking builds thousands of containers; the cyclic GC would otherwise run many
    # times over them (it doubled the load time).
    with paused_gc():
        return marshal.loads(blob)


KEEP_CACHES = 4  # the index of each of the last few glossary combinations stays cached


def _sealed(blob: bytes) -> tuple[bytes, int]:
    return blob, zlib.adler32(blob)


def index_to_bytes(index: GlossaryIndex) -> bytes:
    """The index as bytes: its entries and every table built so far, each part with its
    checksum (what the cache file holds; what a Dask client sends to each worker once).
    Never touches the cache folder."""
    rows = _sealed(marshal.dumps([marshal.dumps(tuple(entry)) for entry in index.entries]))
    tables = {name: _sealed(index.raw_table(name)) for name in index.built_tables()}
    return marshal.dumps((FORMAT_VERSION, rows, tables))


def index_from_bytes(blob: bytes) -> GlossaryIndex:
    """The index of :func:`index_to_bytes`; ValueError when the bytes do not check out
    (damaged, or made by another version of indoru). Tables are unpacked when first
    used; nothing is built that the bytes hold, and the cache folder is not touched."""
    try:
        version, (rows, rows_sum), sealed = marshal.loads(blob)
        if version != FORMAT_VERSION:
            raise ValueError(f"a glossary index of format {version!r}, not {FORMAT_VERSION}")
        if zlib.adler32(rows) != rows_sum:
            raise ValueError("a damaged glossary index (entries)")
        tables = {}
        for name, (part, checksum) in sealed.items():
            if not isinstance(name, str) or zlib.adler32(part) != checksum:
                raise ValueError("a damaged glossary index (tables)")
            tables[name] = part
    except ValueError:
        raise
    except Exception:  # any other damage: marshal's EOFError, a wrong shape
        raise ValueError("not a glossary index") from None

    def entry_rows() -> list[Any]:
        return list(_unmarshal(rows))

    return GlossaryIndex(entry_rows, tables)


def save_cache(path: Path, index: GlossaryIndex) -> None:
    """Write the index atomically, each part with its checksum; keep the few most
    recently written caches (running with and without ``-g`` alternately, or the test
    suite, then does not evict the others)."""
    payload = index_to_bytes(index)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        temporary = path.with_name(f".{path.name}.{os.getpid()}")
        temporary.write_bytes(payload)
        os.replace(temporary, path)
        caches = sorted(
            path.parent.glob("index-*.marshal"), key=lambda p: p.stat().st_mtime, reverse=True
        )
        for old in caches[KEEP_CACHES:]:
            old.unlink(missing_ok=True)
    except OSError:
        pass  # a read-only home or cache folder: just rebuild next time


def load_cache(path: Path) -> GlossaryIndex | None:
    """The cached index, or None when there is none or it does not check out (then
    the caller rebuilds it and writes it anew: a damaged cache heals itself)."""
    try:
        return index_from_bytes(path.read_bytes())
    except (OSError, ValueError):  # any damage to the file means "no cache"
        return None
