"""requirements.lock, which the test command and the wheel test install from, pins every
dependency pyproject.toml declares (a dependency added to one and not the other installs on a
machine that had it already and nowhere else)."""

from __future__ import annotations

import tomllib
from pathlib import Path

from packaging.markers import default_environment
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

ROOT = Path(__file__).resolve().parents[2]


def _locked() -> dict[str, str]:
    pins: dict[str, str] = {}
    for line in (ROOT / "requirements.lock").read_text(encoding="utf-8").splitlines():
        if line and not line.startswith((" ", "#")):
            name, _, version = line.partition("==")
            pins[canonicalize_name(name)] = version.split(";")[0].strip()
    return pins


def test_lock_pins_every_declared_dependency_in_range() -> None:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    declared = list(project["dependencies"])
    for extra in project.get("optional-dependencies", {}).values():
        declared += extra
    locked = _locked()
    env = {**default_environment(), "sys_platform": "linux", "extra": ""}
    problems = []
    for text in declared:
        req = Requirement(text)
        if req.marker is not None and not req.marker.evaluate(env):
            continue
        name = canonicalize_name(req.name)
        if name not in locked:
            problems.append(f"{req.name}: declared in pyproject.toml, missing from the lock")
        elif not req.specifier.contains(locked[name], prereleases=True):
            wanted = f"pyproject.toml wants {req.specifier}"
            problems.append(f"{req.name}: locked {locked[name]}, {wanted}")
    assert not problems, "\n".join(problems) + (
        "\nRegenerate: uv pip compile pyproject.toml --extra dev --python-version 3.11 "
        "--python-platform x86_64-unknown-linux-gnu -o requirements.lock"
    )
