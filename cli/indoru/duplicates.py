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

import struct
from collections import deque
from itertools import pairwise

from indoru.text import tokens

try:  # hashlib's own BLAKE2 backend, without loading OpenSSL as `import hashlib` does (2 ms)
    from _blake2 import blake2b
except ImportError:  # pragma: no cover - other Python implementations
    from hashlib import blake2b

# MinHash over word pairs, 6 bands of 2 rows: a sentence with one word of twelve changed
# (pair Jaccard 0.7) shares a band with its original with p = 0.98.
# One blake2b digest per word pair gives all 12 hash values (a fixed function: the same input
# always gives the same answer, unlike Python's salted str hash).
_BANDS = 6
_ROWS = 2
_WORD_HASHES = struct.Struct(f"<{_BANDS * _ROWS}I")
_MIN_TOKENS = 5
_UNIGRAM_THRESHOLD = 0.8
_BIGRAM_THRESHOLD = 0.5
_BUCKET_CAP = 32


def _jaccard(a: set[str] | set[tuple[str, str]], b: set[str] | set[tuple[str, str]]) -> float:
    return len(a & b) / len(a | b) if a or b else 1.0


class DuplicateFinder:
    """Feed sentences in order with :meth:`check`; it returns the index they repeat."""

    def __init__(self, window: int = 2_000) -> None:
        self._exact: dict[bytes, int] = {}
        self._window = window
        self._recent: deque[int] = deque()
        self._shapes: dict[int, tuple[set[str], set[tuple[str, str]], list[int]]] = {}
        self._buckets: dict[int, list[int]] = {}

    def check(self, index: int, text: str) -> int | None:
        words = tokens(text)
        # A sentence with no words (``.``, ``🙏🙏।``) is keyed by its characters without
        # spacing, so that it too is found again (and never chosen twice for a summary).
        key = "\x1f".join(words) if words else "\x1e" + "".join(text.split())
        digest = blake2b(key.encode(), digest_size=8).digest()
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
        keys = self._band_keys({f"{a} {b}" for a, b in bigrams})
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

    def _band_keys(self, shingles: set[str]) -> list[int]:
        size = _WORD_HASHES.size
        rows = [
            _WORD_HASHES.unpack(blake2b(shingle.encode(), digest_size=size).digest())
            for shingle in shingles
        ]
        minima = list(map(min, zip(*rows, strict=True)))
        return [hash((band, *minima[band * _ROWS : (band + 1) * _ROWS])) for band in range(_BANDS)]

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
