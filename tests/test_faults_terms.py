"""Property tests of the term matcher (issue 8): on any text, occurrences are exact spans
of it, in order, never overlapping, each naming a glossary entry; scanning never fails
and stays linear."""

from __future__ import annotations

import os
import time

from hypothesis import given, settings
from hypothesis import strategies as st

from indoru.segment import Span, split_sentences
from indoru.store import load_index
from indoru.terms import TermScanner

SCANNER = TermScanner(load_index())
EXAMPLES = int(os.environ.get("INDORU_FUZZ_EXAMPLES", "150"))

# Pieces that make the matcher work: glossary forms and their parts, words that join,
# guarded words, function words, punctuation, digits, marks and joiners on their own.
PIECES = [
    "एस-400", "एस 400", "S-400", "s400", "वायु", "सेना", "वायुसेना", "रक्षा", "मंत्री",
    "रक्षामंत्री", "आकाश", "मिसाइल", "कंपनी", "जवान", "शेयर", "संबंध", "में", "इस", "के",
    "समय", "सीमा", "दिल", "का", "दौरा", "नाविक", "उपग्रह", "सू", "ची", "सूची", "US", "us",
    "राष्ट्रपति", "पुतिन", "रूस", "संयुक्त", "राष्ट्र", "सुरक्षा", "परिषद", "।", ".", ",", "-",
    "–", " ", "  ", "\n", "\u200d", "\u200c", "़", "्", "ं", "0", "9", "(", ")", "\"", "‘",
]  # fmt: skip
texts = st.lists(st.sampled_from(PIECES) | st.text(max_size=3), max_size=60).map("".join)


def _check(text: str) -> None:
    spans = [Span(0, 0, len(text), "sentence", text), *split_sentences(text)]
    for span in spans:
        previous_end, previous_start = span.start, -1
        for occurrence in SCANNER.scan([span]):
            assert text[occurrence.start : occurrence.end] == occurrence.surface
            assert span.start <= occurrence.start < occurrence.end <= span.end
            if occurrence.start != previous_start:  # several entries may share one span
                assert occurrence.start >= previous_end
            previous_start, previous_end = occurrence.start, occurrence.end
            assert occurrence.entry.id


@settings(max_examples=EXAMPLES, deadline=None)
@given(texts)
def test_occurrences_are_exact_ordered_and_disjoint(text: str) -> None:
    _check(text)


@settings(max_examples=max(10, EXAMPLES // 10), deadline=None)
@given(st.sampled_from(PIECES), st.sampled_from(PIECES))
def test_scanning_stays_linear_on_repetition(first: str, second: str) -> None:
    unit = f"{first} {second} "
    timings = []
    for copies in (500, 5_000):
        text = unit * copies
        best = float("inf")
        for _ in range(5):  # CPU time, the best of five: this is a shared machine
            started = time.process_time()
            list(SCANNER.scan([Span(0, 0, len(text), "sentence", text)]))
            best = min(best, time.process_time() - started)
        timings.append(best)
    # 10x the text: about 10x the time (a quadratic path took 50x and more)
    assert timings[1] < 25 * max(timings[0], 0.005)
