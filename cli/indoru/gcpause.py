"""A pause of Python's cyclic garbage collector around work that builds many objects.

Segmenting and summarising a long article, or unpacking a cached index, creates hundreds
of thousands of lists, dicts and tuples that hold no reference cycles: reference counting
frees them all. The cyclic collector would still walk them again and again as they pile
up (10-19% of a 50,000-sentence summary, twice the load time of an index), so it is
paused for the length of such a step and resumed as it was.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def paused_gc() -> Iterator[None]:
    """No cyclic collection inside the block; the collector's state is restored after it."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()
