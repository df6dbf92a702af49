"""Generate glossary/countries.tsv from CLDR's English and Hindi territory names.

Source: the Unicode CLDR data as shipped by the Babel package (CLDR is under the Unicode
License v3, which allows redistribution with attribution; Babel is BSD-licensed). Where
Hindi news media spell a country differently from CLDR (CLDR: संयुक्त राज्य; news:
अमेरिका), the news spelling is preferred and CLDR's kept as a variant: see NEWS below.

Run from the repository root (Babel is a tool dependency, not a runtime one):

    pip install babel && python tools/make_countries.py
"""

from __future__ import annotations

from pathlib import Path

from babel import Locale
from babel import __version__ as babel_version

OUT = Path(__file__).resolve().parent.parent / "glossary" / "countries.tsv"
HEADER = (
    "id en en_variants hi hi_variants category domain definition hi_definition note source "
    "status related"
)
NOT_COUNTRIES = {
    "EU",
    "EZ",
    "UN",
    "QO",
    "XA",
    "XB",
    "ZZ",
    "AQ",
    "BV",
    "HM",
    "UM",
    "CP",
    "DG",
    "EA",
    "IC",
    "TA",
    "AC",
}

# Hindi news spellings (BBC Hindi, Navbharat Times, Dainik Jagran, Amar Ujala, PIB) that
# differ from CLDR's, with the English short forms news uses. (hi, hi variants, en variants)
NEWS: dict[str, tuple[str, list[str], list[str]]] = {
    "US": (
        "अमेरिका",
        ["अमरीका", "संयुक्त राज्य अमेरिका", "संयुक्त राज्य अमरीका", "यूएसए", "यूएस"],
        ["USA", "US", "America", "United States of America"],
    ),
    # England is a part of it, not its name: a separate place entry (places-world.tsv)
    "GB": ("ब्रिटेन", ["यूनाइटेड किंगडम", "यूके", "ब्रितानिया"], ["UK", "Britain", "Great Britain"]),
    "TR": ("तुर्की", ["तुर्किये"], ["Turkey"]),
    "MM": ("म्यांमार", ["बर्मा"], ["Burma"]),
    "CZ": ("चेक गणराज्य", ["चेकिया"], ["Czech Republic"]),
    "AE": ("संयुक्त अरब अमीरात", ["यूएई"], ["UAE"]),
    "KP": ("उत्तर कोरिया", [], ["DPRK"]),
    "KR": ("दक्षिण कोरिया", [], ["ROK"]),
    "AF": ("अफगानिस्तान", [], []),
    "IL": ("इजरायल", ["इस्राइल", "इसराइल"], []),
    "PS": ("फिलिस्तीन", ["फ़िलिस्तीनी क्षेत्र"], ["Palestine"]),
    "CI": ("आइवरी कोस्ट", ["कोत दिवुआर"], ["Ivory Coast"]),
    "HK": ("हांगकांग", [], ["Hong Kong"]),
    "MO": ("मकाऊ", [], ["Macau", "Macao"]),
    "VA": ("वेटिकन सिटी", ["वेटिकन"], ["Vatican", "Holy See"]),
    "CD": ("कांगो लोकतांत्रिक गणराज्य", [], ["DR Congo", "DRC"]),
    "MK": ("उत्तरी मैसेडोनिया", ["उत्तरी मकदूनिया"], ["Macedonia"]),
    "SY": ("सीरिया", [], []),
    "KZ": ("कजाकिस्तान", ["कज़ाख़स्तान"], []),
    "UZ": ("उज्बेकिस्तान", [], []),
    "KG": ("किर्गिस्तान", ["किर्गिज़स्तान"], ["Kyrgyzstan"]),
    "TJ": ("ताजिकिस्तान", [], []),
    "TM": ("तुर्कमेनिस्तान", [], []),
    "BY": ("बेलारूस", [], []),
    "SA": ("सऊदी अरब", [], []),
    "IR": ("ईरान", [], []),
    "IQ": ("इराक", [], []),
    "DE": ("जर्मनी", [], []),
    "FR": ("फ्रांस", [], []),
    "RU": ("रूस", ["रूसी संघ"], ["Russian Federation"]),
    "IN": ("भारत", ["हिंदुस्तान", "इंडिया"], ["Bharat"]),
    "CN": ("चीन", ["चीनी जनवादी गणराज्य"], ["People's Republic of China", "PRC"]),
    "TW": ("ताइवान", [], []),
    "LK": ("श्रीलंका", [], []),
    "BD": ("बांग्लादेश", [], []),
    "NP": ("नेपाल", [], []),
    "BT": ("भूटान", [], []),
    "MV": ("मालदीव", [], []),
    "PK": ("पाकिस्तान", [], []),
}


def _plain(name: str) -> tuple[str, list[str]]:
    """'Myanmar (Burma)' -> ('Myanmar', ['Burma'])."""
    if " (" in name and name.endswith(")"):
        head, inside = name[:-1].split(" (", 1)
        return head, [inside] if len(inside) < 25 else []
    return name, []


def _key(form: str) -> str:
    return "".join(form.replace("\u093c", "").replace("\u0901", "\u0902").casefold().split())


def _distinct(preferred: str, variants: list[str]) -> list[str]:
    seen = {_key(preferred)}
    kept = []
    for variant in variants:
        if _key(variant) not in seen:
            seen.add(_key(variant))
            kept.append(variant)
    return kept


def rows() -> list[list[str]]:
    en = Locale("en").territories
    hi = Locale("hi").territories
    out = []
    for code in sorted(code for code in hi if len(code) == 2 and code.isalpha()):
        if code in NOT_COUNTRIES or code not in en:
            continue
        cldr_hi, cldr_hi_extra = _plain(hi[code])
        name, cldr_en_extra = _plain(en[code])
        news_hi, news_hi_variants, news_en_variants = NEWS.get(code, (cldr_hi, [], []))
        variants = _distinct(news_hi, [cldr_hi, *cldr_hi_extra, *news_hi_variants])
        en_variants = _distinct(name, [*cldr_en_extra, *news_en_variants])
        source = f"Unicode CLDR via Babel {babel_version}" + (
            "; Hindi news spelling" if code in NEWS else ""
        )
        out.append(
            [
                f"country-{code.lower()}",
                name,
                " | ".join(en_variants),
                news_hi,
                " | ".join(variants),
                "country",
                "geography",
                f"Country or territory (ISO 3166-1 code {code}).",
                "",
                "",
                source,
                "",
                "",
            ]
        )
    return out


def main() -> None:
    lines = ["\t".join(HEADER.split())] + ["\t".join(row) for row in rows()]
    OUT.write_text("\n".join(lines) + "\n", encoding="utf-8")
    print(f"wrote {len(lines) - 1} countries to {OUT}")


if __name__ == "__main__":
    main()
