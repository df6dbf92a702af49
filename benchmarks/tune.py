"""Grid search of the default method's weights on the development data.

    python benchmarks/tune.py

Tunes on ../shared/data/dev-summaries.jsonl only and reports, for the best weights, the
score on the seed references too: those are held out, so their figure is an honest one.
The chosen weights are copied into indoru.summarizer.WEIGHTS by hand.
"""

from __future__ import annotations

import itertools
import statistics

from indoru.segment import split_sentences
from indoru.summarizer import (
    WEIGHTS,
    _term_occurrences,
    _term_scores,
    build_document,
    default_scores,
    detect_language,
    select,
)

from summaries import datasets

GRID = {
    "centrality": [0.5, 1.0],
    "terms": [0.3, 0.6, 1.0, 1.5],
    "position": [0.0, 0.15, 0.3],
    "position_decay": [0.2],
    "length": [1.0, 1.5, 2.0],
    "min_words": [6.0],
    "diversity": [0.15, 0.3],
    "headline": [0.3],  # the dev texts have no headlines: fixed a priori, not tuned
}


def prepared(items):  # type: ignore[no-untyped-def]
    from multilingual_rouge import rouge_scorer

    scorer = rouge_scorer.RougeScorer(["rouge1", "rougeL"], lang="hindi")
    out = []
    for _, text, reference in items:
        spans = split_sentences(text)
        document = build_document(spans, detect_language(text))
        document.term_scores = _term_scores(document, _term_occurrences(spans, None))
        count = len(split_sentences(reference))
        out.append((document, reference, count))
    return scorer, out


def evaluate(scorer, docs, weights):  # type: ignore[no-untyped-def]
    r1, rl = [], []
    for document, reference, count in docs:
        scores = default_scores(document, weights)
        picked = select(document, scores, count, diversity=weights["diversity"])
        by_index = {s.index: s.text for s in document.spans}
        summary = " ".join(by_index[document.candidates[p]] for p in picked)
        result = scorer.score(reference, summary)
        r1.append(result["rouge1"].fmeasure)
        rl.append(result["rougeL"].fmeasure)
    return statistics.mean(r1), statistics.mean(rl)


def main() -> None:
    data = datasets()
    scorer, dev = prepared(data["dev (10 texts)"])
    _, seeds = prepared(data["seeds (5 articles)"])
    results = []
    for values in itertools.product(*GRID.values()):
        weights = dict(zip(GRID, values, strict=True))
        r1, rl = evaluate(scorer, dev, weights)
        results.append((r1 + rl, r1, rl, weights))
    results.sort(key=lambda row: -row[0])
    d1, dl = evaluate(scorer, dev, WEIGHTS)
    s1, sl = evaluate(scorer, seeds, WEIGHTS)
    print(f"current: dev R-1 {d1:.3f} R-L {dl:.3f} | seeds R-1 {s1:.3f} R-L {sl:.3f} | {WEIGHTS}")
    for _, r1, rl, weights in results[:8]:
        s1, sl = evaluate(scorer, seeds, weights)
        print(f"dev R-1 {r1:.3f} R-L {rl:.3f} | seeds R-1 {s1:.3f} R-L {sl:.3f} | {weights}")


if __name__ == "__main__":
    main()
