"""Extractive, term-aware summaries of Hindi and English news.

A document's sentences (headings and bullets from :mod:`indoru.segment`) become sparse
TF-IDF vectors of stemmed, stopword-free keys. Methods score the candidate sentences
(headings and repeated sentences are never candidates):

* ``textrank``: weighted PageRank over the complete cosine-similarity graph. It is
  computed exactly, in linear time: a sentence's weighted degree is ``u_i · Σ_j u_j`` and
  one PageRank step is ``u_i · Σ_j (PR_j / deg_j) u_j``, so no n×n matrix is ever built;
* ``lead``: the first sentences (no redundancy control: the plain LEAD-k baseline);
* ``default``: TextRank centrality, glossary-term salience (sentences carrying the
  article's key domain terms, weighted up when a headline carries them), similarity to
  the headline (weighed on a par with centrality), a paragraph's first sentence,
  position and length, combined with weights tuned on the texts with reference
  summaries (benchmarks/README.md); in Hindi news, also the lead features of
  :data:`LEAD_WEIGHTS` (a dateline, a day or date, an opening anaphor or connective).

The headline is the ``title`` given, or the article's first line when it is a heading
(no final stop) or stands alone above a blank line (:func:`find_headline`). It is never
a summary sentence.

Sentences are then picked by maximal marginal relevance, so that near-duplicates are
never both chosen, and returned in document order. The same input and options always give
the same summary.
"""

from __future__ import annotations

import heapq
import math
import re
from collections import deque
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from operator import mul
from typing import TYPE_CHECKING, Any, NamedTuple

from indoru.gcpause import paused_gc
from indoru.segment import Span, split_sentences
from indoru.stopwords import ENGLISH, HINDI, stem
from indoru.text import tokens

if TYPE_CHECKING:
    from indoru.glossary import Entry
    from indoru.lookup import GlossaryIndex
    from indoru.terms import Occurrence

METHODS = ("default", "textrank", "lead")
_LETTER = re.compile(r"[^\W\d_]")


class SummarySentence(NamedTuple):
    """A chosen sentence: ``source[start:end] == text``."""

    index: int  # type: ignore[assignment]  # a field, not tuple.index
    start: int
    end: int
    text: str
    score: float
    source: str = ""
    # the glossary terms in the sentence: records with start and end in ``text`` (see
    # :func:`indoru.terms.term_marks`), for every view of the summary
    terms: tuple[dict[str, Any], ...] = ()
    # why it was chosen: each feature's contribution to ``score`` (see :func:`explain`)
    explain: dict[str, float] | None = None


class ArticleSentence(NamedTuple):
    """Any span of a summarised article, for a reading view of the whole text: whether
    it was chosen, whether it is the headline, and its glossary terms (the same mark
    records as the chosen sentences carry, start and end counted in ``text``)."""

    index: int  # type: ignore[assignment]
    start: int
    end: int
    kind: str
    chosen: bool
    headline: bool
    terms: tuple[dict[str, Any], ...] = ()


@dataclass
class Summary:
    """The chosen sentences in document order, and the glossary terms they carry."""

    language: str
    sentences: list[SummarySentence]
    terms: list[TermRow] = field(default_factory=list)
    title: str | None = None  # the headline used (given, or the article's first line)
    # with ``every_sentence``: each input article's spans, chosen or not, in order
    articles: list[list[ArticleSentence]] | None = None

    @property
    def text(self) -> str:
        return " ".join(sentence.text for sentence in self.sentences)


class TermRow(NamedTuple):
    """A glossary term of the summary, counted over the whole article."""

    id: str
    hi: str
    en: str
    category: str
    count: int  # type: ignore[assignment]  # a field, not tuple.count
    definition: str = ""


def detect_language(text: str) -> str:
    """``hi`` when most letters are Devanagari, else ``en``."""
    sample = text[:20_000]
    letters = _LETTER.findall(sample)
    if not letters:
        return "hi"
    devanagari = sum("\u0900" <= c <= "\u097f" for c in letters)
    return "hi" if devanagari * 2 >= len(letters) else "en"


# --- document model --------------------------------------------------------------------


@dataclass
class Document:
    """A text cut into spans, with the vectors and features the methods use."""

    spans: list[Span]
    language: str
    candidates: list[int]  # span indices that may be chosen
    vectors: list[list[tuple[int, float]]]  # per candidate: (key id, weight), unit length
    keys: int  # number of distinct keys
    word_counts: list[int]
    term_scores: list[float] = field(default_factory=list)
    positions: list[int] = field(default_factory=list)  # place in its own article
    headline: list[float] = field(default_factory=list)  # cosine with the headline(s)
    opens_paragraph: list[bool] = field(default_factory=list)
    title: str | None = None  # the headline, when the article has one
    news: bool = False  # the lead features apply (see :func:`build_document`)
    dateline: list[bool] = field(default_factory=list)  # opens with, or follows, a dateline
    date: list[bool] = field(default_factory=list)  # names a day of the week or a date
    opening: list[bool] = field(default_factory=list)  # opens with an anaphor/connective


def _english_words(text: str) -> list[str]:
    from sacremoses import MosesTokenizer  # 0.5 s to import: English articles only

    tokenizer = _moses_tokenizer(MosesTokenizer)
    return [w.lower() for w in tokenizer.tokenize(text, escape=False) if _LETTER.search(w)]


_MOSES: list[Any] = []


def _moses_tokenizer(factory: Callable[..., Any]) -> Any:
    if not _MOSES:
        _MOSES.append(factory(lang="en"))
    return _MOSES[0]


def _keys(text: str, language: str) -> list[str]:
    if language == "en":
        words = _english_words(text)
        return [stem(w) for w in words if w not in ENGLISH and len(w) > 1]
    return [stem(w) for w in tokens(text) if w not in HINDI and not w.isdigit()]


def find_headline(text: str | None, spans: Sequence[Span]) -> list[int]:
    """Indices of the spans of the article's headline: its first line when that line is a
    heading (no final stop), or when it stands alone above a blank line and is short
    (at most three sentences and 30 words: also a headline ending in ``?`` or ``!`` or
    with a stop mid-line). Without the text only the first case can be seen."""
    if not spans:
        return []
    first_line = [0]
    while len(first_line) < len(spans) and not spans[len(first_line)].opens_line:
        first_line.append(len(first_line))
    if spans[0].kind == "heading":
        return [spans[i].index for i in first_line]
    if text is None or spans[0].kind != "sentence" or len(first_line) == len(spans):
        return []
    end, following = spans[first_line[-1]].end, spans[len(first_line)].start
    stands_alone = text.count("\n", end, following) >= 2 and not text[end:following].strip()
    words = sum(len(spans[i].text.split()) for i in first_line)
    if stands_alone and len(first_line) <= 3 and words <= 30:
        return [spans[i].index for i in first_line]
    return []


# --- lead features of news (Hindi) -----------------------------------------------------

# A dateline: a place of one to three words, an optional region in brackets and an
# optional day and month, then ``:`` or ``.`` (नई दिल्ली:, लखनऊ (उत्तर प्रदेश):, मॉस्को.).
_DEVA_WORD = r"[\u0900-\u0963\u0966-\u097f\u200c\u200d]+"
_DATELINE = re.compile(
    rf"[ \t]*(?P<place>{_DEVA_WORD}(?:[ \t]+{_DEVA_WORD}){{0,2}})[ \t]*"
    r"(?:\([^()\n]{1,40}\)[ \t]*)?(?:,[ \t]*[\d०-९]{1,2}[ \t]+"
    rf"{_DEVA_WORD}[ \t]*)?[:.]"
)
_WEEKDAYS = "सोमवार मंगलवार बुधवार गुरुवार बृहस्पतिवार वीरवार शुक्रवार शनिवार रविवार"
_MONTHS = (
    "जनवरी फरवरी फ़रवरी मार्च अप्रैल अप्रेल मई जून जुलाई अगस्त सितंबर सितम्बर अक्टूबर "
    "अक्तूबर नवंबर नवम्बर दिसंबर दिसम्बर"
)
_DATE = re.compile(
    rf"(?<![\u0900-\u097f])(?:{'|'.join(_WEEKDAYS.split())})(?![\u0900-\u097f])"
    rf"|[\d०-९]{{1,2}}[ \t]+(?:{'|'.join(_MONTHS.split())})(?![\u0900-\u097f])"
)
# Words that make a sentence depend on an earlier one when they open it.
_OPENERS = frozenset(
    """
    उन्होंने उनके उनकी उनका उन्हें उनसे उसने उसके उसकी उसका उसे उससे इन्होंने इनके इनकी
    इनका इन्हें इसके इसकी इसका इसे इससे इसमें इसपर इसी इसलिए वहीं वहां वहाँ यहीं हालांकि
    हालाँकि लेकिन परंतु परन्तु किंतु किन्तु मगर अतः तथा और साथ जबकि बल्कि फिर तब यह ये
    वह वे
    """.split()
)
STYLES = ("auto", "news", "essay")
# Weights of the lead features, added to a sentence's score in news (small and round,
# chosen by hand and checked in benchmarks/README.md, not fitted).
LEAD_WEIGHTS = {"dateline": 0.3, "date": 0.1, "opening": -0.3}


def _dateline(text: str) -> int:
    """The length of the dateline that opens ``text`` (0 when none)."""
    match = _DATELINE.match(text)
    if match is None or any(word in HINDI for word in match["place"].split()):
        return 0
    return match.end()


def _lead_features(
    spans: dict[int, Span], candidates: Sequence[int]
) -> tuple[list[bool], list[bool], list[bool]]:
    """Per candidate: dateline, date mention, opening anaphor (each in time linear in the
    sentence: the patterns are anchored or run once over it)."""
    dateline, date, opening = [], [], []
    after_dateline = False  # the previous span was a dateline on its own (मॉस्को.)
    for index in candidates:
        span = spans[index]
        length = _dateline(span.text) if span.opens_line else 0
        alone = length > 0 and not span.text[length:].strip()
        dateline.append((length > 0 and not alone) or after_dateline)
        after_dateline = alone
        date.append(_DATE.search(span.text) is not None)
        first = tokens(span.text[length : length + 80])[:1]
        opening.append(bool(first) and first[0] in _OPENERS)
    return dateline, date, opening


def build_document(
    spans: Sequence[Span],
    language: str,
    *,
    headline: Sequence[int] = (),
    title: str | None = None,
    style: str = "auto",
    lead_features: bool = True,
) -> Document:
    """Vectors for the candidate sentences (TF-IDF over keys, L2-normalised), and their
    features. ``headline``: the indices of the headline's spans (:func:`find_headline`);
    ``title``: a headline given apart from the text. ``style``: ``news`` (the lead
    features apply), ``essay`` (they do not) or ``auto``: news when the text is Hindi and
    has a headline or a dateline in its first three sentences."""
    if style not in STYLES:
        raise ValueError(f"unknown style {style!r}: choose from {', '.join(STYLES)}")
    # Spans segmented without the duplicate finder may repeat a sentence word for word:
    # the first occurrence is the candidate, so a summary never prints one twice.
    title = " ".join(title.split()) if title else None
    seen: set[str] = {title} if title else set()
    in_headline = set(headline)
    candidates = []
    for span in spans:
        if (
            span.kind != "heading"
            and span.index not in in_headline
            and span.duplicate_of is None
            and span.text not in seen
        ):
            seen.add(span.text)
            candidates.append(span.index)
    by_index = {s.index: s for s in spans}
    ids: dict[str, int] = {}
    bags: list[dict[int, int]] = []
    word_counts = []
    for index in candidates:
        keys = _keys(by_index[index].text, language)
        word_counts.append(len(by_index[index].text.split()))
        bag: dict[int, int] = {}
        for key in keys:
            number = ids.setdefault(key, len(ids))
            bag[number] = bag.get(number, 0) + 1
        bags.append(bag)
    df = [0] * len(ids)
    for bag in bags:
        for number in bag:
            df[number] += 1
    n = max(len(bags), 1)
    vectors = []
    for bag in bags:
        weighted = [(k, (1 + math.log(c)) * math.log(1 + n / df[k])) for k, c in bag.items()]
        norm = math.sqrt(sum(w * w for _, w in weighted)) or 1.0
        vectors.append(sorted((k, w / norm) for k, w in weighted))
    positions = list(range(len(candidates)))
    heads = [s.text for s in spans if s.kind == "heading" or s.index in in_headline]
    similarity = _headline_similarity(
        heads + ([title] if title else []), language, ids, df, n, vectors
    )
    opens = [by_index[index].opens_line for index in candidates]
    # A paragraph's first sentence is a signal only in text that has paragraphs of several
    # sentences (news); in a one-paragraph text it would only repeat the position signal,
    # and where every sentence has its own line it says nothing.
    if sum(opens) < 3 or all(opens):
        opens = [False] * len(opens)
    if title is None and headline:
        title = " ".join(by_index[i].text for i in headline if i in by_index)
    document = Document(
        list(spans), language, candidates, vectors, len(ids), word_counts, [], positions,
        similarity, opens, title,
    )  # fmt: skip
    if language == "hi" and lead_features and style != "essay":
        dateline, date, opening = _lead_features(by_index, candidates)
        document.news = style == "news" or title is not None or any(dateline[:3])
        if document.news:
            document.dateline, document.date, document.opening = dateline, date, opening
    return document


def _headline_similarity(
    heads: Sequence[str],
    language: str,
    ids: dict[str, int],
    df: list[int],
    n: int,
    vectors: list[list[tuple[int, float]]],
) -> list[float]:
    """Cosine of each candidate with the article's headings and headline (the title-word
    feature)."""
    bag: dict[int, float] = {}
    for head in heads:
        for key in _keys(head, language):
            if key in ids:
                bag[ids[key]] = math.log(1 + n / df[ids[key]])
    norm = math.sqrt(sum(w * w for w in bag.values()))
    if not norm:
        return [0.0] * len(vectors)
    return [sum(w * bag.get(k, 0.0) for k, w in vector) / norm for vector in vectors]


# --- methods ---------------------------------------------------------------------------


def textrank_scores(document: Document, damping: float = 0.85, iterations: int = 50) -> list[float]:
    """Weighted PageRank on the complete cosine graph, in O(iterations × nonzeros).

    The sparse products run as ``sum(map(...))`` over a row-wise and a column-wise copy of
    the vectors, so each iteration's inner loops run in C."""
    vectors = document.vectors
    n = len(vectors)
    if n == 0:
        return []
    row_keys = [[k for k, _ in vector] for vector in vectors]
    row_weights = [[w for _, w in vector] for vector in vectors]
    column_rows: list[list[int]] = [[] for _ in range(document.keys)]
    column_weights: list[list[float]] = [[] for _ in range(document.keys)]
    for row, vector in enumerate(vectors):
        for k, w in vector:
            column_rows[k].append(row)
            column_weights[k].append(w)
    total = [sum(weights) for weights in column_weights]

    def times(dense: list[float]) -> list[float]:  # each sentence's vector · dense
        return [
            sum(map(mul, weights, map(dense.__getitem__, keys)))
            for keys, weights in zip(row_keys, row_weights, strict=True)
        ]

    degree = [max(d - 1.0, 0.0) for d in times(total)]  # minus the self-loop
    inverse = [1.0 / d if d > 1e-12 else 0.0 for d in degree]
    rank = [1.0 / n] * n
    for _ in range(iterations):
        share = list(map(mul, rank, inverse))
        spread = [
            sum(map(mul, weights, map(share.__getitem__, rows)))
            for rows, weights in zip(column_rows, column_weights, strict=True)
        ]
        new = [
            (1 - damping) / n + damping * max(d - s, 0.0)
            for d, s in zip(times(spread), share, strict=True)
        ]
        change = sum(abs(a - b) for a, b in zip(new, rank, strict=True))
        rank = new
        if change < 1e-6:  # rankings are settled long before (checked on the dev data)
            break
    return rank


def lead_scores(document: Document) -> list[float]:
    return [1.0 / (1 + position) for position in document.positions]


# Weights of the default method: the best of benchmarks/tune.py's grid on all 15 texts
# with references (10 dev texts, 5 seeds); its leave-one-out estimate is in
# benchmarks/README.md.
WEIGHTS = {
    "centrality": 1.0,
    "terms": 0.6,
    "position": 0.15,
    "position_decay": 0.2,
    "length": 1.0,
    "min_words": 6.0,
    "diversity": 0.3,
    "headline": 0.3,
    "paragraph": 1.0,
    # the headline, when the article has one (given, or its first line), on a par with
    # centrality: similarity to it scaled so that the closest sentence scores 1
    "title": 1.0,
}


def default_parts(
    document: Document, weights: dict[str, float] | None = None
) -> list[dict[str, float]]:
    """Per candidate, each feature's contribution to its score: the weighted features
    are added up, then multiplied by ``length`` (the score is their sum times it)."""
    w = weights or WEIGHTS
    central = _normalised(textrank_scores(document))
    terms = _normalised(document.term_scores) if document.term_scores else [0.0] * len(central)
    if document.title and document.language == "hi":
        headline = [w.get("title", 0.0) * h for h in _normalised(document.headline)]
    else:  # headings within the text, or English (no references to weigh it on): small
        headline = [w.get("headline", 0.0) * h for h in document.headline]
    mean_words = sum(document.word_counts) / max(len(document.word_counts), 1)
    news = document.news
    parts = []
    for position in range(len(central)):
        lead = 1.0 / (1 + document.positions[position] * w["position_decay"])
        words = document.word_counts[position]
        shortness = min(1.0, words / w["min_words"])
        length = (words / mean_words) ** w["length"] if words else 0.0
        part = {
            "centrality": w["centrality"] * central[position],
            "terms": w["terms"] * terms[position],
            "headline": headline[position],
            "position": w["position"] * lead,
            "paragraph": w.get("paragraph", 0.0) * document.opens_paragraph[position],
        }
        if news:
            for feature, present in (
                ("dateline", document.dateline[position]),
                ("date", document.date[position]),
                ("opening", document.opening[position]),
            ):
                part[feature] = LEAD_WEIGHTS[feature] if present else 0.0
        part["length"] = shortness * length
        parts.append(part)
    return parts


def _total(part: dict[str, float]) -> float:
    return sum(value for key, value in part.items() if key != "length") * part["length"]


def default_scores(document: Document, weights: dict[str, float] | None = None) -> list[float]:
    return [_total(part) for part in default_parts(document, weights)]


def _normalised(values: Sequence[float]) -> list[float]:
    top = max(values, default=0.0)
    return [v / top for v in values] if top > 0 else [0.0 for _ in values]


SCORERS: dict[str, Callable[[Document], list[float]]] = {
    "default": default_scores,
    "textrank": textrank_scores,
    "lead": lead_scores,
}


# --- selection -------------------------------------------------------------------------


def summary_length(
    candidates: int, sentences: int | None = None, ratio: float | None = None
) -> int:
    """How many sentences: as asked, or a quarter of the article, 3 to 7."""
    if sentences is not None:
        wanted = sentences
    elif ratio is not None:
        wanted = math.ceil(candidates * ratio)
    else:
        wanted = min(7, max(3, round(candidates / 4)))
    return max(0, min(wanted, candidates))


# A candidate this similar (cosine) to a chosen sentence is a near-duplicate: never chosen.
_NEAR_DUPLICATE = 0.8
# Work per key and summary: a key in more than budget / summary length candidate
# sentences is left out of the diversity term, and only that many sentences with a rare
# key are checked as near-duplicates, so that a long summary of a huge input
# (``--ratio 100%`` of 100,000 sentences) costs linear time. Below that bound (any
# article under 1,000 sentences with a summary of up to 100; a 7-sentence summary of
# 14,000) both are exact.
_SIMILARITY_BUDGET = 100_000
_MIN_POSTINGS = 8


def select(
    document: Document,
    scores: Sequence[float],
    count: int,
    words: int | None = None,
    diversity: float | None = None,
) -> list[int]:
    """Positions (into candidates) chosen by maximal marginal relevance.

    A lazy max-heap gives the next best sentence (MMR scores only fall as sentences are
    chosen), selection stops as soon as nothing left fits the word budget, and
    near-duplicates are found through an index of each vector's rarest keys (a vector is
    indexed by the keys after its prefix of norm ≤ 0.8, one of which any vector more
    similar than 0.8 must share). Time O(n log n + keys × _SIMILARITY_BUDGET).
    """
    if diversity is None:
        diversity = WEIGHTS["diversity"]
    vectors = document.vectors
    n = len(scores)
    top = max(scores, default=0.0) or 1.0
    df: dict[int, int] = {}
    for vector in vectors:
        for k, _ in vector:
            df[k] = df.get(k, 0) + 1
    expected = min(count, n)  # sentences to choose, at most
    if words is not None and n:
        expected = min(expected, words // max(1, min(document.word_counts)) + 1)
    cap = max(_MIN_POSTINGS, _SIMILARITY_BUDGET // max(1, expected))
    postings: dict[int, list[tuple[int, float]]] = {}
    rare: dict[int, deque[int]] = {}  # key -> vectors with the key in their indexed suffix
    for position, vector in enumerate(vectors):
        for k, w in vector:
            if df[k] <= cap:
                postings.setdefault(k, []).append((position, w))
        mass = 0.0
        for k, w in sorted(vector, key=lambda kw: (-df[kw[0]], kw[0])):
            mass += w * w
            if mass > _NEAR_DUPLICATE**2 - 1e-9:
                rare.setdefault(k, deque()).append(position)
    weights = [dict(vector) for vector in vectors]
    closest = [0.0] * n
    available = set(range(n))

    def mmr(p: int) -> float:
        return (1 - diversity) * scores[p] / top - diversity * closest[p]

    queue = [(-mmr(p), p) for p in range(n)]
    heapq.heapify(queue)
    shortest = [(document.word_counts[p], p) for p in range(n)]
    heapq.heapify(shortest)
    chosen: list[int] = []
    used_words = 0
    while queue and len(chosen) < count:
        if words is not None and chosen:
            while shortest and shortest[0][1] not in available:
                heapq.heappop(shortest)
            if not shortest or shortest[0][0] > words - used_words:
                break  # nothing left fits the budget
        negative, best = heapq.heappop(queue)
        if best not in available:
            continue
        current = mmr(best)
        if current < -negative:
            heapq.heappush(queue, (-current, best))  # stale: chosen sentences came closer
            continue
        available.discard(best)
        if words is not None and used_words + document.word_counts[best] > words and chosen:
            continue
        chosen.append(best)
        used_words += document.word_counts[best]
        similarity: dict[int, float] = {}
        for k, w in vectors[best]:
            for other, w2 in postings.get(k, ()):
                similarity[other] = similarity.get(other, 0.0) + w * w2
        for other, value in similarity.items():
            if value > closest[other]:
                closest[other] = value
        _drop_near_duplicates(best, vectors[best], weights, rare, available, cap)
    return sorted(chosen)


def _drop_near_duplicates(
    best: int,
    vector: list[tuple[int, float]],
    weights: list[dict[int, float]],
    rare: dict[int, deque[int]],
    available: set[int],
    cap: int,
) -> None:
    """Make available vectors more similar than 0.8 to ``best`` unavailable (all of them
    while no rare key is in more than ``cap`` available sentences)."""
    seen: set[int] = set()
    for k, _ in vector:
        bucket = rare.get(k)
        if not bucket:
            continue
        kept: list[int] = []
        while bucket and len(kept) < cap:  # the rest is left unchecked: bounded work
            other = bucket.popleft()
            if other not in available:
                continue  # chosen or dropped: forgotten for good
            kept.append(other)
            if other in seen:
                continue
            seen.add(other)
            mine = weights[other]
            value = 0.0
            for key, w in vector:  # summed in this order, as the diversity term is
                w2 = mine.get(key)
                if w2 is not None:
                    value += w * w2
            if value > _NEAR_DUPLICATE:
                available.discard(other)
        bucket.extendleft(reversed(kept))


def _positions_within_articles(candidates: Sequence[int], starts: Sequence[int]) -> list[int]:
    positions, article, count = [], -1, 0
    for index in candidates:
        current = sum(1 for start in starts if start <= index) - 1
        if current != article:
            article, count = current, 0
        positions.append(count)
        count += 1
    return positions


def summarize(
    text: str,
    sentences: int | None = None,
    *,
    ratio: float | None = None,
    words: int | None = None,
    method: str = "default",
    glossary: GlossaryIndex | None = None,
    title: str | None = None,
    style: str = "auto",
    lead_features: bool = True,
    explain: bool = False,
) -> Summary:
    """Summarise one text: the best sentences in document order, with their terms.

    ``sentences``, ``ratio`` (0–1) or ``words`` (a budget) set the length; by default a
    quarter of the article, 3 to 7 sentences. ``title``: the headline, when it is not the
    text's first line.
    """
    spans = split_sentences(text)
    return summarize_spans(
        spans, detect_language(text), sentences=sentences, ratio=ratio, words=words,
        method=method, glossary=glossary, title=title, text=text, style=style,
        lead_features=lead_features, explain=explain,
    )  # fmt: skip


def summarize_spans(
    spans: Sequence[Span],
    language: str,
    *,
    sentences: int | None = None,
    ratio: float | None = None,
    words: int | None = None,
    method: str = "default",
    glossary: GlossaryIndex | None = None,
    source: str = "",
    article_starts: Sequence[int] = (),
    title: str | None = None,
    text: str | None = None,
    style: str = "auto",
    lead_features: bool = True,
    explain: bool = False,
    every_sentence: bool = False,
) -> Summary:
    """Summarise segmented text. ``article_starts`` (span indices where pooled articles
    begin, for digests) makes position count within each article. ``text``, the text the
    spans were cut from, lets a first line with stops be seen as the headline;
    ``explain`` gives each chosen sentence its features' contributions;
    ``every_sentence`` also gives every span with its terms (:attr:`Summary.articles`),
    marked by the same records as the chosen sentences, for a reading view."""
    if method not in SCORERS:
        raise ValueError(f"unknown method {method!r}: choose from {', '.join(METHODS)}")
    with paused_gc():  # vectors, bags and scores: many objects, no cycles among them
        return _summarize(
            spans, language, sentences=sentences, ratio=ratio, words=words, method=method,
            glossary=glossary, source=source, article_starts=article_starts, title=title,
            text=text, style=style, explain=explain, lead_features=lead_features,
            every_sentence=every_sentence,
        )  # fmt: skip


def _summarize(
    spans: Sequence[Span],
    language: str,
    *,
    sentences: int | None,
    ratio: float | None,
    words: int | None,
    method: str,
    glossary: GlossaryIndex | None,
    source: str,
    article_starts: Sequence[int],
    title: str | None,
    text: str | None,
    style: str,
    lead_features: bool,
    explain: bool,
    every_sentence: bool,
) -> Summary:
    headline = find_headline(text, spans) if not article_starts else []
    document = build_document(
        spans, language, headline=headline, title=title, style=style,
        lead_features=lead_features,
    )  # fmt: skip
    if article_starts:
        document.positions = _positions_within_articles(document.candidates, article_starts)
    found = _term_occurrences(spans, glossary) if method == "default" or glossary else None
    # an occurrence that may be the ordinary word is no evidence of a key term
    terms = [o for o in found if not o.ambiguous] if found is not None else None
    if terms is not None:
        document.term_scores = _term_scores(document, terms)
    parts: list[dict[str, float]] = []
    if method == "default":
        parts = default_parts(document)
        scores = [_total(part) for part in parts]
    else:
        scores = SCORERS[method](document)
        parts = [{_METHOD_FEATURE[method]: score} for score in scores]
    count = summary_length(len(document.candidates), sentences, ratio)
    if words is not None and sentences is None and ratio is None:
        count = len(document.candidates)
    # LEAD is the plain first-k baseline; the ranked methods get redundancy control.
    picked = select(document, scores, count, words, diversity=0.0 if method == "lead" else None)
    by_index = {s.index: s for s in spans}
    chosen_indices = {document.candidates[p] for p in picked}
    marks = _marks(set(by_index) if every_sentence else chosen_indices, by_index, found or ())
    chosen = [
        SummarySentence(
            s.index, s.start, s.end, s.text, round(scores[p], 4), source, marks.get(s.index, ()),
            {key: round(value, 4) for key, value in parts[p].items()} if explain else None,
        )
        for p in picked
        for s in [by_index[document.candidates[p]]]
    ]  # fmt: skip
    rows = _summary_terms(terms, {c.index for c in chosen}) if terms is not None else []
    articles = None
    if every_sentence:
        in_headline = set(headline)
        articles = [
            [
                ArticleSentence(
                    s.index,
                    s.start,
                    s.end,
                    s.kind,
                    s.index in chosen_indices,
                    s.index in in_headline,
                    marks.get(s.index, ()),
                )
                for s in spans
            ]
        ]
    return Summary(language, chosen, rows, document.title, articles)


# what the score of a method other than ``default`` is, for --explain
_METHOD_FEATURE = {"textrank": "centrality", "lead": "position"}


# --- glossary terms --------------------------------------------------------------------


def _term_occurrences(spans: Sequence[Span], glossary: GlossaryIndex | None) -> list[Occurrence]:
    from indoru.terms import TermScanner

    return list(TermScanner.shared(glossary).scan(spans))


def _marks(
    chosen: set[int], spans: dict[int, Span], occurrences: Iterable[Occurrence]
) -> dict[int, tuple[dict[str, Any], ...]]:
    """The term marks of the chosen sentences, by sentence index."""
    from indoru.terms import term_marks

    per_sentence: dict[int, list[Occurrence]] = {}
    for occurrence in occurrences:
        if occurrence.sentence in chosen:
            per_sentence.setdefault(occurrence.sentence, []).append(occurrence)
    return {
        index: tuple(term_marks(found, spans[index].start)) for index, found in per_sentence.items()
    }


def _term_scores(document: Document, occurrences: Sequence[Occurrence]) -> list[float]:
    """Per candidate: Σ over the key terms it carries of count-and-spread weights."""
    counts: dict[str, int] = {}
    sentences_with: dict[str, set[int]] = {}
    in_heading: set[str] = set()
    kinds = {s.index: s.kind for s in document.spans}
    per_sentence: dict[int, set[str]] = {}
    for occurrence in occurrences:
        ident = occurrence.entry.id
        counts[ident] = counts.get(ident, 0) + 1
        sentences_with.setdefault(ident, set()).add(occurrence.sentence)
        per_sentence.setdefault(occurrence.sentence, set()).add(ident)
        if kinds.get(occurrence.sentence) == "heading":
            in_heading.add(ident)
    n = max(len(document.spans), 1)
    weight = {
        ident: math.log1p(count)
        * math.log1p(n / len(sentences_with[ident]))
        * (1.5 if ident in in_heading else 1.0)
        for ident, count in counts.items()
    }
    return [sum(weight[i] for i in per_sentence.get(index, ())) for index in document.candidates]


def _summary_terms(occurrences: Sequence[Occurrence], chosen: set[int]) -> list[TermRow]:
    counts: dict[str, int] = {}
    entries: dict[str, Entry] = {}
    for occurrence in occurrences:
        counts[occurrence.entry.id] = counts.get(occurrence.entry.id, 0) + 1
        if occurrence.sentence in chosen:
            entries.setdefault(occurrence.entry.id, occurrence.entry)
    rows = [
        TermRow(e.id, e.hi, e.en, e.category, counts[e.id], e.definition) for e in entries.values()
    ]
    return sorted(rows, key=lambda row: -row.count)


def summarize_many(
    documents: Sequence[tuple[str, Sequence[Span], str]],
    *,
    sentences: int | None = None,
    ratio: float | None = None,
    words: int | None = None,
    glossary: GlossaryIndex | None = None,
    style: str = "auto",
    lead_features: bool = True,
    explain: bool = False,
    every_sentence: bool = False,
) -> Summary:
    """A digest: one summary across several articles, never repeating a sentence that two
    of them share; each sentence keeps its source. Headings (a headline without a final
    stop among them) are never chosen. ``every_sentence``: :attr:`Summary.articles` has
    each article's spans (numbered in their own article)."""
    from indoru.duplicates import DuplicateFinder

    finder = DuplicateFinder()
    pooled: list[Span] = []
    sources: list[tuple[str, int]] = []
    starts: list[int] = []
    for source, spans, _ in documents:
        starts.append(len(pooled))
        for span in spans:
            number = len(pooled)
            repeated = span.duplicate_of is not None or finder.check(number, span.text) is not None
            pooled.append(
                Span(
                    number,
                    span.start,
                    span.end,
                    span.kind,
                    span.text,
                    0 if repeated else None,
                    span.opens_line,
                )
            )
            sources.append((source, span.index))
    languages = {language for _, _, language in documents}
    language = languages.pop() if len(languages) == 1 else "hi"
    summary = summarize_spans(
        pooled, language, sentences=sentences, ratio=ratio, words=words, glossary=glossary,
        article_starts=starts, style=style, lead_features=lead_features, explain=explain,
        every_sentence=every_sentence,
    )  # fmt: skip
    relabelled = []
    for sentence in summary.sentences:
        source, index = sources[sentence.index]
        relabelled.append(
            SummarySentence(
                index,
                sentence.start,
                sentence.end,
                sentence.text,
                sentence.score,
                source,
                sentence.terms,
                sentence.explain,
            )
        )
    articles = None
    if summary.articles is not None:
        pooled_sentences = summary.articles[0]
        ends = [*starts[1:], len(pooled_sentences)]
        articles = [
            [s._replace(index=sources[s.index][1]) for s in pooled_sentences[start:end]]
            for start, end in zip(starts, ends, strict=True)
        ]
    return Summary(language, relabelled, summary.terms, articles=articles)
