"""Issue 8, defects 1, 13 and 14 (part): linear segmentation and selection, and summaries
that never repeat a sentence; with a property suite over the segmenter and summariser."""

from __future__ import annotations

import random
import time
from functools import cache
from typing import SupportsIndex, overload

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from indoru import segment
from indoru.duplicates import DuplicateFinder
from indoru.segment import iter_spans, split_sentences
from indoru.summarizer import Document, build_document, select, summarize, summarize_spans

from conftest import run_cli


class CountingStr(str):
    """A line that counts the characters read from it by indexing and slicing."""

    reads = 0

    @overload
    def __getitem__(self, key: SupportsIndex) -> str: ...
    @overload
    def __getitem__(self, key: slice) -> str: ...
    def __getitem__(self, key: SupportsIndex | slice) -> str:
        piece = str.__getitem__(self, key)
        CountingStr.reads += max(1, len(piece))
        return piece


def _reads_to_split(text: str) -> int:
    CountingStr.reads = 0
    segment._split_line(CountingStr(text))
    return CountingStr.reads


# --- defect 1: runs of dots (and dandas, bars) are linear ----------------------------------


def test_a_run_of_latin_initials_reads_each_character_a_bounded_number_of_times() -> None:
    text = "A." * 3000  # the old code read back to the line start at every dot: 9 million
    assert _reads_to_split(text) < 40 * len(text)


def test_a_run_of_devanagari_abbreviations_is_linear() -> None:
    text = "डॉ." * 2000
    assert _reads_to_split(text) < 40 * len(text)


def test_bars_after_devanagari_do_not_copy_the_line_before_each() -> None:
    text = "अ |" * 3000  # the old code copied line[:bar] at every bar
    assert _reads_to_split(text) < 40 * len(text)


def test_issue_reproductions_finish_in_moments() -> None:
    for text in ("A." * 10_000, "डॉ." * 4000, "। " * 20_000, "🙏। " * 10_000):
        started = time.perf_counter()
        spans = split_sentences(text + "\n")
        assert time.perf_counter() - started < 3.0, text[:6]  # before: 5 to 60 s
        assert all(text[s.start : s.end] == s.text for s in spans)


def test_hard_wrapped_paragraph_is_joined_in_linear_time() -> None:
    lines = ["the quick brown fox jumps over the lazy dog\n"] * 60_000  # 2.6 MB, one sentence
    started = time.perf_counter()
    (span,) = list(iter_spans(lines, find_duplicates=False))
    assert time.perf_counter() - started < 3.0  # before: 13 s (quadratic concatenation)
    assert span.text == "".join(lines).strip()


def test_hard_wrap_join_keeps_offsets_and_breaks_where_it_did() -> None:
    text = "Heading\nthe first line\nwraps here. Next\n\nStop.\nlower case again\n"
    spans = split_sentences(text)
    assert [s.text for s in spans] == [
        "Heading\nthe first line\nwraps here.",
        "Next",
        "Stop.",
        "lower case again",
    ]
    assert all(text[s.start : s.end] == s.text for s in spans)


# --- defect 13: sentences without words are duplicates too ---------------------------------


def test_wordless_sentences_are_found_again() -> None:
    finder = DuplicateFinder()
    assert finder.check(0, ".") is None
    assert finder.check(1, "🙏🙏।") is None
    assert finder.check(2, "?") is None
    assert finder.check(3, " .") == 0
    assert finder.check(4, "🙏🙏।") == 1
    spans = split_sentences(".\n.\n")
    assert [s.duplicate_of for s in spans] == [None, 0]


def test_summarize_prints_a_wordless_sentence_once() -> None:
    result = run_cli("summarize", input=".\n.\n")
    assert result.exit_code == 0
    assert result.stdout.split() == ["."]
    assert [s.text for s in summarize("🙏🙏।\n🙏🙏।\nपहला वाक्य।\n").sentences].count("🙏🙏।") <= 1


def test_spans_without_duplicate_marks_never_give_a_sentence_twice() -> None:
    spans = split_sentences("वे आए।\n.\nवे आए।\n.\nफिर गए।\n", find_duplicates=False)
    summary = summarize_spans(spans, "hi", ratio=1.0)
    texts = [s.text for s in summary.sentences]
    assert texts == ["वे आए।", ".", "फिर गए।"]


# --- defect 14: selection stops when the budget is spent, and is linear -----------------


def _synthetic(sentences: int, seed: int = 3) -> str:
    rng = random.Random(seed)
    vocabulary = [f"शब्द{i}" for i in range(3000)]
    weights = [1 / (i + 1) for i in range(3000)]
    return "".join(
        " ".join(rng.choices(vocabulary, weights, k=rng.randint(6, 20))) + "।\n"
        for _ in range(sentences)
    )


@cache
def _document() -> Document:
    return build_document(split_sentences(_synthetic(3000)), "hi")


def test_word_budget_stops_scanning_once_spent() -> None:
    document = _document()
    scores = [1.0 / (1 + p) for p in range(len(document.candidates))]
    started = time.perf_counter()
    chosen = select(document, scores, len(document.candidates), words=60)
    assert time.perf_counter() - started < 1.0  # before: 2 s, a max over all at every step
    assert 0 < sum(document.word_counts[p] for p in chosen) <= 60 or len(chosen) == 1


def test_selecting_everything_is_linear() -> None:
    document = _document()
    scores = [1.0 / (1 + p) for p in range(len(document.candidates))]
    started = time.perf_counter()
    chosen = select(document, scores, len(document.candidates))
    assert time.perf_counter() - started < 3.0  # before: 8 s
    assert chosen == sorted(set(chosen))
    assert len(chosen) > 0.9 * len(document.candidates)


def test_selection_keeps_mmr_order_and_drops_near_duplicates() -> None:
    text = (
        "रूस और भारत ने रक्षा समझौते पर हस्ताक्षर किए। "
        "रूस और भारत ने रक्षा समझौते पर आज हस्ताक्षर किए। "
        "मौसम आज साफ रहा और बारिश नहीं हुई। "
        "प्रधानमंत्री ने संसद में नया बजट पेश किया।"
    )
    spans = split_sentences(text, find_duplicates=False)
    picked = [s.text for s in summarize_spans(spans, "hi", ratio=1.0).sentences]
    assert len(picked) == 3
    assert sum("हस्ताक्षर" in s for s in picked) == 1


# --- properties ----------------------------------------------------------------------------

_PIECES = st.sampled_from(
    [".", "।", "॥", "|", "?", "!", "…", "..", "1", "२", "5.4", "A", "a", "The", "the", "etc",
     "e.g", "Mr", "Dr", "U.S", "डॉ", "प्रो", "श्री", "जी", "के", "एस", "यू", "क", "भारत",
     "\"", "'", "“", "”", "’", "(", ")", "»", " ", "  ", "\t", "\n", "\r\n", "\r", "\n\n",
     "•", "- ", "1) ", "२. ", "🙏", "\u200d", "\x1b"]
)  # fmt: skip
_TEXTS = st.lists(_PIECES, max_size=60).map("".join)


def _check_spans(text: str) -> None:
    spans = split_sentences(text)
    end = 0
    for number, span in enumerate(spans):
        assert span.index == number
        assert span.text
        assert text[span.start : span.end] == span.text
        assert span.start >= end, "in order, never overlapping"
        assert not text[end : span.start].strip(), "nothing but spacing between spans"
        assert span.duplicate_of is None or span.duplicate_of < number
        end = span.end
    assert not text[end:].strip(), "full coverage"
    assert list(iter_spans(text.splitlines(keepends=True))) == spans


@settings(max_examples=300, deadline=None)
@given(_TEXTS)
def test_segmenter_spans_are_exact_ordered_disjoint_and_complete(text: str) -> None:
    _check_spans(text)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(_PIECES, min_size=1, max_size=6).map("".join))
def test_segmenter_time_is_bounded_on_any_repeated_pattern(pattern: str) -> None:
    text = pattern * (30_000 // len(pattern) + 1)  # 30,000 characters or more
    started = time.perf_counter()
    spans = split_sentences(text)
    assert time.perf_counter() - started < 3.0
    assert all(text[s.start : s.end] == s.text for s in spans)


def _no_repeats(text: str, spans_text: list[str], starts: list[int]) -> None:
    assert len(set(spans_text)) == len(spans_text), "a sentence printed twice"
    assert starts == sorted(starts), "document order"


@settings(max_examples=60, deadline=None)
@given(
    st.lists(st.sampled_from([".", "🙏।", "वे आए।", "भारत और रूस मिले।", "The talks ended.",
                              "x", "\n", " ", "आज फिर।"]), max_size=30).map("".join),
    st.sampled_from([{}, {"sentences": 3}, {"ratio": 1.0}, {"words": 5}, {"method": "lead"}]),
)  # fmt: skip
def test_summarize_never_repeats_a_sentence(text: str, options: dict[str, object]) -> None:
    summary = summarize(text, **options)  # type: ignore[arg-type]
    _no_repeats(text, [s.text for s in summary.sentences], [s.start for s in summary.sentences])
    for sentence in summary.sentences:
        assert text[sentence.start : sentence.end] == sentence.text
    for find in (True, False):
        spans = split_sentences(text, find_duplicates=find)
        chosen = summarize_spans(spans, "hi", ratio=1.0, method="textrank").sentences
        _no_repeats(text, [s.text for s in chosen], [s.start for s in chosen])
