"""The page's scripts (static/) pass ESLint, and no file of the page has a line over 100.

ESLint (its recommended rules, `max-len` 100, ES modules with the browser's globals and
vis-network's `vis`) is pinned in `js-lint/package-lock.json` and installed by the test
command (`npm ci`). Without Node.js or the installed package these tests fail; they never skip.
"""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parents[2]
STATIC = ROOT / "static"
LINT_DIR = Path(__file__).resolve().parent / "js-lint"
CONFIG = LINT_DIR / "eslint.config.js"
MAX_LINE = 100


def _eslint() -> list[str]:
    node = shutil.which("node")
    if node is None:
        pytest.fail("Node.js is missing: install it (sudo apt-get install -y nodejs npm)")
    cli = LINT_DIR / "node_modules" / "eslint" / "bin" / "eslint.js"
    if not cli.is_file():
        pytest.fail(f"ESLint is not installed: run `npm ci` in {LINT_DIR}")
    return [node, str(cli), "--config", str(CONFIG), "--format", "json"]


def eslint(*args: str, stdin: str | None = None) -> list[dict[str, Any]]:
    """ESLint's JSON report: one result per file linted, run from the repository's root."""
    proc = subprocess.run(
        [*_eslint(), *args],
        input=stdin,
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=300,
        check=False,
    )
    # 0: no errors; 1: lint errors (in the report); anything else: ESLint itself failed.
    assert proc.returncode in (0, 1), f"ESLint failed to run:\n{proc.stderr}"
    report: list[dict[str, Any]] = json.loads(proc.stdout)
    return report


def _describe(report: list[dict[str, Any]]) -> list[str]:
    return [
        f"{Path(r['filePath']).relative_to(ROOT)}:{m.get('line', 0)}: {m['message']}"
        + (f" ({m['ruleId']})" if m.get("ruleId") else "")
        for r in report
        for m in r["messages"]
    ]


def test_static_scripts_pass_eslint() -> None:
    report = eslint("static")
    linted = {Path(r["filePath"]) for r in report}
    ours = {p for p in STATIC.rglob("*.js") if "vendor" not in p.relative_to(STATIC).parts}
    assert linted == ours, "ESLint did not lint every script of the page"
    assert STATIC / "js" / "main.js" in linted
    problems = _describe(report)
    assert not problems, "ESLint reports problems:\n" + "\n".join(problems)


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        ("const x = 1;\n", "'x' is assigned a value but never used"),
        ("undefinedThing();\n", "'undefinedThing' is not defined"),
        (f"export const s = '{'a' * 100}';\n", "Maximum allowed is 100"),
        ("import {a} from './a.js'\nexport const b = a +;\n", "Parsing error"),
    ],
)
def test_eslint_reports_broken_scripts(source: str, expected: str) -> None:
    report = eslint("--stdin", "--stdin-filename", "static/js/broken.js", stdin=source)
    problems = _describe(report)
    assert any(expected in p for p in problems), problems


def test_browser_and_drawing_globals_are_known() -> None:
    source = (
        "export const g = new graphology.Graph();\n"
        "export const s = new Sigma(g, document.body);\n"
        "graphologyLibrary.layoutForceAtlas2.assign(g, {iterations: 1});\n"
        "document.title = String(location.href);\n"
    )
    report = eslint("--stdin", "--stdin-filename", "static/js/ok.js", stdin=source)
    assert _describe(report) == []


def test_no_static_file_has_a_line_over_100() -> None:
    long = [
        f"{path.relative_to(ROOT)}:{i}: {len(line)} characters"
        for path in sorted(STATIC.rglob("*"))
        # static/vendor: libraries as published (minified), checked by their checksums.
        if path.suffix in (".js", ".html", ".css") and "vendor" not in path.parts
        for i, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if len(line) > MAX_LINE
    ]
    assert not long, f"lines over {MAX_LINE} characters:\n" + "\n".join(long)
