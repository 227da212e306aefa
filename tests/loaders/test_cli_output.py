"""A refused load as `ctgraph load` prints it: through a pipe (a CI log, grep) one line per
error, `file:line: field: what is wrong`, never a file name cut across lines; on a terminal the
table."""

from __future__ import annotations

import os
import pty
import subprocess
import sys
from pathlib import Path

from ctgraph.store import EmbeddedServer
from tests.loaders.helpers import write_folder

ROOT = Path(__file__).resolve().parents[2]
# Long enough to be cut by a table of 60 columns.
LONG = "organizations-of-the-second-batch-sent-in-by-the-partners"


def _env(home: Path, graph: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("CTGRAPH_", "NEO4J_"))}
    # A narrow width, to which a table would fold its cells; FORCE_COLOR (as CI systems set
    # it) colours output but does not make a pipe a terminal.
    return {**env, "CTGRAPH_HOME": str(home), "CTGRAPH_GRAPH": graph, "COLUMNS": "60",
            "FORCE_COLOR": "1"}  # fmt: skip


def _bad(tmp_path: Path) -> Path:
    folder = write_folder(
        tmp_path / "batch",
        {
            "sources.csv": "id,name\nsource:s,S\n",
            "events.csv": "id,name,kind,startDate,sourceIds\n"
            "event:x,X,conference,2021-02-30,source:s\n"
            "event:y,=SUM(1),conference,2021,source:s\n",
        },
    )
    (folder / "notes.txt").write_text("not read")
    long = folder.parent / "long"
    long.mkdir()
    (long / f"{LONG}.jsonl").write_text(
        '{"type": "organization", "name": "A", "kind": "company"}\n'
        '{"type": "organization", "name": "B", "kind": "firm"}\n'
    )
    return folder


def test_a_refused_load_through_a_pipe_prints_one_line_per_error(
    server: EmbeddedServer, home: Path, graph_name: str, tmp_path: Path
) -> None:
    folder = _bad(tmp_path)
    long = folder.parent / "long" / f"{LONG}.jsonl"
    done = subprocess.run(
        [sys.executable, "-m", "ctgraph.cli", "load", str(folder), str(long)],
        cwd=tmp_path,
        env=_env(home, graph_name),
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 1, done.stderr
    lines = done.stderr.splitlines()
    events = str(folder / "events.csv")
    assert f"{events}:2: startDate: '2021-02-30' is not a date on the calendar" in done.stderr
    assert f"{events}:3: name: starts with '=': spreadsheet formulas" in done.stderr
    # Each error whole on its line, the long file name too: grep finds it.
    mine = [line for line in lines if line.startswith(str(long))]
    assert len(mine) == 2, lines
    assert mine[0].startswith(f"{long}:1: kind: ") and "(got 'company')" in mine[0]
    assert mine[1].startswith(f"{long}:2: kind: ") and "(got 'firm')" in mine[1]
    assert "4 error(s) in the input:" in lines
    assert "fix the input and load again" in lines[-1]
    # The warning about what a folder holds: one line too.
    assert f"{folder / 'notes.txt'}: not a .csv, .json or .jsonl file: not read" in lines
    # No table, and the lines are plain text (FORCE_COLOR colours only rich's progress bar).
    assert not any(ch in done.stderr for ch in "┏┃│└━")
    assert not [line for line in lines if "\x1b[" in line and ".csv" in line]
    # What grep gets: one line per error, the file name whole.
    grep = subprocess.run(
        ["grep", "-c", f"{LONG}.jsonl:"], input=done.stderr, capture_output=True, text=True
    )
    assert grep.stdout.strip() == "2"


def test_on_a_terminal_the_errors_are_a_table(
    server: EmbeddedServer, home: Path, graph_name: str, tmp_path: Path
) -> None:
    folder = _bad(tmp_path)
    main, other = pty.openpty()
    try:
        proc = subprocess.Popen(
            [sys.executable, "-m", "ctgraph.cli", "load", str(folder)],
            cwd=tmp_path,
            env=_env(home, graph_name),
            stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            stderr=other,
        )
        os.close(other)
        chunks = []
        while True:
            try:
                chunk = os.read(main, 65536)
            except OSError:  # the other end closed
                break
            if not chunk:
                break
            chunks.append(chunk)
        assert proc.wait(timeout=120) == 1
    finally:
        os.close(main)
    shown = b"".join(chunks).decode("utf-8", "replace")
    assert "error(s) in the input" in shown and "what is wrong" in shown
    assert "┃" in shown and "│" in shown
    assert "nothing was written" in shown
