"""The curated Hindi–English glossary: entries, loading and validation.

The data is UTF-8 TSV, one file per domain group, documented in glossary/README.md. A
variant written with a leading ``~`` is marked as knowingly shared by several entries
(``~नाविक`` is both NavIC and "sailor"); any other form that two entries share is an error.

User glossaries (``--glossary FILE`` or ``INDORU_GLOSSARY``) use the same schema, or a
plain two- or three-column TSV (Hindi, English, optional comment, as OmegaT writes), or
indoru's own CSV, JSON and TBX exports. They are merged over the built-in entries: an
entry with the same id replaces the built-in one. A file with a malformed row is
refused whole, with file:line and the reason; nothing is loaded altered. Lines end at LF,
CRLF or a lone CR (as editors count them), and a field may hold no control character, lone
surrogate or U+FFFE/U+FFFF (XML cannot carry them, and no term needs them).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Sequence
from typing import Any, NamedTuple

from indoru.errors import IndoruError
from indoru.text import has_devanagari

COLUMNS = (
    "id", "en", "en_variants", "hi", "hi_variants", "category", "domain",
    "definition", "hi_definition", "note", "source", "status", "related",
)  # fmt: skip
# The schema before the ``related`` column: still read, for older user glossaries.
LEGACY_COLUMNS = COLUMNS[:-1]
REQUIRED = ("id", "en", "hi", "category", "domain", "definition")
CATEGORIES = (
    "person", "office", "organisation", "unit-or-rank", "weapon-system", "place", "country",
    "agreement", "event", "programme", "diplomatic-term", "military-term",
    "economy-energy-term", "nationality",
)  # fmt: skip
DOMAINS = (
    "defence", "diplomacy", "security", "economy", "energy", "space", "nuclear",
    "geography", "politics",
)  # fmt: skip
STATUSES = ("preferred", "admitted", "deprecated")
NAMES = frozenset(("person", "place", "country"))
SEPARATOR = " | "
AMBIGUOUS = "~"
_ID = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*\Z")


class GlossaryError(IndoruError):
    """A glossary file that cannot be used: names the file and line."""


class Problem(NamedTuple):
    """One validation finding, printed as ``file:line: reason``."""

    origin: str
    reason: str

    def __str__(self) -> str:
        return _SURROGATE.sub(_show_surrogate, f"{self.origin}: {self.reason}")


_SURROGATE = re.compile("[\ud800-\udfff]")


def _show_surrogate(match: re.Match[str]) -> str:
    """A lone surrogate (an undecodable byte of a file name) as ``\\xff`` or ``\\ud800``."""
    code = ord(match[0])
    return f"\\x{code - 0xDC00:02x}" if 0xDC80 <= code <= 0xDCFF else f"\\u{code:04x}"


# Characters no field may hold: C0 and C1 controls and DEL (tab and line breaks have their
# own message), lone surrogates, and the two characters XML 1.0 forbids besides.
_BAD_CHARACTER = re.compile("[\x00-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff\u2028\u2029]")
_LINE_BREAKS = frozenset("\t\n\r\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029")


def character_problem(name: str, value: str) -> str | None:
    """Why field ``name`` cannot hold ``value`` (a tab, line break, control character,
    lone surrogate or U+FFFE/U+FFFF), or None."""
    found = _BAD_CHARACTER.search(value)
    if found is None:
        return None
    char = found[0]
    if char in _LINE_BREAKS:
        return f"tab or line break inside field {name!r}"
    kind = "lone surrogate" if "\ud800" <= char <= "\udfff" else "control character"
    if char in "\ufffe\uffff":
        kind = "non-character"
    return f"{kind} U+{ord(char):04X} in field {name!r}"


def form_problem(form: str) -> str | None:
    """Why ``form`` cannot be one term of an entry (for formats that list forms one by
    one: JSON, TBX, plain TSV), or None."""
    if not form.strip():
        return "empty term"
    if SEPARATOR.strip() in form:
        return f"term {form!r} contains '|', which separates terms"
    if form.strip().startswith(AMBIGUOUS):
        return f"term {form!r} starts with '~', the shared-form mark"
    return None


def split_lines(text: str) -> list[str]:
    """Lines ended by LF, CRLF or a lone CR (not by the other characters that
    :meth:`str.splitlines` breaks at: those stay in the field and are reported)."""
    lines = _LINE_END.split(text)
    if lines and lines[-1] == "":
        lines.pop()
    return lines


_LINE_END = re.compile("\r\n|\r|\n")


class Entry(NamedTuple):
    """One glossary entry. Forms are shown without the ``~`` ambiguity marker.

    A named tuple rather than a dataclass: it is built from cached rows thousands of
    times, and defining it costs a tenth of a dataclass at start-up.
    """

    id: str
    en: str
    hi: str
    en_variants: tuple[str, ...] = ()
    hi_variants: tuple[str, ...] = ()
    category: str = ""
    domain: str = ""
    definition: str = ""
    hi_definition: str = ""
    note: str = ""
    source: str = ""
    status: str = "preferred"
    related: tuple[str, ...] = ()
    origin: str = ""
    shared: frozenset[str] = frozenset()

    @property
    def en_forms(self) -> tuple[str, ...]:
        return (self.en, *self.en_variants)

    @property
    def hi_forms(self) -> tuple[str, ...]:
        return (self.hi, *self.hi_variants)

    @property
    def forms(self) -> tuple[str, ...]:
        return (*self.en_forms, *self.hi_forms)

    @property
    def is_name(self) -> bool:
        """A person's, place's or country's name: Hindi does not inflect it (no केलोगों
        from Kellogg)."""
        return self.category in NAMES

    def inflected_forms(self) -> set[str]:
        """The generated oblique and plural forms of the Hindi forms (none for a name)."""
        if self.is_name:
            return set()
        from indoru.matchkeys import inflections

        return set().union(*(inflections(form) for form in self.hi_forms))

    def row(self) -> list[str]:
        """The entry as a row of the TSV schema (markers restored)."""

        def mark(form: str) -> str:
            return AMBIGUOUS + form if form in self.shared else form

        return [
            self.id,
            mark(self.en),
            SEPARATOR.join(map(mark, self.en_variants)),
            mark(self.hi),
            SEPARATOR.join(map(mark, self.hi_variants)),
            self.category,
            self.domain,
            self.definition,
            self.hi_definition,
            self.note,
            self.source,
            "" if self.status == "preferred" else self.status,
            SEPARATOR.join(self.related),
        ]


def entry_record(entry: Entry) -> dict[str, Any]:
    """The JSON record of an entry: every field, forms without markers, and the
    romanised Hindi."""
    from indoru.matchkeys import romanize

    return {
        "id": entry.id,
        "en": entry.en,
        "hi": entry.hi,
        "en_variants": list(entry.en_variants),
        "hi_variants": list(entry.hi_variants),
        "romanized": romanize(entry.hi),
        "category": entry.category,
        "domain": entry.domain,
        "definition": entry.definition,
        "hi_definition": entry.hi_definition,
        "note": entry.note,
        "source": entry.source,
        "status": entry.status,
        "related": list(entry.related),
        "shared": sorted(entry.shared),
    }


def _split_forms(value: str) -> tuple[list[str], set[str], list[str]]:
    """The forms of a ``|``-separated field, those marked shared, and problems (a ``~``
    with no form after it). Empty parts (``a | | b``, a trailing ``|``) hold nothing."""
    forms, shared, problems = [], set(), []
    for part in value.split(SEPARATOR.strip()):
        form = part.strip()
        if form.startswith(AMBIGUOUS):
            form = form[1:].strip()
            if not form or form.startswith(AMBIGUOUS):
                problems.append(f"'~' without a term after it ({part.strip()!r})")
                continue
            shared.add(form)
        if form:
            forms.append(form)
    return forms, shared, problems


def entry_from_fields(values: dict[str, str], origin: str) -> tuple[Entry | None, list[Problem]]:
    """Build and check one entry from schema fields; problems instead of exceptions."""
    problems = [
        Problem(origin, f"empty required field {name!r}")
        for name in REQUIRED
        if not values.get(name, "").strip()
    ]
    for name, value in values.items():
        reason = character_problem(name, value)
        if reason:
            problems.append(Problem(origin, reason))
    if problems:
        return None, problems
    ident = values["id"].strip()
    if not _ID.match(ident):
        problems.append(Problem(origin, f"id {ident!r} is not lowercase ASCII words joined by '-'"))
    if values["category"] not in CATEGORIES:
        problems.append(Problem(origin, f"unknown category {values['category']!r}"))
    if values["domain"] not in DOMAINS:
        problems.append(Problem(origin, f"unknown domain {values['domain']!r}"))
    status = values.get("status", "").strip() or "preferred"
    if status not in STATUSES:
        problems.append(Problem(origin, f"unknown status {status!r}"))
    forms: dict[str, list[str]] = {}
    shared: set[str] = set()
    for name in ("en", "en_variants", "hi", "hi_variants"):
        found, marked, bad = _split_forms(values.get(name, ""))
        forms[name], shared = found, shared | marked
        problems += [Problem(origin, f"{reason} in field {name!r}") for reason in bad]
        if name in ("en", "hi") and len(found) != 1 and not bad:
            problems.append(
                Problem(
                    origin,
                    f"field {name!r} must hold one term, not {values[name]!r}"
                    + (f" (other terms go in {name}_variants)" if found else ""),
                )
            )
    if problems:
        return None, problems
    (en,), en_variants = forms["en"], forms["en_variants"]
    (hi,), hi_variants = forms["hi"], forms["hi_variants"]
    if not has_devanagari(hi):
        problems.append(Problem(origin, f"Hindi term {hi!r} has no Devanagari"))
    related = tuple(r.strip() for r in values.get("related", "").split("|") if r.strip())
    problems += [
        Problem(origin, f"related id {r!r} is not lowercase ASCII words joined by '-'")
        for r in related
        if not _ID.match(r)
    ]
    if problems:
        return None, problems
    entry = Entry(
        id=ident,
        en=en,
        hi=hi,
        en_variants=tuple(en_variants),
        hi_variants=tuple(hi_variants),
        category=values["category"],
        domain=values["domain"],
        definition=values["definition"].strip(),
        hi_definition=values.get("hi_definition", "").strip(),
        note=values.get("note", "").strip(),
        source=values.get("source", "").strip(),
        status=status,
        related=related,
        origin=origin,
        shared=frozenset(shared),
    )
    return entry, []


def parse_tsv(text: str, name: str) -> tuple[list[Entry], list[Problem]]:
    """Parse a glossary TSV: the full schema (header line ``id<TAB>en…``) or plain columns."""
    lines = split_lines(text)
    if lines and lines[0].split("\t")[0].strip().lstrip("\ufeff") == "id":
        return _parse_schema(lines, name)
    return _parse_plain(lines, name)


def _parse_schema(lines: list[str], name: str) -> tuple[list[Entry], list[Problem]]:
    header = [column.strip().lstrip("\ufeff") for column in lines[0].split("\t")]
    if tuple(header) not in (COLUMNS, LEGACY_COLUMNS):
        return [], [Problem(f"{name}:1", f"header must be: {' '.join(COLUMNS)}")]
    entries, problems = [], []
    for number, line in enumerate(lines[1:], start=2):
        if not line.strip():
            continue
        cells = line.split("\t")
        origin = f"{name}:{number}"
        if len(cells) != len(header):
            problems.append(Problem(origin, field_count(len(cells), len(header))))
            continue
        entry, found = entry_from_fields(dict(zip(header, cells, strict=True)), origin)
        problems += found
        if entry:
            entries.append(entry)
    return entries, problems


def field_count(found: int, expected: int) -> str:
    return f"{found} field{'' if found == 1 else 's'}, expected {expected}"


_PLAIN_HEADERS = {"hi", "hindi", "हिंदी", "en", "english", "source", "term", "source term"}


def _parse_plain(lines: list[str], name: str) -> tuple[list[Entry], list[Problem]]:
    """Hindi<TAB>English[<TAB>comment] rows, as a translator's own list or OmegaT's, or
    English<TAB>Hindi[<TAB>comment] (an en-hi OmegaT glossary).

    The direction is the file's: English first when the first row with Devanagari in one
    column only has it in the second. A line that starts with ``#`` is a comment, as in
    OmegaT; fields are trimmed, so `` #x`` is the form ``#x``."""
    entries, problems = [], []
    ids = _IdMaker()
    rows: list[tuple[int, list[str]]] = []
    for number, line in enumerate(lines, start=1):
        if not line.strip() or line.startswith("#"):
            continue
        cells = [cell.strip() for cell in line.split("\t")]
        if not rows and cells[0].casefold().lstrip("\ufeff") in _PLAIN_HEADERS:
            continue  # a header: the first row after any comments
        rows.append((number, cells))
    english_first = _english_first(cells for _, cells in rows)
    hindi_column = "second" if english_first else "first"
    for number, cells in rows:
        origin = f"{name}:{number}"
        if len(cells) not in (2, 3) or not cells[0] or not cells[1]:
            expected = "English<TAB>Hindi" if english_first else "Hindi<TAB>English"
            problems.append(Problem(origin, f"expected {expected}[<TAB>comment]"))
            continue
        bad = [character_problem(f"column {n}", cell) for n, cell in enumerate(cells, 1)]
        bad += [form_problem(cells[0]), form_problem(cells[1])]
        if any(bad):
            problems += [Problem(origin, reason) for reason in bad if reason]
            continue
        hi, en = (cells[1], cells[0]) if english_first else (cells[0], cells[1])
        if not has_devanagari(hi):
            problems.append(Problem(origin, f"{hindi_column} column {hi!r} has no Devanagari"))
            continue
        ident = ids.new("user-" + (_slug(en) or str(number)))
        entries.append(
            Entry(ident, en, hi, definition=cells[2] if len(cells) == 3 else "", origin=origin)
        )
    return entries, problems


def _english_first(rows: Iterable[list[str]]) -> bool:
    """Is the first row with Devanagari in exactly one of its two first columns English
    first (Devanagari in the second)?"""
    for cells in rows:
        if len(cells) < 2:
            continue
        first, second = has_devanagari(cells[0]), has_devanagari(cells[1])
        if first != second:
            return second
    return False


def _slug(text: str) -> str:
    return "-".join(re.findall(r"[a-z0-9]+", text.casefold()))[:60].rstrip("-")


class _IdMaker:
    """Unique ids: ``base``, then ``base-2``, ``base-3``, … Each base remembers the next
    number to try, so n rows with one English term take n steps, not n²/2; an id is
    skipped at most once (only its own base can produce it)."""

    def __init__(self) -> None:
        self.used: set[str] = set()
        self.next: dict[str, int] = {}

    def new(self, base: str) -> str:
        ident, n = base, self.next.get(base, 2)
        if ident in self.used:
            while (ident := f"{base}-{n}") in self.used:
                n += 1
            n += 1
        self.next[base] = n
        self.used.add(ident)
        return ident


def duplicate_problems(entries: Sequence[Entry]) -> list[Problem]:
    """Duplicate ids, and forms shared by entries without the ``~`` marker on each."""
    from indoru.matchkeys import match_key

    problems = []
    first: dict[str, Entry] = {}
    for entry in entries:
        if entry.id in first:
            problems.append(
                Problem(
                    entry.origin, f"duplicate id {entry.id!r} (first at {first[entry.id].origin})"
                )
            )
        else:
            first[entry.id] = entry
    owners: dict[str, list[tuple[Entry, bool]]] = {}
    for entry in entries:
        seen_keys = set()
        for form in (*entry.en_forms, *entry.hi_forms):
            key = match_key(form)
            if key and key not in seen_keys:
                seen_keys.add(key)
                owners.setdefault(key, []).append((entry, form in entry.shared))
    for key, holders in owners.items():
        if len(holders) > 1 and not all(marked for _, marked in holders):
            ids = ", ".join(f"{e.id} ({e.origin})" for e, _ in holders)
            problems.append(
                Problem(holders[-1][0].origin, f"form {key!r} maps to {ids} without '~'")
            )
    return problems


def merge(base: Iterable[Entry], overlays: Iterable[Iterable[Entry]]) -> list[Entry]:
    """Entries of ``base`` with each overlay's entries over them (see :func:`overlay`)."""
    return overlay(base, overlays)[0]


class Override(NamedTuple):
    """A user entry that took the place of an entry it names (see :func:`overlay`)."""

    user: Entry  # the entry as the user gave it
    replaced: Entry  # the entry it took the place of
    how: str  # "id", "Hindi term", "English term" or "Hindi and English terms"
    others: tuple[Entry, ...] = ()  # other entries it names as well: a clash
    earlier: bool = False  # the replaced entry was the user's own

    def __str__(self) -> str:
        old = self.replaced
        whose = "an earlier user entry" if self.earlier else "entry"
        said = f"overrides {whose} {old.id!r} ({old.hi} — {old.en}) by its {self.how}"
        if self.others:
            named = ", ".join(f"{e.id!r} ({e.hi} — {e.en})" for e in self.others)
            said += f"; it also names {named}, left as they are"
        return said


def overlay(
    base: Iterable[Entry], overlays: Iterable[Iterable[Entry]]
) -> tuple[list[Entry], list[Override]]:
    """The built-in entries with the user's over them, and every override made.

    A user entry *names* a loaded entry with the same id, or whose Hindi forms include
    the user's Hindi term, or whose English forms include the user's English term
    (compared by match key: S400 = S-400, spacing and case aside). It then takes that
    entry's place:

    * the same id: the user's entry replaces it whole;
    * a built-in entry named by a term: the user's terms, definition and any field the
      user filled in win, the entry keeps its id (so its sense guards and links hold),
      and its other forms stay as variants, so that every spelling is still found;
    * an entry of the user's own (an earlier row naming the same term, as in a
      re-imported OmegaT file with a row per variant): the new forms become variants.

    Named by both terms beats named by one, the Hindi term beats the English one; an
    entry that names several is a clash, reported with the others, which stay as they
    are. A user entry that names none is added. User entries come first in the result,
    so that they are listed first among equally good look-up answers.
    """
    from indoru.matchkeys import match_key

    entries: dict[str, Entry] = {}
    owners: dict[tuple[str, str], list[str]] = {}  # (language, match key) -> entry ids
    held: dict[str, dict[str, set[str]]] = {}  # entry id -> language -> its match keys
    # forms absorbed into a user's entry, added to its variants at the end (appending to
    # the tuple each time would copy it each time: n rows of one entry would cost n²)
    absorbed: dict[str, dict[str, list[str]]] = {}

    def add_key(ident: str, language: str, key: str) -> None:
        if key not in held[ident][language]:
            held[ident][language].add(key)
            owners.setdefault((language, key), []).append(ident)

    def index(entry: Entry) -> None:
        held[entry.id] = {"hi": set(), "en": set()}
        for language, forms in (("hi", entry.hi_forms), ("en", entry.en_forms)):
            for form in forms:
                add_key(entry.id, language, match_key(form))

    def named(language: str, form: str) -> list[str]:
        """Ids of the entries that still have ``form`` in ``language``."""
        key = match_key(form)
        return [
            ident
            for ident in dict.fromkeys(owners.get((language, key), ()))
            if ident in entries and key in held[ident][language]
        ]

    def absorb(ident: str, mine: Entry) -> None:
        first = entries[ident]
        extra = absorbed.setdefault(ident, {"hi": [], "en": []})
        for language, forms in (("hi", mine.hi_forms), ("en", mine.en_forms)):
            for form in forms:
                key = match_key(form)
                if key not in held[ident][language]:
                    extra[language].append(form)
                    add_key(ident, language, key)
        entries[ident] = first._replace(
            category=first.category or mine.category,
            domain=first.domain or mine.domain,
            definition=first.definition or mine.definition,
            shared=first.shared | mine.shared,
        )

    for entry in base:
        entries[entry.id] = entry
        index(entry)
    user: dict[str, None] = {}  # ids of the user's entries, in order
    overrides: list[Override] = []
    for layer in overlays:
        for mine in layer:
            target, how, others = _target(mine, entries, named)
            found = tuple(entries[o] for o in others)
            if target is not None and how != "id" and target in user:
                overrides.append(Override(mine, entries[target], how, found, True))
                absorb(target, mine)
                continue
            merged = mine
            if target is not None:
                old = entries.pop(target)
                absorbed.pop(target, None)
                overrides.append(Override(mine, old, how, found, target in user))
                user.pop(target, None)
                if how != "id":
                    merged = _override(old, mine)
            entries[merged.id] = merged
            user[merged.id] = None
            index(merged)
    for ident, extra in absorbed.items():
        entry = entries[ident]
        entries[ident] = entry._replace(
            en_variants=(*entry.en_variants, *extra["en"]),
            hi_variants=(*entry.hi_variants, *extra["hi"]),
        )
    first = [entries[i] for i in user]
    rest = [e for i, e in entries.items() if i not in user]
    return first + rest, overrides


def _target(
    mine: Entry, entries: dict[str, Entry], named: Callable[[str, str], list[str]]
) -> tuple[str | None, str, list[str]]:
    """The entry ``mine`` takes the place of, how it names it, and the others it names."""
    if mine.id in entries:
        return mine.id, "id", []
    by_hi = named("hi", mine.hi)
    by_en = named("en", mine.en)
    both = [i for i in by_hi if i in by_en]
    if len(both) == 1:
        return both[0], "Hindi and English terms", []
    candidates = both or by_hi or by_en
    if not candidates:
        return None, "", []
    how = "Hindi and English terms" if both else "Hindi term" if by_hi else "English term"
    target = candidates[0]
    others = [i for i in dict.fromkeys(by_hi + by_en) if i != target]
    return target, how, others


def _new_forms(have: Iterable[str], add: Iterable[str]) -> tuple[str, ...]:
    from indoru.matchkeys import match_key

    seen = {match_key(form) for form in have}
    kept = []
    for form in add:
        key = match_key(form)
        if key not in seen:
            seen.add(key)
            kept.append(form)
    return tuple(kept)


def _override(old: Entry, mine: Entry) -> Entry:
    """A built-in entry with the user's terms and fields over it (its id and forms kept)."""
    en_variants = (*mine.en_variants, *_new_forms(mine.en_forms, old.en_forms))
    hi_variants = (*mine.hi_variants, *_new_forms(mine.hi_forms, old.hi_forms))
    forms = {mine.en, mine.hi, *en_variants, *hi_variants}
    return old._replace(
        en=mine.en,
        hi=mine.hi,
        en_variants=_new_forms((mine.en,), en_variants),
        hi_variants=_new_forms((mine.hi,), hi_variants),
        category=mine.category or old.category,
        domain=mine.domain or old.domain,
        definition=mine.definition or old.definition,
        hi_definition=mine.hi_definition or old.hi_definition,
        note=mine.note or old.note,
        source=mine.source or old.source,
        status=mine.status,
        related=mine.related or old.related,
        origin=mine.origin,
        shared=(old.shared | mine.shared) & forms,
    )
