"""Exact and near-duplicate sentences in a stream, in bounded time and memory.

News copy repeats itself (a paragraph pasted twice, a heading repeated). A sentence is a
duplicate of the first earlier one with the same folded tokens, or of a recent one whose
token set overlaps it heavily (a word or two changed); one with no words at all repeats an
earlier one with the same characters apart from spacing. Exact duplicates are remembered for
the whole input (8-byte digests); near-duplicates are searched among the last
``window`` sentences (2,000: more than any news article) with MinHash banding, so the
cost stays linear on huge inputs.
"""

from __future__ import annotations

from collections import deque
from itertools import pairwise

from indoru.text import hash64, tokens

# MinHash over word pairs with one hash per pair ("one permutation hashing"): each pair's
# 64-bit hash falls in one of 12 bins and each bin keeps its least value, 6 bands of 2 bins;
# a sentence with one word of twelve changed (pair Jaccard 0.7) shares a band with its
# original with p = 0.98, as with 12 independent hash functions, at a twelfth of the cost.
# A word's hash is a fixed function (the first 8 bytes of its BLAKE2b digest: the same
# input always gives the same answer, unlike Python's salted str hash), computed once per
# distinct word; a pair's hash mixes its two words' hashes with integer arithmetic.
_BANDS = 6
_ROWS = 2
_BINS = _BANDS * _ROWS
_EMPTY = 1 << 64
_MASK = (1 << 64) - 1
_MIX_A = 0x9E3779B97F4A7C15
_MIX_B = 0xBF58476D1CE4E5B9
_TWICE_DOWN = [*range(_BINS - 1, -1, -1)] * 2  # each bin, then round again
_WORD_CACHE = 200_000  # distinct words remembered (then forgotten at once: bounded memory)
_MIN_TOKENS = 5
_UNIGRAM_THRESHOLD = 0.8
_BIGRAM_THRESHOLD = 0.5
_BUCKET_CAP = 32


def _jaccard(a: set[str] | set[tuple[str, str]], b: set[str] | set[tuple[str, str]]) -> float:
    return len(a & b) / len(a | b) if a or b else 1.0


class DuplicateFinder:
    """Feed sentences in order with :meth:`check`; it returns the index they repeat."""

    def __init__(self, window: int = 2_000) -> None:
        self._exact: dict[int, int] = {}
        self._window = window
        self._recent: deque[int] = deque()
        self._shapes: dict[int, tuple[set[str], set[tuple[str, str]], list[int]]] = {}
        self._buckets: dict[int, list[int]] = {}
        self._hashes: dict[str, int] = {}

    def check(self, index: int, text: str) -> int | None:
        words = tokens(text)
        # A sentence with no words (``.``, ``🙏🙏।``) is keyed by its characters without
        # spacing, so that it too is found again (and never chosen twice for a summary).
        key = "\x1f".join(words) if words else "\x1e" + "".join(text.split())
        digest = hash64(key)
        first = self._exact.setdefault(digest, index)
        if first != index:
            return first
        if len(words) < _MIN_TOKENS:
            return None
        return self._near(index, words)

    def _near(self, index: int, words: list[str]) -> int | None:
        unigrams = set(words)
        bigrams = set(pairwise(words))
        # Band keys come from word *pairs*: single words such as के or में would put most
        # sentences of a text in the same few buckets.
        keys = self._band_keys(words)
        candidates = {other for key in keys for other in self._buckets.get(key, ())}
        best: int | None = None
        for other in sorted(candidates):
            other_uni, other_bi, _ = self._shapes[other]
            if (
                _UNIGRAM_THRESHOLD * len(other_uni) <= len(unigrams)
                and _UNIGRAM_THRESHOLD * len(unigrams) <= len(other_uni)
                and _jaccard(unigrams, other_uni) >= _UNIGRAM_THRESHOLD
                and _jaccard(bigrams, other_bi) >= _BIGRAM_THRESHOLD
            ):
                best = other
                break
        self._remember(index, unigrams, bigrams, keys)
        return best

    def _word_hash(self, word: str) -> int:
        if len(self._hashes) >= _WORD_CACHE:
            self._hashes.clear()
        value = self._hashes[word] = hash64(word)
        return value

    def _band_keys(self, words: list[str]) -> list[int]:
        known = self._hashes
        hashes = [known[w] if w in known else self._word_hash(w) for w in words]
        pairs = [((a * _MIX_A & _MASK) ^ b) * _MIX_B & _MASK for a, b in pairwise(hashes)]
        # each bin's least value: the last one written, in descending order
        least = {value % _BINS: value for value in sorted(pairs, reverse=True)}
        if len(least) < _BINS:
            # An empty bin borrows the value of the next filled one (rotation
            # densification), marked with its distance, so it still says something.
            borrowed, distance = _EMPTY, 0
            for slot in _TWICE_DOWN:
                if slot in least:
                    borrowed, distance = least[slot], 0
                else:
                    distance += 1
                    if borrowed < _EMPTY:
                        least.setdefault(slot, borrowed + distance * _EMPTY)
        bins = [least.get(slot, _EMPTY) for slot in range(_BINS)]
        return [hash((band, *bins[band * _ROWS : (band + 1) * _ROWS])) for band in range(_BANDS)]

    def _remember(
        self, index: int, unigrams: set[str], bigrams: set[tuple[str, str]], keys: list[int]
    ) -> None:
        self._shapes[index] = (unigrams, bigrams, keys)
        self._recent.append(index)
        for key in keys:
            bucket = self._buckets.setdefault(key, [])
            bucket.append(index)
            if len(bucket) > _BUCKET_CAP:
                del bucket[0]
        if len(self._recent) > self._window:
            self._forget(self._recent.popleft())

    def _forget(self, index: int) -> None:
        _, _, keys = self._shapes.pop(index)
        for key in keys:
            bucket = self._buckets.get(key)
            if bucket and index in bucket:
                bucket.remove(index)
                if not bucket:
                    del self._buckets[key]
