"""An item's text: plain text or an HTML page reduced to its article, cut into sentences with
their character offsets."""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass

from lxml import html as lxml_html

# Parts of a page that are never the article.
_BOILERPLATE = ("script", "style", "nav", "header", "footer", "aside", "form", "noscript")
_BLOCKS = ("p", "h1", "h2", "h3", "h4", "li", "blockquote", "td", "div")


@dataclass(frozen=True)
class Item:
    """What an item says: its title (the first line of a text, the h1 or title of a page) and
    its text, in which every offset of a proposal points."""

    title: str
    text: str
    # The line under the title that names the publisher and the day of publication
    # ("UNODC | Almaty | 2 June 2023"): its offsets, never read as the event's.
    byline: tuple[int, int] | None = None


@dataclass(frozen=True)
class Sentence:
    index: int
    start: int
    end: int
    text: str


def text_sha256(text: str) -> str:
    """The hash of an item's text as read (`item.sha256` of its proposal, kept with its
    review)."""
    return hashlib.sha256(text.encode()).hexdigest()


def looks_like_html(raw: str) -> bool:
    head = raw.lstrip()[:500].lower()
    return head.startswith(("<!doctype html", "<html")) or bool(
        re.search(r"<(p|article|body|h1|div)\b", head)
    )


def read_item(raw: str, title: str | None = None) -> Item:
    """The title and text of an item given as plain text or HTML."""
    if looks_like_html(raw):
        return _from_html(raw, title)
    text = raw.replace("\r\n", "\n").replace("\r", "\n").strip()
    if title is None:
        first = text.split("\n", 1)[0].strip()
        title = first if len(first) <= 300 else ""
    return Item(title=title, text=text, byline=_byline(text))


def _byline(text: str) -> tuple[int, int] | None:
    """The second line when it is a byline: short, no sentence, parts split by | · — – or a
    comma, or a bare date."""
    lines = text.split("\n")
    if len(lines) < 2:
        return None
    start = len(lines[0]) + 1
    line = lines[1]
    if not line.strip():
        return None
    short = len(line) <= 160 and not line.rstrip().endswith((".", "!", "?", "”", '"'))
    parts = re.split(r"\s[|·—–]\s|, ", line)
    if short and (len(parts) >= 2 or re.search(r"\d{4}", line)) and len(line.split()) <= 18:
        return (start, start + len(line))
    return None


def _from_html(raw: str, title: str | None) -> Item:
    doc = lxml_html.document_fromstring(raw)
    for bad in doc.xpath("|".join(f"//{t}" for t in _BOILERPLATE)):
        bad.drop_tree()
    root = (doc.xpath("//article") or doc.xpath("//main") or doc.xpath("//body") or [doc])[0]
    if title is None:
        heads = root.xpath(".//h1") or doc.xpath("//h1")
        names = doc.xpath("//title")
        title = (heads or names)[0].text_content().strip() if (heads or names) else ""
    parts: list[str] = []
    for el in root.iter(*_BLOCKS):
        if el.tag == "div" and any(c.tag in _BLOCKS for c in el):
            continue  # a container: its blocks are read one by one
        words = " ".join(el.text_content().split())
        if words and (not parts or parts[-1] != words):
            parts.append(words)
    if not parts:
        parts = [" ".join(root.text_content().split())]
    text = "\n\n".join(parts)
    if title and not text.startswith(title):
        text = title + "\n\n" + text
    return Item(title=title, text=text)


def sentences(text: str, abbreviations: frozenset[str]) -> list[Sentence]:
    """Sentences by punctuation and line breaks, not cut after an abbreviation ("Dr.") or an
    initial ("L.Kh.")."""
    out: list[Sentence] = []
    start = 0
    for m in re.finditer(r"[.!?…][\"”’)]*(?=\s+[\"“‘(]?[A-Z0-9А-Я])|\n+", text):
        end = m.end()
        if m.group().startswith((".",)):
            before = re.search(r"([\w.]+)\.$", text[start : m.start() + 1])
            word = before.group(1).lower() if before else ""
            if word in abbreviations or _initial(text, m.start()):
                continue
        _add(out, text, start, end)
        start = end
    _add(out, text, start, len(text))
    return out


def _initial(text: str, dot: int) -> bool:
    """A dot after one or two letters that start with a capital: "L.", "Kh."."""
    m = re.search(r"(?:^|[\s.(])([A-Z][a-z]?)$", text[:dot])
    return m is not None


def _add(out: list[Sentence], text: str, start: int, end: int) -> None:
    piece = text[start:end]
    lead = len(piece) - len(piece.lstrip())
    piece = piece.strip()
    if piece:
        s = start + lead
        out.append(Sentence(len(out), s, s + len(piece), piece))
