"""Where the packaged data lives: the curated glossary files.

In a wheel the glossary/ folder is installed as ``indoru/_glossary``; in an editable
install (or a source checkout on ``PYTHONPATH``) the package is imported from cli/indoru/
and the data is read straight from the repository's glossary/ folder, so edits to the
data show at once.
"""

from __future__ import annotations

from pathlib import Path


def glossary_dir() -> Path:
    """The folder of glossary data files, wherever indoru was installed from.

    A plain path next to this module rather than importlib.resources, whose import
    (tempfile, zipfile, urllib) cost a tenth of a command's start-up: pip installs a
    wheel as files, never as a zip."""
    packaged = Path(__file__).resolve().parent / "_glossary"
    if packaged.is_dir():
        return packaged
    checkout = Path(__file__).resolve().parent.parent.parent / "glossary"
    if checkout.is_dir():
        return checkout
    raise FileNotFoundError("indoru's glossary data is missing from this installation")
