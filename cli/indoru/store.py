"""Loading the glossary: the built-in files, user glossaries, validation and the cache."""

from __future__ import annotations

import os
from collections.abc import Sequence
from pathlib import Path

from indoru.data import glossary_dir
from indoru.errors import InputError
from indoru.glossary import (
    Entry,
    GlossaryError,
    Override,
    Problem,
    duplicate_problems,
    merge,
    overlay,
    parse_tsv,
)
from indoru.lookup import GlossaryIndex, cache_dir, fingerprint, load_cache, save_cache
from indoru.senses import SENSE_FILE, SenseRule, parse_senses, sense_problems

ENVIRONMENT_VARIABLE = "INDORU_GLOSSARY"


def builtin_files() -> list[Path]:
    """The curated entry files, in a stable order (not the sense rules)."""
    folder = Path(str(glossary_dir()))
    return sorted(
        path for path in folder.iterdir() if path.suffix == ".tsv" and path.name != SENSE_FILE
    )


def sense_file() -> Path:
    """The built-in sense guards (see :mod:`indoru.senses`)."""
    return Path(str(glossary_dir())) / SENSE_FILE


def builtin_rules() -> list[SenseRule]:
    rules, problems = parse_senses(_read(sense_file()), SENSE_FILE)
    if problems:  # the tests keep this from happening; say so plainly if it does
        raise GlossaryError(f"built-in sense rules are broken: {problems[0]}")
    return rules


def user_files(paths: Sequence[str] = ()) -> list[Path]:
    """User glossaries from ``--glossary`` options, then from $INDORU_GLOSSARY."""
    from_env = [p for p in os.environ.get(ENVIRONMENT_VARIABLE, "").split(os.pathsep) if p]
    return [Path(p) for p in (*from_env, *paths)]


def _read(path: Path) -> str:
    from indoru.reading import read_text

    return read_text(str(path))


def parse_file(path: Path) -> tuple[list[Entry], list[Problem]]:
    """Entries of one glossary file in any format indoru reads, with its problems."""
    suffix = path.suffix.casefold()
    if suffix in (".csv", ".json", ".tbx"):
        from indoru import interchange

        return interchange.parse(_read(path), str(path), suffix[1:])
    return parse_tsv(_read(path), str(path))


def parse_user_file(path: Path) -> tuple[list[Entry], list[Problem]]:
    """A user glossary's entries and problems: its bad rows and repeated ids (a form it
    shares with a built-in entry is no problem: its entry overrides that one)."""
    entries, problems = parse_file(path)
    problems += [p for p in duplicate_problems(entries) if "duplicate id" in p.reason]
    return entries, problems


def read_user_glossary(path: Path) -> list[Entry]:
    """All entries of a user glossary, or GlossaryError naming the first bad row."""
    entries, problems = parse_user_file(path)
    if problems:
        more = f" (and {len(problems) - 1} more)" if len(problems) > 1 else ""
        raise GlossaryError(f"{problems[0]}{more}; nothing of {path} was loaded")
    if not entries:
        raise GlossaryError(f"{path}: no glossary entries")
    return entries


def check(paths: Sequence[Path] | None = None) -> tuple[int, list[Problem]]:
    """Validate glossary files together: (number of entries, problems).

    A file named ``senses.tsv`` among them (and, by default, the built-in one) holds
    sense guards, checked against the entries."""
    entries: list[Entry] = []
    problems: list[Problem] = []
    paths = [*builtin_files(), sense_file()] if paths is None else list(paths)
    rules: list[SenseRule] = []
    for path in paths:
        if path.name == SENSE_FILE:
            found_rules, bad = parse_senses(_read(path), str(path))
            rules += found_rules
            problems += bad
            continue
        found, bad = parse_file(path)
        entries += found
        problems += bad
    problems += sense_problems(rules, entries)
    problems += duplicate_problems(entries)
    known = {entry.id for entry in entries}
    problems += [
        Problem(entry.origin, f"related id {related!r} is not an entry")
        for entry in entries
        for related in entry.related
        if related not in known
    ]
    return len(entries), problems


def check_overrides(users: Sequence[Path]) -> tuple[int, list[Problem], list[Override]]:
    """User glossaries checked over the built-in one: (entries after the merge, problems,
    overrides). A problem is a bad row, or a form that two entries would still share
    after the merge (an occurrence of it would be counted for both); an override is
    reported with what it replaced, and a clash (a user entry that names several
    entries) with the others."""
    problems: list[Problem] = []
    layers = []
    for path in users:
        found, bad = parse_user_file(path)
        problems += bad
        layers.append(found)
    entries, overrides = overlay(_builtin_entries(), layers)
    mine = {str(path) for path in users}

    def is_mine(origin: str) -> bool:
        return origin.rsplit(":", 1)[0] in mine

    # a shared form is reported at its last holder: the user's entries go last
    ordered = sorted(entries, key=lambda entry: is_mine(entry.origin))
    problems += [p for p in duplicate_problems(ordered) if is_mine(p.origin)]
    return len(entries), problems, overrides


def index_stamp(users: Sequence[Path]) -> str:
    """What the index of the built-in glossary and these user glossaries is made from,
    as a short digest: changes with the data, the code and each user file's content."""
    for path in users:
        if not path.is_file():
            raise InputError(str(path), "no such glossary file")
    try:
        return fingerprint([*builtin_files(), sense_file()], users)
    except OSError as error:
        name = error.filename or "glossary"
        raise InputError(str(name), (error.strerror or "cannot read").lower()) from None


def load_index(
    user_paths: Sequence[str] = (), *, use_cache: bool = True, from_environment: bool = True
) -> GlossaryIndex:
    """The built-in glossary merged with user glossaries, indexed (cached on disk).

    User glossaries are those of $INDORU_GLOSSARY, then ``user_paths``
    (``from_environment=False``: ``user_paths`` only).
    Tables are built when first used and the cache is written again each time a group
    of them is built (see :class:`GlossaryIndex`)."""
    users = user_files(user_paths) if from_environment else [Path(p) for p in user_paths]
    stamp = index_stamp(users)
    cache = cache_dir() / f"index-{stamp}.marshal"

    def save(index: GlossaryIndex) -> None:
        save_cache(cache, index)

    on_build = save if use_cache else None
    if use_cache:
        index = load_cache(cache)
        if index is not None:
            index.on_build = on_build
            return index
    entries = merge(_builtin_entries(), (read_user_glossary(path) for path in users))
    index = GlossaryIndex(entries, {}, on_build=on_build)
    if use_cache:
        save(index)
    return index


def _builtin_entries() -> list[Entry]:
    entries: list[Entry] = []
    for path in builtin_files():
        found, problems = parse_tsv(_read(path), path.name)
        if problems:  # the tests keep this from happening; say so plainly if it does
            raise GlossaryError(f"built-in glossary is broken: {problems[0]}")
        entries += found
    return entries
