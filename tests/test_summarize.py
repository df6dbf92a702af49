"""`indoru summarize` and the summarize() API, as issue 4 asks a user would check them."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from indoru import split_sentences, summarize

from conftest import ROOT, SEEDS, run_cli

SEED_000 = ROOT / "seeds" / "s400-sco-defence-ministers.txt"
SEED_001 = ROOT / "seeds" / "putin-delhi-visit-2021.txt"
SEED_002 = ROOT / "seeds" / "first-india-russia-2plus2.txt"
ENGLISH = ROOT / "tests" / "data" / "english-article.txt"
SENTENCE_KEYS = ["index", "start", "end", "text", "score", "terms"]


def _records(stdout: str) -> list[dict[str, Any]]:
    return [json.loads(line) for line in stdout.splitlines()]


def test_python_api() -> None:
    text = SEED_001.read_text(encoding="utf-8")
    summary = summarize(text, sentences=3)
    assert len(summary.sentences) == 3
    for sentence in summary.sentences:
        assert text[sentence.start : sentence.end] == sentence.text
        assert sentence.score > 0
    assert summary.terms
    assert summary.language == "hi"


def test_document_order_and_no_headings(seed: Path) -> None:
    text = seed.read_text(encoding="utf-8")
    kinds = {s.index: s.kind for s in split_sentences(text)}
    chosen = summarize(text, sentences=5).sentences
    indices = [s.index for s in chosen]
    assert indices == sorted(indices)
    assert all(kinds[i] != "heading" for i in indices)


def test_no_duplicate_picks_on_seed_000() -> None:
    text = SEED_000.read_text(encoding="utf-8")
    spans = {s.index: s for s in split_sentences(text)}
    for n in (3, 5, 8, 12):
        chosen = summarize(text, sentences=n).sentences
        texts = [s.text for s in chosen]
        assert len(set(texts)) == len(texts)
        assert all(spans[s.index].duplicate_of is None for s in chosen)


@pytest.mark.parametrize("method", ["default", "textrank", "lead"])
def test_methods_are_deterministic(method: str) -> None:
    text = SEED_002.read_text(encoding="utf-8")
    first = summarize(text, sentences=4, method=method)
    for _ in range(3):
        assert summarize(text, sentences=4, method=method) == first


def test_the_command_is_deterministic_across_processes() -> None:
    first = run_cli("summarize", str(SEED_002), "-f", "jsonl").stdout
    assert first
    assert run_cli("summarize", str(SEED_002), "-f", "jsonl").stdout == first


def test_lead_takes_the_first_sentences() -> None:
    chosen = summarize(SEED_000.read_text(encoding="utf-8"), sentences=3, method="lead")
    assert [s.index for s in chosen.sentences] == [0, 1, 2]


def test_length_options() -> None:
    assert (
        len(
            _records(run_cli("summarize", str(SEED_001), "-n", "2", "-f", "jsonl").stdout)[0][
                "sentences"
            ]
        )
        == 2
    )
    by_ratio = _records(
        run_cli("summarize", str(SEED_002), "--ratio", "50%", "-f", "jsonl").stdout
    )[0]
    candidates = [
        s
        for s in split_sentences(SEED_002.read_text("utf-8"))
        if s.kind != "heading" and s.duplicate_of is None
    ]
    assert len(by_ratio["sentences"]) == -(-len(candidates) // 2)
    assert (
        run_cli("summarize", str(SEED_002), "--ratio", "0.5", "-f", "jsonl").stdout
        == run_cli("summarize", str(SEED_002), "--ratio", "50%", "-f", "jsonl").stdout
    )
    budget = _records(run_cli("summarize", str(SEED_002), "--words", "60", "-f", "jsonl").stdout)[0]
    words = sum(len(s["text"].split()) for s in budget["sentences"])
    assert 0 < words <= 60
    default = _records(run_cli("summarize", str(SEED_002), "-f", "jsonl").stdout)[0]
    assert 3 <= len(default["sentences"]) <= 7


def test_length_options_are_exclusive_and_checked() -> None:
    assert run_cli("summarize", str(SEED_001), "-n", "2", "--words", "50").exit_code == 2
    assert run_cli("summarize", str(SEED_001), "--ratio", "150%").exit_code == 2
    assert run_cli("summarize", str(SEED_001), "--ratio", "lots").exit_code == 2
    assert run_cli("summarize", str(SEED_001), "-n", "0").exit_code == 2


def test_english_article() -> None:
    (record,) = _records(run_cli("summarize", str(ENGLISH), "-n", "3", "-f", "jsonl").stdout)
    assert record["language"] == "en"
    assert len(record["sentences"]) == 3
    texts = " ".join(s["text"] for s in record["sentences"])
    assert "India and Russia review defence ties" not in texts, (
        "a heading is not a summary sentence"
    )
    assert {t["id"] for t in record["terms"]} & {
        "s-400",
        "ak-203",
        "vladimir-putin",
        "two-plus-two-dialogue",
    }


def test_empty_input_exits_1(tmp_path: Path) -> None:
    empty = tmp_path / "empty.txt"
    empty.write_text("", encoding="utf-8")
    result = run_cli("summarize", str(empty))
    assert result.exit_code == 1
    assert result.stdout == ""
    assert "nothing to summarise" in result.stderr
    assert summarize("").sentences == []


def test_one_sentence_input(tmp_path: Path) -> None:
    one = tmp_path / "one.txt"
    one.write_text("भारत ने रूस से पांच एस-400 रेजिमेंट खरीदने का समझौता किया।\n", encoding="utf-8")
    result = run_cli("summarize", str(one))
    assert result.exit_code == 0
    assert result.stdout == "भारत ने रूस से पांच एस-400 रेजिमेंट खरीदने का समझौता किया।\n"


def test_json_record_shape() -> None:
    (record,) = json.loads(run_cli("summarize", str(SEED_001), "-f", "json").stdout)
    assert list(record) == ["file", "language", "title", "sentences", "terms"]
    assert list(record["sentences"][0]) == SENTENCE_KEYS
    assert list(record["terms"][0]) == ["id", "hi", "en", "category", "count"]
    text = SEED_001.read_text("utf-8")
    marked = [(s, m) for s in record["sentences"] for m in s["terms"]]
    assert marked, "the summary's sentences carry their terms"
    for sentence, mark in marked:
        assert list(mark) == ["start", "end", "form", "id", "hi", "en", "category", "uncertain"]
        assert sentence["text"][mark["start"] : mark["end"]] == mark["form"]
        assert (
            text[sentence["start"] + mark["start"] : sentence["start"] + mark["end"]]
            == (mark["form"])
        )


def test_folder_is_read_recursively_in_order(tmp_path: Path) -> None:
    (tmp_path / "b").mkdir()
    (tmp_path / "b" / "two.txt").write_text(SEED_002.read_text("utf-8"), encoding="utf-8")
    (tmp_path / "a.txt").write_text(SEED_001.read_text("utf-8"), encoding="utf-8")
    (tmp_path / "notes.md").write_text("not an article", encoding="utf-8")
    records = _records(run_cli("summarize", str(tmp_path), "-f", "jsonl").stdout)
    assert [Path(r["file"]).name for r in records] == ["a.txt", "two.txt"]


def test_a_folder_without_articles_is_reported(tmp_path: Path) -> None:
    result = run_cli("summarize", str(tmp_path))
    assert result.exit_code == 3
    assert f"{tmp_path}: no *.txt files in this folder" in result.stderr


def test_missing_file_does_not_stop_the_batch(tmp_path: Path) -> None:
    result = run_cli("summarize", str(tmp_path / "nope.txt"), str(SEED_001), "-f", "jsonl")
    assert result.exit_code == 3
    assert "no such file" in result.stderr
    assert [r["file"] for r in _records(result.stdout)] == [str(SEED_001)]


def test_jsonl_batch_with_bad_records(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus.jsonl"
    good = {"id": "putin", "body": SEED_001.read_text("utf-8")}
    other = {"id": "2plus2", "body": SEED_002.read_text("utf-8")}
    corpus.write_bytes(
        (json.dumps(good, ensure_ascii=False) + "\n").encode()
        + b"{not json\n"
        + json.dumps({"id": "no-body"}).encode()
        + b"\n"
        + b'{"id": "latin1", "body": "caf\xe9"}\n'
        + (json.dumps(other, ensure_ascii=False) + "\n").encode()
    )
    result = run_cli("summarize", "--jsonl", "--text-field", "body", str(corpus), "-f", "jsonl")
    assert result.exit_code == 3
    assert [r["file"] for r in _records(result.stdout)] == ["putin", "2plus2"]
    errors = result.stderr.strip().splitlines()
    assert len(errors) == 3
    assert f"{corpus}:2: not JSON" in errors[0]
    assert f"{corpus}:3: field 'body' is missing" in errors[1]
    assert f"{corpus}:4: not valid UTF-8" in errors[2]


def test_jobs_give_the_same_output_in_the_same_order() -> None:
    paths = [str(p) for p in SEEDS]
    one = run_cli("summarize", *paths, "-f", "jsonl").stdout
    assert run_cli("summarize", *paths, "-f", "jsonl", "--jobs", "2").stdout == one
    assert [json.loads(x)["file"] for x in one.splitlines()] == paths


def test_digest_never_repeats_a_sentence_and_labels_sources() -> None:
    result = run_cli(
        "summarize", "--digest", str(SEED_001), str(SEED_002), "-n", "8", "-f", "jsonl"
    )
    (record,) = _records(result.stdout)
    sentences = record["sentences"]
    assert len(sentences) == 8
    assert {s["file"] for s in sentences} <= {str(SEED_001), str(SEED_002)}
    texts = [s["text"] for s in sentences]
    assert len(set(texts)) == len(texts)
    spans = {
        str(path): {s.index: s.text for s in split_sentences(path.read_text("utf-8"))}
        for path in (SEED_001, SEED_002)
    }
    for s in sentences:
        assert spans[s["file"]][s["index"]] == s["text"]


def test_digest_of_the_same_article_twice_has_no_repeats() -> None:
    result = run_cli(
        "summarize", "--digest", str(SEED_001), str(SEED_001), "-n", "6", "-f", "jsonl"
    )
    texts = [s["text"] for s in _records(result.stdout)[0]["sentences"]]
    assert len(texts) == 6
    assert len(set(texts)) == 6


def test_text_and_gloss_in_a_pipe() -> None:
    lines = run_cli("summarize", str(SEED_000), "-n", "2", "--gloss").stdout.splitlines()
    assert len(lines) == 4
    assert lines[1].startswith("  ↳ ")
    assert "S-400" in lines[1] or "Operation Sindoor" in lines[1] or "India" in lines[1]


def test_terminal_view_marks_terms_and_lists_them() -> None:
    out = run_cli("summarize", str(SEED_000), "-n", "2", "-f", "table").stdout
    assert "Hindi" in out
    assert "English" in out
    assert "\x1b" not in out  # not a terminal here: no colour codes
    bare = run_cli("summarize", str(SEED_000), "-n", "2", "-f", "table", "--no-terms").stdout
    assert "English" not in bare
