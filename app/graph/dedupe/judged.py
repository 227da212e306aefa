"""What the judgements say now: the log of decisions (each kept, an undo is one more entry),
the current decision per pair, "same" made transitive, "different" between the groups.

A judgement names two ids as they were when it was made; ids merged since resolve through
their redirect (`follow`), so a decision keeps applying to the records that hold them.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from typing import Any

DECISIONS = ("same", "different", "unsure")
UNDONE = "undone"


def pair_key(a: str, b: str) -> tuple[str, str]:
    """A pair in one order (smaller id first)."""
    return (a, b) if a <= b else (b, a)


class Judged:
    """The current state of a log of judgements."""

    def __init__(
        self, log: Iterable[Mapping[str, Any]], follow: Callable[[str], str] = lambda i: i
    ) -> None:
        self.log = sorted((dict(j) for j in log), key=lambda j: int(j["seq"]))
        self.follow = follow
        undone = {int(j["undoes"]) for j in self.log if j.get("decision") == UNDONE}
        self.by_seq = {int(j["seq"]): j for j in self.log}
        # Per pair (as judged), its decisions oldest first, without undone ones.
        self.pairs: dict[tuple[str, str], list[dict[str, Any]]] = {}
        for j in self.log:
            if j.get("decision") in DECISIONS and int(j["seq"]) not in undone:
                self.pairs.setdefault(pair_key(j["a"], j["b"]), []).append(j)
        self.current = {k: v[-1] for k, v in self.pairs.items()}
        self._parent: dict[str, str] = {}
        for (a, b), j in self.current.items():
            if j["decision"] == "same":
                self._union(follow(a), follow(b))
        self._different: set[tuple[str, str]] = set()
        self._judged: set[tuple[str, str]] = set()
        for (a, b), j in self.current.items():
            ga, gb = self.group(follow(a)), self.group(follow(b))
            self._judged.add(pair_key(ga, gb))
            if j["decision"] == "different":
                self._different.add(pair_key(ga, gb))

    def _find(self, x: str) -> str:
        root = x
        while self._parent.get(root, root) != root:
            root = self._parent[root]
        while x != root:
            self._parent[x], x = root, self._parent.get(x, x)
        return root

    def _union(self, a: str, b: str) -> None:
        ra, rb = self._find(a), self._find(b)
        if ra != rb:
            self._parent[max(ra, rb)] = min(ra, rb)

    def group(self, entity_id: str) -> str:
        """The representative of the "same" group an id (as it resolves now) belongs to."""
        return self._find(self.follow(entity_id))

    def groups(self) -> list[list[str]]:
        """Every "same" group of two or more ids (as they resolve now), each sorted."""
        out: dict[str, set[str]] = {}
        for x in {*self._parent, *self._parent.values()}:
            out.setdefault(self._find(x), set()).add(x)
        return sorted(sorted(g) for g in out.values() if len(g) > 1)

    def decision(self, a: str, b: str) -> str | None:
        """`same`, `different` or `unsure` for two ids, directly or through the groups."""
        ga, gb = self.group(a), self.group(b)
        if ga == gb:
            return "same"
        key = pair_key(ga, gb)
        if key in self._different:
            return "different"
        if key in self._judged:
            return "unsure"
        return None

    def different(self, a: str, b: str) -> bool:
        """Whether a judgement keeps two ids apart."""
        return self.decision(a, b) == "different"

    def latest(self, a: str, b: str) -> dict[str, Any] | None:
        """The latest standing judgement made on exactly this pair."""
        return self.current.get(pair_key(a, b))

    def history(self, a: str, b: str) -> list[dict[str, Any]]:
        """Every entry on this pair (undos included), newest first."""
        key = pair_key(a, b)
        mine = [j for j in self.log if pair_key(j["a"], j["b"]) == key]
        return mine[::-1]
