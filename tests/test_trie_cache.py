"""The term trie as the cache keeps it (indoru.lookup.TrieShards) answers exactly as the
trie it was packed from: the Bloom-filtered joinable words and the per-entry sense guards
change how much a scan unpacks, never what it finds."""

from __future__ import annotations

from indoru.lookup import GlossaryIndex, JoinableWords, TrieShards
from indoru.segment import split_sentences
from indoru.store import builtin_rules, load_index
from indoru.terms import TermScanner, build_trie

from conftest import ROOT


def test_joinable_words_answer_exactly_as_the_set() -> None:
    index = load_index()
    _, _, joinable, _, _ = build_trie(index.entries, builtin_rules())
    packed = JoinableWords(*JoinableWords.pack(joinable))
    assert all(word in packed for word in joinable)
    # every other word is refused, most by the filter alone: nearly every pair of
    # neighbours in a text is such a word
    others = {a + b for a in list(joinable)[:300] for b in ("का", "ने", "सेना", "x", "400")}
    others -= joinable
    assert not any(word in packed for word in others)
    assert 1 not in packed  # not a word at all
    passed = [word for word in others if packed.may_hold(word)]
    assert len(passed) < 0.03 * len(others)  # the filter alone refuses 97% (1.4% expected)


def test_a_scan_from_the_cache_finds_what_the_built_trie_finds() -> None:
    load_index().table("trie")  # built, if this data is new, and cached
    index = load_index()
    assert isinstance(index.table("trie"), TrieShards)
    built = GlossaryIndex(index.entries, {})
    assert not isinstance(built.table("trie"), TrieShards)
    cached_scanner, built_scanner = TermScanner(index), TermScanner(built)
    for seed in sorted((ROOT / "seeds").glob("*.txt")):
        spans = split_sentences(seed.read_text(encoding="utf-8"))
        cached = [(o.start, o.end, o.entry.id, o.ambiguous) for o in cached_scanner.scan(spans)]
        fresh = [(o.start, o.end, o.entry.id, o.ambiguous) for o in built_scanner.scan(spans)]
        assert cached == fresh
        assert cached
