"""Issue 10, point 3: segmentation hygiene. Hard-wrapped Hindi lines join into whole
sentences, headings, datelines and bullets stay whole, `नई दिल्ली.` stays with its sentence,
and a `.` glued to the next word ends a sentence unless it is an abbreviation or a decimal."""

from __future__ import annotations

import time

from indoru.segment import Span, iter_spans, split_sentences


def _spans(text: str) -> list[tuple[str, str]]:
    spans = split_sentences(text)
    assert all(text[s.start : s.end] == s.text for s in spans)
    return [(s.kind, s.text) for s in spans]


WRAPPED = (
    "रूस के साथ रक्षा सहयोग\n"
    "\n"
    "भारत के विदेश मंत्री एस जयशंकर पांच दिवसीय रूस के दौरे पर हैं और इस दौरान\n"
    "उन्होंने भारतीय समुदायों के लोगों से भी बातचीत की। साथ ही अपने रूसी समकक्ष\n"
    'विदेश मंत्री सर्गेई लावरोव के साथ द्विपक्षीय वार्ता की है, जिसमें कई "अहम\n'
    'मुद्दे" उठे।\n'
)


def test_a_hard_wrapped_paragraph_comes_out_as_whole_sentences_with_exact_spans() -> None:
    assert _spans(WRAPPED) == [
        ("heading", "रूस के साथ रक्षा सहयोग"),
        (
            "sentence",
            "भारत के विदेश मंत्री एस जयशंकर पांच दिवसीय रूस के दौरे पर हैं और इस दौरान\n"
            "उन्होंने भारतीय समुदायों के लोगों से भी बातचीत की।",
        ),
        (
            "sentence",
            "साथ ही अपने रूसी समकक्ष\n"
            'विदेश मंत्री सर्गेई लावरोव के साथ द्विपक्षीय वार्ता की है, जिसमें कई "अहम\n'
            'मुद्दे" उठे।',
        ),
    ]


def test_wrapped_spans_keep_their_offsets_when_streamed() -> None:
    lines = WRAPPED.splitlines(keepends=True)
    streamed = list(iter_spans(lines))
    assert [(s.start, s.end, s.text) for s in streamed] == [
        (s.start, s.end, s.text) for s in split_sentences(WRAPPED)
    ]
    assert [s.opens_line for s in streamed] == [True, True, False]


def test_headings_and_datelines_on_their_own_lines_are_not_joined() -> None:
    text = (
        "भारत दौरे पर रूसी राष्ट्रपति पुतिन, दोनों देशों के बीच हुए अहम समझौते\n"
        "\n"
        "भारत दौरे पर रूसी राष्ट्रपति पुतिन,\n"
        "दिल्ली,\n"
        "रूसी राष्ट्रपति पुतिन सोमवार को भारत दौरे पर आए और उन्होंने प्रधानमंत्री से\n"
        "हैदराबाद हाउस में मुलाकात की।\n"
        "कई अहम मुद्दों पर गहन चर्चा\n"
        "बैठक में दोनों पक्षों ने आतंकवाद, व्यापार, ऊर्जा और रक्षा सहयोग से जुड़े कई"
        " मुद्दों पर विस्तार से बातचीत की ताकि दोनों देशों के संबंध और मजबूत हो सकें।\n"
    )
    assert _spans(text) == [
        ("heading", "भारत दौरे पर रूसी राष्ट्रपति पुतिन, दोनों देशों के बीच हुए अहम समझौते"),
        ("heading", "भारत दौरे पर रूसी राष्ट्रपति पुतिन,"),
        ("heading", "दिल्ली,"),
        (
            "sentence",
            "रूसी राष्ट्रपति पुतिन सोमवार को भारत दौरे पर आए और उन्होंने प्रधानमंत्री से\n"
            "हैदराबाद हाउस में मुलाकात की।",
        ),
        ("heading", "कई अहम मुद्दों पर गहन चर्चा"),
        (
            "sentence",
            "बैठक में दोनों पक्षों ने आतंकवाद, व्यापार, ऊर्जा और रक्षा सहयोग से जुड़े कई"
            " मुद्दों पर विस्तार से बातचीत की ताकि दोनों देशों के संबंध और मजबूत हो सकें।",
        ),
    ]


def test_a_bullet_list_stays_bullets_and_a_wrapped_item_stays_whole() -> None:
    text = (
        "मुख्य बिंदु:\n"
        "  • दिसंबर 2021 में रूस के रक्षा मंत्री और विदेश मंत्री की भारत के रक्षा\n"
        "    मंत्री और विदेश मंत्री के साथ पहली बैठक हुई थी।\n"
        "  • दोनों पक्षों के मध्य सैन्य सहयोग पर चर्चा हुई\n"
        "  • भारत ने एक खरीद का उल्लेख किया।\n"
        "  • दोनों देश तमिलनाडु में परमाणु ऊर्जा संयंत्र बना रहे हैं और यह संयंत्र\n"
        "रूस के सहयोग से बन रहा है और इसकी छह इकाइयां होंगी।\n"
    )
    assert _spans(text) == [
        ("heading", "मुख्य बिंदु:"),
        (
            "bullet",
            "• दिसंबर 2021 में रूस के रक्षा मंत्री और विदेश मंत्री की भारत के रक्षा\n"
            "    मंत्री और विदेश मंत्री के साथ पहली बैठक हुई थी।",
        ),
        ("bullet", "• दोनों पक्षों के मध्य सैन्य सहयोग पर चर्चा हुई"),
        ("bullet", "• भारत ने एक खरीद का उल्लेख किया।"),
        ("bullet", "• दोनों देश तमिलनाडु में परमाणु ऊर्जा संयंत्र बना रहे हैं और यह संयंत्र"),
        ("sentence", "रूस के सहयोग से बन रहा है और इसकी छह इकाइयां होंगी।"),
    ]


def test_a_place_dateline_stays_with_the_sentence_it_introduces() -> None:
    assert _spans("नई दिल्ली. प्रधानमंत्री ने सोमवार को कहा. बैठक कल होगी.\n") == [
        ("sentence", "नई दिल्ली. प्रधानमंत्री ने सोमवार को कहा."),
        ("sentence", "बैठक कल होगी."),
    ]
    assert _spans("मॉस्को.रूस ने कहा।\nलखनऊ (उत्तर प्रदेश). मुख्यमंत्री ने कहा।\n") == [
        ("sentence", "मॉस्को.रूस ने कहा।"),
        ("sentence", "लखनऊ (उत्तर प्रदेश). मुख्यमंत्री ने कहा।"),
    ]


def test_a_short_sentence_at_a_line_start_is_not_taken_for_a_dateline() -> None:
    assert _spans("वह आया. फिर गया.\nनहीं. वह नहीं आया.\nबीच में नई दिल्ली. अगला.\n") == [
        ("sentence", "वह आया."),
        ("sentence", "फिर गया."),
        ("sentence", "नहीं."),
        ("sentence", "वह नहीं आया."),
        ("sentence", "बीच में नई दिल्ली."),
        ("sentence", "अगला."),
    ]


def test_a_dot_glued_to_the_next_word_or_number_ends_the_sentence() -> None:
    text = "यह सिलसिला जारी रहा.16 वीं सदी में बदला.वह थोड़ी देर के लिए नजर आई. उसने कहा है.अमरीका चुप है.\n"
    assert [t for _, t in _spans(text)] == [
        "यह सिलसिला जारी रहा.",
        "16 वीं सदी में बदला.",
        "वह थोड़ी देर के लिए नजर आई.",
        "उसने कहा है.",
        "अमरीका चुप है.",
    ]


def test_abbreviations_initials_and_decimals_do_not_end_a_sentence() -> None:
    text = (
        "डॉ. एस. जयशंकर और प्रो. राव ने 3.5 प्रतिशत और $103.7 मिलियन की बात की. "
        "आई. के. गुजराल और पी. चिदंबरम बी.सी. में आई.आई.टी. गए. "
        "मकान नं. 5 में U.S. Army और e.g. examples थे.\n"
    )
    assert [t for _, t in _spans(text)] == [
        "डॉ. एस. जयशंकर और प्रो. राव ने 3.5 प्रतिशत और $103.7 मिलियन की बात की.",
        "आई. के. गुजराल और पी. चिदंबरम बी.सी. में आई.आई.टी. गए.",
        "मकान नं. 5 में U.S. Army और e.g. examples थे.",
    ]


def _seconds(lines: list[str]) -> float:
    started = time.perf_counter()
    spans: list[Span] = list(iter_spans(lines, find_duplicates=False))
    elapsed = time.perf_counter() - started
    assert spans
    return elapsed


def test_joining_wrapped_hindi_is_linear() -> None:
    line = "भारत और रूस के बीच रणनीतिक साझेदारी पर दोनों पक्षों ने विस्तार से बात की और\n"
    small = _seconds([line] * 600)
    large = _seconds([line] * 60_000)  # 100x: one 4.7 MB sentence over 60,000 lines
    assert large < 3.0
    assert large < 300 * max(small, 1e-3)
