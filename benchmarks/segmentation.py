"""Boundary precision, recall and F1 of indoru and indic-nlp-library on the gold set.

The gold set is the hand-checked segmentation of the five seeds (tests/gold/). A boundary
is a position between two spans, counted in non-whitespace characters so that systems
that rewrite spacing can still be scored; output that is not a slice of the input is
aligned back to it with difflib. indic-nlp's ``sentence_split`` is scored twice: on the
whole text (how it is usually called) and line by line (a kinder baseline, since it never
treats a newline as a boundary).

    python benchmarks/segmentation.py
"""

from __future__ import annotations

import json
from collections.abc import Callable
from difflib import SequenceMatcher

from _common import GOLD, SEEDS, markdown_table

Splitter = Callable[[str], list[str]]


def _squash(text: str) -> str:
    return "".join(text.split())


def _boundaries(pieces: list[str], text: str) -> set[int]:
    """End positions (in non-whitespace characters of ``text``) of all pieces but the last."""
    target = _squash(text)
    produced = "".join(_squash(piece) for piece in pieces)
    mapping: dict[int, int] = {}
    matcher = SequenceMatcher(None, produced, target, autojunk=False)
    for block in matcher.get_matching_blocks():
        for k in range(block.size):
            mapping[block.a + k] = block.b + k
    ends: set[int] = set()
    position = 0
    for piece in pieces[:-1]:
        position += len(_squash(piece))
        last = position - 1
        while last >= 0 and last not in mapping:
            last -= 1
        if last >= 0:
            ends.add(mapping[last] + 1)
    ends.discard(len(target))
    return ends


def _exact_share(pieces: list[str], text: str) -> float:
    return sum(piece.strip() in text for piece in pieces) / max(len(pieces), 1)


def _indoru(text: str) -> list[str]:
    from indoru.segment import split_sentences

    return [span.text for span in split_sentences(text)]


def _indicnlp_whole(text: str) -> list[str]:
    from indicnlp.tokenize.sentence_tokenize import sentence_split

    return list(sentence_split(text, lang="hi"))


def _indicnlp_by_line(text: str) -> list[str]:
    from indicnlp.tokenize.sentence_tokenize import sentence_split

    return [s for line in text.splitlines() if line.strip() for s in sentence_split(line, "hi")]


SYSTEMS: dict[str, Splitter] = {
    "indoru": _indoru,
    "indic-nlp sentence_split (whole text)": _indicnlp_whole,
    "indic-nlp sentence_split (line by line)": _indicnlp_by_line,
}


def _seed_cases() -> list[tuple[str, list[str]]]:
    cases = []
    for seed in SEEDS:
        with open(GOLD / f"{seed.stem}.jsonl", encoding="utf-8") as handle:
            cases.append(
                (seed.read_text(encoding="utf-8"), [json.loads(x)["text"] for x in handle])
            )
    return cases


def _probe_cases() -> list[tuple[str, list[str]]]:
    with open(GOLD / "probes.jsonl", encoding="utf-8") as handle:
        probes = [json.loads(line) for line in handle]
    return [(p["input"], [text for _, text in p["spans"]]) for p in probes]


def _score(split: Splitter, cases: list[tuple[str, list[str]]]) -> list[str]:
    tp = fp = fn = 0
    exact = []
    for text, gold_pieces in cases:
        gold = _boundaries(gold_pieces, text)
        pieces = split(text)
        got = _boundaries(pieces, text)
        tp += len(gold & got)
        fp += len(got - gold)
        fn += len(gold - got)
        exact.append(_exact_share(pieces, text))
    precision = tp / (tp + fp) if tp + fp else 0.0
    recall = tp / (tp + fn) if tp + fn else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    share = sum(exact) / len(exact)
    return [f"{precision:.3f}", f"{recall:.3f}", f"**{f1:.3f}**", f"{share:.1%}"]


def main() -> None:
    header = ["system", "precision", "recall", "F1", "sentences that are exact input text"]
    for kind, cases in (("seeds", _seed_cases()), ("probes", _probe_cases())):
        title = f"the {len(cases)} {kind}"
        boundaries = sum(len(gold) - 1 for _, gold in cases)
        print(f"gold: {title}, {boundaries} boundaries\n")
        rows = [[name, *_score(split, cases)] for name, split in SYSTEMS.items()]
        print(markdown_table(header, rows) + "\n")


if __name__ == "__main__":
    main()
