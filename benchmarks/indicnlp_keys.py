"""Should indic-nlp-library build indoru's match keys? Its normaliser and tokeniser
against indoru's own code, on the same cases.

    python benchmarks/indicnlp_keys.py        # needs the bench extra

* **Spelling pairs**: pairs that Hindi news writes both ways and a reader takes for one
  term (nukta, chandrabindu, ॉ, final halant, joined or hyphenated), and pairs that
  are different words. A key function should merge the first and keep the second apart.
* **Real spellings**: how many of the distinct words of 2,178 news articles
  (../shared/data/news-ngrams.tsv) fall together with another word under each key.
* **Speed and weight**: import time in a fresh process, keys per second, and what
  the package pulls into a virtual environment.
"""

from __future__ import annotations

import statistics
import subprocess
import sys
import time
from collections import defaultdict
from collections.abc import Callable
from pathlib import Path

from _common import ROOT, markdown_table

SAME = [
    ("फ़्रांस", "फ्रांस"), ("फ्राँस", "फ्रांस"), ("फ़्रान्स", "फ्रांस"), ("परिषद्", "परिषद"),
    ("ऑपरेशन", "ओपरेशन"), ("हु़ई", "हुई"), ("एस-400", "एस 400"), ("रक्षा मंत्री", "रक्षामंत्री"),
    ("भारत–रूस", "भारत-रूस"), ("ज़ेलेंस्की", "जेलेंस्की"), ("गिरफ़्तार", "गिरफ्तार"),
    ("पाकिस्तान\u200d", "पाकिस्तान"), ("मुठभेड़", "मुठभेड"), ("अँग्रेज़", "अंग्रेज"),
    ("कॉलेज", "कोलेज"), ("वायु सेना", "वायुसेना"), ("नई दिल्ली", "नई-दिल्ली"),
    ("सीमा पार", "सीमा-पार"), ("ख़ान", "खान"), ("फ़ौज", "फौज"),
]  # fmt: skip
DIFFERENT = [
    ("सेना", "सेवा"), ("मंत्री", "मंत्र"), ("रूसी", "रूस"), ("चीन", "चीनी"), ("कहा", "कहां"),
    ("शस्त्र", "अस्त्र"), ("अमन", "यमन"), ("दल", "दाल"), ("बल", "बाल"), ("जंग", "जग"),
]  # fmt: skip


def indicnlp_key() -> Callable[[str], str]:
    from indicnlp.normalize.indic_normalize import IndicNormalizerFactory
    from indicnlp.tokenize.indic_tokenize import trivial_tokenize

    normalizer = IndicNormalizerFactory().get_normalizer("hi")

    def key(text: str) -> str:
        return "".join(
            t for t in trivial_tokenize(normalizer.normalize(text)) if any(c.isalnum() for c in t)
        )

    return key


def indoru_key() -> Callable[[str], str]:
    from indoru.matchkeys import match_key

    return match_key


def pairs(key: Callable[[str], str]) -> tuple[int, int]:
    merged = sum(key(a) == key(b) for a, b in SAME)
    apart = sum(key(a) != key(b) for a, b in DIFFERENT)
    return merged, apart


def real_spellings(key: Callable[[str], str]) -> tuple[int, int, float]:
    path = ROOT.parent / "shared" / "data" / "news-ngrams.tsv"
    words = [
        line.split("\t")[0]
        for line in path.read_text(encoding="utf-8").splitlines()[3:]
        if " " not in line.split("\t")[0]
    ]
    groups: dict[str, list[str]] = defaultdict(list)
    start = time.perf_counter()
    for word in words:
        groups[key(word)].append(word)
    seconds = time.perf_counter() - start
    merged = sum(len(g) for g in groups.values() if len(g) > 1)
    return len(words), merged, len(words) / seconds


def import_ms(module: str) -> float:
    probe = f"import time; t = time.perf_counter(); import {module}; print(time.perf_counter() - t)"
    runs = [
        float(subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True).stdout)
        for _ in range(5)
    ]
    return 1000 * statistics.median(runs)


def installed_mb(*names: str) -> float:
    site = Path(next(p for p in sys.path if p.endswith("site-packages")))
    total = 0
    for name in names:
        for path in (site / name).rglob("*"):
            if path.is_file():
                total += path.stat().st_size
    return total / 1e6


def main() -> None:
    rows = []
    for name, make, module in (
        (
            "indic-nlp normaliser + trivial_tokenize",
            indicnlp_key,
            "indicnlp.normalize.indic_normalize",
        ),
        ("indoru match_key", indoru_key, "indoru.matchkeys"),
    ):
        key = make()
        merged, apart = pairs(key)
        words, fallen, rate = real_spellings(key)
        rows.append(
            [
                name,
                f"{merged}/{len(SAME)}",
                f"{apart}/{len(DIFFERENT)}",
                f"{fallen} of {words}",
                f"{rate / 1000:.0f}k",
                f"{import_ms(module):.0f} ms",
            ]
        )
    header = ["key", "same spelling merged", "different words apart", "real words merged",
              "keys/s", "import"]  # fmt: skip
    print(markdown_table(header, rows))
    weight = installed_mb("indicnlp", "pandas", "numpy", "sphinx")
    print(f"\nindic-nlp-library with pandas, numpy and sphinx: {weight:.0f} MB installed")


if __name__ == "__main__":
    main()
