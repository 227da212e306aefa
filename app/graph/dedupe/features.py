"""What two records are compared on: their names in every form, and what the graph knows of
each (neighbours, country, kind, parent, the period their name was in use).

Names are compared as `name_key`s (ASCII, lower case) with the words that say nothing of
which body it is (`the`, `of`, `republic`) left out; person names also without titles, word by
word, and with a phonetic key (`rigour`'s metaphone) and a `skeleton` per word: the word with
the letters that romanizations of Cyrillic spell differently folded together (`Yusupova`,
`Iusupova`, `Jusupova`; `Gaynazarov`, `Gainazarov`; `Khasanov`, `Xasanov`; `Karimov`,
`Karimoff`). Acronyms are derived from the words of each organization's and event's names
(`International Organization for Migration` → `IOM`, `Co-operation` one word), also without
its trailing "of ..." or "in ..." (`National Commission on Combating Human Trafficking of
Uzbekistan` → `NCCHT`), with hyphenated words split, without a leading parent's acronym
(`OSCE Project Co-ordinator in Uzbekistan` → `PCU`, `OSCE PCU`), and in mixed case (`PCUz`,
`PCiU`); a short name of the other record (dots removed: `O.S.C.E.`) is one of them if it has
its letters, and its case where it mixes cases (`initials_of`).
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass, field
from functools import cache, lru_cache
from typing import Any

from ctgraph.core.names import lookup_names, name_key, other_names

# Words that tell no body from another: articles, prepositions, and the formal wrapping of a
# state's name.
STOP = frozenset(
    "the of on and for in to at a an by with de la le du des der die das und "
    "republic republican rk ru uz state national".split()
)
# Words an acronym skips (`United Nations Office on Drugs and Crime` → `unodc`).
_ACRONYM_SKIP = frozenset("the of on and for in to at a an by with de la le du des".split())
_WORD = re.compile(r"[^\W_]+(?:[-'’][^\W_]+)*")
_NUMBER = re.compile(r"^\d+$")


@lru_cache(maxsize=262144)
def acronym(name: str) -> str:
    """The initials of a name's words, articles and prepositions skipped, or "" for a name
    of fewer than two such words (`International Organization for Migration` → `iom`)."""
    words = [w for w in _WORD.findall(name) if w.lower() not in _ACRONYM_SKIP]
    if len(words) < 2:
        return ""
    letters = name_key("".join(w[0] for w in words))
    return letters if letters.isalpha() else ""


def short_form(name: str) -> str:
    """A name that may itself be an acronym, as a key, or "": one word of 2-10 letters, dots
    removed (`O.S.C.E.` → `osce`), or an acronym after its parent's (`OSCE PCUz`)."""
    plain = name.replace(".", "")
    key = name_key(plain)
    if " " not in key:
        return key if 2 <= len(key) <= 10 and key.isalpha() else ""
    words = _WORD.findall(plain)
    if len(words) == 2 and _all_caps(words[0]) and _acronym_like(words[1]):
        return key if key.replace(" ", "").isalpha() and key.count(" ") == 1 else ""
    return ""


def _all_caps(word: str) -> bool:
    """A word written as an acronym: two letters or more, all capitals (`OSCE`, `UNODC`)."""
    return len(word) >= 2 and word.isalpha() and word.isupper()


def _acronym_like(word: str) -> bool:
    """A word that may be an acronym: 2-10 letters, two of them capitals (`ROCA`, `PCUz`)."""
    return 2 <= len(word) <= 10 and word.isalpha() and sum(c.isupper() for c in word) >= 2


# Small words an acronym may keep as a small letter (`POiB`: Programme Office in Bishkek;
# `MoH`: Ministry of Health; `DfID`: Department for International Development).
_SMALL = frozenset({"of", "in", "for"})


@lru_cache(maxsize=262144)
def acronym_forms(name: str) -> frozenset[str]:
    """Every way the name's initials may be written, in ASCII and in their case. In capitals:
    the `acronym`, also of the name cut before each later "of" or "in" (a place, or the body
    it belongs to) and with hyphenated words split or not (`Inter-agency Anti-Trafficking
    Commission` → `IAC`, `IATC`, `IAATC`, `IAAC`); without a leading acronym, its parent's
    (`OSCE Project Co-ordinator in Uzbekistan` → `PCU`), or with it as a word (`OSCE PCU`).
    In mixed case: one word giving its first two or three letters (`PCUz`, `KazNU`), or the
    small words between giving their first (`PCiU`, `MoH`). Each of two letters or more;
    of three without the parent's acronym (two say too little: `PC`, `CO`)."""
    keys, more = _forms(name)
    return keys | more


@lru_cache(maxsize=262144)
def acronyms_of(name: str) -> frozenset[str]:
    """The name's `acronym_forms` that blocking compares with `short_keys`, as keys: those
    in capitals, with the small words, with the last word's first two letters. (Every
    mixed-case form is written in capitals too, but for those of two capitals: `MiT`, `MTa`
    for Mission in Tashkent; the rest are many, and only `initials_of` needs them.)"""
    return frozenset(f.lower() for f in _forms(name)[0])


@lru_cache(maxsize=262144)
def _forms(name: str) -> tuple[frozenset[str], frozenset[str]]:
    """`acronym_forms`: those `acronyms_of` keeps, and the others."""
    words = _WORD.findall(name)
    heads = [words, *(words[:i] for i, w in enumerate(words) if i >= 2 and w in ("of", "in"))]
    keys: set[str] = set()
    more: set[str] = set()
    for head in heads:
        for seq in _hyphens_split(tuple(head)):
            k, m = _initials(seq)
            keys |= k
            more |= m
            if len(seq) > 2 and _all_caps(seq[0]):
                parent = name_key(seq[0]).upper()
                k, m = _initials(seq[1:])
                keys |= {f for f in k if len(f) >= 3} | {f"{parent} {f}" for f in k}
                more |= {f for f in m if len(f) >= 3} | {f"{parent} {f}" for f in m}
    return frozenset(keys), frozenset(more - keys)


def _hyphens_split(words: tuple[str, ...]) -> list[tuple[str, ...]]:
    """The words as they are, and with each of their first three hyphenated words split or
    not."""
    hyphened = [w for w in dict.fromkeys(words) if "-" in w][:3]
    out = [words]
    for split in itertools.product((False, True), repeat=len(hyphened)):
        if any(split):
            parts = {w for w, s in zip(hyphened, split, strict=True) if s}
            out.append(tuple(p for w in words for p in (w.split("-") if w in parts else [w])))
    return out


@lru_cache(maxsize=262144)
def _initials(words: tuple[str, ...]) -> tuple[frozenset[str], frozenset[str]]:
    """The initials of the words (articles and prepositions skipped): in capitals, with the
    small words, with the last word's first two letters; and the other mixed-case forms
    (`acronym_forms`). None for fewer than two words that count."""
    counted = [i for i, w in enumerate(words) if w.lower() not in _ACRONYM_SKIP]
    if len(counted) < 2:
        return frozenset(), frozenset()
    letters = [name_key(words[i][0]).upper() for i in counted]
    if not all(x.isalpha() for x in letters):
        return frozenset(), frozenset()
    keys = {"".join(letters)}
    more: set[str] = set()
    for j, i in enumerate(counted):
        word = words[i]
        for n in (2, 3):
            if word.isascii() and len(word) > n and word[:n].isalpha():
                form = "".join(letters[:j]) + word[0].upper() + word[1:n].lower()
                form += "".join(letters[j + 1 :])
                (keys if n == 2 and j == len(counted) - 1 else more).add(form)
    small = [i for i in range(counted[0], counted[-1]) if words[i].lower() in _SMALL]
    if small:
        pieces = dict(zip(counted, letters, strict=True))
        pieces.update((i, words[i][0].lower()) for i in small)
        keys.add("".join(pieces[i] for i in sorted(pieces)))
    return frozenset(keys), frozenset(more)


@lru_cache(maxsize=262144)
def short_keys(name: str) -> frozenset[str]:
    """The keys blocking compares a short name on: its `short_form`, and for one in mixed
    case its capitals (`PCUz` → `pcuz`, `pcu`; `OSCE PCUz` → `osce pcuz`, `osce pcu`)."""
    key = short_form(name)
    if not key:
        return frozenset()
    words = _WORD.findall(name.replace(".", ""))
    capitals = name_key(" ".join("".join(c for c in w if c.isupper()) for w in words))
    return frozenset({key, capitals} if len(capitals.replace(" ", "")) >= 2 else {key})


def initials_of(short: str, name: str) -> bool:
    """Whether `short`, a name as written, is the initials of `name`: one of its
    `acronym_forms`, in any case where the form is in capitals, in the form's own where it
    mixes cases (`PCUz` is Project Co-ordinator in Uzbekistan's; `PCUZ` would say another
    word begins with Z)."""
    key = short_form(short)
    if not key:
        return False
    written = _case(short)
    return any(
        f.lower() == key and (f.isupper() or _case(f) == written) for f in acronym_forms(name)
    )


def _case(text: str) -> tuple[bool, ...]:
    return tuple(c.isupper() for c in text if c.isalpha())


# Spellings that romanizations of Cyrillic (and Uzbek Latin) give one sound, in order: each
# folded to one letter or pair.
_FOLDS = (
    ("shch", "sh"), ("sch", "sh"), ("dzh", "j"), ("dj", "j"), ("zh", "j"), ("kh", "h"),
    ("x", "h"), ("tch", "ch"), ("ch", "sh"), ("tz", "ts"), ("q", "k"), ("w", "v"), ("ou", "u"),
    ("ph", "f"), ("j", "i"), ("y", "i"),
)  # fmt: skip
_REPEATS = re.compile(r"(.)\1+")
_VOWEL_I_VOWEL = re.compile(r"(?<=[aeou])i(?=[aeou])")


@lru_cache(maxsize=262144)
def skeleton(word: str) -> str:
    """A word (of a name key) with the letters romanizations spell differently folded:
    `yusupova`, `iusupova`, `jusupova` → `iusupova`; `gaynazarov`, `gainazarov`; `khasanov`,
    `xasanov` → `hasanov`; `karimoff` → `karimov`; `abdullayev`, `abdullaev` → `abdulaev`."""
    w = word
    for a, b in _FOLDS:
        if a in w:
            w = w.replace(a, b)
    w = _REPEATS.sub(r"\1", w)
    w = _VOWEL_I_VOWEL.sub("", w)
    if w.endswith("f") and len(w) > 3:
        w = w[:-1] + "v"
    return w or word


@lru_cache(maxsize=262144)
def territory(words: str) -> str | None:
    """The territory code a word (or two) of a name key names (`uzbekistan`, `kyrgyz` → `uz`,
    `kg`; `tashkent` → `uz`; `bern` → `ch-be`), from rigour's territories, or None."""
    if len(words) < 4 or words in STOP or words in _NOT_PLACES:
        return None
    names = _territory_names()
    if names is not None:
        return names.get(words)
    from rigour.territories import lookup_territory

    t = lookup_territory(words)
    return str(t.code) if t is not None else None


@lru_cache(maxsize=1024)
def country_words(code: str) -> frozenset[str]:
    """The words of a country's names (`uz` → `uzbekistan`, `kg` → `kyrgyzstan`, `kyrgyz`):
    in the name of a record of that country they say nothing its country does not."""
    names = _territory_names() or {}
    out = {name for name, c in names.items() if c == code and " " not in name}
    from rigour.territories import get_territory

    t = get_territory(code)
    if t is not None:
        out |= set(name_key(f"{t.name} {t.full_name}").split())
    return frozenset(w for w in out if len(w) > 3 and w not in STOP) - _capitals(code)


def _capitals(code: str) -> frozenset[str]:
    """Words naming a place in the country other than the country itself (its capital,
    which rigour also takes for the country): not the country's name."""
    from rigour.territories import get_territory

    t = get_territory(code)
    places = getattr(t, "places", None) or []
    return frozenset(name_key(p) for p in places)


@cache
def _territory_names() -> dict[str, str] | None:
    """rigour's table of territory names (normalized as name keys are, for ASCII words) to
    their codes, read once: looking each word up normalizes it first, 40 µs a word. None
    where this rigour keeps it otherwise (each word is then looked up)."""
    try:
        from rigour.territories.lookup import _get_territory_names

        return {name: str(t.code) for name, t in _get_territory_names().items()}
    except (ImportError, AttributeError):  # pragma: no cover - another rigour
        return None


# Words rigour takes for a territory that, in a name, mostly are not one.
_NOT_PLACES = frozenset({"union", "international", "national", "central", "federal", "european"})


def places_in(key: str) -> dict[str, str]:
    """The words of a name key that name a place, with its code: each word that does on its
    own, and with the words around it that make a longer name of it (`federal republic of
    germany`, `bosnia and herzegovina`)."""
    words = key.split()
    out: dict[str, str] = {}
    for i, w in enumerate(words):
        code = territory(w)
        if code is None:
            continue
        out[w] = code
        for lo in range(max(0, i - 3), i + 1):
            for hi in range(i + 1, min(len(words), lo + 4) + 1):
                if hi - lo > 1 and (c := territory(" ".join(words[lo:hi]))):
                    out.update((x, c) for x in words[lo:hi] if x not in _ACRONYM_SKIP)
    return out


_PART_OF = re.compile(r"\bof the\b")
_TRAILING_PLACE = re.compile(r"\s+in\s+[^,]+$")


def wholes_of(name: str) -> list[str]:
    """The keys of what a name says it is part of: the rest after each "of the" ("Department
    of the Ministry of Health" → `ministry health`), without a trailing "in ..."; before a
    comma ("Foundation X, Osh Office" → `foundation x`). Only of two words or more."""
    out = []
    for m in _PART_OF.finditer(name):
        tail = name[m.end() :].strip()
        out += [tail, _TRAILING_PLACE.sub("", tail)]
    if ", " in name:
        out.append(name.split(", ")[0])
    keys = (compare_key(name_key(t)) for t in out)
    return [k for k in dict.fromkeys(keys) if " " in k]


@lru_cache(maxsize=262144)
def compare_key(key: str) -> str:
    """A name key without the words that tell no body from another."""
    words = [w for w in key.split() if w not in STOP]
    return " ".join(words) or key


@lru_cache(maxsize=262144)
def _phonetic(word: str) -> str:
    from rigour.text.phonetics import metaphone

    return str(metaphone(word)) if word.isalpha() else word


@dataclass(slots=True)
class DedupeRecord:
    """One record as the scorer sees it."""

    id: str
    type: str
    name: str
    aliases: list[str] = field(default_factory=list)
    other_names: list[dict[str, Any]] = field(default_factory=list)
    country: str | None = None
    kind: str | None = None
    parent: str | None = None
    wikidata: str | None = None
    sources: frozenset[str] = frozenset()
    date: str | None = None  # an event's date (or --MM-DD)
    # Neighbour ids by what they are to this record: `orgs` (co-organizers for an
    # organization, employers for a person, organizers for an event), `people`, `events`,
    # `parts` (PART_OF either way).
    near: dict[str, set[str]] = field(default_factory=dict)
    first: str | None = None  # the span of dates its events and sources give
    last: str | None = None
    seen: int = 0  # on how many distinct dates
    # Derived by `prepare`.
    names: list[str] = field(default_factory=list)
    keys: list[str] = field(default_factory=list)
    tokens: set[str] = field(default_factory=set)
    numbers: frozenset[str] = frozenset()
    acronyms: set[str] = field(default_factory=set)
    shorts: set[str] = field(default_factory=set)
    sounds: set[str] = field(default_factory=set)
    skeletons: set[str] = field(default_factory=set)
    # A person's name forms as words (titles left out), for comparing word by word.
    words: list[tuple[str, ...]] = field(default_factory=list)
    # How rare each word of the names of records of its type is (log(1 + records / records
    # with the word)), shared by the records of a type; set by the index.
    rarity: dict[str, float] | None = None
    # Organizations and events: the words of their names that name a place (a country, its
    # capital, a region), with its territory code (`tashkent` → `uz`, `bern` → `ch-be`).
    places: dict[str, str] = field(default_factory=dict)
    # An organization's name of what it says it is part of ("... of the Ministry of Health",
    # "Samarkand Branch of the ...", "..., Osh Office"), as keys.
    wholes: set[str] = field(default_factory=set)

    @classmethod
    def from_row(cls, row: dict[str, Any]) -> DedupeRecord:
        """From a `dedupe_entities` row."""
        return cls(
            id=str(row["id"]),
            type=str(row["type"]),
            name=str(row["name"] or row["id"]),
            aliases=[str(a) for a in row.get("aliases") or []],
            other_names=other_names(row.get("otherNames")),
            country=row.get("country") or None,
            kind=row.get("kind") or None,
            parent=row.get("parentId") or None,
            wikidata=row.get("wikidataId") or None,
            sources=frozenset(row.get("sourceIds") or ()),
            date=row.get("date") or (f"--{row['monthDay']}" if row.get("monthDay") else None),
        )

    def prepare(self) -> DedupeRecord:
        """Derive the name forms; returns itself."""
        names = [self.name, *self.aliases, *(str(o["name"]) for o in self.other_names)]
        self.names = list(dict.fromkeys(n for n in names if n))
        keys: dict[str, None] = {}
        for n in self.names:
            k = name_key(n)
            if k:
                keys.setdefault(k, None)
            if self.type in ("Person", "Organization"):
                for form in lookup_names(n, self.type):
                    keys.setdefault(form, None)
        if all(n.isascii() for n in self.names):
            # A lookup form that adds a word no name has (rigour's `in` → `inc`) compares
            # nothing the names say.
            said = {w for n in self.names for w in name_key(n).split()}
            keys = {k: None for k in keys if said.issuperset(k.split())}
        self.keys = [compare_key(k) for k in keys]
        self.keys = list(dict.fromkeys(self.keys))
        words = {w for k in self.keys for w in k.split()}
        self.numbers = frozenset(w for w in words if _NUMBER.match(w))
        self.tokens = words - self.numbers
        if self.type != "Person":  # a person's name is no acronym
            self.acronyms = set().union(*(acronyms_of(n) for n in self.names))
            self.shorts = set().union(*(short_keys(n) for n in self.names))
        if self.type != "Person":
            self.places = {}
            for k in dict.fromkeys(name_key(n) for n in self.names):
                self.places.update(places_in(k))
        if self.type == "Organization":
            self.wholes = {w for n in self.names for w in wholes_of(n)}
        if self.type == "Person":
            self.sounds = {_phonetic(w) for w in self.tokens if len(w) > 1}
            self.skeletons = {skeleton(w) for w in self.tokens}
            forms = {tuple(k.split()) for k in self.keys}
            # Not the forms with a title where the same without it is one.
            self.words = sorted(
                (f for f in forms if not any(f[i:] in forms for i in range(1, len(f) - 1))),
                key=lambda f: (len(f), f),
            )
        return self

    def period(self) -> str:
        """`2012–2014`, `2012`, or ``."""
        if not self.first:
            return ""
        a, b = self.first[:4], (self.last or self.first)[:4]
        return a if a == b else f"{a}–{b}"
