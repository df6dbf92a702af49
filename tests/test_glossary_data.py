"""The curated data: valid, large enough, covering the seeds and the field, real Hindi."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from indoru.glossary import CATEGORIES, Entry
from indoru.lookup import GlossaryIndex
from indoru.matchkeys import match_key
from indoru.store import builtin_files, check, load_index

from conftest import GOLD, ROOT, run_cli


@pytest.fixture(scope="module")
def index() -> GlossaryIndex:
    return load_index()


def _seed_terms() -> list[tuple[str, str, str]]:
    rows = []
    for line in (GOLD / "seed-terms.tsv").read_text(encoding="utf-8").splitlines():
        if line and not line.startswith("#") and not line.startswith("seed\t"):
            seed, form, ident = line.split("\t")
            rows.append((seed, form, ident))
    return rows


SEED_TERMS = _seed_terms()


def test_the_built_in_glossary_validates() -> None:
    count, problems = check()
    assert problems == []
    assert count >= 800


def test_glossary_check_command_passes() -> None:
    result = run_cli("glossary", "check")
    assert result.exit_code == 0
    assert result.stdout == ""
    assert "0 problems" in result.stderr


def test_every_category_is_used(index: GlossaryIndex) -> None:
    assert {e.category for e in index.entries} == set(CATEGORIES)


def test_seed_term_list_is_substantial_and_real() -> None:
    assert len(SEED_TERMS) >= 120
    for seed, form, _ in SEED_TERMS:
        assert form in (ROOT / "seeds" / seed).read_text(encoding="utf-8"), (seed, form)


@pytest.mark.parametrize(("seed", "form", "ident"), SEED_TERMS, ids=[f"{r[1]}" for r in SEED_TERMS])
def test_seed_form_is_found_by_lookup(
    index: GlossaryIndex, seed: str, form: str, ident: str
) -> None:
    matches = index.lookup(form, fuzzy=False)
    assert matches
    assert matches[0].entry.id == ident, [(m.entry.id, m.match) for m in matches]


@pytest.fixture(scope="module")
def seed_term_tables() -> dict[str, dict[str, list[str]]]:
    tables = {}
    for seed in sorted({row[0] for row in SEED_TERMS}):
        import json

        result = run_cli("terms", str(ROOT / "seeds" / seed), "-f", "jsonl")
        assert result.exit_code == 0
        tables[seed] = {r["id"]: r["forms"] for r in map(json.loads, result.stdout.splitlines())}
    return tables


@pytest.mark.parametrize(("seed", "form", "ident"), SEED_TERMS, ids=[f"{r[1]}" for r in SEED_TERMS])
def test_seed_term_is_found_by_terms(
    seed_term_tables: dict[str, dict[str, list[str]]], seed: str, form: str, ident: str
) -> None:
    """Found as itself, or inside a longer term that wins the longest match (जी20 inside
    जी20 शिखर सम्मेलन, राष्ट्रपति inside राष्ट्रपति पुतिन)."""
    table = seed_term_tables[seed]
    key = match_key(form)
    if ident in table:
        assert any(key in match_key(seen) for seen in table[ident]), table[ident]
    else:
        longer = [i for i, forms in table.items() if any(key in match_key(f) for f in forms)]
        assert longer, f"{ident} ({form}) is not in the term table of {seed}"


# The field a reader of Indian defence and India–Russia news meets (issue 3's list).
FIELD = """
Lieutenant General|Vice Admiral|Air Marshal|Subedar Major|Havildar|Field Marshal|Commodore
regiment|battalion|squadron|brigade|division|corps|fleet
S-400|S-500|BrahMos|Su-30MKI|MiG-29|T-90|AK-203|INS Vikramaditya|Igla-S|Pinaka|Agni-V|Prithvi
Akash|Tejas|Rafale|Kalvari class
Ministry of Defence|Ministry of External Affairs|DRDO|HAL|BDL|BEL|Rosoboronexport|Rostec
defence minister|external affairs minister|National Security Adviser|foreign secretary
ambassador|envoy|chargé d'affaires|consul
bilateral|multilateral|summit|joint statement|MoU|treaty|ratification|sanctions
strategic partnership|counterpart|delegation
UN|UNSC|SCO|BRICS|G20|EAEU|IAEA|NSG|MTCR|Quad
Kudankulam|INSTC|Chennai–Vladivostok Maritime Corridor|Northern Sea Route|Sputnik V|Gaganyaan
Moscow|New Delhi|Vladivostok|India|Russia|China|Pakistan|Ukraine
"""
FIELD_TERMS = [t for line in FIELD.strip().splitlines() for t in line.split("|")]


@pytest.mark.parametrize("term", FIELD_TERMS)
def test_the_field_is_covered(index: GlossaryIndex, term: str) -> None:
    matches = index.lookup(term, fuzzy=False)
    assert matches, term
    assert matches[0].match in {"exact", "normalised"}, (term, matches[0])


def _entries() -> list[Entry]:
    return load_index().entries


LATIN = re.compile(r"[A-Za-z]")


def test_hindi_terms_are_devanagari() -> None:
    """Hindi news writes एस-400, not S-400: the preferred Hindi has no Latin letters."""
    offenders = [e.id for e in _entries() if LATIN.search(e.hi)]
    assert offenders == []


def test_no_variant_repeats_its_own_preferred_form() -> None:
    offenders = []
    for entry in _entries():
        for preferred, variants in ((entry.en, entry.en_variants), (entry.hi, entry.hi_variants)):
            keys = [match_key(v) for v in variants]
            if match_key(preferred) in keys or len(set(keys)) != len(keys):
                offenders.append(entry.id)
    assert offenders == []


def test_definitions_are_one_short_english_line() -> None:
    for entry in _entries():
        assert 10 <= len(entry.definition) <= 200, entry.id


def test_sources_are_named_for_dated_facts() -> None:
    """An entry whose note gives a year or figure names where it comes from, or is
    general knowledge of the kind every reference states (office holders' terms)."""
    files = {path.name for path in builtin_files()}
    assert "countries.tsv" in files
    countries = [e for e in _entries() if e.category == "country"]
    assert all(
        "CLDR" in e.source for e in countries if e.id.startswith("country-") and len(e.id) == 10
    )


def test_data_files_are_clean_utf8_tsv() -> None:
    for path in builtin_files():
        raw = Path(path).read_bytes()
        assert not raw.startswith(b"\xef\xbb\xbf"), path.name
        assert b"\r" not in raw, path.name
        assert raw.endswith(b"\n"), path.name
