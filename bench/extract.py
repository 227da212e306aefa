"""Extraction from news items against what a person wrote down for each.

Run: python bench/extract.py [--cases DIR ...] [--rounds 5] [--show]

Each case is an item (`NN_name.txt` or `.html`) and its expected extraction (`NN_name.json`:
the event's date with its precision, city, venue, occasion, participants, organizers with their
role and known id, speakers with honorific, position, organization and talk title, and the
known event it reports again, if any). The graph the items are read against is the bundled
sample (ctgraph's own data, read by ctgraph's reader).

Printed: precision and recall per field (dates, cities, venues, organizers, roles, speakers,
positions, speakers' organizations, links to known ids, same event), the dates that gave a year
the item does not give (must be 0), and articles per second with the ratio of the whole
extraction to one gazetteer pass over the same items, measured in the same run. The last line
printed is one JSON object. By default three sets are measured: the corpus the rules were written
against (tests/data/extract), items in other styles the first rules (en-1) were not written
against and later ones were (tests/data/extract_holdout), and items written apart from the rules
and never used to change them (tests/data/extract_holdout2). People who only attended are
proposed as participants and are not counted as speakers.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import time
import unicodedata
from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from ctgraph.core.resources import resource_dir  # noqa: E402
from ctgraph.extract import ItemMeta, Proposer, known_actors, records_as_rows  # noqa: E402
from ctgraph.loaders.models import LoadError  # noqa: E402
from ctgraph.loaders.read import read_path  # noqa: E402

CASES = ROOT / "tests" / "data" / "extract"
HOLDOUT = ROOT / "tests" / "data" / "extract_holdout"
HOLDOUT2 = ROOT / "tests" / "data" / "extract_holdout2"


def sample_proposer() -> Proposer:
    """A proposer over the bundled sample's names and events."""
    errors: list[LoadError] = []
    rows = read_path(resource_dir("sample"), errors)
    assert not errors, errors
    records: dict[str, list[Mapping[str, Any]]] = defaultdict(list)
    for r in rows:
        records[r.type].append(r.data)
    return Proposer(known_actors(records_as_rows(records)))


@dataclass
class Case:
    name: str
    raw: str
    expected: dict[str, Any]

    @property
    def meta(self) -> ItemMeta:
        m = self.expected.get("meta") or {}
        return ItemMeta(
            title=None, publisher=m.get("publisher"), published=m.get("published"), url=m.get("url")
        )


def cases(folder: Path = CASES) -> list[Case]:
    out = []
    for exp in sorted(folder.glob("*.json")):
        item = next(
            (p for p in (exp.with_suffix(".txt"), exp.with_suffix(".html")) if p.exists()), None
        )
        if item is None:
            raise SystemExit(f"{exp}: no item beside it (.txt or .html)")
        out.append(Case(exp.stem, item.read_text(encoding="utf-8"), json.loads(exp.read_text())))
    return out


def norm(text: str | None) -> str:
    """A name or position as compared: case, accents, punctuation, a leading "the", an
    acronym in parentheses and a possessive do not count."""
    if not text:
        return ""
    t = unicodedata.normalize("NFKD", text.casefold())
    t = "".join(c for c in t if not unicodedata.combining(c))
    t = re.sub(r"\([^)]*\)", " ", t)
    t = re.sub(r"[’']s\b", "", t)
    t = re.sub(r"[^\w]+", " ", t).strip()
    return re.sub(r"^the\s+", "", t)


@dataclass
class Tally:
    """Precision and recall of one field over every case."""

    right: int = 0
    said: int = 0  # what the extraction proposed
    expected: int = 0
    misses: list[str] = field(default_factory=list)

    def add(
        self,
        said: Iterable[Any],
        expected: Iterable[Any],
        same: Callable[[Any, Any], bool],
        where: str,
    ) -> None:
        said, expected = list(said), list(expected)
        self.said += len(said)
        self.expected += len(expected)
        left = list(expected)
        for s in said:
            hit = next((e for e in left if same(s, e)), None)
            if hit is not None:
                left.remove(hit)
                self.right += 1
            else:
                self.misses.append(f"{where}: proposed {s!r}")
        self.misses += [f"{where}: missed {e!r}" for e in left]

    @property
    def precision(self) -> float:
        return self.right / self.said if self.said else 1.0

    @property
    def recall(self) -> float:
        return self.right / self.expected if self.expected else 1.0


def _eq(a: Any, b: Any) -> bool:
    return norm(str(a)) == norm(str(b))


def _org_same(s: dict[str, Any], e: dict[str, Any]) -> bool:
    if s.get("id") and e.get("id"):
        return bool(s["id"] == e["id"])
    return not s.get("id") and not e.get("id") and _eq(s["name"], e["name"])


def _date(d: dict[str, Any] | None) -> tuple[Any, ...] | None:
    if not d or d.get("precision") in (None, "unknown"):
        return None
    month_day = d.get("monthDay") if d.get("precision") == "unknown-year" else None
    return (d.get("start"), d.get("end"), d.get("precision"), month_day)


def score(results: list[tuple[Case, dict[str, Any]]]) -> dict[str, Any]:
    t: dict[str, Tally] = defaultdict(Tally)
    invented = 0
    unknown_right = unknown_all = 0
    for case, got in results:
        exp, ev = case.expected, case.expected["event"]
        w = case.name
        d_said, d_exp = _date(got["event"]["date"]), _date(ev.get("date"))
        t["dates"].add([d_said] if d_said else [], [d_exp] if d_exp else [], lambda a, b: a == b, w)
        if d_exp is None:
            unknown_all += 1
            unknown_right += d_said is None
        text_years = set(re.findall(r"\b(?:19|20)\d{2}\b", got["item"]["text"]))
        start = got["event"]["date"].get("start")
        if start and start[:4] not in text_years:
            invented += 1
        for f in ("city", "venue"):
            said = [got["event"][f]] if got["event"].get(f) else []
            t[f + " (place)"].add(said, [ev[f]] if ev.get(f) else [], _eq, w)
        for f in ("occasion", "participantsCount"):
            said = [got["event"][f]] if got["event"].get(f) is not None else []
            t[f].add(said, [ev[f]] if ev.get(f) is not None else [], _eq, w)
        t["same event"].add(
            [got["event"]["sameAs"]] if got["event"]["sameAs"] else [],
            [ev["sameAs"]] if ev.get("sameAs") else [],
            lambda a, b: a == b,
            w,
        )
        orgs = got["organizers"]
        t["organizers"].add(orgs, exp["organizers"], _org_same, w)
        t["organizer roles"].add(
            orgs, exp["organizers"], lambda s, e: _org_same(s, e) and s["role"] == e["role"], w
        )
        # Attendees are proposed as participants (a fact of their own), not as speakers.
        sp = [s for s in got["speakers"] if s.get("role") != "participant"]
        es = exp["speakers"]

        def person(s: dict[str, Any], e: dict[str, Any]) -> bool:
            return _eq(s["name"], e["name"])

        t["speakers"].add(sp, es, person, w)
        t["positions"].add(
            [s for s in sp if s.get("position")],
            [e for e in es if e.get("position")],
            lambda s, e: person(s, e) and _eq(s["position"], e["position"]),
            w,
        )
        t["speakers' organizations"].add(
            [s for s in sp if s.get("organization")],
            [e for e in es if e.get("organization")],
            lambda s, e: (
                person(s, e)
                and (
                    (s.get("organizationId") or None) == (e.get("organizationId") or None)
                    and (s.get("organizationId") or _eq(s["organization"], e["organization"]))
                )
            ),
            w,
        )
        links_said = {o["id"] for o in orgs if o.get("id")} | {
            s["organizationId"] for s in sp if s.get("organizationId")
        }
        links_exp = {o["id"] for o in exp["organizers"] if o.get("id")} | {
            s["organizationId"] for s in es if s.get("organizationId")
        }
        t["links to known ids"].add(sorted(links_said), sorted(links_exp), lambda a, b: a == b, w)
        t["talk titles"].add(
            [s for s in sp if s.get("talkTitle")],
            [e for e in es if e.get("talkTitle")],
            lambda s, e: person(s, e) and _eq(s["talkTitle"], e["talkTitle"]),
            w,
        )
    out: dict[str, Any] = {
        k: {
            "precision": round(v.precision, 3),
            "recall": round(v.recall, 3),
            "right": v.right,
            "proposed": v.said,
            "expected": v.expected,
        }
        for k, v in t.items()
    }
    out["_invented_years"] = invented
    out["_unknown_dates_kept_unknown"] = f"{unknown_right}/{unknown_all}"
    out["_misses"] = {k: v.misses for k, v in t.items() if v.misses}
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--cases", type=Path, nargs="*", default=[CASES, HOLDOUT, HOLDOUT2])
    ap.add_argument("--rounds", type=int, default=5)
    ap.add_argument("--show", action="store_true", help="print every miss")
    args = ap.parse_args(argv)
    began = time.perf_counter()
    proposer = sample_proposer()
    build = time.perf_counter() - began
    print(
        f"graph: the sample, {len(proposer.gazetteer)} known actors "
        f"(gazetteer built in {build * 1000:.0f} ms)"
    )
    summary: dict[str, Any] = {}
    for folder in args.cases:
        items = cases(folder)
        s = score([(c, proposer.propose(c.raw, c.meta)) for c in items])
        # Speed: the whole extraction against one gazetteer pass over the same items.
        whole = gaz = float("inf")
        for _ in range(args.rounds):
            t0 = time.perf_counter()
            for c in items:
                proposer.propose(c.raw, c.meta)
            whole = min(whole, time.perf_counter() - t0)
            t0 = time.perf_counter()
            for c in items:
                proposer.gazetteer.find(c.raw)
            gaz = min(gaz, time.perf_counter() - t0)
        per_s = len(items) / whole
        print(f"\n{folder.name}: {len(items)} items")
        print(
            f"{'field':26} {'precision':>9} {'recall':>7} {'right':>6} {'proposed':>8} "
            f"{'expected':>8}"
        )
        for k, v in s.items():
            if k.startswith("_"):
                continue
            print(
                f"{k:26} {v['precision']:9.3f} {v['recall']:7.3f} {v['right']:6} "
                f"{v['proposed']:8} {v['expected']:8}"
            )
        print(
            f"dates given a year the item does not give: {s['_invented_years']}; "
            f"undated events kept undated: {s['_unknown_dates_kept_unknown']}"
        )
        print(
            f"speed: {per_s:.1f} articles/s (best of {args.rounds}); the whole extraction is "
            f"{whole / gaz:.1f}x one gazetteer pass over the same items"
        )
        if args.show:
            for k, misses in s["_misses"].items():
                for m in misses:
                    print(f"  {k}: {m}")
        one = {k: v for k, v in s.items() if k != "_misses"}
        one["articles_per_s"] = round(per_s, 1)
        one["ratio_to_gazetteer_pass"] = round(whole / gaz, 1)
        summary[folder.name] = one
    print(json.dumps(summary))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
