"""The start-up floor: indoru's own work for a command, under plain argparse.

What `indoru sentences FILE -f text`, `indoru glossary QUERY`, `indoru terms FILE` and
`indoru summarize FILE` do, minus the CLI framework (typer, click, pydantic, rich): the
same core calls on the same input, printing plain lines. ``startup.py --instructions``
counts its instructions beside the real commands; the difference is what the framework
and indoru's CLI layer cost.

    python benchmarks/startup_floor.py sentences|glossary|terms|summarize ARGUMENT
"""

from __future__ import annotations

import argparse
import sys


def main() -> int:
    parser = argparse.ArgumentParser(prog="indoru-floor")
    parser.add_argument("command", choices=("sentences", "glossary", "terms", "summarize"))
    parser.add_argument("argument")
    arguments = parser.parse_args()
    out = sys.stdout
    if arguments.command == "sentences":
        from indoru.reading import open_source
        from indoru.segment import iter_spans

        for span in iter_spans(open_source(arguments.argument).lines()):
            out.write(f"{span.text}\n")
    elif arguments.command == "glossary":
        from indoru.store import load_index

        for match in load_index().lookup(arguments.argument, limit=1):
            out.write(f"{match.entry.hi} — {match.entry.en} [{match.match}]\n")
    elif arguments.command == "terms":
        from indoru.reading import read_text
        from indoru.terms import find_terms

        for row in find_terms(read_text(arguments.argument)):
            out.write(f"{row.entry.hi} — {row.entry.en} ({row.count})\n")
    else:
        from indoru.reading import read_text
        from indoru.segment import split_sentences
        from indoru.store import load_index
        from indoru.summarizer import detect_language, summarize_spans

        text = read_text(arguments.argument)
        summary = summarize_spans(
            split_sentences(text), detect_language(text), glossary=load_index()
        )
        for sentence in summary.sentences:
            out.write(f"{sentence.text}\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
