"""`indoru glossary` finds the right entry first, whatever the script, spelling or form.

Each row: query, the entry a reader means, and the match stages that may find it.
"""

from __future__ import annotations

import pytest

from indoru.lookup import GlossaryIndex
from indoru.store import load_index

DIRECT = {"exact", "normalised"}
CROSS = {"cross-script", "partial"}
TYPO = {"fuzzy", "cross-script"}  # a Latin typo often still has the right consonants

NORMALISED = [
    ("S-400", "s-400"),
    ("एस 400", "s-400"),
    ("एस-400", "s-400"),
    ("s400", "s-400"),
    ("S 400", "s-400"),
    ("AK 203", "ak-203"),
    ("एके-203", "ak-203"),
    ("lavrov", "sergei-lavrov"),
    ("rajnath", "rajnath-singh"),
    ("shoigu", "sergei-shoigu"),
    ("sco", "sco"),
    ("drdo", "drdo"),
    ("DRDO", "drdo"),
    ("kudankulam", "kudankulam"),
    ("ब्रह्मोस", "brahmos"),
    ("डीआरडीओ", "drdo"),
    ("यूएनएससी", "un-security-council"),
    ("डॉ.एस.जयशंकर", "s-jaishankar"),
    ("फ़्रांस", "country-fr"),
    ("Su-30MKI", "su-30mki"),
]
LATIN_FOR_DEVANAGARI = [
    ("sashastra bal", "armed-forces"),
    ("videsh mantri", "external-affairs-minister"),
    ("rashtrapati", "president"),
    ("samjhauta", "agreement"),
    ("samjhota", "agreement"),
    ("sena", "army"),
    ("nausena", "navy"),
    ("vayusena", "air-force"),
    ("sainya abhyas", "military-exercise"),
    ("dwipakshiya", "bilateral"),
    ("pratibandh", "sanctions"),
    ("rajdoot", "ambassador"),
    ("samakaksh", "counterpart"),
    ("shikhar sammelan", "summit"),
    ("sandhi", "treaty"),
    ("pratinidhimandal", "delegation"),
    ("videsh sachiv", "foreign-secretary"),
    ("rashtriya suraksha salahkar", "national-security-adviser"),
    ("videsh mantralaya", "ministry-of-external-affairs"),
    ("tainati", "deployment"),
    ("mukt vyapar samjhauta", "free-trade-agreement"),
    ("parmanu urja", "nuclear-energy"),
    ("antariksh", "space"),
    ("ghuspaith", "infiltration"),
]
INFLECTED = [
    ("समझौतों", "agreement"),
    ("समझौते", "agreement"),
    ("मिसाइलों", "missile"),
    ("रेजिमेंटों", "regiment"),
    ("रक्षा मंत्रियों", "defence-minister"),
    ("विदेश मंत्रियों", "external-affairs-minister"),
    ("सैन्य अभ्यासों", "military-exercise"),
    ("प्रतिबंधों", "sanctions"),
    ("राजदूतों", "ambassador"),
    ("संधियों", "treaty"),
    ("पनडुब्बियों", "submarine"),
    ("हथियारों", "weapon"),
    ("टैंकों", "tank"),
    ("उपग्रहों", "satellite"),
    ("परियोजनाओं", "project"),
    ("मोर्चों", "front"),
    ("राजनयिक संबंधों", "diplomatic-relations"),
    ("मुक्त व्यापार समझौते", "free-trade-agreement"),
    ("सोवियत संघ के विघटन", "dissolution-of-soviet-union"),
]
TYPOS = [
    ("jayshankar", "s-jaishankar"),
    ("lavrof", "sergei-lavrov"),
    ("मौदी", "narendra-modi"),
    ("जयंशकर", "s-jaishankar"),
    ("shoygu", "sergei-shoigu"),
    ("brahmose", "brahmos"),
    ("kudankulum", "kudankulam"),
    ("ins vikramaditia", "ins-vikramaditya"),
    ("putine", "vladimir-putin"),
    ("लावरोफ", "sergei-lavrov"),
    ("रजनाथ सिंह", "rajnath-singh"),
    ("tejaas", "tejas"),
]
TABLE = (
    [(q, e, DIRECT) for q, e in NORMALISED]
    + [(q, e, CROSS) for q, e in LATIN_FOR_DEVANAGARI]
    + [(q, e, {"inflected"}) for q, e in INFLECTED]
    + [(q, e, TYPO) for q, e in TYPOS]
)


@pytest.fixture(scope="module")
def index() -> GlossaryIndex:
    return load_index()


def test_the_table_is_as_large_as_promised() -> None:
    assert len(TABLE) >= 60
    assert len(LATIN_FOR_DEVANAGARI) >= 20
    assert len(INFLECTED) >= 15
    assert len(TYPOS) >= 10


@pytest.mark.parametrize(("query", "expected", "stages"), TABLE, ids=[row[0] for row in TABLE])
def test_right_entry_first(
    index: GlossaryIndex, query: str, expected: str, stages: set[str]
) -> None:
    matches = index.lookup(query)
    assert matches, f"nothing for {query!r}"
    first = matches[0]
    assert first.entry.id == expected, [(m.entry.id, m.match) for m in matches]
    assert first.match in stages


def test_exact_turns_every_fallback_off(index: GlossaryIndex) -> None:
    assert index.lookup("S-400", exact_only=True)[0].match == "exact"
    assert index.lookup("s400", exact_only=True) == []
    assert index.lookup("समझौतों", exact_only=True) == []


def test_no_fuzzy_keeps_the_other_stages(index: GlossaryIndex) -> None:
    assert index.lookup("lavrof", fuzzy=False) == []
    assert index.lookup("समझौतों", fuzzy=False)[0].entry.id == "agreement"


def test_every_result_says_how_it_matched(index: GlossaryIndex) -> None:
    for query, _, _ in TABLE:
        for match in index.lookup(query):
            assert match.match in {
                "exact",
                "normalised",
                "inflected",
                "cross-script",
                "partial",
                "fuzzy",
            }
            assert 0 < match.score <= 1


# Ordinary words that are no entry: each once got an unrelated entry as "the answer"
# (पत्रकार → nuclear non-proliferation, शस्त्र → Lal Bahadur Shastri, अमन → Yemen).
ABSENT = [
    "पत्रकार", "शस्त्र", "अमन", "सेवा", "होती", "देश", "नाम", "हाल",
    "peace", "have", "said", "after", "school", "water", "later", "still", "being",
]  # fmt: skip


@pytest.mark.parametrize("query", ABSENT)
def test_an_absent_word_gets_no_entry(index: GlossaryIndex, query: str) -> None:
    assert index.lookup(query) == []
    assert index.suggest(query), "a 'did you mean' hint is still offered"


def test_no_entry_on_the_command_line() -> None:
    from conftest import run_cli

    result = run_cli("glossary", "पत्रकार")
    assert result.exit_code == 1
    assert result.stdout == ""
    assert "no glossary entry for 'पत्रकार'; did you mean:" in result.stderr


@pytest.mark.parametrize(
    ("query", "parts"),
    [
        ("रूसी रूबल", {"rouble"}),
        ("आधुनिक हथियार", {"weapon"}),
        ("रूस की मिसाइल", {"country-ru", "missile"}),
    ],
)
def test_a_query_of_several_entries_offers_its_parts(
    index: GlossaryIndex, query: str, parts: set[str]
) -> None:
    matches = index.lookup(query)
    assert parts <= {m.entry.id for m in matches}
    assert {m.match for m in matches} == {"parts"}


def test_parts_are_marked_partial_on_the_command_line() -> None:
    import json

    from conftest import run_cli

    result = run_cli("glossary", "आधुनिक हथियार", "-f", "jsonl")
    assert result.exit_code == 0
    assert [json.loads(line)["match"] for line in result.stdout.splitlines()] == ["parts"]
    assert "no glossary entry for 'आधुनिक हथियार' as a whole; entries for its parts:" in (
        result.stderr
    )
