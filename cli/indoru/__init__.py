"""indoru: a bilingual (Hindi–English) summariser and glossary for defence and diplomacy news.

The core is plain Python: strings and dataclasses in and out, no printing.
"""

from importlib.metadata import PackageNotFoundError, version

from indoru.errors import ExitCode, IndoruError, InputError
from indoru.reading import read_text
from indoru.segment import Span, iter_spans, split_sentences

try:
    __version__ = version("indoru")
except PackageNotFoundError:  # running from a source tree that was never installed
    __version__ = "0+unknown"

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
