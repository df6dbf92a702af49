"""Glossary exchange formats: TBX-Basic (TBX v3), OmegaT TSV, CSV and JSON, both ways.

* TBX: ISO 30042:2019, dialect TBX-Basic (``style="dca"``), written with the standard
  library's ElementTree. One ``conceptEntry`` per entry, an ``en`` and a ``hi`` language
  section; the preferred term has ``administrativeStatus`` preferred/admitted/deprecated,
  variants are ``admittedTerm`` with ``termType`` variant; domain is ``subjectField``;
  the category, the source and the ``~`` shared-form marks travel as notes and admin data.
* OmegaT: UTF-8 TSV ``source<TAB>target<TAB>comment`` (Hindi, English, definition), one
  row per Hindi form so that OmegaT also finds the variants.
* CSV: the TSV schema's columns, for CAT tools that import CSV with a column mapping.
* JSON: one array of records with every field.

Every format but OmegaT's reads back to the same entries (the tests round-trip them).
"""

from __future__ import annotations

import csv
import io
import json
import os
import tempfile
from collections.abc import Iterable, Sequence
from pathlib import Path
from xml.etree import ElementTree as ET

from indoru.glossary import (
    AMBIGUOUS,
    COLUMNS,
    LEGACY_COLUMNS,
    SEPARATOR,
    Entry,
    Problem,
    entry_from_fields,
    entry_record,
)

FORMATS = ("tbx", "csv", "tsv", "json")
_XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
_TBX_NS = "urn:iso:std:iso:30042:ed-2"
_STATUS = {
    "preferred": "preferredTerm-admn-sts",
    "admitted": "admittedTerm-admn-sts",
    "deprecated": "deprecatedTerm-admn-sts",
}
_CATEGORY_NOTE = "indoru-category: "
_SHARED_NOTE = "indoru-shared-form"


def export(entries: Sequence[Entry], fmt: str) -> str:
    """The whole export as text."""
    if fmt == "json":
        return json.dumps([entry_record(e) for e in entries], ensure_ascii=False, indent=1) + "\n"
    if fmt == "csv":
        buffer = io.StringIO()
        writer = csv.writer(buffer, lineterminator="\n")
        writer.writerow(COLUMNS)
        writer.writerows(entry.row() for entry in entries)
        return buffer.getvalue()
    if fmt == "tsv":
        rows = [
            f"{hi}\t{entry.en}\t{entry.definition if hi == entry.hi else 'variant of ' + entry.hi}"
            for entry in entries
            for hi in entry.hi_forms
        ]
        return "".join(row + "\n" for row in rows)
    if fmt == "tbx":
        return _tbx(entries)
    raise ValueError(f"unknown export format {fmt!r}")


def write_atomically(path: Path, text: str) -> None:
    """Write a file whole or not at all: a temporary file, then a rename."""
    directory = path.parent if str(path.parent) else Path(".")
    handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", dir=directory)
    try:
        with os.fdopen(handle, "w", encoding="utf-8", newline="\n") as out:
            out.write(text)
            out.flush()
            os.fsync(out.fileno())
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def _tbx(entries: Iterable[Entry]) -> str:
    ET.register_namespace("", _TBX_NS)
    root = ET.Element(f"{{{_TBX_NS}}}tbx", {"type": "TBX-Basic", "style": "dca", _XML_LANG: "en"})
    header = ET.SubElement(ET.SubElement(root, "tbxHeader"), "fileDesc")
    source = ET.SubElement(ET.SubElement(header, "sourceDesc"), "p")
    source.text = "indoru Hindi–English defence and diplomacy glossary (MIT licence)"
    body = ET.SubElement(ET.SubElement(root, "text"), "body")
    for entry in entries:
        concept = ET.SubElement(body, "conceptEntry", {"id": entry.id})
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
        for lang, forms, definition in (
            ("en", entry.en_forms, entry.definition),
            ("hi", entry.hi_forms, entry.hi_definition),
        ):
            section = ET.SubElement(concept, "langSec", {_XML_LANG: lang})
            if definition:
                _child(section, "descrip", definition, type="definition")
            for number, form in enumerate(forms):
                term = ET.SubElement(section, "termSec")
                _child(term, "term", form)
                _child(term, "termNote", "fullForm" if number == 0 else "variant", type="termType")
                status = entry.status if number == 0 else "admitted"
                _child(term, "termNote", _STATUS[status], type="administrativeStatus")
                if form in entry.shared:
                    _child(term, "note", _SHARED_NOTE)
    ET.indent(root)
    declaration = '<?xml version="1.0" encoding="UTF-8"?>\n'
    return declaration + ET.tostring(root, encoding="unicode") + "\n"


def _child(parent: ET.Element, tag: str, text: str, **attributes: str) -> ET.Element:
    element = ET.SubElement(parent, tag, attributes)
    element.text = text
    return element


# --- reading back ----------------------------------------------------------------------


def parse(text: str, name: str, fmt: str) -> tuple[list[Entry], list[Problem]]:
    """Entries from an export in ``fmt`` (csv, json, tbx), checked like the TSV schema."""
    try:
        rows = {"csv": _csv_rows, "json": _json_rows, "tbx": _tbx_rows}[fmt](text, name)
    except (ValueError, KeyError, TypeError, ET.ParseError) as error:
        return [], [Problem(name, f"not a readable {fmt.upper()} glossary: {error}")]
    entries, problems = [], []
    for origin, fields in rows:
        entry, found = entry_from_fields(fields, origin)
        problems += found
        if entry:
            entries.append(entry)
    return entries, problems


def _csv_rows(text: str, name: str) -> list[tuple[str, dict[str, str]]]:
    reader = csv.reader(io.StringIO(text))
    header = next(reader, None)
    if header is None or tuple(header) not in (COLUMNS, LEGACY_COLUMNS):
        raise ValueError(f"header must be: {','.join(COLUMNS)}")
    return [
        (f"{name}:{reader.line_num}", dict(zip(header, row, strict=True))) for row in reader if row
    ]


def _marked(forms: Iterable[str], shared: Iterable[str]) -> str:
    marks = set(shared)
    return SEPARATOR.join(AMBIGUOUS + f if f in marks else f for f in forms)


def _json_rows(text: str, name: str) -> list[tuple[str, dict[str, str]]]:
    data = json.loads(text)
    if not isinstance(data, list):
        raise ValueError("expected a JSON array of entries")
    rows = []
    for number, item in enumerate(data, start=1):
        shared = item.get("shared", [])
        fields = {column: str(item.get(column, "") or "") for column in COLUMNS}
        fields["en"] = _marked([item["en"]], shared)
        fields["hi"] = _marked([item["hi"]], shared)
        fields["en_variants"] = _marked(item.get("en_variants", []), shared)
        fields["hi_variants"] = _marked(item.get("hi_variants", []), shared)
        fields["related"] = SEPARATOR.join(item.get("related", []))
        rows.append((f"{name}: entry {number}", fields))
    return rows


def _tbx_rows(text: str, name: str) -> list[tuple[str, dict[str, str]]]:
    root = ET.fromstring(text)
    ns = {"t": _TBX_NS}
    rows = []
    for number, concept in enumerate(root.iterfind(".//t:conceptEntry", ns), start=1):
        fields = dict.fromkeys(COLUMNS, "")
        fields["id"] = concept.get("id", "")
        fields["domain"] = _text(concept.find("t:descrip[@type='subjectField']", ns))
        fields["source"] = _text(concept.find("t:admin[@type='source']", ns))
        fields["related"] = SEPARATOR.join(
            ref.get("target", "") for ref in concept.iterfind("t:ref[@type='crossReference']", ns)
        )
        for note in concept.iterfind("t:note", ns):
            value = _text(note)
            if value.startswith(_CATEGORY_NOTE):
                fields["category"] = value[len(_CATEGORY_NOTE) :]
            else:
                fields["note"] = value
        for section in concept.iterfind("t:langSec", ns):
            lang = section.get(_XML_LANG, "")
            if lang not in ("en", "hi"):
                continue
            definition = _text(section.find("t:descrip[@type='definition']", ns))
            fields["definition" if lang == "en" else "hi_definition"] = definition
            forms, shared = [], []
            for term in section.iterfind("t:termSec", ns):
                form = _text(term.find("t:term", ns))
                forms.append(form)
                if any(_text(n) == _SHARED_NOTE for n in term.iterfind("t:note", ns)):
                    shared.append(form)
                if len(forms) == 1:
                    status = _text(term.find("t:termNote[@type='administrativeStatus']", ns))
                    fields["status"] = next((k for k, v in _STATUS.items() if v == status), "")
            if forms:
                fields[lang] = _marked(forms[:1], shared)
                fields[f"{lang}_variants"] = _marked(forms[1:], shared)
        rows.append((f"{name}: conceptEntry {number}", fields))
    return rows


def _text(element: ET.Element | None) -> str:
    return (element.text or "").strip() if element is not None else ""
