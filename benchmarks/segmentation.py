"""Boundary precision, recall and F1 of indoru and indic-nlp-library on the gold set.

The gold set is the hand-checked segmentation of the five seeds (tests/gold/). A boundary
is a position between two spans, counted in non-whitespace characters so that systems
that rewrite spacing can still be scored; output that is not a slice of the input is
aligned back to it with difflib. indic-nlp's ``sentence_split`` is scored twice: on the
whole text (how it is usually called) and line by line (a kinder baseline, since it never
treats a newline as a boundary).

Issue 10 adds harder inputs built from the Hindi PUD gold sentences
(``../shared/data/pud-hi-en-dev.jsonl``, CC BY-SA 3.0, UniversalDependencies/UD_Hindi-PUD):
each document's sentences joined into one paragraph line, scored as written (``।``), with
every ``।`` written as ``.`` (alternately with and without a space after it, and with no
space at all: ``रहा.16 वीं``, ``है.अमरीका``), and hard-wrapped at 60 and 80 characters
(Python's textwrap); and the seeds with their paragraphs and bullets hard-wrapped at 70
(headings stay on their own lines, some right above their paragraph). With ``--baseline
REV`` indoru's segmenter as of git revision REV is scored in the same run ("before").

    python benchmarks/segmentation.py --baseline aa2acef~1
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import textwrap
import types
from collections.abc import Callable
from difflib import SequenceMatcher
from pathlib import Path

from _common import GOLD, ROOT, SEEDS, markdown_table

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


def _indoru_at(revision: str) -> Splitter:
    """indoru's segmenter as of a git revision (its segment.py on today's helpers)."""
    source = subprocess.run(
        ["git", "show", f"{revision}:cli/indoru/segment.py"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    module = types.ModuleType(f"segment_{revision}")
    sys.modules[module.__name__] = module  # dataclasses look their module up
    exec(compile(source, f"{revision}:segment.py", "exec"), module.__dict__)

    def split(text: str) -> list[str]:
        return [span.text for span in module.split_sentences(text)]

    return split


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


Case = tuple[str, list[str]]


def _pud_documents(path: Path) -> list[list[str]]:
    with open(path, encoding="utf-8") as handle:
        return [json.loads(line)["hi"] for line in handle]


def _pud_cases(documents: list[list[str]], variant: str) -> list[Case]:
    """One paragraph a document; ``variant`` says how its sentences are written and joined."""
    cases = []
    turn = 0
    for sentences in documents:
        if variant != "danda":
            sentences = [s.replace("।", ".") for s in sentences]
        text = ""
        for number, sentence in enumerate(sentences):
            if number:
                glued = variant == "dot, no space" or (variant == "dot, mixed" and turn % 2)
                text += "" if glued else " "
                turn += 1
            text += sentence
        if variant.startswith("wrapped"):
            width = int(variant.split()[-1])
            text = textwrap.fill(text, width, break_long_words=False, break_on_hyphens=False)
        cases.append((text + "\n", sentences))
    return cases


def _wrapped_seed_cases(width: int) -> list[Case]:
    """The seeds with every line longer than ``width`` hard-wrapped (bullets indented)."""
    cases = []
    for text, gold in _seed_cases():
        lines = []
        for line in text.splitlines():
            if len(line) <= width:
                lines.append(line)
                continue
            body = line.lstrip()
            indent = line[: len(line) - len(body)]
            hang = indent + "  " if body[:1] in "•-*" else indent
            lines.append(
                textwrap.fill(
                    body,
                    width,
                    initial_indent=indent,
                    subsequent_indent=hang,
                    break_long_words=False,
                    break_on_hyphens=False,
                )
            )
        cases.append(("\n".join(lines) + "\n", gold))
    return cases


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


def _table(title: str, systems: dict[str, Splitter], cases: list[Case]) -> None:
    header = ["system", "precision", "recall", "F1", "sentences that are exact input text"]
    boundaries = sum(len(gold) - 1 for _, gold in cases)
    print(f"gold: {title}, {boundaries} boundaries\n")
    rows = [[name, *_score(split, cases)] for name, split in systems.items()]
    print(markdown_table(header, rows) + "\n")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--baseline", help="also score indoru's segmenter at this git revision")
    parser.add_argument(
        "--pud", type=Path, default=ROOT.parent / "shared" / "data" / "pud-hi-en-dev.jsonl"
    )
    parser.add_argument("--no-indicnlp", action="store_true", help="indoru only")
    args = parser.parse_args()
    systems = dict(SYSTEMS)
    if args.no_indicnlp:
        systems = {"indoru": _indoru}
    if args.baseline:
        systems = {f"indoru before ({args.baseline})": _indoru_at(args.baseline), **systems}
    ours = {name: split for name, split in systems.items() if name.startswith("indoru")}
    for kind, cases in (("seeds", _seed_cases()), ("probes", _probe_cases())):
        _table(f"the {len(cases)} {kind}", systems, cases)
    _table("the 5 seeds hard-wrapped at 70", ours, _wrapped_seed_cases(70))
    if not args.pud.exists():
        print(f"{args.pud} not found: the PUD tables are skipped")
        return
    documents = _pud_documents(args.pud)
    variants = ["danda", "dot, mixed", "dot, no space", "wrapped 60", "wrapped 80"]
    for variant in variants:
        _table(f"PUD, {len(documents)} paragraphs, {variant}", ours, _pud_cases(documents, variant))


if __name__ == "__main__":
    main()
