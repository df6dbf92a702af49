"""The segmenter against hand-checked gold segmentations, probes and invariants."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from indoru.segment import split_sentences

from conftest import GOLD, gold_spans


def test_every_seed_has_gold(seed: Path) -> None:
    assert (GOLD / f"{seed.stem}.jsonl").exists()


def test_seed_matches_gold_boundaries_kinds_and_duplicates(seed: Path) -> None:
    text = seed.read_text(encoding="utf-8")
    got = [(s.kind, s.text, s.duplicate_of) for s in split_sentences(text)]
    want = [(g["kind"], g["text"], g["duplicate_of"]) for g in gold_spans(seed)]
    assert got == want


def test_seed_spans_are_exact_slices(seed: Path) -> None:
    text = seed.read_text(encoding="utf-8")
    spans = split_sentences(text)
    assert spans, "a seed must give sentences"
    for span in spans:
        assert text[span.start : span.end] == span.text


def _probes() -> list[dict[str, object]]:
    with open(GOLD / "probes.jsonl", encoding="utf-8") as handle:
        return [json.loads(line) for line in handle]


@pytest.mark.parametrize("probe", _probes(), ids=lambda p: str(p["name"]))
def test_probe(probe: dict[str, object]) -> None:
    text = str(probe["input"])
    got = [[s.kind, s.text] for s in split_sentences(text)]
    assert got == probe["spans"]


@pytest.mark.parametrize(
    ("text", "pieces"),
    [
        ("मौतें 25। अगला दिन", ["मौतें 25।", "अगला दिन"]),
        ("राष्ट्रपति पुतिन ने मुलाकात की..इस दौरान", ["राष्ट्रपति पुतिन ने मुलाकात की..", "इस दौरान"]),
        ("डॉ.एस.जयशंकर आए।", ["डॉ.एस.जयशंकर आए।"]),
        ("प्रो. शर्मा और श्री. वर्मा आए.", ["प्रो. शर्मा और श्री. वर्मा आए."]),
        ("यू.एस. और यू.के. के नेता मिले।", ["यू.एस. और यू.के. के नेता मिले।"]),
        ("क्या वे आएंगे?” उन्होंने पूछा।", ["क्या वे आएंगे?”", "उन्होंने पूछा।"]),
        ("होंगे?सईद ने कहा।", ["होंगे?", "सईद ने कहा।"]),
        ("5.43 अरब डॉलर, 600,000 राइफलें, 2+2 वार्ता, S-400 और AK-203 हैं।", None),
        ("• पहला बिंदु। दूसरा वाक्य।", ["• पहला बिंदु।", "दूसरा वाक्य।"]),
    ],
)
def test_issue_probes(text: str, pieces: list[str] | None) -> None:
    assert [s.text for s in split_sentences(text)] == (pieces or [text])


def test_kinds() -> None:
    text = "रूस-भारत वार्ता\nदिल्ली,\nपुतिन आए। मोदी मिले\n• पहला बिंदु\n1. दूसरा बिंदु।\n2021 में समझौता हुआ।"
    assert [s.kind for s in split_sentences(text)] == [
        "heading",
        "heading",
        "sentence",
        "sentence",
        "bullet",
        "bullet",
        "sentence",
    ]


def test_crlf_and_cr_line_ends_are_boundaries_and_offsets_stay_exact() -> None:
    text = "शीर्षक\r\nपहला वाक्य। दूसरा\rतीसरा।\r\n"
    spans = split_sentences(text)
    assert [s.text for s in spans] == ["शीर्षक", "पहला वाक्य।", "दूसरा", "तीसरा।"]
    assert all(text[s.start : s.end] == s.text for s in spans)


def test_hard_wrapped_english_joins_lines() -> None:
    text = "The minister said that the\ntalks were useful. Next one.\n"
    assert [s.text for s in split_sentences(text)] == [
        "The minister said that the\ntalks were useful.",
        "Next one.",
    ]


def test_near_duplicate_is_marked() -> None:
    first = "भारत ने रूस से दो और एस 400 यूनिट खरीदने का प्रस्ताव रखा।"
    second = "भारत ने रूस से दो और एस-400 यूनिट ख़रीदने का प्रस्ताव रखा है।"
    other = "रूस ने इस पर अभी कोई फैसला नहीं किया है।"
    spans = split_sentences(f"{first} {other} {second}")
    assert [s.duplicate_of for s in spans] == [None, None, 0]


def test_same_words_different_sentence_is_not_a_duplicate() -> None:
    spans = split_sentences("भारत दौरे पर रूसी राष्ट्रपति पुतिन आए। रूसी राष्ट्रपति पुतिन चीन गए।")
    assert [s.duplicate_of for s in spans] == [None, None]


def test_duplicates_can_be_turned_off() -> None:
    spans = split_sentences("एक बात। एक बात।", find_duplicates=False)
    assert [s.duplicate_of for s in spans] == [None, None]


_ALPHABET = st.sampled_from(
    list("भारतरूसमेंकीऔरहैािीुूेैोौंँ़्ः")
    + list("abcXYZ019 .,;:?!।॥|…\"'”’()[]•-*–—\t\n\r")
    + ["डॉ.", "एस.", "U.S.", "Dr.", "5.43", "\r\n", "  ", "\u200d", "\x1b[31m", "  • "]
)


@settings(max_examples=400, deadline=None)
@given(st.lists(_ALPHABET, max_size=80).map("".join))
def test_spans_are_exact_ordered_disjoint_and_cover_all_text(text: str) -> None:
    spans = split_sentences(text)
    previous_end = 0
    covered = []
    for i, span in enumerate(spans):
        assert span.index == i
        assert span.text, "no empty span"
        assert text[span.start : span.end] == span.text
        assert span.text == span.text.strip(), "no outer whitespace"
        assert span.start >= previous_end, "in order, never overlapping"
        assert span.duplicate_of is None or span.duplicate_of < i
        previous_end = span.end
        covered.append(span.text)
    assert "".join("".join(covered).split()) == "".join(text.split())


@settings(max_examples=100, deadline=None)
@given(st.lists(_ALPHABET, max_size=60).map("".join))
def test_same_input_same_output(text: str) -> None:
    assert split_sentences(text) == split_sentences(text)
