"""Sense guards: when a glossary form in running text is the term, and when it is an
ordinary word.

Many terms of the field are also everyday Hindi: आकाश is the Akash missile and the sky,
कंपनी an army company and a business firm, संबंध "relations" and, in के संबंध में,
"regarding". The rules live in the data (``glossary/senses.tsv``), one row per guarded
form of an entry, and are read in this order for each occurrence of that form:

1. ``not_after`` / ``not_before``: phrases right before or after the form that make it
   the ordinary word (समय + सीमा, के + संबंध + में, दिल का + दौरा);
2. ``unless_near``: words anywhere in the sentence that make it the ordinary word;
3. ``only_near``: words in the sentence that make it the term. When the list is given
   and none of them is there, ``otherwise`` decides: ``skip`` (the ordinary sense is the
   usual one) or ``ambiguous`` (the output says that it cannot tell).

Phrases are compared by match key, word by word; near words also match their
inflections (मिसाइल finds मिसाइलों). ``glossary check`` validates the file.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import NamedTuple

from indoru.glossary import Entry, Problem

SENSE_FILE = "senses.tsv"
SENSE_COLUMNS = (
    "id", "form", "not_after", "not_before", "unless_near", "only_near", "otherwise", "note",
)  # fmt: skip
VERDICTS = ("skip", "ambiguous")


class SenseRule(NamedTuple):
    """One guarded form of one entry (phrases as written; the scanner compiles them)."""

    id: str
    forms: tuple[str, ...]
    not_after: tuple[str, ...] = ()
    not_before: tuple[str, ...] = ()
    unless_near: tuple[str, ...] = ()
    only_near: tuple[str, ...] = ()
    otherwise: str = "skip"
    note: str = ""
    origin: str = ""


def _phrases(value: str) -> tuple[str, ...]:
    return tuple(part.strip() for part in value.split("|") if part.strip())


def parse_senses(text: str, name: str) -> tuple[list[SenseRule], list[Problem]]:
    """Rules of a senses file, with ``file:line`` problems for malformed rows."""
    lines = text.splitlines()
    header = tuple(cell.strip() for cell in lines[0].split("\t")) if lines else ()
    if header != SENSE_COLUMNS:
        return [], [Problem(f"{name}:1", f"header must be: {' '.join(SENSE_COLUMNS)}")]
    rules, problems = [], []
    for number, line in enumerate(lines[1:], start=2):
        if not line.strip():
            continue
        origin = f"{name}:{number}"
        cells = line.split("\t")
        if len(cells) != len(SENSE_COLUMNS):
            problems.append(Problem(origin, f"{len(cells)} fields, expected {len(SENSE_COLUMNS)}"))
            continue
        values = dict(zip(SENSE_COLUMNS, (c.strip() for c in cells), strict=True))
        rule = SenseRule(
            id=values["id"],
            forms=_phrases(values["form"]),
            not_after=_phrases(values["not_after"]),
            not_before=_phrases(values["not_before"]),
            unless_near=_phrases(values["unless_near"]),
            only_near=_phrases(values["only_near"]),
            otherwise=values["otherwise"] or "skip",
            note=values["note"],
            origin=origin,
        )
        found = _row_problems(rule)
        problems += found
        if not found:
            rules.append(rule)
    return rules, problems


def _row_problems(rule: SenseRule) -> list[Problem]:
    problems = []
    if not rule.id or not rule.forms:
        problems.append(Problem(rule.origin, "'id' and 'form' are required"))
    if rule.otherwise not in VERDICTS:
        problems.append(Problem(rule.origin, f"'otherwise' must be one of {', '.join(VERDICTS)}"))
    if not (rule.not_after or rule.not_before or rule.unless_near or rule.only_near):
        problems.append(Problem(rule.origin, "a rule needs at least one context column"))
    if not rule.note:
        problems.append(Problem(rule.origin, "say in 'note' which ordinary sense is guarded"))
    return problems


def sense_problems(rules: Sequence[SenseRule], entries: Iterable[Entry]) -> list[Problem]:
    """Rules that name no entry, or a form the entry does not have (as written or
    inflected), or guard a form of an entry twice."""
    from indoru.matchkeys import match_key

    guarded = {rule.id for rule in rules}
    keys: dict[str, set[str]] = {}
    for entry in entries:
        if entry.id in guarded:
            forms = set(entry.forms) | entry.inflected_forms()
            keys[entry.id] = {match_key(form) for form in forms}
    problems, seen = [], set()
    for rule in rules:
        if rule.id not in keys:
            problems.append(Problem(rule.origin, f"no glossary entry with id {rule.id!r}"))
            continue
        for form in rule.forms:
            if match_key(form) not in keys[rule.id]:
                problems.append(Problem(rule.origin, f"{form!r} is not a form of {rule.id!r}"))
            pair = (rule.id, match_key(form))
            if pair in seen:
                problems.append(Problem(rule.origin, f"a second rule for {form!r} of {rule.id}"))
            seen.add(pair)
    return problems
