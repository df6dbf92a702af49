"""Issue 10: the headline as an input, the lead features of news, and --explain."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from indoru.summarizer import summarize

from conftest import ROOT, run_cli

ENGLISH = ROOT / "tests" / "data" / "english-article.txt"
SEED = ROOT / "seeds" / "putin-delhi-visit-2021.txt"

QUESTION = "क्या भारत और रूस के बीच नया रक्षा समझौता होगा?"
NEWS = f"""{QUESTION}

नई दिल्ली: भारत और रूस के रक्षा मंत्रियों ने सोमवार को नए रक्षा समझौते पर बातचीत की। \
उन्होंने कहा कि दोनों देश मिलकर हथियार बनाएंगे। बैठक में व्यापार और ऊर्जा पर भी चर्चा हुई।
रूस ने भारत को नई पनडुब्बी देने की पेशकश की। भारत ने इस पर विचार करने की बात कही। \
दोनों देशों के बीच तेल के व्यापार पर भी बात हुई।
"""
DATELINE_LEAD = "लखनऊ (उत्तर प्रदेश): राज्य सरकार ने किसानों के लिए नई बीमा योजना शुरू की।"
LATER = "राज्य सरकार ने किसानों के लिए नई बीमा योजना शुरू की और इसे आज लागू किया।"
DATELINED = f"""{DATELINE_LEAD}
मौसम विभाग ने अगले हफ्ते बारिश की चेतावनी दी है। शहर में यातायात के नए नियम लागू हुए।
{LATER}
स्कूलों में गर्मी की छुट्टियां एक हफ्ते बढ़ा दी गई हैं।
"""
ESSAY = "शिक्षा सबसे महत्वपूर्ण तंत्र है। यह समाज को आगे ले जाती है। शिक्षा से देश का विकास होता है।\n"


def _records(stdout: str) -> list[dict[str, Any]]:
    return [json.loads(line) for line in stdout.splitlines()]


@pytest.mark.parametrize("n", range(1, 7))
def test_a_question_headline_is_the_headline_and_never_chosen(n: int) -> None:
    summary = summarize(NEWS, n)
    assert summary.title == QUESTION
    assert QUESTION not in [s.text for s in summary.sentences]
    assert len(summary.sentences) == min(n, 6)


def test_a_first_line_with_stops_is_no_headline_without_a_blank_line() -> None:
    text = NEWS.replace(f"{QUESTION}\n\n", f"{QUESTION}\n")
    assert summarize(text, 2).title is None


def test_a_dateline_lead_beats_an_equally_central_later_sentence(tmp_path: Path) -> None:
    path = tmp_path / "lucknow.txt"
    path.write_text(DATELINED, encoding="utf-8")
    assert run_cli("summarize", "-n", "1", str(path)).stdout == DATELINE_LEAD + "\n"
    # the same text without the lead features, or read as an essay: the later sentence
    for option in ("--no-lead-features", "--style=essay"):
        assert run_cli("summarize", "-n", "1", option, str(path)).stdout == LATER + "\n"


def test_the_opening_anaphor_penalty_is_for_news_only() -> None:
    news = summarize(NEWS, 6, explain=True).sentences
    assert [s.explain["opening"] for s in news if s.explain][1] == -0.3
    essay = summarize(ESSAY, 3, explain=True).sentences
    assert essay[1].text.startswith("यह")
    assert all(s.explain is not None and "opening" not in s.explain for s in essay)


def test_title_option_is_the_headline_of_the_record(tmp_path: Path) -> None:
    path = tmp_path / "essay.txt"
    path.write_text(ESSAY, encoding="utf-8")
    record = _records(run_cli("summarize", "-n", "1", "-f", "jsonl", str(path)).stdout)[0]
    assert record["title"] is None
    done = run_cli("summarize", "-n", "1", "-f", "jsonl", "--title", "देश का  विकास", str(path))
    record = _records(done.stdout)[0]
    assert record["title"] == "देश का विकास"
    assert [s["text"] for s in record["sentences"]] == ["शिक्षा से देश का विकास होता है।"]


def test_title_needs_one_input(tmp_path: Path) -> None:
    done = run_cli("summarize", "--title", "x", str(SEED), str(SEED))
    assert done.exit_code == 2
    assert "--title names the headline of one article" in done.stderr


def test_title_field_of_a_jsonl_corpus(tmp_path: Path) -> None:
    corpus = tmp_path / "news.jsonl"
    lines = [
        {"id": "a", "headline": "देश का विकास", "text": ESSAY},
        {"id": "b", "name": "देश का विकास", "text": ESSAY},
        {"id": "c", "title": 5, "text": ESSAY},
    ]
    corpus.write_text("".join(json.dumps(x, ensure_ascii=False) + "\n" for x in lines), "utf-8")
    done = run_cli("summarize", "--jsonl", "-n", "1", "-f", "jsonl", str(corpus))
    assert done.exit_code == 3
    assert done.stderr.strip().endswith("news.jsonl:3: field 'title' is a int, not a string")
    assert [(r["file"], r["title"]) for r in _records(done.stdout)] == [
        ("a", "देश का विकास"),
        ("b", None),
    ]
    done = run_cli("summarize", "--jsonl", "--title-field", "name", "-f", "jsonl", str(corpus))
    assert [r["title"] for r in _records(done.stdout)] == [None, "देश का विकास", None]


def test_explain_in_json_and_text() -> None:
    done = run_cli("summarize", "-n", "1", "--explain", "-f", "jsonl", str(SEED))
    sentence = _records(done.stdout)[0]["sentences"][0]
    parts = sentence["explain"]
    assert list(parts) == [
        "centrality", "terms", "headline", "position", "paragraph", "dateline", "date",
        "opening", "length",
    ]  # fmt: skip
    added = sum(v for k, v in parts.items() if k != "length")
    assert sentence["score"] == pytest.approx(added * parts["length"], abs=1e-3)
    text = run_cli("summarize", "-n", "1", "--explain", str(SEED)).stdout.splitlines()
    assert text == [
        sentence["text"],
        "  = 4.49: (centrality 0.59 + terms 0.37 + headline 0.12 + position 0.06 + "
        "paragraph 1.00) × length 2.10",
    ]
    plain = run_cli("summarize", "-n", "1", "-f", "jsonl", str(SEED)).stdout
    assert "explain" not in _records(plain)[0]["sentences"][0]


def test_explain_on_a_terminal() -> None:
    from rich.console import Console

    from indoru.app_summarize import _view

    record = _records(
        run_cli("summarize", "-n", "1", "--explain", "-f", "jsonl", str(SEED)).stdout
    )[0]
    screen = Console(width=200, record=True, color_system=None)
    view = _view(gloss=False, terms=False, label=None, explain=True)
    assert view.terminal is not None
    view.terminal(screen, record)
    assert "= 4.49: (centrality 0.59 + terms 0.37 + headline 0.12" in screen.export_text()


def test_english_articles_are_unaffected() -> None:
    # the summary before issue 10, indices [2, 3, 4]
    summary = summarize(ENGLISH.read_text(encoding="utf-8"))
    assert [s.index for s in summary.sentences] == [2, 3, 4]
    assert summary.title == "India and Russia review defence ties"


def test_the_same_output_in_two_processes() -> None:
    outputs = []
    for seed in ("1", "2"):
        done = subprocess.run(
            [sys.executable, "-m", "indoru", "summarize", "--explain", "-f", "jsonl", str(SEED)],
            capture_output=True,
            env={**os.environ, "PYTHONHASHSEED": seed},
            check=True,
        )
        outputs.append(done.stdout)
    assert outputs[0] == outputs[1]
    assert b'"title": "' in outputs[0]
