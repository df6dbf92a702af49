"""Stopwords and light stemming for sentence similarity (not for the glossary).

The Hindi list is written for news prose: postpositions, pronouns, auxiliaries,
conjunctions, particles and the reporting verbs every article repeats (कहा, बताया). The
stemmer only strips inflectional endings so that समझौता, समझौते and समझौतों share a key; it
conflates (मंत्री and मंत्र), which does no harm when comparing sentences.
"""

from __future__ import annotations

HINDI = frozenset(
    """
    के का की को में से पर ने और तथा एवं व या भी ही तो कि जो यह वह ये वे इस उस इन उन
    इसके उसके इसकी उसकी इसका उसका इसे उसे इन्हें उन्हें इनके उनके इनकी उनकी इनका उनका
    जिस जिसमें जिसके जिसकी जिसका जिसे जिन जिनके जिनकी जिनमें जिससे जिसपर
    साथ लिए लिये बाद पहले दौरान तक द्वारा बीच अपने अपनी अपना खुद हम हमारे हमारी हमारा
    मैं मेरे मेरी मेरा मुझे आप आपके आपकी तुम उन्होंने इन्होंने हमने मैंने
    कोई कुछ सभी सब बहुत अधिक ज्यादा ज़्यादा कम अब जब तब यहां यहाँ वहां वहाँ क्या क्यों कैसे कब
    नहीं न ना है हैं था थे थी थीं हो होगा होगी होंगे होने होता होती होते हुआ हुई हुए
    रहा रही रहे रहें किया किए किये की गया गई गए गये कर करने करते करती करता करना करें करेंगे
    करेगा करेगी दिया दी दिए दिये लिया ली लिए जा जाता जाती जाते जाएगा जाएगी जाएंगे सकता सकती
    सकते सके चाहिए कहा कहना बताया बता दें वाले वाली वाला वालों ऐसे ऐसी ऐसा जैसे जैसी जैसा
    इसलिए क्योंकि लेकिन परंतु किंतु मगर फिर वहीं यहीं अगर यदि हालांकि हालाँकि साथ-साथ
    एक दोनों कई प्रति ओर तरह रूप स्थित संबंधी यानि यानी अर्थात लगभग करीब सिर्फ केवल
    """.split()
)

ENGLISH = frozenset(
    """
    a an the and or but if then than so as of at by for from in into on onto to with
    without about above after against before below between during over under up down
    out off again further once here there when where why how all any both each few more
    most other some such no nor not only own same too very can will just should would could
    may might must shall do does did done doing is are was were be been being have has had
    having i me my myself we our ours ourselves you your yours he him his himself she her
    hers herself it its itself they them their theirs themselves what which who whom this
    that these those am also said says say told mr ms dr per via
    """.split()
)

_HINDI_ENDINGS = (
    "ियों", "ियां", "ियाँ", "ाओं", "ाएं", "ाएँ", "ुओं", "ुएं", "ों", "ें", "ीं", "ाँ", "ां",
    "े", "ी", "ा",
)  # fmt: skip
_ENGLISH_ENDINGS = ("ies", "ing", "ed", "es", "s")


_STEMS: dict[str, str] = {}  # each distinct word is stemmed once
_STEMS_KEPT = 100_000  # then the memo starts afresh: bounded memory on any input


def stem(word: str) -> str:
    """Strip an inflectional ending, keeping at least two letters of stem."""
    found = _STEMS.get(word)
    if found is None:
        if len(_STEMS) >= _STEMS_KEPT:
            _STEMS.clear()
        found = _STEMS[word] = _stem(word)
    return found


def _stem(word: str) -> str:
    if word.isascii():
        for ending in _ENGLISH_ENDINGS:
            if word.endswith(ending) and len(word) - len(ending) >= 3:
                return word[: -len(ending)] + ("y" if ending == "ies" else "")
        return word
    for ending in _HINDI_ENDINGS:
        if word.endswith(ending) and len(word) - len(ending) >= 2:
            return word[: -len(ending)]
    return word
