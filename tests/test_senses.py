"""Spelling variants in running text and sense guards, tested both ways on real-looking
sentences: the term where the sentence is about it, nothing (or "uncertain") where the
word is used in its ordinary sense."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from indoru.lookup import GlossaryIndex
from indoru.matchkeys import inflections
from indoru.segment import Span
from indoru.store import load_index
from indoru.terms import Occurrence, TermScanner

from conftest import run_cli
from test_senses_data import SENSES as DATA_SENSES


@pytest.fixture(scope="module")
def scanner() -> TermScanner:
    return TermScanner(load_index())


def _scan(scanner: TermScanner, sentence: str) -> list[Occurrence]:
    return list(scanner.scan([Span(0, 0, len(sentence), "sentence", sentence)]))


def _sure(scanner: TermScanner, sentence: str) -> set[str]:
    return {o.entry.id for o in _scan(scanner, sentence) if not o.ambiguous}


VARIANTS = [
    # a joined form finds spaced text, and the other way round
    ("भारतीय वायु सेना ने अभ्यास किया।", "indian-air-force", "army"),
    ("वायुसेना के विमान उड़े।", "air-force", "army"),
    ("रक्षामंत्री ने कहा।", "defence-minister", None),
    ("रक्षा मंत्री ने कहा।", "defence-minister", None),
    ("प्रधान मंत्री ने कहा।", "prime-minister", None),
    # English plurals written in Devanagari
    ("सेना को नई राइफल्स मिलीं।", "rifle", None),
    ("मिसाइल्स का परीक्षण हुआ।", "missile", None),
    # inflected, nukta and no nukta
    ("दोनों देशों के समझौतों पर बात हुई।", "agreement", None),
    ("फ़्रांस और फ्रांस एक ही देश हैं।", "country-fr", None),
]


@pytest.mark.parametrize(("sentence", "wanted", "not_wanted"), VARIANTS)
def test_spelling_variants_in_running_text(
    scanner: TermScanner, sentence: str, wanted: str, not_wanted: str | None
) -> None:
    found = _sure(scanner, sentence)
    assert wanted in found
    if not_wanted:
        assert not_wanted not in found


def test_every_hindi_spelling_lookup_resolves_is_found_in_text() -> None:
    """Each Hindi form of each entry, and each generated inflection, is found by the
    scanner as that entry, unless the form is shared or guarded (then it may be
    uncertain or, out of context, the ordinary word)."""
    index: GlossaryIndex = load_index()
    scanner = TermScanner(index)
    from indoru.senses import parse_senses
    from indoru.store import sense_file

    rules, _ = parse_senses(sense_file().read_text(encoding="utf-8"), "senses.tsv")
    guarded = {rule.id for rule in rules}
    missing = []
    for entry in index.entries:
        if entry.id in guarded:
            continue
        for form in entry.hi_forms:
            if form in entry.shared:
                continue
            for spelling in (form, *sorted(inflections(form) & entry.inflected_forms())):
                found = {o.entry.id for o in _scan(scanner, spelling)}
                if entry.id not in found:
                    missing.append((entry.id, spelling, sorted(found)))
    assert missing == []


SENSES = [
    # (sentence, entry, expected: "term" | "ordinary" | "uncertain")
    ("डीआरडीओ ने आकाश मिसाइल प्रणाली का परीक्षण किया।", "akash", "term"),
    ("रात में नीले आकाश में तारे चमक रहे थे।", "akash", "ordinary"),
    ("सेना ने नाग का सफल परीक्षण किया।", "nag", "term"),
    ("खेत में एक नाग दिखाई दिया।", "nag", "ordinary"),
    ("डीआरडीओ ने शौर्य मिसाइल का परीक्षण किया।", "shaurya", "term"),
    ("मेजर को शौर्य चक्र से सम्मानित किया गया।", "shaurya", "ordinary"),
    ("सीआरपीएफ की दो कंपनियां इलाके में तैनात की गईं।", "company", "term"),
    ("कंपनी के शेयर बाजार में गिर गए।", "company", "ordinary"),
    ("कंपनी ने नया उत्पाद बाजार में उतारा।", "company", "ordinary"),
    ("प्रधानमंत्री की अमेरिका यात्रा पर दोनों देशों में चर्चा हुई।", "visit", "term"),
    ("कांवड़ यात्रा के दौरान श्रद्धालुओं की भीड़ रही।", "visit", "ordinary"),
    ("उन्होंने अपनी यात्रा के बारे में बताया।", "visit", "uncertain"),
    ("इस संबंध में पुलिस ने मामला दर्ज किया।", "relations", "ordinary"),
    ("घटना के संबंध में जांच जारी है।", "relations", "ordinary"),
    ("भारत और रूस के संबंध मजबूत हैं।", "india-russia-relations", "term"),
    ("दोनों देशों के संबंध सुधरे।", "relations", "term"),
    ("सरकार ने आवेदन की समय सीमा बढ़ा दी।", "border", "ordinary"),
    ("चीन से लगी सीमा पर तनाव बना हुआ है।", "border", "term"),
    ("उन्हें दिल का दौरा पड़ा।", "visit", "ordinary"),
    ("विदेश मंत्री का मॉस्को दौरा अहम है।", "visit", "term"),
    ("सरकार ने नई योजना की घोषणा की।", "declaration", "ordinary"),
    ("सम्मेलन में घोषणा पर हस्ताक्षर किए गए।", "declaration", "term"),
    ("सुरक्षा परिषद में प्रस्ताव पारित हुआ।", "resolution", "term"),
    ("उन्हें नौकरी का प्रस्ताव मिला।", "resolution", "ordinary"),
    ("रक्षा मंत्रालय ने लड़ाकू विमानों की खरीद को मंजूरी दी।", "procurement", "term"),
    ("सरकार ने किसानों से गेहूं की खरीद शुरू की।", "procurement", "ordinary"),
    ("हाईवे के लिए भूमि अधिग्रहण का किसानों ने विरोध किया।", "procurement", "ordinary"),
    ("सीमा विवाद पर दोनों देशों के कमांडरों की बातचीत हुई।", "talks", "term"),
    ("बीबीसी से बातचीत में उन्होंने यह बात कही।", "talks", "ordinary"),
    ("भारत और रूस ने रक्षा उत्पादन पर लंबी बातचीत की।", "talks", "term"),
    ("मेले में श्रद्धालुओं की भारी भीड़ उमड़ी।", "sec-mob", "ordinary"),
    ("उग्र भीड़ ने थाने पर पथराव किया।", "sec-mob", "term"),
    ("हेग स्थित अंतरराष्ट्रीय न्यायालय ने फ़ैसला सुनाया।", "city-the-hague", "term"),
    ("ब्रिटेन के पूर्व विदेश मंत्री विलियम हेग ने कहा।", "city-the-hague", "ordinary"),
    ("इसरो ने नाविक उपग्रह प्रक्षेपित किया।", "navic", "term"),
    ("इसरो ने नाविक उपग्रह प्रक्षेपित किया।", "sailor", "ordinary"),
    ("नौसेना के एक नाविक की मौत हो गई।", "sailor", "term"),
    ("नौसेना के एक नाविक की मौत हो गई।", "navic", "ordinary"),
    ("वायुसेना को प्रचंड हेलीकॉप्टर मिले।", "prachand", "term"),
    ("पार्टी को प्रचंड बहुमत मिला।", "prachand", "ordinary"),
]


@pytest.mark.parametrize(("sentence", "ident", "expected"), SENSES + DATA_SENSES)
def test_sense_guards_both_ways(
    scanner: TermScanner, sentence: str, ident: str, expected: str
) -> None:
    found = [o for o in _scan(scanner, sentence) if o.entry.id == ident]
    if expected == "ordinary":
        assert found == []
    elif expected == "term":
        assert found
        assert not any(o.ambiguous for o in found)
    else:
        assert found
        assert all(o.ambiguous for o in found)


def test_uncertain_occurrences_are_counted_apart_in_records(tmp_path: Path) -> None:
    article = tmp_path / "a.txt"
    article.write_text(
        "प्रधानमंत्री की अमेरिका यात्रा पर चर्चा हुई।\nउन्होंने यात्रा के बारे में बताया।\n",
        encoding="utf-8",
    )
    records = [
        json.loads(line)
        for line in run_cli("terms", str(article), "-f", "jsonl").stdout.splitlines()
    ]
    (visit,) = [r for r in records if r["id"] == "visit"]
    assert (visit["count"], visit["uncertain"]) == (1, 1)


def test_term_records_carry_variants_and_definition(tmp_path: Path) -> None:
    article = tmp_path / "a.txt"
    article.write_text("भारत ने एस-400 प्रणाली तैनात की।\n", encoding="utf-8")
    records = json.loads(run_cli("terms", str(article), "-f", "json").stdout)
    (s400,) = [r for r in records if r["id"] == "s-400"]
    assert "SA-21 Growler" in s400["en_variants"]
    assert s400["hi_variants"]
    assert s400["definition"].startswith("Russian")
    assert s400["uncertain"] == 0


BROKEN_RULES = [
    ("no-such-entry\tआकाश\t\t\t\tमिसाइल\tskip\tsky", "no glossary entry with id"),
    ("akash\tनीला\t\t\t\tमिसाइल\tskip\tsky", "is not a form of 'akash'"),
    ("akash\tआकाश\t\t\t\t\tskip\tsky", "at least one context column"),
    ("akash\tआकाश\t\t\t\tमिसाइल\tmaybe\tsky", "'otherwise' must be one of"),
    ("akash\tआकाश\t\t\t\tमिसाइल\tskip\t", "say in 'note'"),
]


@pytest.mark.parametrize(("row", "reason"), BROKEN_RULES)
def test_glossary_check_validates_sense_rules(tmp_path: Path, row: str, reason: str) -> None:
    from indoru.senses import SENSE_COLUMNS
    from indoru.store import builtin_files

    folder = tmp_path / "rules"
    folder.mkdir()
    senses = folder / "senses.tsv"
    senses.write_text("\t".join(SENSE_COLUMNS) + "\n" + row + "\n", encoding="utf-8")
    files = [str(p) for p in builtin_files()]
    result = run_cli("glossary", "check", *files, str(senses))
    assert result.exit_code == 3
    assert f"{senses}:2: " in result.stdout
    assert reason in result.stdout
