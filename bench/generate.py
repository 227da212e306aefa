"""A synthetic cooperation network in the loader's CSV folder format, deterministic by seed.

Organizations' activity is skewed (Zipf): a few organize many events, most organize few.
Events have 2-6 co-organizers and 1-6 speakers; people have affiliations; every record cites
a source. Used as a library (`generate(folder, records, seed)`) and from the command line:

    python bench/generate.py OUT_FOLDER --records 100000 --seed 1
"""

from __future__ import annotations

import argparse
import csv
import itertools
import random
from bisect import bisect_left
from datetime import date, timedelta
from pathlib import Path
from typing import Any, get_args

from ctgraph.loaders.models import OrgKind

KINDS = list(get_args(OrgKind))
KIND_WEIGHTS = [30, 3, 8, 35, 8, 6, 4, 5, 1]
EVENT_KINDS = ["conference", "roundtable", "workshop", "training", "meeting"]
COUNTRIES = [
    "uz",
    "kz",
    "kg",
    "tj",
    "tm",
    "ua",
    "md",
    "ge",
    "am",
    "az",
    "se",
    "gr",
    "de",
    "fr",
    "it",
    "es",
    "pl",
    "ro",
    "bg",
    "rs",
    "al",
    "ba",
    "mk",
    "me",
    "tr",
    "at",
    "ch",
    "nl",
]
CITIES = [
    "Tashkent",
    "Almaty",
    "Bishkek",
    "Dushanbe",
    "Kyiv",
    "Chisinau",
    "Tbilisi",
    "Vienna",
    "Warsaw",
    "Stockholm",
    "Athens",
    "Berlin",
    "Geneva",
    "Ankara",
    "Sarajevo",
    "Skopje",
]
FIRST = [
    "Aziz",
    "Dilnoza",
    "Olena",
    "Mikael",
    "Eleni",
    "Anna",
    "Ivan",
    "Sofia",
    "Timur",
    "Malika",
    "Jonas",
    "Maria",
    "Nodir",
    "Gulnara",
    "Petra",
    "Luca",
    "Ayse",
    "Kiril",
]
LAST = [
    "Karimov",
    "Yusupova",
    "Shevchenko",
    "Lindqvist",
    "Papadopoulou",
    "Novak",
    "Petrov",
    "Rossi",
    "Nazarov",
    "Aliyeva",
    "Berg",
    "Garcia",
    "Rakhimov",
    "Sultanova",
    "Horvat",
]
TOPIC = [
    "Migration",
    "Labour Rights",
    "Victim Support",
    "Border Co-operation",
    "Child Protection",
    "Justice",
    "Social Policy",
    "Human Rights",
    "Decent Work",
    "Civil Society",
]
FORM = [
    "Agency",
    "Centre",
    "Council",
    "Foundation",
    "Institute",
    "Office",
    "Network",
    "Commission",
    "Association",
    "Mission",
]
POSITIONS = [
    "Director",
    "Adviser",
    "Programme Officer",
    "Head of Unit",
    "Expert",
    "Researcher",
    "Rapporteur",
    "Coordinator",
    "Deputy Minister",
    "Ambassador",
]
ROLES = ["organizer", "co-organizer", "co-organizer", "host", "supporter"]


def plan_sizes(records: int) -> dict[str, int]:
    """How many records of each type make up `records` in total (about)."""
    events = max(2, round(records / 12.3))
    return {
        "sources": max(1, round(events * 0.2)),
        "organizations": max(6, round(events * 0.5)),
        "people": max(2, round(events * 1.5)),
        "events": events,
    }


def generate(folder: Path, records: int, seed: int = 0) -> dict[str, int]:
    """Write a synthetic network of about `records` records as a CSV folder; counts per file."""
    rnd = random.Random(seed)
    folder.mkdir(parents=True, exist_ok=True)
    size = plan_sizes(records)
    counts: dict[str, int] = {}

    def writer(name: str, header: list[str]) -> tuple[Any, object]:
        fh = (folder / f"{name}.csv").open("w", newline="", encoding="utf-8")
        out = csv.writer(fh)
        out.writerow(header)
        return out, fh

    def src() -> str:
        return f"source:s{rnd.randrange(size['sources'])}"

    out, fh = writer("sources", ["id", "name", "publisher", "publishedDate", "url"])
    for i in range(size["sources"]):
        day = date(2005, 1, 1) + timedelta(days=rnd.randrange(7000))
        out.writerow(
            [
                f"source:s{i}",
                f"News item {i} on anti-trafficking co-operation",
                f"Publisher {i % 97}",
                day.isoformat(),
                f"https://news.example.org/{i}",
            ]
        )
    fh.close()  # type: ignore[attr-defined]
    counts["sources"] = size["sources"]

    n_org = size["organizations"]
    out, fh = writer("organizations", ["id", "name", "aliases", "kind", "country", "sourceIds"])
    for i in range(n_org):
        name = f"{rnd.choice(TOPIC)} {rnd.choice(FORM)} {i}"
        alias = f"ORG{i}" if rnd.random() < 0.4 else ""
        kind = rnd.choices(KINDS, KIND_WEIGHTS)[0]
        out.writerow([f"org:o{i}", name, alias, kind, rnd.choice(COUNTRIES), src()])
    fh.close()  # type: ignore[attr-defined]
    counts["organizations"] = n_org

    parents = max(1, n_org // 20)
    out, fh = writer("part_of", ["organizationId", "parentId", "sourceIds"])
    n = 0
    for i in range(parents, n_org, 10):
        out.writerow([f"org:o{i}", f"org:o{rnd.randrange(parents)}", src()])
        n += 1
    fh.close()  # type: ignore[attr-defined]
    counts["part_of"] = n

    n_people = size["people"]
    out, fh = writer("people", ["id", "name", "honorific", "country", "sourceIds"])
    aff, afh = writer(
        "affiliations", ["personId", "organizationId", "position", "startDate", "sourceIds"]
    )
    # Zipf-skewed activity: organization k is chosen with weight 1 / (k + 1) ** 1.1.
    cum = list(itertools.accumulate(1 / (k + 1) ** 1.1 for k in range(n_org)))
    total = cum[-1]

    def org() -> int:
        return min(n_org - 1, bisect_left(cum, rnd.random() * total))

    n_aff = 0
    for i in range(n_people):
        name = f"{rnd.choice(FIRST)} {rnd.choice(LAST)} {i}"
        honorific = rnd.choice(["", "", "Dr", "Prof.", "Colonel"])
        out.writerow([f"person:p{i}", name, honorific, rnd.choice(COUNTRIES), src()])
        start = str(rnd.randrange(2000, 2024)) if rnd.random() < 0.5 else ""
        aff.writerow([f"person:p{i}", f"org:o{org()}", rnd.choice(POSITIONS), start, src()])
        n_aff += 1
    fh.close()  # type: ignore[attr-defined]
    afh.close()  # type: ignore[attr-defined]
    counts["people"], counts["affiliations"] = n_people, n_aff

    out, fh = writer(
        "events",
        [
            "id",
            "name",
            "kind",
            "startDate",
            "datePrecision",
            "monthDay",
            "city",
            "country",
            "participantsCount",
            "sourceIds",
        ],
    )
    orgd, ofh = writer("organized", ["organizationId", "eventId", "role", "sourceIds"])
    part, pfh = writer("participations", ["personId", "eventId", "role", "talkTitle", "sourceIds"])
    n_orgd = n_part = 0
    for i in range(size["events"]):
        day = date(2000, 1, 1) + timedelta(days=rnd.randrange(9000))
        r = rnd.random()
        if r < 0.85:
            start, precision, md = day.isoformat(), "day", ""
        elif r < 0.95:
            start, precision, md = day.isoformat()[:7], "month", ""
        else:
            start, precision, md = "", "unknown-year", day.isoformat()[5:]
        eid = f"event:e{i}"
        out.writerow(
            [
                eid,
                f"{rnd.choice(EVENT_KINDS).title()} on {rnd.choice(TOPIC)} {i}",
                rnd.choice(EVENT_KINDS),
                start,
                precision,
                md,
                rnd.choice(CITIES),
                rnd.choice(COUNTRIES),
                rnd.randrange(10, 400),
                src(),
            ]
        )
        chosen: dict[int, None] = {}
        want = rnd.randint(2, 6)
        while len(chosen) < want:
            chosen.setdefault(org(), None)
        s = src()
        for k, o in enumerate(chosen):
            orgd.writerow([f"org:o{o}", eid, "organizer" if k == 0 else rnd.choice(ROLES), s])
            n_orgd += 1
        speakers = {rnd.randrange(n_people) for _ in range(rnd.randint(1, 6))}
        for p in speakers:
            title = f"Talk {i}.{p} on {rnd.choice(TOPIC).lower()}" if rnd.random() < 0.5 else ""
            part.writerow([f"person:p{p}", eid, "speaker", title, s])
            n_part += 1
    for f in (fh, ofh, pfh):
        f.close()  # type: ignore[attr-defined]
    counts["events"], counts["organized"], counts["participations"] = size["events"], n_orgd, n_part
    return counts


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folder", type=Path)
    parser.add_argument("--records", type=int, default=100_000)
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args()
    counts = generate(args.folder, args.records, args.seed)
    print(f"{sum(counts.values()):,} records in {args.folder}: {counts}")


if __name__ == "__main__":
    main()
