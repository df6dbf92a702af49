"""Glossary quality on text it was not written from: gloss precision, recall, "no entry".

    python benchmarks/glossary_quality.py [--failures FILE]

Reads ../shared/data (development data, not shipped):

* **PUD gloss precision**: the 512 Hindi sentences of UD Hindi PUD with their human English
  translations. For every term `terms` finds (sure occurrences; uncertain ones are
  counted apart), is its English, or an English variant, or the English of an entry it
  links (`related`: अमेरिकी → the United States, "US"), in the human translation? A
  word matches with its ending loosened (attack ~ attacks, euro ~ euros, Russia ~ Russian). The
  failures show sense errors and missing English variants; ``--failures`` writes them.
* **Recall on real news**: benchmarks/data/news-terms.tsv, the defence and diplomacy
  n-grams of 2,178 real news articles that a translator wants glossed, selected once by
  reading (rules in benchmarks/data/README.md) without looking at the glossary. "resolved":
  `glossary` answers it by exact, normalised or inflected form; "found": `terms` marks
  every word of it in running text.
* **Absent words**: common words that have no entry (Hindi: the most frequent words of
  the news n-grams that are not on the term list; English: the frequent words of the PUD
  translations), looked up one by one. Right: "no entry"; wrong: an entry given as the
  answer. A partial answer (`parts`) is counted apart.

Runs against whichever indoru is importable, so the same script measures an older
checkout: ``PYTHONPATH=/path/to/old/cli python benchmarks/glossary_quality.py``.
"""

from __future__ import annotations

import argparse
import json
import re
from collections import Counter, defaultdict
from pathlib import Path
from typing import Any

from _common import ROOT, markdown_table

SHARED = ROOT.parent / "shared" / "data"
TERM_LIST = ROOT / "benchmarks" / "data" / "news-terms.tsv"
CONFIDENT = {"exact", "normalised", "inflected"}
_LATIN_WORD = re.compile(r"[a-z0-9]+")


def _english_words(text: str) -> list[str]:
    return _LATIN_WORD.findall(text.casefold())


def _same_word(form: str, seen: str) -> bool:
    if seen in (form + "s", form + "es"):
        return True
    if len(form) <= 4 or form.isdigit():
        return form == seen
    stem = max(4, len(form) - 2)
    return seen[:stem] == form[:stem]


def english_in(forms: tuple[str, ...], translation: str) -> bool:
    """Does any form's word sequence occur in the translation (endings loosened)?"""
    words = _english_words(translation)
    for form in forms:
        wanted = _english_words(form)
        if not wanted:
            continue
        for start in range(len(words) - len(wanted) + 1):
            if all(_same_word(w, words[start + k]) for k, w in enumerate(wanted)):
                return True
    return False


def pud_precision(index: Any, failures: list[str]) -> dict[str, float]:
    from indoru.segment import Span
    from indoru.terms import TermScanner

    scanner = TermScanner(index)
    by_id = {entry.id: entry for entry in index.entries}
    sure = right = uncertain = sentences = 0
    for line in (SHARED / "pud-hi-en-dev.jsonl").read_text(encoding="utf-8").splitlines():
        doc = json.loads(line)
        for hindi, english in zip(doc["hi"], doc["en"], strict=True):
            sentences += 1
            for occ in scanner.scan([Span(0, 0, len(hindi), "sentence", hindi)]):
                if getattr(occ, "ambiguous", False):
                    uncertain += 1
                    continue
                sure += 1
                # a nationality's gloss is right when the translation names its country
                # (अमेरिकी: "US"); the entry links it in `related`
                linked = [by_id[r] for r in getattr(occ.entry, "related", ()) if r in by_id]
                forms = (*occ.entry.en_forms, *(f for e in linked for f in e.en_forms))
                if english_in(forms, english):
                    right += 1
                else:
                    failures.append(f"{occ.surface}\t{occ.entry.id}\t{occ.entry.en}\t{english}")
    return {
        "sentences": sentences,
        "terms": sure,
        "per sentence": round(sure / sentences, 2),
        "precision": round(100 * right / max(sure, 1), 1),
        "uncertain": uncertain,
    }


def _term_list() -> list[tuple[str, str]]:
    rows = []
    for line in TERM_LIST.read_text(encoding="utf-8").splitlines():
        if line.startswith("#") or line.startswith("ngram\t"):
            continue
        ngram, _, _, category = line.split("\t")
        rows.append((ngram, category))
    return rows


def _covers(index: Any, text: str) -> bool:
    from indoru.segment import Span
    from indoru.terms import TermScanner

    scanner = TermScanner.shared(index)
    covered = [False] * len(text)
    for occ in scanner.scan([Span(0, 0, len(text), "sentence", text)]):
        covered[occ.start : occ.end] = [True] * (occ.end - occ.start)
    return all(covered[i] for i, c in enumerate(text) if not c.isspace())


def recall(index: Any) -> list[list[object]]:
    by_category: dict[str, list[tuple[bool, bool]]] = defaultdict(list)
    for ngram, category in _term_list():
        matches = index.lookup(ngram, fuzzy=False)
        resolved = bool(matches) and matches[0].match in CONFIDENT
        by_category[category].append((resolved, _covers(index, ngram)))
    rows: list[list[object]] = []
    everything = [pair for pairs in by_category.values() for pair in pairs]
    for category, pairs in [*sorted(by_category.items()), ("all", everything)]:
        n = len(pairs)
        rows.append(
            [
                category,
                n,
                f"{100 * sum(r for r, _ in pairs) / n:.0f}%",
                f"{100 * sum(f for _, f in pairs) / n:.0f}%",
            ]
        )
    return rows


def _absent_hindi(index: Any, limit: int = 300) -> list[str]:
    terms = {ngram for ngram, _ in _term_list()}
    words = []
    for line in (SHARED / "news-ngrams.tsv").read_text(encoding="utf-8").splitlines()[3:]:
        ngram = line.split("\t")[0]
        if " " in ngram or ngram in terms or len(ngram) < 3 or not re.search("[ऀ-ॿ]", ngram):
            continue
        if not index.lookup(ngram, exact_only=False, fuzzy=False, limit=1) or (
            index.lookup(ngram, fuzzy=False, limit=1)[0].match not in CONFIDENT
        ):
            words.append(ngram)
        if len(words) >= limit:
            break
    return words


def _absent_english(index: Any, limit: int = 300) -> list[str]:
    counts: Counter[str] = Counter()
    for line in (SHARED / "pud-hi-en-dev.jsonl").read_text(encoding="utf-8").splitlines():
        for sentence in json.loads(line)["en"]:
            counts.update(w for w in re.findall(r"[a-z]+", sentence.casefold()) if len(w) >= 4)
    words = []
    for word, _ in counts.most_common():
        found = index.lookup(word, fuzzy=False, limit=1)
        if not found or found[0].match not in CONFIDENT:
            words.append(word)
        if len(words) >= limit:
            break
    return words


def absent(index: Any) -> list[list[object]]:
    rows: list[list[object]] = []
    for language, words in (("Hindi", _absent_hindi(index)), ("English", _absent_english(index))):
        outcomes: Counter[str] = Counter()
        for word in words:
            found = index.lookup(word, limit=1)
            outcomes["no entry" if not found else found[0].match] += 1
        n = len(words)
        wrong = n - outcomes["no entry"] - outcomes["parts"]
        rows.append(
            [
                language,
                n,
                f"{100 * outcomes['no entry'] / n:.0f}%",
                f"{100 * wrong / n:.0f}%",
                ", ".join(f"{k} {v}" for k, v in outcomes.most_common() if k != "no entry"),
            ]
        )
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--failures", type=Path, help="write PUD gloss failures here (TSV)")
    args = parser.parse_args()
    from indoru.store import load_index

    index = load_index()
    failures: list[str] = []
    pud = pud_precision(index, failures)
    print(f"entries: {len(index.entries)}\n")
    print("PUD gloss precision\n")
    print(markdown_table(list(pud), [list(pud.values())]))
    print("\nRecall on news-terms.tsv\n")
    print(markdown_table(["category", "n-grams", "resolved", "found"], recall(index)))
    print("\nLook-ups of absent words\n")
    print(
        markdown_table(
            ["words", "n", "no entry (right)", "an entry (wrong)", "answers by stage"],
            absent(index),
        )
    )
    if args.failures:
        args.failures.write_text("".join(f + "\n" for f in failures), encoding="utf-8")


if __name__ == "__main__":
    main()
