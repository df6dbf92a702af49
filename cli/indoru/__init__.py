"""indoru: a bilingual (Hindi–English) summariser and glossary for defence and diplomacy news.

The core is plain Python: strings and dataclasses in and out, no printing. Names are
imported on first use, so that ``indoru --help`` does not pay for the segmenter.
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from indoru.errors import ExitCode, IndoruError, InputError
    from indoru.reading import read_text
    from indoru.segment import Span, iter_spans, split_sentences

_EXPORTS = {
    "ExitCode": "indoru.errors",
    "IndoruError": "indoru.errors",
    "InputError": "indoru.errors",
    "read_text": "indoru.reading",
    "Span": "indoru.segment",
    "iter_spans": "indoru.segment",
    "split_sentences": "indoru.segment",
}

__all__ = [
    "ExitCode",
    "IndoruError",
    "InputError",
    "Span",
    "__version__",
    "iter_spans",
    "read_text",
    "split_sentences",
]


def __getattr__(name: str) -> Any:
    if name == "__version__":
        from importlib.metadata import PackageNotFoundError, version

        try:
            return version("indoru")
        except PackageNotFoundError:  # a source tree that was never installed
            return "0+unknown"
    if name in _EXPORTS:
        return getattr(import_module(_EXPORTS[name]), name)
    raise AttributeError(f"module 'indoru' has no attribute {name!r}")
