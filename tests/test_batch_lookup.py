"""Batch look-ups (`indoru glossary Q1 Q2 ...`, `indoru glossary -`, piped queries) and
`--search` ranked by relevance, as a translator or a script drives them."""

from __future__ import annotations

import io
import json
from typing import Any

import pytest

import indoru.store
from indoru.app import run
from indoru.cli import Environment
from indoru.lookup import SEARCH_RANKS, _SearchText, search_rank

from conftest import run_cli

QUERIES = ["S-400", "lavrov", "lavrof", "समझौतों", "jayshankar"]
IDS = ["s-400", "sergei-lavrov", "sergei-lavrov", "agreement", "s-jaishankar"]


def _jsonl(stdout: str) -> list[dict[str, Any]]:
    return [json.loads(line) for line in stdout.splitlines()]


def _single(query: str, *args: str) -> str:
    result = run_cli("glossary", query, *args)
    assert result.exit_code == 0
    return result.stdout


def test_each_argument_is_a_query_and_each_answer_says_which() -> None:
    """Text output: each line is the single look-up's line, labelled `query: `."""
    result = run_cli("glossary", *QUERIES)
    assert result.exit_code == 0
    assert result.stderr == ""
    expected = [f"{q}: {line}" for q in QUERIES for line in _single(q).splitlines()]
    assert result.stdout.splitlines() == expected
    assert result.stdout.splitlines()[0] == (
        "S-400: एस-400 — S-400 (weapon-system): Russian long-range mobile surface-to-air "
        "missile system able to engage aircraft, drones and missiles up to about 400 km. "
        "[exact]"
    )


def test_one_query_per_line_on_stdin() -> None:
    """Piped with no query, or `-`: blank lines and surrounding spaces ignored, any line
    ending, a UTF-8 BOM."""
    lines = "\ufeffS-400\r\n\r\n   lavrov  \nlavrof\r\t\n समझौतों\njayshankar"
    expected = run_cli("glossary", *QUERIES).stdout
    piped = run_cli("glossary", input=lines.encode("utf-8"))
    assert (piped.exit_code, piped.stdout, piped.stderr) == (0, expected, "")
    dashed = run_cli("glossary", "-", "-f", "jsonl", input=lines.encode("utf-8"))
    assert [(r["query"], r["id"]) for r in _jsonl(dashed.stdout)] == list(
        zip(QUERIES, IDS, strict=True)
    )


def test_stdin_among_arguments_is_read_once() -> None:
    result = run_cli("glossary", "S-400", "-", "jayshankar", "-", "-f", "tsv", input="lavrov\n")
    assert [line.split("\t")[:2] for line in result.stdout.splitlines()] == [
        ["query", "id"],
        ["S-400", "s-400"],
        ["lavrov", "sergei-lavrov"],
        ["jayshankar", "s-jaishankar"],
    ]


@pytest.mark.parametrize("fmt", ["tsv", "jsonl", "json"])
def test_every_record_starts_with_its_query(fmt: str) -> None:
    out = run_cli("glossary", "रूसी रूबल", "S-400", "-f", fmt).stdout
    if fmt == "tsv":
        header, *rows = [line.split("\t") for line in out.splitlines()]
        records = [dict(zip(header, row, strict=True)) for row in rows]
        assert header[0] == "query"
    else:
        records = json.loads(out) if fmt == "json" else _jsonl(out)
        assert all(next(iter(r)) == "query" for r in records)
    assert [(r["query"], r["id"], r["match"]) for r in records] == [
        ("रूसी रूबल", "demonym-ru", "parts"),
        ("रूसी रूबल", "rouble", "parts"),
        ("S-400", "s-400", "exact"),
    ]


def test_a_miss_is_one_line_on_stderr_and_the_batch_goes_on() -> None:
    result = run_cli("glossary", "xyzzy", "S-400", "lavrof", "--no-fuzzy", "-f", "tsv")
    assert result.exit_code == 0
    assert [line.split("\t")[0] for line in result.stdout.splitlines()] == ["query", "S-400"]
    single = run_cli("glossary", "lavrof", "--no-fuzzy")  # the same message as alone
    assert single.stderr.startswith("indoru: no glossary entry for 'lavrof'; did you mean: ")
    assert result.stderr.splitlines() == [
        "indoru: no glossary entry for 'xyzzy'",
        single.stderr.rstrip("\n"),
    ]


def test_exit_1_only_when_no_query_matched() -> None:
    none = run_cli("glossary", input="xyzzy\nqqqqqq\n")
    assert (none.exit_code, none.stdout) == (1, "")
    assert len(none.stderr.splitlines()) == 2
    assert run_cli("glossary", input="xyzzy\nS-400\n").exit_code == 0


def test_empty_stdin_says_so() -> None:
    result = run_cli("glossary", input="\n  \n")
    assert (result.exit_code, result.stdout) == (1, "")
    assert result.stderr == "indoru: <stdin>: empty input, no queries\n"


def test_a_line_that_is_not_utf8_is_reported_and_the_batch_goes_on() -> None:
    result = run_cli("glossary", "-", input=b"S-400\n\xff\nlavrov\n")
    assert result.exit_code == 3
    assert result.stderr == "indoru: error: <stdin>:2: not UTF-8 at byte 0\n"
    assert [line.split(":")[0] for line in result.stdout.splitlines()[:1]] == ["S-400"]
    assert any(line.startswith("lavrov: ") for line in result.stdout.splitlines())


def test_answers_come_as_each_query_is_asked() -> None:
    """A program can ask, read the answer, and ask again (the pipe stays open)."""
    import subprocess
    import sys

    process = subprocess.Popen(
        [sys.executable, "-m", "indoru", "glossary", "-", "-n", "1", "-f", "jsonl"],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
    )
    assert process.stdin is not None
    assert process.stdout is not None
    try:
        for query, expected in (("S-400", "s-400"), ("lavrov", "sergei-lavrov")):
            process.stdin.write(f"{query}\n".encode())
            process.stdin.flush()
            answer = json.loads(process.stdout.readline())  # blocks if nothing was flushed
            assert (answer["query"], answer["id"]) == (query, expected)
    finally:
        process.stdin.close()
        process.wait(timeout=60)


def test_a_line_is_untrusted_text() -> None:
    """Control characters in a query are shown, never sent to the terminal."""
    result = run_cli("glossary", "-f", "text", input="S-400\x07\n\x1b]0;x\x07zz\n")
    assert result.stdout.startswith("S-400\u2407: एस-400 — S-400 (weapon-system): ")
    assert result.stderr == "indoru: no glossary entry for '\\x1b]0;x\\x07zz'\n"
    assert not {"\x1b", "\x07"} & set(result.stdout + result.stderr)


def test_one_index_for_all_queries(monkeypatch: pytest.MonkeyPatch) -> None:
    loads = []
    real = indoru.store.load_index

    def counted(*args: Any, **kwargs: Any) -> Any:
        loads.append(1)
        return real(*args, **kwargs)

    monkeypatch.setattr(indoru.store, "load_index", counted)
    result = run_cli("glossary", "-f", "jsonl", input="\n".join(QUERIES * 200))
    assert result.exit_code == 0
    assert len(_jsonl(result.stdout)) == 1000
    assert loads == [1]


def _run(args: list[str], stdin: str, *, terminal: bool) -> tuple[int, str, str]:
    stdout, stderr = io.StringIO(), io.StringIO()
    env = Environment(io.StringIO(stdin), stdout, stderr, stdin_isatty=terminal)
    return run(args, env), stdout.getvalue(), stderr.getvalue()


def test_a_terminal_on_stdin() -> None:
    """No query on a terminal is a usage error; `-` on a terminal says it is reading."""
    assert _run(["glossary"], "S-400\n", terminal=True)[0] == 2
    code, out, err = _run(["glossary", "-"], "S-400\n", terminal=True)
    assert code == 0
    assert out.startswith("S-400: एस-400 — S-400 (weapon-system)")
    assert err == "indoru: reading queries from standard input, one per line (end with Ctrl-D)\n"


def test_table_has_a_query_column_for_several_queries_only() -> None:
    batch = run_cli("glossary", "S-400", "lavrov", "-f", "table").stdout
    single = run_cli("glossary", "S-400", "-f", "table").stdout
    assert batch.splitlines()[1].split("│")[1].strip() == "query"
    assert single.splitlines()[1].split("│")[1].strip() == "Hindi"


# --- --search ----------------------------------------------------------------------------


def _search(*args: str) -> list[dict[str, Any]]:
    result = run_cli("glossary", "--search", *args, "-f", "jsonl")
    assert result.exit_code == 0
    return _jsonl(result.stdout)


def test_search_ranks_the_term_first() -> None:
    """Putin: the man, then the entries that name him in their definitions; "investment"
    ("Money put into ...") is not found at all."""
    ids = [r["id"] for r in _search("Putin")]
    assert ids[0] == "vladimir-putin"
    assert "investment" not in ids
    assert [r["id"] for r in _search("पुतिन")] == ["vladimir-putin"]


def test_search_ranks_equal_then_starting_then_word_then_definition() -> None:
    records = _search("missile")
    assert [r["en"] for r in records[:4]] == [
        "missile",
        "missile system",
        "missile attack",
        "missile defence system",
    ]
    from indoru.store import load_index

    index = load_index()
    by_id = {e.id: e for e in index.entries}
    wanted = _SearchText.of("missile")
    ranks = [search_rank(by_id[r["id"]], wanted) for r in records]
    assert ranks == sorted(ranks, key=lambda rank: rank or (99, 0))
    names = {SEARCH_RANKS[rank[0]] for rank in ranks if rank}
    assert {"term", "term start", "term word", "definition word"} <= names


def test_search_honours_limit_category_and_domain() -> None:
    assert [r["id"] for r in _search("Putin", "-n", "1")] == ["vladimir-putin"]
    people = _search("Putin", "--category", "person")
    assert people[0]["id"] == "vladimir-putin"
    assert {r["category"] for r in people} == {"person"}
    nuclear = _search("missile", "--domain", "nuclear")
    assert nuclear
    assert {r["domain"] for r in nuclear} == {"nuclear"}
    assert len(_search("missile")) > len(nuclear)


def test_list_honours_limit() -> None:
    result = run_cli("glossary", "--list", "--category", "agreement", "-n", "3", "-f", "jsonl")
    assert len(_jsonl(result.stdout)) == 3


def test_category_without_list_or_search_is_a_usage_error() -> None:
    result = run_cli("glossary", "S-400", "--category", "person")
    assert result.exit_code == 2
    assert "--category and --domain go with --list or --search" in result.stderr


def test_search_for_nothing() -> None:
    blank = run_cli("glossary", "--search", "  ")
    assert blank.exit_code == 2
    none = run_cli("glossary", "--search", "Putin", "--category", "weapon-system")
    assert (none.exit_code, none.stdout) == (1, "")
    assert none.stderr == "indoru: no glossary entry contains 'Putin'\n"
