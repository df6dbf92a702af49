"""Where the packaged data lives: the curated glossary files.

In a wheel the glossary/ folder is installed as ``indoru/_glossary``; in an editable
install (or a source checkout on ``PYTHONPATH``) the package is imported from cli/indoru/
and the data is read straight from the repository's glossary/ folder, so edits to the
data show at once.
"""

from __future__ import annotations

import sys
from importlib.resources import files
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    if sys.version_info >= (3, 11):
        from importlib.resources.abc import Traversable
    else:
        from importlib.abc import Traversable


def glossary_dir() -> Traversable:
    """The folder of glossary data files, wherever indoru was installed from."""
    packaged = files("indoru") / "_glossary"
    if packaged.is_dir():
        return packaged
    checkout = Path(__file__).resolve().parent.parent.parent / "glossary"
    if checkout.is_dir():
        return checkout
    raise FileNotFoundError("indoru's glossary data is missing from this installation")
