"""indoru: a bilingual (Hindi–English) summariser and glossary for defence and diplomacy news.

The core is plain Python: strings and dataclasses in and out, no printing. Names are
imported on first use, so that ``indoru --help`` does not pay for the segmenter.
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from indoru.errors import ExitCode, IndoruError, InputError
    from indoru.glossary import Entry, GlossaryError
    from indoru.lookup import GlossaryIndex, Match
    from indoru.reading import read_text
    from indoru.segment import Span, iter_spans, split_sentences
    from indoru.store import load_index as load_glossary
    from indoru.summarizer import Summary, SummarySentence, summarize
    from indoru.terms import TermCount, find_terms

_EXPORTS = {
    "ExitCode": "indoru.errors",
    "IndoruError": "indoru.errors",
    "InputError": "indoru.errors",
    "read_text": "indoru.reading",
    "Entry": "indoru.glossary",
    "GlossaryError": "indoru.glossary",
    "GlossaryIndex": "indoru.lookup",
    "Match": "indoru.lookup",
    "load_glossary": "indoru.store",
    "TermCount": "indoru.terms",
    "find_terms": "indoru.terms",
    "summarize": "indoru.summarizer",
    "Summary": "indoru.summarizer",
    "SummarySentence": "indoru.summarizer",
    "Span": "indoru.segment",
    "iter_spans": "indoru.segment",
    "split_sentences": "indoru.segment",
}

_ALIASES = {"load_glossary": "load_index"}

__all__ = [
    "Entry",
    "ExitCode",
    "GlossaryError",
    "GlossaryIndex",
    "IndoruError",
    "InputError",
    "Match",
    "Span",
    "Summary",
    "SummarySentence",
    "TermCount",
    "__version__",
    "find_terms",
    "iter_spans",
    "load_glossary",
    "read_text",
    "split_sentences",
    "summarize",
]


def __getattr__(name: str) -> Any:
    if name == "__version__":
        from indoru._version import __version__

        return __version__
    if name in _EXPORTS:
        return getattr(import_module(_EXPORTS[name]), _ALIASES.get(name, name))
    raise AttributeError(f"module 'indoru' has no attribute {name!r}")
