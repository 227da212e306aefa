"""Name keys for entity resolution, readable ids, and spreadsheet-safe CSV cells.

Romanization, person titles and organization types come from `rigour` (OpenSanctions' name
library): its transliteration of Latin, Cyrillic, Greek, Armenian, Georgian and Hangul
(`Ташкент` → `Tashkent`), with `normality`'s ICU transliteration for the other scripts; its list
of person name prefixes (`Dr`, `His Excellency`, `Professor`); its organization types (`Ltd`,
`NGO`, `gGmbH`). Lookups add ICU's BGN/PCGN and Uzbek Latin romanizations of Cyrillic. These
are imported on first use: keys of ASCII names never need them.
"""

from __future__ import annotations

import json
import re
import unicodedata
from collections.abc import Callable, Iterable, Mapping
from functools import cache, lru_cache
from typing import Any

_NOT_ALNUM = re.compile(r"[^a-z0-9]+")
# Single letters joined by dots, on lower-case ASCII: `o.d.i.h.r.`, `u.n.o.d.c`, not `l.kh.`.
_DOTTED = re.compile(r"(?<![\w.])[a-z]\.[a-z](?:\.[a-z])*(?!\w)\.?")
# Single letters in a row in a key: `j r r tolkien`.
_LETTERS = re.compile(r"\b[a-z](?: [a-z])+\b")
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r", "\n")
# Latin letters that do not decompose, as rigour spells them (a test pins the agreement), and
# invisible characters pasted from PDFs and web pages (soft hyphen, zero-width space, BOM):
# these keep the common European names off the slower transliteration.
_LATIN = str.maketrans(
    {"ß": "ss", "ł": "l", "ø": "o", "æ": "ae", "œ": "oe", "đ": "d", "ð": "d", "þ": "th", "ı": "i"}
    | {"ẞ": "SS", "Ł": "L", "Ø": "O", "Æ": "AE", "Œ": "OE", "Đ": "D", "Ð": "D", "Þ": "TH"}
    | dict.fromkeys("\u00ad\u200b\u200c\u200d\u2060\ufeff")
)


def _undot(match: re.Match[str]) -> str:
    return match.group().replace(".", "")


def _key(name: str, dotted: bool = True) -> str:
    """`name_key`, uncached; `dotted=False` leaves dotted acronyms spelled out (`j r r`)."""
    text = name.lower() if name.isascii() else _to_ascii(name).lower()
    if dotted and "." in text:
        text = _DOTTED.sub(_undot, text)
    return " ".join(_NOT_ALNUM.sub(" ", text).split())


@lru_cache(maxsize=65536)
def name_key(name: str) -> str:
    """A name as compared and searched: transliterated to ASCII, dotted acronyms joined
    (`O.D.I.H.R.` → `odihr`), lower case, punctuation → space, spaces collapsed. Only
    `a-z`, `0-9` and single spaces."""
    return _key(name)


def _to_ascii(name: str) -> str:
    return " ".join(w if w.isascii() else _word_ascii(w) for w in name.split())


@lru_cache(maxsize=131072)
def _word_ascii(word: str) -> str:
    """One word in ASCII: diacritics stripped where they decompose, else rigour's
    transliteration (ICU4X in Rust, some 15-20 µs a character: hence the cache)."""
    plain = unicodedata.normalize("NFKD", word)
    plain = "".join(c for c in plain if not unicodedata.combining(c)).translate(_LATIN)
    if plain.isascii():
        return plain
    from rigour.text.translit import ascii_text

    try:
        return ascii_text(word.translate(_LATIN))
    except UnicodeError:  # a lone surrogate (from JSON `\ud800`) can't cross into Rust
        return ascii_text(word.encode("utf-8", "ignore").decode("utf-8"))


def search_words(text: str) -> list[str]:
    """The words of a search, normalized; only letters and digits, at most twelve."""
    return [w for w in name_key(text).split() if w.isalnum()][:12]


def name_keys(names: Iterable[str]) -> list[str]:
    """The sorted, distinct, non-empty keys of some names."""
    return sorted({k for k in map(name_key, names) if k})


def search_text(names: list[str]) -> str:
    """Names, aliases and their normalized forms in one string, for the full-text index."""
    seen: dict[str, None] = {}
    for text in [*names, *name_keys(names)]:
        seen.setdefault(text, None)
    return " | ".join(seen)


def slug(name: str) -> str:
    """A readable id part: `Kevin Hyland` → `kevin-hyland`."""
    return name_key(name).replace(" ", "-")[:80] or "unnamed"


# Characters no text of the data may hold: C0 controls, DEL, C1 controls, lone surrogates, and
# the bidi embeddings, overrides and isolates (U+202A-E, U+2066-9), which reorder the text
# around a name wherever it is shown. The marks LRM, RLM and ALM stay: names in Arabic or
# Hebrew need them, and they reorder nothing beyond themselves.
_CONTROLS = re.compile("[\x00-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\ud800-\udfff]")
_LINE_CONTROLS = re.compile(
    "[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\ud800-\udfff]"
)
_CONTROL_NAMES = {0: "NUL", 9: "TAB", 10: "LF", 13: "CR", 27: "ESC", 0x7F: "DEL"}


def control_problem(text: str, lines: bool = False) -> str | None:
    """Why a text may not be stored (a control character, named, and where), or None. With
    `lines`, tab and line breaks are allowed (free text; names and ids never hold them)."""
    found = (_LINE_CONTROLS if lines else _CONTROLS).search(text)
    if found is None:
        return None
    char, where = found.group(), found.start() + 1
    code = ord(char)
    if 0xD800 <= code <= 0xDFFF:
        return f"holds a lone surrogate U+{code:04X} at character {where}: not a character"
    if code >= 0x2000:
        return (
            f"holds the bidirectional control character U+{code:04X} "
            f"({unicodedata.name(char)}) at character {where}: it would reorder the text "
            "shown around it; remove it"
        )
    name = _CONTROL_NAMES.get(code) or ("a C1 control" if code >= 0x80 else "a C0 control")
    return f"holds the control character U+{code:04X} ({name}) at character {where}; remove it"


# Bidi classes that can reorder text next to a name: right-to-left letters and numbers, and
# the explicit controls.
_REORDERING = frozenset("R AL AN LRE RLE LRO RLO PDF LRI RLI FSI PDI".split())


def bidi_isolate(text: str) -> str:
    """A name as shown beside other text: wrapped in FIRST STRONG ISOLATE ... POP DIRECTIONAL
    ISOLATE when it holds right-to-left text or bidi controls, so it cannot reorder what is
    around it (the PDI also closes any embedding left open inside it). Left-to-right text is
    left as it is."""
    if text.isascii() or not any(unicodedata.bidirectional(c) in _REORDERING for c in text):
        return text
    return "\u2068" + text + "\u2069"


def csv_safe(value: object) -> str:
    """A cell a spreadsheet shows as text: values that would start a formula get a `'` first."""
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(_FORMULA_START) else text


_PARENS = re.compile(r"\s*\(([^()]*)\)\s*")
# Words after a name's last parenthesis.
_AFTER_PARENS = re.compile(r"\)[^()]*\w[^()]*$")
# Titles rigour's person name prefixes lack: `H.E.` (its key `he`, or `h e`), and these.
_MORE_TITLES = frozenset({"h", "e", "he", "his", "her", "col", "judge", "minister"})


def _joined_letters(key: str) -> str:
    """Single letters in a row joined, as a dotted acronym's key has them: `j r r` → `jrr`."""
    if " " not in key or min(map(len, key.split())) > 1:
        return key
    return _LETTERS.sub(lambda m: m.group().replace(" ", ""), key)


@cache
def _rigour_names() -> tuple[Callable[[str], str], Callable[[str], str], Callable[[str], str]]:
    """rigour's person prefix and organization type functions, imported on first use."""
    from rigour.names import remove_org_types, remove_person_prefixes, replace_org_types_compare

    return remove_person_prefixes, remove_org_types, replace_org_types_compare


@lru_cache(maxsize=65536)
def _title_words(head: str) -> int:
    """How many of `head`'s words (a key's first two) rigour's person name prefixes take."""
    rest = _rigour_names()[0](head + " x")
    return head.count(" ") + 1 - rest.count(" ")


def _without_titles(key: str) -> str:
    """A person's key without leading titles, two words kept at least: `dr kevin hyland`."""
    words = key.split()
    while len(words) > 2:
        if words[0] in _MORE_TITLES:
            words = words[1:]
            continue
        n = _title_words(f"{words[0]} {words[1]}")
        if not n or len(words) - n < 2:
            break
        words = words[n:]
    return " ".join(words)


def _org_forms(key: str) -> list[str]:
    """An organization's key without its legal form or type (`acme ltd` → `acme`), and with
    rigour's comparable form of it (`acme non governmental organization` → `acme ngo`)."""
    _, remove_types, compare_types = _rigour_names()
    return [name_key(f) for f in (remove_types(key), compare_types(key)) if f != key]


# Romanizations of Cyrillic that English-language and Uzbek Latin-script sources use, beside
# rigour's own: BGN/PCGN for Russian (`Л.Х. Исаков` → `L.Kh. Isakov`), official Uzbek Latin
# (`Ўзбекистон` → `O'zbekiston`, `Мирзиёев` → `Mirziyoyev`). ICU's, through PyICU.
_BGN = "Russian-Latin/BGN; Latin-ASCII; [\u00b7] Remove"
_UZBEK_LATIN = "uz_Cyrl-uz_Latn; Any-Latin; Latin-ASCII"
_CYRILLIC = re.compile("[\u0400-\u052f]")
_NOT_RUSSIAN = re.compile("[\u0400\u0402-\u040f\u0450\u0452-\u052f]")


@cache
def _romanizer(transform: str) -> Callable[[str], str]:
    from icu import Transliterator  # type: ignore[import-untyped]

    romanize: Callable[[str], str] = Transliterator.createInstance(transform).transliterate
    return romanize


@lru_cache(maxsize=65536)
def _romanized_word(transform: str, word: str) -> str:
    return _romanizer(transform)(word) if _CYRILLIC.search(word) else word


def _romanizations(name: str) -> list[str]:
    """A Cyrillic name's keys in the romanizations above (BGN/PCGN for Russian letters only)."""
    if name.isascii() or not _CYRILLIC.search(name):
        return []
    transforms = [_UZBEK_LATIN] if _NOT_RUSSIAN.search(name) else [_UZBEK_LATIN, _BGN]
    words = name.split()
    return [name_key(" ".join(_romanized_word(t, w) for w in words)) for t in transforms]


def lookup_names(name: str, label: str) -> list[str]:
    """Keys of other forms of a name worth looking up (never stored): without a parenthesis
    and the parenthesis alone (`International Organization for Migration (IOM)`), without a
    leading `the`, dotted acronyms and initials spelled both ways (`J.R.R.`, `J. R. R.`),
    Cyrillic in BGN/PCGN and Uzbek Latin romanization (`Л.Х. Исаков` → `l kh isakov`), for
    people without titles (`Dr. Kevin Hyland`, `H.E. Mr ...`), for organizations without
    their legal form or type (`Acme Ltd`)."""
    forms: list[str] = []
    names = [name]
    # A parenthesis ends a name when it gives its acronym; a name that goes on after it
    # (`… (IOM) in Central Asia`: a region, an office, a branch) is another body, whose
    # likeness to the first is for a reviewer to judge, not for the loader to assume.
    if "(" in name and (inner := _PARENS.findall(name)) and not _AFTER_PARENS.search(name):
        names.append(_PARENS.sub(" ", name))
        forms.extend(map(name_key, inner))
    bases: list[str] = []
    for n in names:
        key = name_key(n)
        bases.append(key)
        if "." in n and (not n.isascii() or _DOTTED.search(n.lower())):
            bases.append(_key(n, dotted=False))
        bases.append(_joined_letters(key))
        if not n.isascii():
            bases.extend(_romanizations(n))
    bases.extend([b[4:] for b in bases if b.startswith("the ")])
    bases = list(dict.fromkeys(bases))
    forms.extend(bases)
    if label == "Person":
        forms.extend(map(_without_titles, bases))
    elif label == "Organization":
        for b in bases:
            forms.extend(_org_forms(b))
    own = name_key(name)
    return [f for f in dict.fromkeys(forms) if f and f != own]


def other_names(value: object) -> list[dict[str, Any]]:
    """A record's dated names (`otherNames`, stored as JSON text, or already a list): each a
    copy of its `{name, startDate, endDate}`, those without a name left out."""
    if isinstance(value, str):
        try:
            value = json.loads(value)
        except ValueError:
            return []
    if not isinstance(value, list):
        return []
    return [dict(o) for o in value if isinstance(o, dict) and o.get("name")]


def record_names(props: Mapping[str, Any]) -> list[str]:
    """Every name a record is found by, each once: its name, aliases and dated names."""
    dated = (str(o["name"]) for o in other_names(props.get("otherNames")))
    return list(dict.fromkeys([props["name"], *(props.get("aliases") or []), *dated]))


def index_names(props: dict[str, Any]) -> dict[str, Any]:
    """A record's properties with the name keys and search text of all its names set."""
    names = record_names(props)
    props["nameKeys"], props["searchText"] = name_keys(names), search_text(names)
    return props
