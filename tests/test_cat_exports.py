"""CAT-ready exports: TBX v3 and TBX-Basic 2008 validated against their published schemas,
acronyms typed as acronyms, OmegaT glossaries both ways, a CSV for Excel, file modes."""

from __future__ import annotations

import copy
import os
import stat
from collections.abc import Iterator
from pathlib import Path

import pytest
from lxml import etree, isoschematron  # type: ignore[import-untyped]

from indoru import interchange
from indoru.glossary import Entry, parse_tsv
from indoru.store import load_index, read_user_glossary

from conftest import ROOT, run_cli

SCHEMAS = ROOT / "tests" / "data" / "schemas"
TBX2_RNG = SCHEMAS / "tbx-basic-v2" / "TBXBasicRNGV02.rng"
# The TBX-Basic v3 dialect's files carry no licence, so they are not bundled: put
# TBXcoreStructV03_TBX-Basic_integrated.rng and TBX-Basic_DCA.sch in this folder to run
# the v3 validation (tests/data/schemas/README.md says where to get them).
TBX3_DIR = Path(os.environ.get("INDORU_TBX_BASIC_V3", SCHEMAS / "tbx-basic-v3"))
SCH15 = "http://www.ascc.net/xml/schematron"
ISO_SCH = "http://purl.oclc.org/dsdl/schematron"


def _comparable(entries: list[Entry]) -> list[tuple[object, ...]]:
    return sorted(
        (e.id, e.en, e.hi, e.en_variants, e.hi_variants, e.category, e.domain, e.definition,
         e.hi_definition, e.note, e.source, e.status, e.related, e.shared)
        for e in entries
    )  # fmt: skip


@pytest.fixture(scope="module")
def entries() -> list[Entry]:
    return load_index().entries


def _export(fmt: str) -> str:
    result = run_cli("glossary", "export", "-f", fmt)
    assert result.exit_code == 0, result.stderr
    return result.stdout


@pytest.fixture(scope="module")
def tbx3_text() -> str:
    return _export("tbx")


@pytest.fixture(scope="module")
def tbx2_text() -> str:
    return _export("tbx2")


def _sample(entries: list[Entry]) -> list[Entry]:
    """A few hundred entries with every kind of field the exports write (acronyms,
    variants, shared forms, notes, sources, cross-references), for the Schematron checks,
    which take 2 ms an entry; cross-references kept only inside the sample."""
    wanted = {"drdo", "nato", "s-400", "line-of-control", "raw", "isro"}
    chosen = [e for e in entries if e.id in wanted or e.shared or e.note][:200]
    chosen += [e for e in entries if e.related][:100]
    sample = list({e.id: e for e in chosen}.values())
    ids = {e.id for e in sample}
    return [e._replace(related=tuple(r for r in e.related if r in ids)) for e in sample]


# --- TBX v3 -------------------------------------------------------------------------------


def test_tbx3_starts_with_the_dialects_xml_model_lines(tbx3_text: str) -> None:
    lines = tbx3_text.splitlines()
    base = "https://raw.githubusercontent.com/LTAC-Global/TBX-Basic_dialect/master/DCA/"
    assert lines[:4] == [
        '<?xml version="1.0" encoding="UTF-8"?>',
        f'<?xml-model href="{base}TBXcoreStructV03_TBX-Basic_integrated.rng" '
        'type="application/xml" schematypens="http://relaxng.org/ns/structure/1.0"?>',
        f'<?xml-model href="{base}TBX-Basic_DCA.sch" '
        'type="application/xml" schematypens="http://purl.oclc.org/dsdl/schematron"?>',
        '<tbx xmlns="urn:iso:std:iso:30042:ed-2" type="TBX-Basic" style="dca" xml:lang="en">',
    ]


def _term_types(root: etree._Element, entry_id: str) -> dict[str, str]:
    (entry,) = root.xpath("*/*[local-name()='body']/*[@id=$id]", id=entry_id)
    return {
        section.xpath("string(*[local-name()='term'])"): section.xpath(
            "string(*[local-name()='termNote'][@type='termType'])"
        )
        for section in entry.xpath(".//*[local-name()='termSec' or local-name()='tig']")
    }


@pytest.mark.parametrize("fmt", ["tbx", "tbx2"])
def test_acronyms_are_typed_acronym_and_designations_are_not(
    fmt: str, request: pytest.FixtureRequest
) -> None:
    text = request.getfixturevalue("tbx3_text" if fmt == "tbx" else "tbx2_text")
    root = etree.fromstring(text.encode("utf-8"))
    assert _term_types(root, "drdo") == {
        "Defence Research and Development Organisation": "fullForm",
        "DRDO": "acronym",
        "रक्षा अनुसंधान एवं विकास संगठन": "fullForm",
        "डीआरडीओ": "acronym",
        "रक्षा अनुसंधान और विकास संगठन": "variant",
    }
    assert _term_types(root, "nato")["नाटो"] == "acronym"  # a word, read as NATO
    assert _term_types(root, "line-of-control")["LoC"] == "acronym"  # spelled एलओसी in Hindi
    assert set(_term_types(root, "s-400").values()) == {"fullForm", "variant"}  # designations


def test_the_acronym_rule() -> None:
    entry = Entry(
        "x", "Research and Analysis Wing", "रिसर्च एंड एनालिसिस विंग",
        en_variants=("R&AW", "PML-N", "S-400", "MI6", "G20", "MoD", "BrahMos", "A"),
        hi_variants=("रॉ", "एमओडी", "एस-400", "एके", "इसरो"),
    )  # fmt: skip
    assert interchange.acronyms(entry) == {"R&AW", "PML-N", "MoD", "एमओडी", "एके"}


# --- TBX-Basic 2008 (v2) --------------------------------------------------------------------


def test_tbx2_is_tbx_basic_2008(tbx2_text: str) -> None:
    assert tbx2_text.splitlines()[:3] == [
        '<?xml version="1.0" encoding="UTF-8"?>',
        '<martif type="TBX-Basic" xml:lang="en">',
        "  <martifHeader>",
    ]
    assert '<p type="XCSURI">TBXBasicXCSV02.xcs</p>' in tbx2_text
    assert '<termEntry id="s-400">' in tbx2_text
    assert "<tig>" in tbx2_text
    assert "urn:iso:std:iso:30042" not in tbx2_text  # TBX v2 has no namespace


def test_tbx2_round_trips(tmp_path: Path, entries: list[Entry], tbx2_text: str) -> None:
    path = tmp_path / "glossary.tbx"  # .tbx: read as v2 or v3 by its root element
    path.write_text(tbx2_text, encoding="utf-8")
    assert _comparable(read_user_glossary(path)) == _comparable(entries)


@pytest.mark.parametrize("fmt", ["tbx", "tbx2"])
def test_tbx_reads_back_from_python(fmt: str, entries: list[Entry]) -> None:
    sample = _sample(entries)
    back, problems = interchange.parse(interchange.export(sample, fmt), "f.tbx", fmt)
    assert problems == []
    assert _comparable(back) == _comparable(sample)


def _tbx2_rng() -> etree.RelaxNG:
    return etree.RelaxNG(etree.parse(str(TBX2_RNG)))


def _tbx2_schematron() -> isoschematron.Schematron:
    """The Schematron rules TBX-Basic 2008 publishes inside its RELAX NG schema (in the
    pre-ISO Schematron 1.5 namespace), moved to the ISO namespace that lxml runs: each
    pattern, rule and assert as published, a pattern's ``name`` as its ``id``."""
    schema = etree.Element(f"{{{ISO_SCH}}}schema", nsmap={None: ISO_SCH})
    for published in etree.parse(str(TBX2_RNG)).iter(f"{{{SCH15}}}pattern"):
        pattern = etree.SubElement(schema, f"{{{ISO_SCH}}}pattern", id=published.get("name"))
        for published_rule in published.iter(f"{{{SCH15}}}rule"):
            rule = etree.SubElement(
                pattern, f"{{{ISO_SCH}}}rule", context=published_rule.get("context")
            )
            for published_assert in published_rule.iter(f"{{{SCH15}}}assert"):
                check = etree.SubElement(rule, f"{{{ISO_SCH}}}assert")
                check.set("test", published_assert.get("test", ""))
                check.text = published_assert.text
    assert len(schema) == 15, "the 15 patterns of TBXBasicRNGV02.rng"
    return isoschematron.Schematron(schema)


def _errors(log: object) -> list[str]:
    return [str(error).split("SCHEMATRONV_ASSERT: ")[-1][:200] for error in log]  # type: ignore[attr-defined]


def test_tbx2_validates_against_the_tbx_basic_2008_relax_ng(tbx2_text: str) -> None:
    document = etree.fromstring(tbx2_text.encode("utf-8"))
    schema = _tbx2_rng()
    assert schema.validate(document), schema.error_log


def test_tbx2_validates_against_the_tbx_basic_2008_schematron(entries: list[Entry]) -> None:
    text = interchange.export(_sample(entries), "tbx2")
    document = etree.fromstring(text.encode("utf-8"))
    assert _tbx2_rng().validate(document)
    schematron = _tbx2_schematron()
    assert schematron.validate(document), _errors(schematron.error_log)


def _broken(text: str) -> Iterator[tuple[str, etree._Element]]:
    """The export with one fault a CAT tool would stumble on, each in turn."""
    document = etree.fromstring(text.encode("utf-8"))
    header = copy.deepcopy(document)
    header.remove(header[0])  # no header
    yield "rng", header
    unknown = copy.deepcopy(document)
    unknown.find(".//tig").tag = "ntig-of-sorts"
    yield "rng", unknown
    kind = copy.deepcopy(document)
    kind.find(".//termNote[@type='termType']").text = "nickname"
    yield "sch", kind
    misplaced = copy.deepcopy(document)
    field = misplaced.find(".//descrip[@type='subjectField']")
    misplaced.find(".//tig").append(field)  # a subject field belongs to the entry
    yield "sch", misplaced


def test_a_broken_tbx2_fails_validation(entries: list[Entry]) -> None:
    text = interchange.export(_sample(entries)[:20], "tbx2")
    rng, schematron = _tbx2_rng(), _tbx2_schematron()
    document = etree.fromstring(text.encode("utf-8"))
    assert rng.validate(document)
    assert schematron.validate(document)
    for validator, broken in _broken(text):
        if validator == "rng":
            assert not rng.validate(broken)
        else:
            assert not schematron.validate(broken)
            assert len(schematron.error_log) == 1


@pytest.mark.skipif(
    not (TBX3_DIR / "TBXcoreStructV03_TBX-Basic_integrated.rng").is_file(),
    reason=f"the TBX-Basic v3 schemas (no licence to bundle them) are not in {TBX3_DIR}",
)
def test_tbx3_validates_against_the_tbx_basic_v3_relax_ng(tbx3_text: str) -> None:
    schema = etree.RelaxNG(etree.parse(str(TBX3_DIR / "TBXcoreStructV03_TBX-Basic_integrated.rng")))
    document = etree.fromstring(tbx3_text.encode("utf-8"))
    assert schema.validate(document), schema.error_log
    broken = copy.deepcopy(document)
    broken.remove(broken[0])
    assert not schema.validate(broken)


# --- OmegaT ---------------------------------------------------------------------------------


def test_omegat_hi_en_round_trips(tmp_path: Path, entries: list[Entry]) -> None:
    path = tmp_path / "glossary.utf8"
    assert run_cli("glossary", "export", "-f", "tsv", "-o", str(path)).exit_code == 0
    back = {(e.hi, e.en) for e in read_user_glossary(path)}
    assert back == {(hi, e.en) for e in entries for hi in e.hi_forms}


def test_omegat_en_hi_round_trips(tmp_path: Path, entries: list[Entry]) -> None:
    path = tmp_path / "glossary.utf8"
    result = run_cli("glossary", "export", "-f", "tsv", "--direction", "en-hi", "-o", str(path))
    assert result.exit_code == 0, result.stderr
    s400 = next(e for e in entries if e.id == "s-400")
    lines = path.read_text(encoding="utf-8").splitlines()
    at = lines.index(f"S-400\tएस-400\t{s400.definition}")
    assert lines[at + 1 : at + 3] == [
        "S-400 Triumf\tएस-400\tvariant of S-400",
        "SA-21 Growler\tएस-400\tvariant of S-400",
    ]
    back = {(e.en, e.hi) for e in read_user_glossary(path)}
    assert back == {(en, e.hi) for e in entries for en in e.en_forms}


@pytest.mark.parametrize("direction", ["hi-en", "en-hi"])
def test_omegat_keeps_forms_that_start_with_a_hash(tmp_path: Path, direction: str) -> None:
    """OmegaT skips a line that starts with '#': such a row starts with a space."""
    mine = tmp_path / "mine.json"
    mine.write_text(
        '[{"id": "hashtag", "en": "#MeToo", "hi": "#मीटू", "hi_variants": ["मीटू"],'
        ' "category": "event", "domain": "politics", "definition": "A campaign."}]',
        encoding="utf-8",
    )
    path = tmp_path / "out.utf8"
    args = ["glossary", "export", "-f", "tsv", "--direction", direction, "-g", str(mine)]
    assert run_cli(*args, "-o", str(path)).exit_code == 0
    lines = path.read_text(encoding="utf-8").splitlines()
    if direction == "hi-en":
        assert " #मीटू\t#MeToo\tA campaign." in lines
        assert "मीटू\t#MeToo\tvariant of #मीटू" in lines
    else:
        assert " #MeToo\t#मीटू\tA campaign." in lines
    back = {(e.hi, e.en) for e in read_user_glossary(path)}
    assert ("#मीटू", "#MeToo") in back


def test_plain_tsv_direction_comes_from_the_columns() -> None:
    text = "# my list\nen\thi\nNavy\tनौसेना\tthe sea arm\nArmy\tथलसेना\n"
    entries, problems = parse_tsv(text, "mine.tsv")
    assert problems == []
    assert [(e.en, e.hi, e.definition) for e in entries] == [
        ("Navy", "नौसेना", "the sea arm"),
        ("Army", "थलसेना", ""),
    ]
    _, problems = parse_tsv("Navy\tनौसेना\nArmy\tArmee\n", "mine.tsv")
    assert [str(p) for p in problems] == ["mine.tsv:2: second column 'Armee' has no Devanagari"]


# --- CSV for Excel ------------------------------------------------------------------------


def test_csv_with_a_bom_opens_in_excel_and_reads_back(tmp_path: Path, entries: list[Entry]) -> None:
    path = tmp_path / "glossary.csv"
    assert run_cli("glossary", "export", "-f", "csv", "--bom", "-o", str(path)).exit_code == 0
    assert path.read_bytes().startswith(b"\xef\xbb\xbfid,en,en_variants,hi,")
    assert _comparable(read_user_glossary(path)) == _comparable(entries)
    back, problems = interchange.parse(path.read_text(encoding="utf-8"), "f.csv", "csv")
    assert problems == []
    assert len(back) == len(entries)
    plain = run_cli("glossary", "export", "-f", "csv").stdout
    assert plain.startswith("id,en,en_variants,")  # no BOM unless asked for


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["-f", "json", "--bom"], "Invalid value for --bom: applies to -f csv only"),
        (["-f", "csv", "--direction", "en-hi"], "Invalid value for --direction: applies to -f tsv"),
        (
            ["-f", "tsv", "--direction", "hi-fr"],
            "Invalid value for --direction: 'hi-fr' is not one",
        ),
        (["-f", "tbx3"], "'tbx3' is not one of tbx, tbx2, csv, tsv, json"),
    ],
)
def test_export_options_that_do_not_fit_are_usage_errors(args: list[str], message: str) -> None:
    result = run_cli("glossary", "export", *args)
    assert result.exit_code == 2
    assert message in " ".join(result.stderr.replace("│", " ").split())
    assert result.stdout == ""


# --- file modes -----------------------------------------------------------------------------


@pytest.mark.parametrize("fmt", ["tsv", "csv"])  # (test_faults_glossary: json)
def test_export_keeps_an_existing_mode_and_honours_the_umask(tmp_path: Path, fmt: str) -> None:
    existing = tmp_path / "existing.out"
    existing.write_text("old\n", encoding="utf-8")
    existing.chmod(0o604)
    old = os.umask(0o027)
    try:
        assert run_cli("glossary", "export", "-f", fmt, "-o", str(existing)).exit_code == 0
        assert run_cli("glossary", "export", "-f", fmt, "-o", str(tmp_path / "new")).exit_code == 0
    finally:
        os.umask(old)
    assert stat.S_IMODE(existing.stat().st_mode) == 0o604
    assert stat.S_IMODE((tmp_path / "new").stat().st_mode) == 0o640
    assert existing.read_text(encoding="utf-8") != "old\n"
