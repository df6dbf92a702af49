"""Glossary exchange formats: TBX-Basic (TBX v3 and v2), OmegaT TSV, CSV and JSON, both ways.

* ``tbx``: ISO 30042:2019 (TBX v3), dialect TBX-Basic (``style="dca"``), written with the
  standard library's ElementTree, with the two ``xml-model`` processing instructions the
  TBX-Basic dialect publishes (its RELAX NG core structure and its DCA Schematron), so that
  an XML editor validates the file as it opens it. One ``conceptEntry`` per entry, an
  ``en`` and a ``hi`` language section; the preferred term has ``administrativeStatus``
  preferred/admitted/deprecated, variants are ``admittedTerm``; domain is
  ``subjectField``; the category, the source and the ``~`` shared-form marks travel as
  notes and admin data.
* ``tbx2``: the same content as TBX-Basic of ISO 30042:2008 (TBX v2: ``martif``,
  ``termEntry``/``langSet``/``tig``, no namespace), the dialect that Translate Toolkit and
  Weblate read.
* Term types (``termNote type="termType"``), the same in both dialects: ``acronym`` for an
  acronym form, else ``fullForm`` for the first form of a language and ``variant`` for the
  others. An English form is an acronym when it is one word of Latin capitals, at least
  two, that ``&`` or ``-`` may join (DRDO, NATO, R&AW, PML-N), or one word of Latin letters
  with two or more capitals whose letters are an acronym's the entry spells in Hindi
  (LoC = एलओसी, MoU = एमओयू). A form with a digit is a designation, not an acronym
  (S-400, AK-47, MI6, G20). A Hindi form without digits is an acronym when every word of it
  is English letter names (डीआरडीओ, एलओसी, यूपी एटीएस) or when its romanisation is the
  letters of one of the entry's English acronyms (नाटो = NATO, इसरो = ISRO).
* ``tsv``: OmegaT's glossary format, UTF-8 ``source<TAB>target<TAB>comment``, in either
  direction: ``hi-en`` (the default) has one row per Hindi form with the English term and
  the definition, ``en-hi`` one row per English form with the Hindi term (a variant's
  comment is "variant of" its preferred form). OmegaT skips a line that starts with
  ``#`` as a comment, so such a row starts with a space, which OmegaT (and indoru) trim
  away. OmegaT reads a glossary file as UTF-8 when its name ends in ``.utf8``; name the
  file so (``glossary.utf8``), or OmegaT may read it in the system's encoding.
* ``csv``: the TSV schema's columns, for CAT tools that import CSV with a column mapping;
  ``bom=True`` starts it with a UTF-8 byte order mark, so that Excel opens it as UTF-8.
* ``json``: one array of records with every field.

Every format reads back to the same entries (the tests round-trip them); an OmegaT TSV
gives back its pairs of forms (see :func:`indoru.glossary.parse_tsv`).
"""

from __future__ import annotations

import csv
import io
import json
import os
import re
import secrets
import stat
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import NamedTuple
from xml.etree import ElementTree as ET

from indoru.glossary import (
    AMBIGUOUS,
    COLUMNS,
    LEGACY_COLUMNS,
    SEPARATOR,
    Entry,
    GlossaryError,
    Problem,
    character_problem,
    entry_from_fields,
    entry_record,
    field_count,
    form_problem,
)

FORMATS = ("tbx", "tbx2", "csv", "tsv", "json")
DIRECTIONS = ("hi-en", "en-hi")
_XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
_TBX_NS = "urn:iso:std:iso:30042:ed-2"
_STATUS = {
    "preferred": "preferredTerm-admn-sts",
    "admitted": "admittedTerm-admn-sts",
    "deprecated": "deprecatedTerm-admn-sts",
}
_CATEGORY_NOTE = "indoru-category: "
_SHARED_NOTE = "indoru-shared-form"
# Where the TBX-Basic dialect (LTAC Global) publishes the schemas of its DCA style; the same
# addresses its own example files and TBX converter give.
_TBX_BASIC_SCHEMAS = "https://raw.githubusercontent.com/LTAC-Global/TBX-Basic_dialect/master/DCA/"
XML_MODELS = (
    f'<?xml-model href="{_TBX_BASIC_SCHEMAS}TBXcoreStructV03_TBX-Basic_integrated.rng" '
    'type="application/xml" schematypens="http://relaxng.org/ns/structure/1.0"?>',
    f'<?xml-model href="{_TBX_BASIC_SCHEMAS}TBX-Basic_DCA.sch" '
    'type="application/xml" schematypens="http://purl.oclc.org/dsdl/schematron"?>',
)
BOM = "\ufeff"


def export(
    entries: Sequence[Entry], fmt: str, *, direction: str = "hi-en", bom: bool = False
) -> str:
    """The whole export as text: ``direction`` is the OmegaT TSV's (``hi-en`` or
    ``en-hi``), ``bom`` starts a CSV with a byte order mark.

    Raises :class:`GlossaryError` for an entry with a character that no format can carry
    back (a control character, lone surrogate, U+FFFE/U+FFFF, or a tab or line break
    in a field): XML 1.0 cannot hold them at all, so a TBX would be unreadable, and the
    other formats would not read back. Entries loaded from files never have them
    (``glossary check`` reports them); this guards entries built in Python."""
    for entry in entries:
        reason = unexportable(entry)
        if reason:
            where = f" ({entry.origin})" if entry.origin else ""
            raise GlossaryError(
                f"cannot export entry {entry.id!r}{where}: {reason}; nothing was written"
            )
    if fmt == "json":
        return json.dumps([entry_record(e) for e in entries], ensure_ascii=False, indent=1) + "\n"
    if fmt == "csv":
        buffer = io.StringIO()
        writer = csv.writer(buffer, lineterminator="\n")
        writer.writerow(COLUMNS)
        writer.writerows(entry.row() for entry in entries)
        return (BOM if bom else "") + buffer.getvalue()
    if fmt == "tsv":
        return _omegat(entries, direction)
    if fmt == "tbx":
        return _tbx(entries, _V3)
    if fmt == "tbx2":
        return _tbx(entries, _V2)
    raise ValueError(f"unknown export format {fmt!r}")


def _omegat(entries: Iterable[Entry], direction: str) -> str:
    if direction not in DIRECTIONS:
        raise ValueError(f"unknown direction {direction!r}")
    rows = []
    for entry in entries:
        if direction == "hi-en":
            sources, preferred, target = entry.hi_forms, entry.hi, entry.en
        else:
            sources, preferred, target = entry.en_forms, entry.en, entry.hi
        for source in sources:
            comment = entry.definition if source == preferred else f"variant of {preferred}"
            # OmegaT (and indoru) skip a line that starts with '#', and trim each field
            lead = " " if source.startswith("#") else ""
            rows.append(f"{lead}{source}\t{target}\t{comment}\n")
    return "".join(rows)


_CAPITALS = re.compile(r"[A-Z]+(?:[&-][A-Z]+)*\Z")
_MIXED = re.compile(r"(?=(?:[a-z]*[A-Z]){2})[A-Za-z]+\Z")
_NOT_LETTER = re.compile(r"[^a-z]+")


def acronyms(entry: Entry) -> frozenset[str]:
    """The entry's forms that are acronyms, by the rule in the module docstring."""
    from indoru.matchkeys import romanize, spelled_acronym

    hindi = {f for f in entry.hi_forms if not _has_digit(f) and spelled_acronym(f)}
    spelled = {_letters(romanize(f)) for f in hindi}
    english = {
        f
        for f in entry.en_forms
        if (_CAPITALS.match(f) and sum(c.isalpha() for c in f) >= 2)
        or (_MIXED.match(f) and _letters(f) in spelled)
    }
    letters = {_letters(f) for f in english}
    hindi |= {f for f in entry.hi_forms if not _has_digit(f) and _letters(romanize(f)) in letters}
    return frozenset(english | hindi)


def _letters(form: str) -> str:
    return _NOT_LETTER.sub("", form.casefold())


def _has_digit(form: str) -> bool:
    return any(c.isdigit() for c in form)


def unexportable(entry: Entry) -> str | None:
    """Why ``entry`` cannot be exported (see :func:`export`), or None."""
    for name in COLUMNS:
        value = getattr(entry, name)
        for part in value if isinstance(value, tuple) else (value,):
            reason = character_problem(name, part)
            if reason:
                return reason
    return None


def write_atomically(path: Path, text: str) -> None:
    """Write a file whole or not at all: a temporary file, then a rename.

    A symbolic link is written through (its target is replaced, the link kept); an
    existing file keeps its permission bits; a new file gets 0666 less the umask, as any
    other program's output. Something that is not a regular file (``/dev/stdout``, a
    pipe) is written to directly."""
    try:
        existing: os.stat_result | None = os.stat(path)
    except FileNotFoundError:
        existing = None
    if existing is not None and not stat.S_ISREG(existing.st_mode):
        with open(path, "w", encoding="utf-8", newline="\n") as out:
            out.write(text)
        return
    target = Path(os.path.realpath(path))
    temporary = target.parent / f".{target.name}.{secrets.token_hex(6)}.tmp"
    handle = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666)  # umask applies
    try:
        with os.fdopen(handle, "w", encoding="utf-8", newline="\n") as out:
            if existing is not None:
                os.fchmod(out.fileno(), stat.S_IMODE(existing.st_mode))
            out.write(text)
            out.flush()
            os.fsync(out.fileno())
        os.replace(temporary, target)
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise


class _Dialect(NamedTuple):
    """The element names of a TBX version: its root, header, entry, language section and
    term section, and the namespace of its elements (none in TBX v2)."""

    root: str
    header: str
    entry: str
    lang: str
    term: str
    ns: str


_V3 = _Dialect("tbx", "tbxHeader", "conceptEntry", "langSec", "termSec", _TBX_NS)
_V2 = _Dialect("martif", "martifHeader", "termEntry", "langSet", "tig", "")


def _tbx(entries: Iterable[Entry], dialect: _Dialect) -> str:
    if dialect.ns:
        ET.register_namespace("", dialect.ns)
        root = ET.Element(f"{{{dialect.ns}}}{dialect.root}")
        root.attrib.update({"type": "TBX-Basic", "style": "dca", _XML_LANG: "en"})
    else:
        root = ET.Element(dialect.root, {"type": "TBX-Basic", _XML_LANG: "en"})
    header = ET.SubElement(root, dialect.header)
    description = ET.SubElement(header, "fileDesc")
    if dialect is _V2:
        _child(ET.SubElement(description, "titleStmt"), "title", "indoru glossary")
    source = ET.SubElement(ET.SubElement(description, "sourceDesc"), "p")
    source.text = "indoru Hindi–English defence and diplomacy glossary (MIT licence)"
    if dialect is _V2:  # the constraints a TBX v2 file names (ISO 30042:2008)
        _child(ET.SubElement(header, "encodingDesc"), "p", "TBXBasicXCSV02.xcs", type="XCSURI")
    body = ET.SubElement(ET.SubElement(root, "text"), "body")
    for entry in entries:
        concept = ET.SubElement(body, dialect.entry, {"id": entry.id})
        _child(concept, "descrip", entry.domain, type="subjectField")
        if entry.category:
            _child(concept, "note", _CATEGORY_NOTE + entry.category)
        if entry.note:
            _child(concept, "note", entry.note)
        if entry.source:
            _child(concept, "admin", entry.source, type="source")
        for related in entry.related:
            ET.SubElement(
                concept, "ref", {"type": "crossReference", "target": related}
            ).text = related
        short = acronyms(entry)
        for lang, forms, definition in (
            ("en", entry.en_forms, entry.definition),
            ("hi", entry.hi_forms, entry.hi_definition),
        ):
            section = ET.SubElement(concept, dialect.lang, {_XML_LANG: lang})
            if definition:
                _child(section, "descrip", definition, type="definition")
            for number, form in enumerate(forms):
                term = ET.SubElement(section, dialect.term)
                _child(term, "term", form)
                kind = "acronym" if form in short else "fullForm" if number == 0 else "variant"
                _child(term, "termNote", kind, type="termType")
                status = entry.status if number == 0 else "admitted"
                _child(term, "termNote", _STATUS[status], type="administrativeStatus")
                if form in entry.shared:
                    _child(term, "note", _SHARED_NOTE)
    ET.indent(root)
    models = "".join(model + "\n" for model in XML_MODELS) if dialect is _V3 else ""
    declaration = '<?xml version="1.0" encoding="UTF-8"?>\n'
    return declaration + models + ET.tostring(root, encoding="unicode") + "\n"


def _child(parent: ET.Element, tag: str, text: str, **attributes: str) -> ET.Element:
    element = ET.SubElement(parent, tag, attributes)
    element.text = text
    return element


# --- reading back ----------------------------------------------------------------------

# One record read from a file: where it is, its schema fields (None if it could not be
# read as an entry at all), and what is wrong with it before the schema checks.
_Row = tuple[str, dict[str, str] | None, list[Problem]]


def parse(text: str, name: str, fmt: str) -> tuple[list[Entry], list[Problem]]:
    """Entries from an export in ``fmt`` (csv, json, tbx, tbx2), checked like the TSV schema.
    A TBX file is read as v3 or v2 by its root element, whichever ``fmt`` names; a byte
    order mark at the start is skipped.

    Never raises on bad content: every fault is a :class:`Problem` naming ``file:line``
    (``file: entry N`` in JSON, ``file: conceptEntry N`` or ``termEntry N`` in TBX) and
    the reason."""
    readers = {"csv": _csv_rows, "json": _json_rows, "tbx": _tbx_rows, "tbx2": _tbx_rows}
    if fmt not in readers:
        raise ValueError(f"unknown glossary format {fmt!r}")
    entries, problems = [], []
    rows, file_problems = readers[fmt](text.removeprefix(BOM), name)
    problems += file_problems
    for origin, fields, found in rows:
        problems += found
        if fields is None or found:
            continue
        entry, found = entry_from_fields(fields, origin)
        problems += found
        if entry:
            entries.append(entry)
    return entries, problems


def _csv_rows(text: str, name: str) -> tuple[list[_Row], list[Problem]]:
    # newline="": a row may end at LF, CRLF or a lone CR, and a quoted field may hold
    # line breaks (reported later, with the row's first line).
    reader = csv.reader(io.StringIO(text, newline=""))
    rows: list[_Row] = []
    header: list[str] | None = None
    limit = csv.field_size_limit()
    csv.field_size_limit(max(limit, len(text) + 1))  # a field is as long as the file
    try:
        while True:
            line = reader.line_num + 1
            try:
                row = next(reader, None)
            except csv.Error as error:
                return rows, [Problem(f"{name}:{line}", f"not a readable CSV row: {error}")]
            if row is None:
                break
            if header is None:
                header = row
                if tuple(header) not in (COLUMNS, LEGACY_COLUMNS):
                    return [], [Problem(f"{name}:1", f"header must be: {','.join(COLUMNS)}")]
                continue
            if not row:  # a blank line
                continue
            origin = f"{name}:{line}"
            if len(row) != len(header):
                rows.append((origin, None, [Problem(origin, field_count(len(row), len(header)))]))
                continue
            rows.append((origin, dict(zip(header, row, strict=True)), []))
    finally:
        csv.field_size_limit(limit)
    if header is None:
        return [], [Problem(f"{name}:1", f"header must be: {','.join(COLUMNS)}")]
    return rows, []


def _marked(forms: Iterable[str], shared: Iterable[str]) -> str:
    marks = set(shared)
    return SEPARATOR.join(AMBIGUOUS + f if f in marks else f for f in forms)


_JSON_TEXT = ("id", "en", "hi", "category", "domain", "definition", "hi_definition", "note",
              "source", "status", "romanized")  # fmt: skip
_JSON_LISTS = ("en_variants", "hi_variants", "related", "shared")
_JSON_KEYS = frozenset((*_JSON_TEXT, *_JSON_LISTS))


class _Object(dict[str, object]):
    """A JSON object that remembers the keys given more than once (the last would win)."""

    repeated: list[str]


def _object(pairs: list[tuple[str, object]]) -> _Object:
    result = _Object(pairs)
    result.repeated = []
    if len(result) < len(pairs):
        seen: set[str] = set()
        for key, _ in pairs:
            if key in seen:
                result.repeated.append(key)
            seen.add(key)
    return result


def _json_type(value: object) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return "a number"
    if isinstance(value, str):
        return "a string"
    if isinstance(value, list):
        return "an array"
    return "an object"


def _json_rows(text: str, name: str) -> tuple[list[_Row], list[Problem]]:
    try:
        data = json.loads(text, object_pairs_hook=_object)
    except json.JSONDecodeError as error:
        return [], [Problem(f"{name}:{error.lineno}", f"not valid JSON: {error.msg}")]
    except RecursionError:
        return [], [Problem(name, "not a readable JSON glossary: nested too deeply")]
    except ValueError as error:  # e.g. an integer too long to convert
        return [], [Problem(name, f"not a readable JSON glossary: {error}")]
    if not isinstance(data, list):
        return [], [Problem(name, f"expected a JSON array of entries, not {_json_type(data)}")]
    return [_json_row(item, f"{name}: entry {n}") for n, item in enumerate(data, 1)], []


def _json_row(item: object, origin: str) -> _Row:
    if not isinstance(item, _Object):
        return origin, None, [Problem(origin, f"expected an object, not {_json_type(item)}")]
    problems = [Problem(origin, f"key {key!r} given more than once") for key in item.repeated]
    problems += [Problem(origin, f"unknown field {key!r}") for key in item if key not in _JSON_KEYS]
    text: dict[str, str] = {}
    lists: dict[str, list[str]] = {}
    for key in _JSON_TEXT:
        value = item.get(key, "")
        if isinstance(value, str):
            text[key] = value
        else:
            problems.append(Problem(origin, f"field {key!r} is {_json_type(value)}, not a string"))
    for key in _JSON_LISTS:
        value = item.get(key, [])
        if not isinstance(value, list):
            problems.append(
                Problem(origin, f"field {key!r} is {_json_type(value)}, not an array of strings")
            )
            continue
        for number, part in enumerate(value, 1):
            if not isinstance(part, str):
                problems.append(
                    Problem(
                        origin,
                        f"item {number} of field {key!r} is {_json_type(part)}, not a string",
                    )
                )
        lists[key] = [part for part in value if isinstance(part, str)]
    if problems:
        return origin, None, problems
    for key, forms in (("en", [text["en"]]), ("hi", [text["hi"]]),
                       ("en_variants", lists["en_variants"]),
                       ("hi_variants", lists["hi_variants"])):  # fmt: skip
        if key in ("en", "hi") and not forms[0]:
            continue  # reported as an empty required field
        problems += [
            Problem(origin, f"{reason} in field {key!r}")
            for reason in map(form_problem, forms)
            if reason
        ]
    problems += [
        Problem(origin, f"related id {related!r} contains '|'")
        for related in lists["related"]
        if SEPARATOR.strip() in related
    ]
    every = {text["en"], text["hi"], *lists["en_variants"], *lists["hi_variants"]}
    problems += [
        Problem(origin, f"shared form {form!r} is none of the entry's terms")
        for form in lists["shared"]
        if form not in every
    ]
    fields = {column: text.get(column, "") for column in COLUMNS}
    shared = lists["shared"]
    fields["en"] = _marked([text["en"]], shared)
    fields["hi"] = _marked([text["hi"]], shared)
    fields["en_variants"] = _marked(lists["en_variants"], shared)
    fields["hi_variants"] = _marked(lists["hi_variants"], shared)
    fields["related"] = SEPARATOR.join(lists["related"])
    return origin, fields, problems


def _tbx_rows(text: str, name: str) -> tuple[list[_Row], list[Problem]]:
    try:
        root = ET.fromstring(text)
    except ET.ParseError as error:
        line = error.position[0] if getattr(error, "position", None) else 0
        where = f"{name}:{line}" if line else name
        return [], [Problem(where, f"not valid XML: {error}")]
    except (ValueError, RecursionError) as error:
        return [], [Problem(name, f"not a readable TBX glossary: {error or 'nested too deeply'}")]
    dialect = _V2 if root.tag == _V2.root else _V3
    names = _Names(dialect)
    rows = [
        _tbx_row(concept, f"{name}: {dialect.entry} {number}", names)
        for number, concept in enumerate(root.iterfind(f".//{names.entry}"), start=1)
    ]
    return rows, []


class _Names:
    """The qualified element names of a TBX dialect, for ElementTree's find."""

    def __init__(self, dialect: _Dialect) -> None:
        prefix = f"{{{dialect.ns}}}" if dialect.ns else ""
        self.entry = prefix + dialect.entry
        self.lang = prefix + dialect.lang
        self.term_section = prefix + dialect.term
        self.descrip = prefix + "descrip"
        self.admin = prefix + "admin"
        self.ref = prefix + "ref"
        self.note = prefix + "note"
        self.term = prefix + "term"
        self.term_note = prefix + "termNote"


def _tbx_row(concept: ET.Element, origin: str, n: _Names) -> _Row:
    problems: list[Problem] = []
    fields = dict.fromkeys(COLUMNS, "")
    fields["id"] = concept.get("id", "")
    fields["domain"] = _text(concept.find(f"{n.descrip}[@type='subjectField']"))
    fields["source"] = _text(concept.find(f"{n.admin}[@type='source']"))
    refs = concept.iterfind(f"{n.ref}[@type='crossReference']")
    related = [ref.get("target", "") for ref in refs]
    problems += [
        Problem(origin, f"related id {r!r} contains '|'") for r in related if SEPARATOR.strip() in r
    ]
    fields["related"] = SEPARATOR.join(related)
    # The first note that names the category is the category (written first, so that a
    # note of the user's own that starts with the same words still reads back).
    notes = []
    for note in concept.iterfind(n.note):
        value = _text(note)
        if not fields["category"] and value.startswith(_CATEGORY_NOTE):
            fields["category"] = value[len(_CATEGORY_NOTE) :]
        else:
            notes.append(value)
    if len(notes) > 1:
        problems.append(Problem(origin, f"{len(notes)} notes (an entry has one)"))
    fields["note"] = notes[0] if notes else ""
    seen: set[str] = set()
    for section in concept.iterfind(n.lang):
        lang = section.get(_XML_LANG, "")
        if lang not in ("en", "hi") or lang in seen:
            where = n.lang.rpartition("}")[2]
            problems.append(
                Problem(origin, f"a {where} for {lang!r} (only one 'en' and one 'hi' are read)")
            )
            continue
        seen.add(lang)
        definition = _text(section.find(f"{n.descrip}[@type='definition']"))
        fields["definition" if lang == "en" else "hi_definition"] = definition
        forms, shared = [], []
        for term in section.iterfind(n.term_section):
            form = _text(term.find(n.term))
            reason = form_problem(form)
            if reason:
                problems.append(
                    Problem(origin, f"{reason} in the {lang!r} {n.lang.rpartition('}')[2]}")
                )
            forms.append(form)
            if any(_text(note) == _SHARED_NOTE for note in term.iterfind(n.note)):
                shared.append(form)
            if len(forms) == 1:
                status = _text(term.find(f"{n.term_note}[@type='administrativeStatus']"))
                known = [k for k, v in _STATUS.items() if v == status]
                if status and not known:
                    problems.append(Problem(origin, f"unknown administrativeStatus {status!r}"))
                fields["status"] = known[0] if known else ""
        if forms:
            fields[lang] = _marked(forms[:1], shared)
            fields[f"{lang}_variants"] = _marked(forms[1:], shared)
    return origin, fields, problems


def _text(element: ET.Element | None) -> str:
    return (element.text or "").strip() if element is not None else ""
