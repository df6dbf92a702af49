"""Summary quality (ROUGE) and speed of indoru against LEAD and sumy's methods.

    pip install -e '.[bench]'
    python benchmarks/summaries.py            # quality and speed tables
    python benchmarks/summaries.py --quick    # quality only

Quality: ROUGE-1/2/L F1 from `multilingual-rouge` (lang="hindi"; Google's rouge-score
drops Devanagari and scores 0) on ../shared/data/dev-summaries.jsonl (10 Hindi texts with
human extractive summaries) and on benchmarks/data/seed-references.jsonl (the five seeds,
references chosen by reading). Every system gets the same sentences: indoru's segmentation
without headings and without the headline (references never contain them); the headline
(the first line when indoru.summarizer.find_headline sees one) is given to every method
the same way: left out of the candidates, and passed as ``title`` to indoru (sumy's four
methods have no headline input). The summary length is the reference's sentence count.
Run it on an older checkout (PYTHONPATH=OLD/cli) for a before/after: an indoru without
``title`` gets the headline only as a left-out first line. sumy's own word regex drops
every Hindi word with a vowel sign or virama, so its summarisers get a fair tokenizer
built on indoru's Hindi tokens, the same Hindi stopwords and the same light stemmer.

Speed: milliseconds per article on the seeds, and time against length on synthetic news
of 100, 1,000 and 10,000 distinct sentences (drawn from the seeds' vocabulary).
"""

from __future__ import annotations

import argparse
import inspect
import json
import random
import statistics
import sys
import time
from collections.abc import Callable
from typing import Any

from indoru.segment import Span, split_sentences
from indoru.stopwords import HINDI, stem
from indoru.summarizer import detect_language, summarize_spans
from indoru.text import tokens

from _common import ROOT, SEEDS, markdown_table, seed_vocabulary

DEV = ROOT.parent / "shared" / "data" / "dev-summaries.jsonl"
SEED_REFERENCES = ROOT / "benchmarks" / "data" / "seed-references.jsonl"
# (the spans to choose from, the headline or None, the summary length) -> sentences
Summarizer = Callable[[list[Span], str | None, int], list[str]]


class HindiTokenizer:
    """What sumy needs from a tokenizer, on indoru's Devanagari-aware tokens."""

    def to_words(self, text: str) -> list[str]:
        return tokens(text)

    def to_sentences(self, text: str) -> list[str]:
        return [span.text for span in split_sentences(text)]


def _sumy(name: str) -> Summarizer:
    from sumy.models.dom import ObjectDocumentModel, Paragraph, Sentence
    from sumy.summarizers.lex_rank import LexRankSummarizer
    from sumy.summarizers.lsa import LsaSummarizer
    from sumy.summarizers.luhn import LuhnSummarizer
    from sumy.summarizers.text_rank import TextRankSummarizer

    classes = {
        "TextRank": TextRankSummarizer,
        "LexRank": LexRankSummarizer,
        "LSA": LsaSummarizer,
        "Luhn": LuhnSummarizer,
    }
    tokenizer = HindiTokenizer()

    def run(spans: list[Span], title: str | None, count: int) -> list[str]:
        sentences = [Sentence(s.text, tokenizer) for s in spans if s.kind != "heading"]
        document = ObjectDocumentModel([Paragraph(sentences)])
        summarizer = classes[name](stem)
        summarizer.stop_words = HINDI
        return [str(sentence) for sentence in summarizer(document, count)]

    return run


def _indoru(method: str, **options: Any) -> Summarizer:
    takes_title = "title" in inspect.signature(summarize_spans).parameters

    def run(spans: list[Span], title: str | None, count: int) -> list[str]:
        text_language = detect_language(" ".join(s.text for s in spans[:50]))
        more = {"title": title, **options} if takes_title else {}
        summary = summarize_spans(spans, text_language, sentences=count, method=method, **more)
        return [sentence.text for sentence in summary.sentences]

    return run


def headline(text: str, spans: list[Span]) -> tuple[list[Span], str | None]:
    """The spans without the headline's, and the headline (None without one)."""
    try:
        from indoru.summarizer import find_headline
    except ImportError:  # an indoru before issue 10: its headings, as it always left out
        find_headline = None
    if find_headline is None:
        return spans, None
    indices = set(find_headline(text, spans))
    title = " ".join(s.text for s in spans if s.index in indices) or None
    return [s for s in spans if s.index not in indices], title


SYSTEMS: dict[str, Callable[[], Summarizer]] = {
    "indoru (default)": lambda: _indoru("default"),
    "indoru --no-lead-features": lambda: _indoru("default", lead_features=False),
    "indoru --style essay": lambda: _indoru("default", style="essay"),
    "indoru textrank": lambda: _indoru("textrank"),
    "LEAD-k": lambda: _indoru("lead"),
    "sumy TextRank": lambda: _sumy("TextRank"),
    "sumy LexRank": lambda: _sumy("LexRank"),
    "sumy LSA": lambda: _sumy("LSA"),
    "sumy Luhn": lambda: _sumy("Luhn"),
}


def datasets() -> dict[str, list[tuple[str, str, str]]]:
    """name -> [(id, text, reference summary)]"""
    dev = []
    for line in DEV.read_text(encoding="utf-8").splitlines():
        item = json.loads(line)
        dev.append((item["id"], item["text"], item["summary"]))
    seeds = []
    for line in SEED_REFERENCES.read_text(encoding="utf-8").splitlines():
        item = json.loads(line)
        seeds.append(
            (item["id"], (ROOT / item["seed"]).read_text(encoding="utf-8"), item["summary"])
        )
    return {"dev (10 texts)": dev, "seeds (5 articles)": seeds}


def quality() -> None:
    from multilingual_rouge import rouge_scorer

    scorer = rouge_scorer.RougeScorer(["rouge1", "rouge2", "rougeL"], lang="hindi")
    data = datasets()
    rows = []
    keys = ("rouge1", "rouge2", "rougeL")
    for name, make in SYSTEMS.items():
        summarizer = make()
        cells = [name]
        pooled: dict[str, list[float]] = {key: [] for key in keys}
        for items in data.values():
            scores: dict[str, list[float]] = {key: [] for key in keys}
            for _, text, reference in items:
                spans, title = headline(text, split_sentences(text))
                count = len(split_sentences(reference))
                summary = " ".join(summarizer(spans, title, count))
                result = scorer.score(reference, summary)
                for key in keys:
                    scores[key].append(result[key].fmeasure)
                    pooled[key].append(result[key].fmeasure)
            cells += [f"{statistics.mean(scores[k]):.3f}" for k in keys]
        cells += [f"{statistics.mean(pooled[k]):.3f}" for k in ("rouge1", "rougeL")]
        rows.append(cells)
    header = ["system"]
    for title in data:
        header += [f"{title} R-1", "R-2", "R-L"]
    header += ["all 15 R-1", "R-L"]
    print("Mean ROUGE F1 (summary length = the reference's sentence count):\n")
    print(markdown_table(header, rows) + "\n")


def synthetic(sentences: int, seed: int = 11) -> str:
    vocabulary, weights = seed_vocabulary()
    rng = random.Random(seed)
    lines = []
    for _ in range(sentences):
        lines.append(" ".join(rng.choices(vocabulary, weights, k=rng.randint(8, 25))) + "।")
    return "\n".join(lines) + "\n"


def _time(summarizer: Summarizer, spans: list[Span], count: int, repeats: int) -> float:
    samples = []
    for _ in range(repeats):
        start = time.perf_counter()
        summarizer(spans, None, count)
        samples.append(time.perf_counter() - start)
    return statistics.median(samples)


def speed() -> None:
    systems = {name: make() for name, make in SYSTEMS.items()}
    seeds = [split_sentences(p.read_text(encoding="utf-8")) for p in SEEDS]
    for summarizer in systems.values():  # warm: imports, glossary index, term trie
        summarizer(seeds[0], None, 3)
    rows = []
    for name, summarizer in systems.items():
        per_article = statistics.mean(_time(summarizer, spans, 5, 5) for spans in seeds)
        rows.append([name, f"{per_article * 1000:.1f} ms"])
    print("Per article, the five seeds (median of 5 runs each, then the mean):\n")
    print(markdown_table(["system", "ms per article"], rows) + "\n")

    sizes = (100, 1000, 10000)
    texts = {n: split_sentences(synthetic(n), find_duplicates=True) for n in sizes}
    rows = []
    for name in ("indoru (default)", "indoru textrank", "sumy TextRank"):
        cells = [name]
        for n in sizes:
            repeats = 3 if n < 10000 else 1
            cells.append(f"{_time(systems[name], texts[n], 10, repeats):.2f} s")
        rows.append(cells)
    print("Time against length (synthetic news, 10-sentence summary):\n")
    print(markdown_table(["system", *[f"{n:,} sentences" for n in sizes]], rows))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--quick", action="store_true", help="quality only")
    args = parser.parse_args()
    if not DEV.exists():
        sys.exit(f"missing {DEV}: the benchmark needs ../shared beside the clone")
    quality()
    if not args.quick:
        speed()


if __name__ == "__main__":
    main()
