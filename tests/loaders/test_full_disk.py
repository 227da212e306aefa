"""A load onto a full disk (embedded database only): refused up front by the space check, or,
when the check is bypassed, failing mid-write. Either way the graph is left as it was before the
load, the database reopens, and the same load run again once there is room ends as a clean load
does.

The disk is a small tmpfs mounted under the test's folder: this needs root (as on CI); when the
mount fails the test fails, it never skips."""

from __future__ import annotations

import contextlib
import errno
import os
import signal
import subprocess
import time
import uuid
from collections.abc import AsyncIterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from bench.generate import generate
from ctgraph.core.resources import resource_dir
from ctgraph.loaders import LoadOptions, load_paths
from ctgraph.store import EmbeddedServer, StoreError
from ctgraph.store.falkordb import FalkorStore
from tests.loaders.helpers import dump

pytestmark = pytest.mark.slow

# Big enough for the server to start (it wants 64 MiB free) with the sample loaded.
DISK_MIB = 128
# What is left free once the disk is filled: far less than the batch's writes need.
LEFT_FREE = 4 * 2**20
RECORDS = 20_000
CHUNK = 2**20

Dump = tuple[list[str], list[str]]


@dataclass
class Disk:
    """The embedded database on a small disk of its own."""

    mount: Path
    server: EmbeddedServer
    filler: Path

    def log_tail(self, lines: int = 30) -> str:
        try:
            text = self.server.log_file.read_text(errors="replace")
        except OSError as exc:
            return f"(no log: {exc})"
        return "\n".join(text.strip().splitlines()[-lines:])

    def fill(self) -> None:
        """Write a filler file until the disk is full, then give back LEFT_FREE bytes."""
        fd = os.open(self.filler, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        block = b"\0" * CHUNK
        size = 0
        try:
            while True:
                try:
                    size += os.write(fd, block)
                except OSError as exc:
                    if exc.errno != errno.ENOSPC:
                        raise
                    break
            os.ftruncate(fd, max(0, size - LEFT_FREE))
            os.fsync(fd)
        finally:
            os.close(fd)
        free = os.statvfs(self.mount).f_bavail * os.statvfs(self.mount).f_frsize
        assert free <= LEFT_FREE + CHUNK, f"the disk was not filled: {free} bytes free"

    def unfill(self) -> None:
        self.filler.unlink(missing_ok=True)


def _run(*cmd: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(cmd, capture_output=True, text=True, timeout=60, check=False)


def _stop(server: EmbeddedServer) -> None:
    pid = server.pid()
    try:
        server.stop(timeout_s=10, snapshot_timeout_s=30)
    except Exception:
        if pid is not None:
            with contextlib.suppress(OSError):
                os.kill(pid, signal.SIGKILL)
            time.sleep(0.5)


@pytest.fixture
async def disk(tmp_path: Path) -> AsyncIterator[Disk]:
    mount = tmp_path / "disk"
    mount.mkdir()
    done = _run("mount", "-t", "tmpfs", "-o", f"size={DISK_MIB}m", "tmpfs", str(mount))
    if done.returncode != 0:
        pytest.fail(
            f"cannot mount a {DISK_MIB} MiB tmpfs at {mount} (this test needs root): "
            f"{(done.stderr or done.stdout).strip()}"
        )
    server = EmbeddedServer(mount / "home")
    try:
        server.start()
        yield Disk(mount, server, mount / "filler")
    finally:
        _stop(server)
        if _run("umount", str(mount)).returncode != 0:
            lazy = _run("umount", "-l", str(mount))
            assert lazy.returncode == 0, f"cannot unmount {mount}: {lazy.stderr.strip()}"


@pytest.fixture
def batch(tmp_path: Path) -> Path:
    """The generated batch, on the ordinary disk (outside the tmpfs)."""
    folder = tmp_path / "batch"
    generate(folder, RECORDS, seed=5)
    return folder


async def _with_sample(socket: Path, graph: str) -> tuple[FalkorStore, Dump]:
    store = FalkorStore(str(socket), graph)
    await store.ensure_schema()
    report = await load_paths(store, [resource_dir("sample")], LoadOptions())
    assert report.ok
    return store, await dump(store)


def _settle(server: EmbeddedServer) -> None:
    """Wait for the snapshot a load began, so the disk is filled behind it, not under it."""
    deadline = time.monotonic() + 60
    while server.writing_snapshot() and time.monotonic() < deadline:
        time.sleep(0.05)


async def _reopen(disk: Disk, store: FalkorStore) -> tuple[FalkorStore, str]:
    """The store again once the disk has room: the same one when the server lives on, a new one
    (after a restart) when it died. Says which."""
    disk.unfill()
    if disk.server.is_running():
        try:
            await dump(store)
            return store, "server kept running"
        except StoreError:
            await store.close()
            return FalkorStore(str(disk.server.socket), "g"), "server kept running (reconnected)"
    await store.close()
    tail = disk.log_tail()
    try:
        disk.server.start()
    except Exception as exc:
        pytest.fail(f"the database does not reopen after the full disk: {exc}\nlog before:\n{tail}")
    with disk.server.client() as conn:
        graphs = sorted(conn.execute_command("GRAPH.LIST"))  # type: ignore[no-untyped-call]
    lines = disk.log_tail(200).splitlines()
    reopened = [line for line in lines if "AOF" in line or "trunc" in line]
    return FalkorStore(str(disk.server.socket), "g"), (
        f"server died and reopened with graphs {graphs}; log before the restart:\n{tail}\n"
        "log of the restart (AOF lines):\n" + "\n".join(reopened)
    )


async def test_space_check_refuses_a_load_that_does_not_fit(disk: Disk, batch: Path) -> None:
    store, before = await _with_sample(disk.server.socket, "g")
    try:
        _settle(disk.server)
        disk.fill()
        with pytest.raises(StoreError, match="nothing was written") as failed:
            await load_paths(store, [batch], LoadOptions())
        print(f"\nrefused: {failed.value}")
        assert disk.server.is_running(), f"the server died:\n{disk.log_tail()}"
        assert await dump(store) == before
        store, how = await _reopen(disk, store)
        print(how)
        assert await dump(store) == before
    finally:
        await store.close()


async def test_load_into_a_full_disk_leaves_the_graph_as_it_was(
    disk: Disk, batch: Path, server: EmbeddedServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    store, before = await _with_sample(disk.server.socket, "g")
    try:
        _settle(disk.server)
        disk.fill()

        async def noop(self: FalkorStore, n: int) -> None:
            return None

        with monkeypatch.context() as patch:
            patch.setattr(FalkorStore, "check_space", noop)
            began = time.monotonic()
            with pytest.raises(Exception) as failed:
                await load_paths(store, [batch], LoadOptions())
            took = time.monotonic() - began
        error = failed.value
        print(
            f"\nmid-write failure after {took:.1f} s: {type(error).__module__}."
            f"{type(error).__qualname__}: {str(error)[:500]}"
        )
        assert isinstance(error, StoreError), f"not a StoreError: {error!r}"
        store, how = await _reopen(disk, store)
        print(how)
        now = await dump(store)
        assert now == before, f"the graph differs from before the load ({how})"

        report = await load_paths(store, [batch], LoadOptions())
        assert report.ok
        after = await dump(store)
        assert after != before

        # The same loads into a clean graph on an ordinary disk.
        clean_name = f"test-{uuid.uuid4().hex[:12]}"
        clean, _ = await _with_sample(server.socket, clean_name)
        try:
            assert (await load_paths(clean, [batch], LoadOptions())).ok
            assert await dump(clean) == after
        finally:
            await clean.drop()
            await clean.close()
    finally:
        await store.close()
