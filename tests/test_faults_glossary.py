"""User-glossary loaders under bad input, and export that never writes what cannot be read.

Issue 8, defects 8, 12, 14 (plain-TSV ids), 15 (export modes, JSON messages, check on an
unreadable file, short CSV rows), and a hypothesis suite over every loader: arbitrary
text or bytes give problems or a GlossaryError naming the place, never a crash, and every
export reads back to the same entries.
"""

from __future__ import annotations

import json
import os
import re
import stat
import tempfile
import time
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from indoru import interchange
from indoru.errors import IndoruError
from indoru.glossary import (
    CATEGORIES,
    COLUMNS,
    DOMAINS,
    STATUSES,
    Entry,
    GlossaryError,
    Problem,
    form_problem,
    parse_tsv,
)
from indoru.store import check, parse_file, read_user_glossary

from conftest import run_cli

CSV_HEADER = ",".join(COLUMNS)
TSV_HEADER = "\t".join(COLUMNS)
ROW = {
    "id": "my-term",
    "en": "My term",
    "hi": "मेरा शब्द",
    "category": "military-term",
    "domain": "defence",
    "definition": "A term of my own.",
}


def _json_file(tmp_path: Path, *items: object, name: str = "mine.json") -> Path:
    path = tmp_path / name
    path.write_text(json.dumps(list(items), ensure_ascii=False), encoding="utf-8")
    return path


def _refused(path: Path, *, commands: bool = False) -> str:
    """The one-line refusal of a user glossary; with ``commands``, as every command that
    takes -g gives it (exit 3), and `glossary check` listing the problems (exit 3)."""
    with pytest.raises(GlossaryError) as refusal:
        read_user_glossary(path)
    message = f"indoru: error: {refusal.value}\n"
    assert "\n" not in str(refusal.value)
    assert "nothing of" in message
    assert check([path])[1], "check lists the problems"
    if not commands:
        return message
    for args in (
        ("glossary", "S-400", "-g", str(path)),
        ("glossary", "export", "-f", "json", "-g", str(path)),
        ("terms", "-g", str(path)),
    ):
        result = run_cli(*args, input="एस-400\n")
        assert result.exit_code == 3, (args, result.stderr)
        assert result.stdout == ""
        assert result.stderr == message
    checked = run_cli("glossary", "check", str(path))
    assert checked.exit_code == 3
    assert checked.stdout.strip(), "check lists the problems"
    return message


# --- defect 8: the loaders ---------------------------------------------------------------


def test_csv_with_cr_line_ends_loads(tmp_path: Path) -> None:
    row = "my-term,My term,,मेरा शब्द,,military-term,defence,A term of my own.,,,,,"
    path = tmp_path / "mac.csv"
    path.write_bytes(f"{CSV_HEADER}\r{row}\r".encode())
    (entry,) = read_user_glossary(path)
    assert (entry.id, entry.definition, entry.origin) == (
        "my-term",
        "A term of my own.",
        f"{path}:2",
    )
    assert run_cli("glossary", "check", str(path)).exit_code == 0


def test_csv_with_a_bare_cr_inside_a_row_is_refused_with_its_line(tmp_path: Path) -> None:
    path = tmp_path / "cr.csv"
    row = "my-term,My term\r,,मेरा शब्द,,military-term,defence,A term of my own.,,,,,"
    path.write_bytes(f"{CSV_HEADER}\n{row}\n".encode())
    assert f"{path}:2: 2 fields, expected 13" in _refused(path, commands=True)


def test_csv_quoted_line_break_is_reported_not_kept(tmp_path: Path) -> None:
    path = tmp_path / "quoted.csv"
    row = 'my-term,My term,,मेरा शब्द,,military-term,defence,"Two\rlines",,,,,'
    path.write_bytes(f"{CSV_HEADER}\n{row}\n".encode())
    assert f"{path}:2: tab or line break inside field 'definition'" in _refused(path)


def test_csv_field_longer_than_the_csv_module_limit_loads_whole(tmp_path: Path) -> None:
    definition = "x" * 140_000
    path = tmp_path / "long.csv"
    path.write_text(
        f"{CSV_HEADER}\nmy-term,My term,,मेरा शब्द,,military-term,defence,{definition},,,,,\n",
        encoding="utf-8",
    )
    (entry,) = read_user_glossary(path)
    assert entry.definition == definition


def test_short_csv_row_names_its_line(tmp_path: Path) -> None:
    path = tmp_path / "short.csv"
    path.write_text(f"{CSV_HEADER}\nmy-term,My term,,मेरा शब्द\n", encoding="utf-8")
    message = _refused(path)
    assert f"{path}:2: 4 fields, expected 13" in message
    assert "zip()" not in message


@pytest.mark.parametrize("item", [1, "text", None, [ROW], True])
def test_json_array_of_non_objects(tmp_path: Path, item: object) -> None:
    path = _json_file(tmp_path, ROW, item)
    assert f"{path}: entry 2: expected an object, not " in _refused(
        path, commands=type(item) is int
    )


@pytest.mark.parametrize("term", ["|", "~", "~ ", "a | b", "~~x"])
@pytest.mark.parametrize("fmt", ["json", "tsv", "csv"])
def test_en_that_is_a_separator_or_a_mark_is_refused(tmp_path: Path, term: str, fmt: str) -> None:
    values = {column: ROW.get(column, "") for column in COLUMNS} | {"en": term}
    path = tmp_path / f"odd.{fmt}"
    if fmt == "json":
        _json_file(tmp_path, ROW | {"en": term}, name=path.name)
    elif fmt == "tsv":
        path.write_text(TSV_HEADER + "\n" + "\t".join(values.values()) + "\n", encoding="utf-8")
    else:
        path.write_text(CSV_HEADER + "\n" + ",".join(values.values()) + "\n", encoding="utf-8")
    message = _refused(path, commands=(term, fmt) == ("|", "json"))
    assert "'en'" in message
    where = f"{path}: entry 1" if fmt == "json" else f"{path}:2"
    assert message.startswith(f"indoru: error: {where}: ")


def test_json_string_where_a_list_belongs_is_not_split_into_characters(tmp_path: Path) -> None:
    path = _json_file(tmp_path, ROW | {"en": "S", "en_variants": "S400"})
    message = _refused(path, commands=True)
    assert "field 'en_variants' is a string, not an array of strings" in message
    _, problems = parse_file(path)
    assert len(problems) == 1


@pytest.mark.parametrize(
    ("value", "said"),
    [(None, "is null"), (3, "is a number"), (True, "is true"), ({"a": 1}, "is an object")],
)
def test_json_wrong_types_are_named_in_json_terms(tmp_path: Path, value: object, said: str) -> None:
    message = _refused(_json_file(tmp_path, ROW | {"definition": value}))
    assert f"field 'definition' {said}, not a string" in message
    assert "missing" not in message
    assert not re.search(r"\ba int\b|NoneType|str instance", message)


def test_json_list_items_and_keys(tmp_path: Path) -> None:
    path = _json_file(tmp_path, ROW | {"hi_variants": ["मेरा", 4], "defintion": "typo"})
    _, problems = parse_file(path)
    reasons = {p.reason for p in problems}
    assert "item 2 of field 'hi_variants' is a number, not a string" in reasons
    assert "unknown field 'defintion'" in reasons
    path.write_text(
        '[{"id": "a", "id": "b", "en": "x", "hi": "क", "category": "place",'
        ' "domain": "defence", "definition": "d"}]',
        encoding="utf-8",
    )
    assert [p.reason for p in parse_file(path)[1]] == ["key 'id' given more than once"]


@pytest.mark.parametrize(
    "text",
    ["", "[", "{}", "null", "[" * 100_000 + "]" * 100_000, '[{"id": 1' + "0" * 5000 + "}]"],
    ids=["empty", "truncated", "object", "null", "deep", "huge-int"],
)
def test_json_that_is_no_glossary(tmp_path: Path, text: str) -> None:
    path = tmp_path / "bad.json"
    path.write_text(text, encoding="utf-8")
    _refused(path)


def test_tbx_that_is_no_xml_names_its_line(tmp_path: Path) -> None:
    path = tmp_path / "bad.tbx"
    path.write_text("<tbx>\n<text>\n</tbx>\n", encoding="utf-8")
    assert f"{path}:3: not valid XML" in _refused(path)


def test_check_on_an_unreadable_file_exits_3(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Root reads anything, so unreadability is simulated where it is seen: os.access
    (which click consulted, exiting 2) and open."""
    path = tmp_path / "locked.tsv"
    path.write_text("मेरा\tmine\n", encoding="utf-8")
    import builtins

    import indoru.reading

    real_access, real_open = os.access, builtins.open

    def access(name: Any, mode: int, **kwargs: Any) -> bool:
        return False if str(name) == str(path) else real_access(name, mode, **kwargs)

    def refuse(name: Any, *args: Any, **kwargs: Any) -> Any:
        if str(name) == str(path):
            raise PermissionError(13, "Permission denied")
        return real_open(name, *args, **kwargs)

    monkeypatch.setattr(os, "access", access)
    monkeypatch.setattr(indoru.reading, "open", refuse, raising=False)
    result = run_cli("glossary", "check", str(path))
    assert result.exit_code == 3
    assert result.stderr == f"indoru: error: {path}: permission denied\n"


def test_problem_lines_show_an_undecodable_file_name() -> None:
    problem = Problem("\udcff.json: entry 1", "field 'en' is null, not a string")
    assert str(problem) == "\\xff.json: entry 1: field 'en' is null, not a string"
    str(problem).encode("utf-8")


# --- defect 12: control characters -------------------------------------------------------


@pytest.mark.parametrize("char", ["\x01", "\x1b", "\x7f", "\x9b", "\ufffe", "\ud800"])
@pytest.mark.parametrize("fmt", ["json", "tsv", "csv"])
def test_control_characters_are_reported_and_refused(tmp_path: Path, char: str, fmt: str) -> None:
    values = {column: ROW.get(column, "") for column in COLUMNS}
    values["note"] = f"a{char}b"
    path = tmp_path / f"ctl.{fmt}"
    if fmt == "json":  # json.dumps writes \ud800 as an escape, which json.loads accepts
        path.write_text(json.dumps([ROW | {"note": values["note"]}]), encoding="utf-8")
    elif char == "\ud800":
        pytest.skip("a lone surrogate cannot be written as UTF-8 text")
    elif fmt == "tsv":
        path.write_text(TSV_HEADER + "\n" + "\t".join(values.values()) + "\n", encoding="utf-8")
    else:
        path.write_text(CSV_HEADER + "\n" + ",".join(values.values()) + "\n", encoding="utf-8")
    message = _refused(path, commands=char == "\x1b" and fmt == "csv")
    assert f"U+{ord(char):04X} in field 'note'" in message
    checked = run_cli("glossary", "check", str(path)).stdout
    assert f"U+{ord(char):04X} in field 'note'" in checked


def test_plain_tsv_control_characters_are_refused(tmp_path: Path) -> None:
    path = tmp_path / "plain.tsv"
    path.write_text("मेरा\tmine\x1b]0;title\x07\n", encoding="utf-8")
    assert f"{path}:1: control character U+001B in field 'column 2'" in _refused(path)


def test_export_never_writes_an_unreadable_tbx(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """An entry built in Python (files cannot bring one in): refused, exit 3, no file."""
    bad = Entry("bad", "bad\x01term", "ख़राब", category="place", domain="defence", definition="d")
    with pytest.raises(GlossaryError, match=r"cannot export entry 'bad'.*U\+0001 in field 'en'"):
        interchange.export([bad], "tbx")
    import indoru.store

    monkeypatch.setattr(indoru.store, "load_index", lambda *a, **k: SimpleNamespace(entries=[bad]))
    target = tmp_path / "out.tbx"
    for fmt in interchange.FORMATS:
        result = run_cli("glossary", "export", "-f", fmt, "-o", str(target))
        assert result.exit_code == 3
        assert result.stderr.startswith("indoru: error: cannot export entry 'bad'")
        assert not target.exists()


# --- defect 14: plain-TSV ids ------------------------------------------------------------


def test_plain_tsv_ids_are_linear_and_unchanged() -> None:
    rows = 6000  # the old id search took about 6 s here; now about 0.1 s
    text = "".join(f"शब्द{n}\tsame term\n" for n in range(rows))
    started = time.perf_counter()
    entries, problems = parse_tsv(text, "x.tsv")
    elapsed = time.perf_counter() - started
    assert not problems
    assert [e.id for e in entries[:3]] == ["user-same-term", "user-same-term-2", "user-same-term-3"]
    assert len({e.id for e in entries}) == rows
    assert elapsed < 2.0, f"{elapsed:.2f} s for {rows} rows"


def test_plain_tsv_ids_never_collide_with_a_numbered_english() -> None:
    text = "क\tfoo\nख\tfoo 2\nग\tfoo\nघ\tfoo\nङ\tfoo 2\nच\t" + "a" * 59 + " b\n"
    entries, problems = parse_tsv(text, "x.tsv")
    assert not problems
    ids = [e.id for e in entries]
    assert ids[:5] == ["user-foo", "user-foo-2", "user-foo-3", "user-foo-4", "user-foo-2-2"]
    assert all(re.fullmatch(r"[a-z0-9]+(?:-[a-z0-9]+)*", i) for i in ids), ids


# --- defect 15: export -o ----------------------------------------------------------------


def test_export_keeps_the_mode_of_an_existing_file(tmp_path: Path) -> None:
    target = tmp_path / "out.json"
    target.write_text("old\n", encoding="utf-8")
    target.chmod(0o644)
    assert run_cli("glossary", "export", "-f", "json", "-o", str(target)).exit_code == 0
    assert stat.S_IMODE(target.stat().st_mode) == 0o644
    assert target.read_text(encoding="utf-8").startswith("[")


def test_export_writes_through_a_symlink(tmp_path: Path) -> None:
    real = tmp_path / "real.json"
    real.write_text("old\n", encoding="utf-8")
    real.chmod(0o640)
    link = tmp_path / "link.json"
    link.symlink_to(real.name)
    interchange.write_atomically(link, "new\n")
    assert link.is_symlink()
    assert real.read_text(encoding="utf-8") == "new\n"
    assert stat.S_IMODE(real.stat().st_mode) == 0o640
    assert sorted(p.name for p in tmp_path.iterdir()) == ["link.json", "real.json"]
    dangling = tmp_path / "dangling.json"
    dangling.symlink_to("target.json")
    interchange.write_atomically(dangling, "made\n")
    assert dangling.is_symlink()
    assert (tmp_path / "target.json").read_text(encoding="utf-8") == "made\n"


def test_export_to_a_new_file_honours_the_umask(tmp_path: Path) -> None:
    old = os.umask(0o027)
    try:
        interchange.write_atomically(tmp_path / "new.json", "new\n")
        os.umask(0o002)
        interchange.write_atomically(tmp_path / "open.json", "new\n")
    finally:
        os.umask(old)
    assert stat.S_IMODE((tmp_path / "new.json").stat().st_mode) == 0o640
    assert stat.S_IMODE((tmp_path / "open.json").stat().st_mode) == 0o664


# --- fuzz: no loader crashes -------------------------------------------------------------

FUZZ = settings(
    max_examples=int(os.environ.get("INDORU_FUZZ_EXAMPLES", "60")),
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
)
# Text that leans towards the characters the loaders treat specially.
_SPECIAL = "\t\n\r,\"'|~<>&[]{}:;\\ \x00\x1b\x85\u2028\ufeff\ufffe" + "कखअ़्ािीं"
_TEXTY = st.text(
    st.one_of(st.sampled_from(_SPECIAL), st.characters(codec="utf-8"), st.characters()),
    max_size=300,
)


def _assert_only_problems(entries: list[Entry], problems: list[Problem], name: str) -> None:
    for problem in problems:
        assert problem.origin.startswith(name), problem
        str(problem).encode("utf-8")  # printable whatever the input
    assert all(isinstance(e, Entry) for e in entries)


@FUZZ
@given(_TEXTY, st.sampled_from(["tsv", "csv", "json", "tbx"]), st.booleans())
def test_any_text_gives_problems_not_crashes(text: str, fmt: str, with_header: bool) -> None:
    if with_header and fmt in ("tsv", "csv"):
        text = (TSV_HEADER if fmt == "tsv" else CSV_HEADER) + "\n" + text
    if fmt == "tsv":
        entries, problems = parse_tsv(text, "f.tsv")
    else:
        entries, problems = interchange.parse(text, f"f.{fmt}", fmt)
    _assert_only_problems(entries, problems, f"f.{fmt}")


_JSON_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | _TEXTY,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(_TEXTY, inner, max_size=4),
    max_leaves=12,
)
_JSON_ENTRY = st.fixed_dictionaries(
    {}, optional=dict.fromkeys((*COLUMNS, "shared", "romanized"), _JSON_VALUES | _TEXTY)
)


@FUZZ
@given(st.lists(st.one_of(_JSON_ENTRY, _JSON_VALUES), max_size=4))
def test_any_json_gives_problems_not_crashes(data: list[object]) -> None:
    entries, problems = interchange.parse(json.dumps(data), "f.json", "json")
    _assert_only_problems(entries, problems, "f.json")


@FUZZ
@given(st.binary(max_size=400), st.sampled_from([".tsv", ".csv", ".json", ".tbx", ".txt"]))
def test_any_bytes_give_a_one_line_error_or_entries(data: bytes, suffix: str) -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / f"g{suffix}"
        path.write_bytes(data)
        message = ""
        try:
            read_user_glossary(path)
        except IndoruError as error:
            message = str(error)
        assert "\n" not in message
        assert message.startswith(str(path)) or not message
        problems = check([path])[1] if _readable(path) else []
        _assert_only_problems([], problems, str(path))


def _readable(path: Path) -> bool:
    try:
        parse_file(path)
    except IndoruError:
        return False
    return True


# --- fuzz: round trips -------------------------------------------------------------------

_CLEAN = st.characters(
    blacklist_categories=("Cc", "Cs"), blacklist_characters="\ufffe\uffff\u2028\u2029"
)
_FIELD = st.text(_CLEAN, max_size=20).map(str.strip)
_FORM = (
    st.text(_CLEAN, min_size=1, max_size=12)
    .map(str.strip)
    .filter(lambda form: form_problem(form) is None)
)
_HINDI = st.builds(lambda a, b: f"{a.lstrip('~')}क{b}".strip(), _FIELD, _FIELD).map(
    lambda form: form.replace("|", "")
)
_ID = st.from_regex(r"[a-z0-9]{1,6}(-[a-z0-9]{1,4}){0,2}", fullmatch=True)


@st.composite
def _entries(draw: st.DrawFn) -> list[Entry]:
    entries = []
    for ident in draw(st.lists(_ID, unique=True, min_size=1, max_size=4)):
        en_variants = tuple(draw(st.lists(_FORM, max_size=3)))
        hi_variants = tuple(draw(st.lists(_HINDI, max_size=3)))
        en, hi = draw(_FORM), draw(_HINDI)
        forms = [en, hi, *en_variants, *hi_variants]
        entries.append(
            Entry(
                id=ident,
                en=en,
                hi=hi,
                en_variants=en_variants,
                hi_variants=hi_variants,
                category=draw(st.sampled_from(CATEGORIES)),
                domain=draw(st.sampled_from(DOMAINS)),
                definition=draw(_FIELD.filter(bool)),
                hi_definition=draw(_FIELD),
                note=draw(_FIELD | st.just("indoru-category: place")),
                source=draw(_FIELD),
                status=draw(st.sampled_from(STATUSES)),
                related=tuple(draw(st.lists(_ID, max_size=2))),
                shared=frozenset(draw(st.sets(st.sampled_from(forms), max_size=2))),
            )
        )
    return entries


def _same(entries: list[Entry]) -> list[Entry]:
    return [entry._replace(origin="") for entry in entries]


@FUZZ
@given(_entries(), st.sampled_from(["tbx", "csv", "json", "schema-tsv"]))
def test_every_export_reads_back_the_same_entries(entries: list[Entry], fmt: str) -> None:
    if fmt == "schema-tsv":  # the built-in files' format, written by Entry.row
        text = TSV_HEADER + "\n" + "".join("\t".join(e.row()) + "\n" for e in entries)
        back, problems = parse_tsv(text, "f.tsv")
    else:
        back, problems = interchange.parse(interchange.export(entries, fmt), "f", fmt)
    assert problems == []
    assert _same(back) == _same(entries)


@FUZZ
@given(_entries())
def test_omegat_export_reads_back_its_pairs(entries: list[Entry]) -> None:
    """A plain TSV line starting with '#' is a comment, so such Hindi is left out."""
    entries = [e._replace(hi_variants=()) for e in entries if not e.hi.startswith("#")]
    entries = [e for e in entries if not any(hi.startswith("#") for hi in e.hi_forms)]
    back, problems = parse_tsv(interchange.export(entries, "tsv"), "f.tsv")
    assert problems == []
    assert [(e.hi, e.en) for e in back] == [(hi, e.en) for e in entries for hi in e.hi_forms]


_TRICKY = ["", " ", "|", "~", "~x", "a | b", "a|", "~ a | ~b", "a\rb", "a\r\nb", "a\x0cb", "a\x1bb",
           "\u2028", '"', "a,b", "<&>", "\ufeffx", "x" * 140_000]  # fmt: skip
_SANE = {**ROW, "en_variants": "S400 | ~SA-21", "hi_variants": "एस 400", "status": "admitted",
         "related": "s-400"}  # fmt: skip


@FUZZ
@given(
    st.dictionaries(st.sampled_from(COLUMNS), st.sampled_from(_TRICKY) | _TEXTY, max_size=4),
    st.sampled_from(["tsv", "csv", "json"]),
)
def test_a_row_loads_as_given_or_is_refused(changes: dict[str, str], fmt: str) -> None:
    """Schema rows with tricky values in a few fields: never a crash, and an entry that
    loads has exactly the values given (trimmed), never a silently altered one."""
    values = {column: _SANE.get(column, "") for column in COLUMNS} | changes
    if fmt == "tsv":
        text = TSV_HEADER + "\n" + "\t".join(values.values()) + "\n"
        entries, problems = parse_tsv(text, "f")
    elif fmt == "csv":
        import csv
        import io

        buffer = io.StringIO()
        csv.writer(buffer, lineterminator="\n").writerows([COLUMNS, list(values.values())])
        entries, problems = interchange.parse(buffer.getvalue(), "f", "csv")
    else:
        record: dict[str, object] = dict(values)
        for key in ("en_variants", "hi_variants", "related"):
            record[key] = [part.strip() for part in values[key].split("|") if part.strip()]
        record["shared"] = []
        entries, problems = interchange.parse(json.dumps([record]), "f", "json")
    _assert_only_problems(entries, problems, "f")
    if not problems:  # (with any problem, the loaders refuse the whole file)
        (entry,) = entries
        row = dict(zip(COLUMNS, entry.row(), strict=True))
        for column in ("id", "category", "domain", "definition", "hi_definition", "note",
                       "source"):  # fmt: skip
            assert row[column] == values[column].strip(), column
        if fmt != "json":  # (JSON lists were made from the values above)
            for column in ("en", "hi", "en_variants", "hi_variants"):
                given_forms = [
                    re.sub(r"^~\s*", "~", f.strip()) for f in values[column].split("|") if f.strip()
                ]
                assert row[column].split(" | ") == given_forms or not given_forms, column
