"""A local Neo4j 5.26 Community server from Maven artifacts, for tests, benchmarks and developers.

Standard library only: pytest fixtures and benchmarks import it by putting this folder on
sys.path. Needs Java 17+ and Maven; the jars come from Maven's repository into ~/.m2 once.

    from localneo4j import LocalNeo4j

    with LocalNeo4j(tmp_path / "neo4j", password="test-password") as server:
        driver = neo4j.GraphDatabase.driver(server.uri, auth=(server.user, server.password))

Or, for a developer, a server until Ctrl-C:

    python neo4j/localneo4j.py --data /tmp/ctgraph-neo4j --port 7687 --password secret
"""

from __future__ import annotations

import argparse
import atexit
import contextlib
import fcntl
import functools
import hashlib
import os
import queue
import re
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
from collections import deque
from pathlib import Path
from typing import BinaryIO, TextIO

HERE = Path(__file__).resolve().parent
POM = HERE / "pom.xml"
SOURCE = HERE / "src" / "main" / "java" / "ctgraph" / "LocalNeo4j.java"
MAIN_CLASS = "ctgraph.LocalNeo4j"
HOST = "127.0.0.1"
USER = "neo4j"
READY = re.compile(r"^ctgraph-neo4j ready (bolt://\S+:(\d+))\s*$")
MIN_JAVA = 17
START_MARK = "--- ctgraph-neo4j start"

# What Neo4j's own launcher passes (server.jvm.additional in neo4j.conf), less what only a big
# production heap wants (-XX:+AlwaysPreTouch would make the whole heap resident at once).
JVM_DEFAULTS = (
    # The JVM's own warnings go to stderr (its default is stdout, kept for the ready line);
    # class data sharing's notes about classes it cannot archive are noise.
    "-Xlog:disable",
    "-Xlog:all=warning:stderr:uptime,level,tags",
    "-Xlog:cds=off:stderr",
    "-Xlog:cds+dynamic=off:stderr",
    "-XX:+UseG1GC",
    "-XX:-OmitStackTraceInFastThrow",
    "-XX:+UnlockExperimentalVMOptions",
    "-XX:+TrustFinalNonStaticFields",
    "-XX:+DisableExplicitGC",
    "-XX:+ExitOnOutOfMemoryError",
    "-Djdk.nio.maxCachedBufferSize=1024",
    "-Dio.netty.tryReflectionSetAccessible=true",
    "-Dlog4j2.disable.jmx=true",
    "-Dfile.encoding=UTF-8",
    "--add-opens=java.base/java.nio=ALL-UNNAMED",
    "--add-opens=java.base/java.io=ALL-UNNAMED",
    "--add-opens=java.base/sun.nio.ch=ALL-UNNAMED",
)


class LocalNeo4jError(RuntimeError):
    """The local Neo4j server cannot be built, started or stopped; the message says why."""


def default_cache_dir() -> Path:
    """Where the built launcher and its classpath are kept: $CTGRAPH_NEO4J_CACHE or ~/.cache."""
    env = os.environ.get("CTGRAPH_NEO4J_CACHE")
    if env:
        return Path(env)
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "ctgraph-neo4j"


def neo4j_version() -> str:
    """The Neo4j version pinned in pom.xml."""
    m = re.search(r"<neo4j\.version>\s*([^<\s]+)\s*</neo4j\.version>", POM.read_text())
    if not m:
        raise LocalNeo4jError(f"{POM} has no <neo4j.version>")
    return m.group(1)


def _java() -> str | None:
    home = os.environ.get("JAVA_HOME")
    if home and (Path(home) / "bin" / "java").is_file():
        return str(Path(home) / "bin" / "java")
    return shutil.which("java")


@functools.lru_cache(maxsize=8)
def _java_version(java: str) -> tuple[int, str]:
    """(major, full `java -version` text) of this java."""
    try:
        out = subprocess.run(
            [java, "-version"], capture_output=True, text=True, timeout=60, check=False
        )
    except (OSError, subprocess.TimeoutExpired) as e:
        raise LocalNeo4jError(f"{java} -version failed: {e}") from e
    text = (out.stderr or "") + (out.stdout or "")
    m = re.search(r'version "(\d+)(?:\.(\d+))?', text)
    if not m:
        return 0, text
    major = int(m.group(1))
    if major == 1 and m.group(2):  # "1.8.0_392"
        major = int(m.group(2))
    return major, text


def _m2_repository() -> Path:
    """Maven's local repository: $CTGRAPH_M2_REPOSITORY (passed on as maven.repo.local) or ~/.m2."""
    env = os.environ.get("CTGRAPH_M2_REPOSITORY")
    return Path(env) if env else Path.home() / ".m2" / "repository"


def _jars_fetched() -> bool:
    v = neo4j_version()
    return (_m2_repository() / "org" / "neo4j" / "neo4j" / v / f"neo4j-{v}.jar").is_file()


def _run_maven(args: list[str], what: str, timeout: float = 1800) -> None:
    mvn = shutil.which("mvn")
    if not mvn:
        raise LocalNeo4jError("mvn (Maven) is not installed: apt-get install maven")
    cmd = [mvn, "-B", "-q", "-Dstyle.color=never", "-f", str(POM), *args]
    if os.environ.get("CTGRAPH_M2_REPOSITORY"):
        cmd.append(f"-Dmaven.repo.local={os.environ['CTGRAPH_M2_REPOSITORY']}")
    try:
        out = subprocess.run(
            cmd, capture_output=True, text=True, timeout=timeout, check=False, cwd=HERE
        )
    except subprocess.TimeoutExpired as e:
        raise LocalNeo4jError(f"{what}: Maven took more than {timeout:.0f} s") from e
    if out.returncode != 0:
        text = re.sub(r"\x1b\[[0-9;]*m", "", out.stdout + out.stderr)
        lines = [ln.replace("[ERROR]", "").strip() for ln in text.splitlines()]
        noise = ("To see the full", "Re-run Maven", "For more")
        lines = [ln for ln in lines if ln and not ln.startswith(noise)]
        detail = lines[0] if lines else f"exit code {out.returncode}"
        if len(detail) > 300:
            detail = detail[:300] + "..."
        raise LocalNeo4jError(f"{what}: mvn {args[0]} failed: {detail}")


def fetch_jars() -> None:
    """Downloads Neo4j's jars (and the Maven plugins the build uses) into ~/.m2."""
    _run_maven(["dependency:go-offline"], f"fetching Neo4j {neo4j_version()}'s jars")


def check_tools(fetch: bool = True) -> None:
    """Raises LocalNeo4jError, one line per missing thing, unless Java 17+, Maven and jars are here.

    With `fetch` (the default) jars missing from ~/.m2 are fetched now; the error then says that
    they are missing and Maven cannot get them (offline, or its repository unreachable).
    """
    problems: list[str] = []
    java = _java()
    if not java:
        problems.append(
            f"java is not installed: Java {MIN_JAVA} or newer is needed (openjdk-17-jdk)"
        )
    else:
        major, text = _java_version(java)
        if major < MIN_JAVA:
            first = text.strip().splitlines()[0] if text.strip() else "unknown version"
            problems.append(
                f"{java} is Java {major or '?'} ({first}): Java {MIN_JAVA} or newer is needed"
            )
        elif not (Path(java).resolve().parent / "javac").exists() and not shutil.which("javac"):
            problems.append(
                f"{java} is a JRE without javac: a JDK {MIN_JAVA}+ is needed to build the launcher"
            )
    mvn = shutil.which("mvn")
    if not mvn:
        problems.append("mvn (Maven) is not installed: apt-get install maven")
    if not problems and not _jars_fetched():
        if not fetch:
            problems.append(
                f"Neo4j {neo4j_version()}'s jars are not in {_m2_repository()}:"
                " run fetch_jars() while online"
            )
        else:
            try:
                fetch_jars()
            except LocalNeo4jError as e:
                problems.append(
                    f"Neo4j {neo4j_version()}'s jars are not in {_m2_repository()} and Maven could"
                    f" not fetch them (offline?): {e}"
                )
    if problems:
        raise LocalNeo4jError("\n".join(problems))


def _build_key() -> str:
    h = hashlib.sha256()
    h.update(POM.read_bytes())
    h.update(b"\0")
    h.update(SOURCE.read_bytes())
    java = _java()
    if java:
        h.update(_java_version(java)[1].encode())
    return h.hexdigest()[:16]


def _build_dir(cache_dir: Path | str | None) -> Path:
    return Path(cache_dir or default_cache_dir()) / f"build-{_build_key()}"


def _cached_classpath(out: Path) -> str | None:
    jar = out / "ctgraph-local-neo4j.jar"
    cp_file = out / "classpath.txt"
    if not (jar.is_file() and cp_file.is_file()):
        return None
    entries = [e for e in cp_file.read_text().strip().split(os.pathsep) if e]
    if not entries or not all(Path(e).exists() for e in entries):
        return None  # ~/.m2 was cleaned: build again
    return os.pathsep.join([str(jar), *entries])


def classpath(cache_dir: Path | str | None = None) -> str:
    """The launcher's runtime classpath (its jar first), building it with Maven once.

    Kept in cache_dir (default ~/.cache/ctgraph-neo4j) under a hash of pom.xml, the launcher's
    source and the java version, so repeated test runs do not run Maven again.
    """
    out = _build_dir(cache_dir)
    cp = _cached_classpath(out)
    if cp:
        return cp
    out.parent.mkdir(parents=True, exist_ok=True)
    with open(out.parent / f".{out.name}.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)  # one build at a time (pytest-xdist, parallel benchmarks)
        cp = _cached_classpath(out)
        if cp:
            return cp
        work = Path(tempfile.mkdtemp(prefix=f".{out.name}-", dir=out.parent))
        try:
            _run_maven(
                ["package", f"-Dctgraph.build.dir={work / 'target'}"],
                "building the Neo4j launcher",
            )
            jars = sorted((work / "target").glob("ctgraph-local-neo4j-*.jar"))
            cp_file = work / "target" / "classpath.txt"
            if not jars or not cp_file.is_file():
                raise LocalNeo4jError(
                    f"building the Neo4j launcher: no jar or classpath.txt in {work}"
                )
            stage = work / "out"
            stage.mkdir()
            shutil.copy2(jars[0], stage / "ctgraph-local-neo4j.jar")
            shutil.copy2(cp_file, stage / "classpath.txt")
            if out.exists():
                shutil.rmtree(out)
            stage.rename(out)
        finally:
            shutil.rmtree(work, ignore_errors=True)
    cp = _cached_classpath(out)
    if not cp:
        raise LocalNeo4jError(f"building the Neo4j launcher: {out} is incomplete")
    return cp


def port_is_free(port: int, host: str = HOST) -> bool:
    """Whether a server could listen on host:port now."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            s.bind((host, port))
        except OSError:
            return False
    return True


def _port_taken(port: int) -> LocalNeo4jError:
    return LocalNeo4jError(
        f"port {port} on {HOST} is taken (another server listens there): stop it, or pick another"
        " port, or port=0 for a free one"
    )


def _pid_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


class LocalNeo4j:
    """A Neo4j server process on 127.0.0.1 with a data folder of its own.

    `start()` returns once Bolt accepts the password; `uri`, `user` and `password` say how to
    connect; `stop()` shuts it down cleanly (SIGTERM) and returns its exit code. As a context
    manager it starts and stops itself. The JVM runs in a session of its own and watches its
    stdin, so it also shuts down when this Python process dies; an atexit hook stops it too.

    Neo4j's logs are in DATA/logs (debug.log, security.log, query.log) and the launcher's own
    stderr in DATA/logs/ctgraph-neo4j.log.
    """

    def __init__(
        self,
        data_dir: Path | str,
        port: int = 0,
        password: str | None = None,
        heap: str = "3g",
        tx_timeout: str = "60s",
        *,
        pagecache: str = "256m",
        # One transaction's memory: a load of 100,000 records is one transaction (it needs more
        # than 1 GiB), and a runaway read stops here with "MemoryLimitExceeded" instead of
        # exhausting the heap (which stays half again as large: the page cache is off-heap, the
        # rest is Neo4j's own).
        tx_memory: str = "2g",
        cache_dir: Path | str | None = None,
        class_data_sharing: bool = False,
        jvm_args: tuple[str, ...] | list[str] = (),
    ) -> None:
        password = password if password is not None else os.environ.get("NEO4J_PASSWORD")
        if not password:
            raise LocalNeo4jError("no password: give password=... or set NEO4J_PASSWORD")
        self.data_dir = Path(data_dir).absolute()
        self.requested_port = int(port)
        self.user = USER
        self.password = password
        self.heap = heap
        self.tx_timeout = tx_timeout
        self.pagecache = pagecache
        self.tx_memory = tx_memory
        self.cache_dir = Path(cache_dir) if cache_dir else default_cache_dir()
        self.class_data_sharing = class_data_sharing
        self.jvm_args = tuple(jvm_args)
        self.port: int | None = None
        self.uri: str | None = None
        self.process: subprocess.Popen[bytes] | None = None
        self.returncode: int | None = None
        self.startup_seconds: float | None = None
        self._lines: queue.Queue[str | None] = queue.Queue()
        self._tail: deque[str] = deque(maxlen=40)
        self._log_path = self.data_dir / "logs" / "ctgraph-neo4j.log"
        self._log_file: BinaryIO | None = None
        self._cds_dump: Path | None = None
        self._cds_archive: Path | None = None

    # -- lifecycle -------------------------------------------------------------------------

    def __enter__(self) -> LocalNeo4j:
        if self.process is None:
            self.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()

    def env(self) -> dict[str, str]:
        """The variables that point ctgraph at this server (see app/settings.py)."""
        if not self.uri:
            raise LocalNeo4jError("the server is not started")
        return {"NEO4J_URI": self.uri, "NEO4J_USERNAME": self.user, "NEO4J_PASSWORD": self.password}

    def command(self, cp: str) -> list[str]:
        """The java command line (without starting anything)."""
        java = _java() or "java"
        cmd = [java, f"-Xmx{self.heap}", *JVM_DEFAULTS]
        cmd += self._cds_args()
        cmd += [*self.jvm_args, "-cp", cp, MAIN_CLASS]
        cmd += ["--data", str(self.data_dir), "--port", str(self.requested_port)]
        cmd += ["--tx-timeout", self.tx_timeout, "--pagecache", self.pagecache]
        cmd += ["--tx-memory", self.tx_memory, "--watch-stdin"]
        return cmd

    def _cds_args(self) -> list[str]:
        # Class data sharing (opt-in): the first run records the classes Neo4j loaded into an
        # archive (~110 MB, in the build cache) at exit; later starts map it. On two cores that
        # starts 2-3 s sooner, but the server's RSS is ~150 MB higher (this JDK relocates the
        # archive, which makes its pages private), so memory figures are not comparable.
        self._cds_dump = None
        self._cds_archive = None
        if not self.class_data_sharing:
            return []
        build = _build_dir(self.cache_dir)
        archive = build / "classes.jsa"
        if archive.is_file():
            self._cds_archive = archive
            return [f"-XX:SharedArchiveFile={archive}"]
        for stale in build.glob("classes.jsa.*.tmp"):
            with contextlib.suppress(ValueError, OSError):
                if not _pid_alive(int(stale.name.split(".")[2].split("-")[0])):
                    stale.unlink()
        self._cds_dump = build / f"classes.jsa.{os.getpid()}-{id(self)}.tmp"
        return [f"-XX:ArchiveClassesAtExit={self._cds_dump}"]

    def start(self, timeout: float = 180) -> LocalNeo4j:
        """Launches the server and waits until it is ready; raises LocalNeo4jError if it is not."""
        if self.process is not None and self.process.poll() is None:
            raise LocalNeo4jError(f"the server is already running at {self.uri}")
        began = time.monotonic()
        check_tools()
        cp = classpath(self.cache_dir)
        if self.requested_port and not port_is_free(self.requested_port):
            raise _port_taken(self.requested_port)
        try:
            (self.data_dir / "logs").mkdir(parents=True, exist_ok=True)
            probe = self.data_dir / ".write-probe"
            probe.write_bytes(b"")
            probe.unlink()
        except OSError as e:
            raise LocalNeo4jError(
                f"data folder {self.data_dir} is not writable: {e.strerror or e}"
            ) from e

        env = dict(os.environ)
        env["NEO4J_PASSWORD"] = self.password  # not on the command line, where ps shows it
        self._log_file = open(self._log_path, "ab")
        self._log_file.write(f"{START_MARK} {time.strftime('%Y-%m-%d %H:%M:%S')}\n".encode())
        self._log_file.flush()
        self._tail.clear()
        self._lines = queue.Queue()
        self.returncode = None
        try:
            self.process = subprocess.Popen(
                self.command(cp),
                stdin=subprocess.PIPE,
                stdout=subprocess.PIPE,
                stderr=self._log_file,
                cwd=self.data_dir,
                env=env,
                start_new_session=True,
            )
        except OSError as e:
            self._close_log()
            raise LocalNeo4jError(f"could not run java: {e}") from e
        atexit.register(self.stop)
        threading.Thread(target=self._read_stdout, args=(self.process,), daemon=True).start()

        deadline = began + timeout
        while True:
            left = deadline - time.monotonic()
            if left <= 0:
                self._kill()
                self.stop()
                raise LocalNeo4jError(
                    f"Neo4j was not ready after {timeout:.0f} s; last output: {self._last_output()}"
                )
            try:
                line = self._lines.get(timeout=min(left, 0.25))
            except queue.Empty:
                line = None
            if line is not None:
                m = READY.match(line)
                if m:
                    self.uri, self.port = m.group(1), int(m.group(2))
                    self.startup_seconds = time.monotonic() - began
                    return self
            rc = self.process.poll()
            if rc is not None and self._lines.empty():
                self.returncode = rc
                self._close_log()
                atexit.unregister(self.stop)
                last = self._last_output()
                if rc == 3:
                    raise _port_taken(self.requested_port)
                mine = [ln for ln in self._log_lines() if ln.startswith("ctgraph-neo4j: ")]
                if mine:
                    raise LocalNeo4jError(mine[-1].removeprefix("ctgraph-neo4j: "))
                raise LocalNeo4jError(f"Neo4j exited with code {rc} before it was ready: {last}")

    def stop(self, timeout: float = 60) -> int | None:
        """SIGTERM, then waits (SIGKILL to the process group after `timeout`); the exit code."""
        proc = self.process
        if proc is None:
            return self.returncode
        with contextlib.suppress(ValueError):
            atexit.unregister(self.stop)
        if proc.poll() is None:
            with contextlib.suppress(ProcessLookupError):
                proc.send_signal(signal.SIGTERM)
            try:
                proc.wait(timeout)
            except subprocess.TimeoutExpired:
                self._kill()
        self.returncode = proc.wait()
        with contextlib.suppress(OSError):
            if proc.stdin:
                proc.stdin.close()
        self._close_log()
        self._keep_cds_archive()
        self.process = None
        return self.returncode

    def _kill(self) -> None:
        proc = self.process
        if proc is None:
            return
        with contextlib.suppress(ProcessLookupError, PermissionError):
            os.killpg(proc.pid, signal.SIGKILL)
        with contextlib.suppress(subprocess.TimeoutExpired):
            proc.wait(30)

    def _keep_cds_archive(self) -> None:
        dump, self._cds_dump = self._cds_dump, None
        if dump is None:
            return
        if self.returncode == 0 and dump.is_file() and dump.stat().st_size > 0:
            with contextlib.suppress(OSError):
                dump.replace(dump.parent / "classes.jsa")
        else:
            with contextlib.suppress(OSError):
                dump.unlink()

    # -- output ----------------------------------------------------------------------------

    def _read_stdout(self, proc: subprocess.Popen[bytes]) -> None:
        assert proc.stdout is not None
        for raw in proc.stdout:
            line = raw.decode("utf-8", "replace").rstrip("\r\n")
            self._tail.append(line)
            self._lines.put(line)
        self._lines.put(None)

    def _log_lines(self) -> list[str]:
        try:
            text = self._log_path.read_bytes()[-20000:].decode("utf-8", "replace")
        except OSError:
            return []
        text = text.rsplit(START_MARK, 1)[-1]  # this start's part
        return [ln for ln in text.splitlines()[1:] if ln.strip()]

    def _last_output(self, n: int = 8) -> str:
        lines = [*self._log_lines(), *[ln for ln in self._tail if ln.strip()]][-n:]
        return (
            " | ".join(lines) if lines else f"nothing (see {self.data_dir / 'logs' / 'debug.log'})"
        )

    def _close_log(self) -> None:
        if self._log_file is not None:
            with contextlib.suppress(OSError):
                self._log_file.close()
            self._log_file = None


def class_data_archive(cache_dir: Path | str | None = None, timeout: float = 300) -> Path:
    """The class data sharing archive of this build (made now by starting and stopping a server
    in a temporary folder, if there is none yet), so that servers started with
    `class_data_sharing=True` start from it, even the first one and one that is killed."""
    archive = _build_dir(cache_dir or default_cache_dir()) / "classes.jsa"
    if not archive.is_file():
        with tempfile.TemporaryDirectory(prefix="ctgraph-neo4j-cds-") as tmp:
            server = LocalNeo4j(
                tmp,
                port=0,
                password=secrets.token_urlsafe(12),
                cache_dir=cache_dir,
                class_data_sharing=True,
            )
            server.start(timeout=timeout)
            server.stop()
        if not archive.is_file():
            raise LocalNeo4jError(f"no class data archive at {archive} after a clean stop")
    return archive


def neo4j_admin(
    data_dir: Path | str,
    args: list[str],
    heap: str = "512m",
    cache_dir: Path | str | None = None,
    timeout: float = 3600,
) -> str:
    """Runs `neo4j-admin ARGS` on a data folder of LocalNeo4j (stopped), from the same jars.

    For instance the bulk importer, before the server's first start or with it stopped:

        neo4j_admin(dir, ["database", "import", "full", "neo4j", "--nodes=nodes.csv",
                          "--relationships=rels.csv", "--overwrite-destination"])

    The database name goes before the file options (after `--nodes=a.csv` it would be read as a
    second node file). The importer's off-heap memory is bounded by --max-off-heap-memory
    (default 90% of the free RAM). Returns the tool's output; raises LocalNeo4jError with its
    last lines if it fails.
    """
    check_tools()
    cp = classpath(cache_dir)
    home = Path(data_dir).absolute()
    (home / "conf").mkdir(parents=True, exist_ok=True)
    java = _java() or "java"
    env = dict(os.environ, NEO4J_HOME=str(home), NEO4J_CONF=str(home / "conf"))
    cmd = [java, f"-Xmx{heap}", *JVM_DEFAULTS, "-cp", cp, "org.neo4j.cli.AdminTool", *args]
    what = " ".join(args[:3])
    try:
        out = subprocess.run(
            cmd, capture_output=True, text=True, env=env, cwd=home, timeout=timeout, check=False
        )
    except subprocess.TimeoutExpired as e:
        raise LocalNeo4jError(f"neo4j-admin {what} took more than {timeout:.0f} s") from e
    text = out.stdout + out.stderr
    if out.returncode != 0:
        lines = [ln.strip() for ln in text.splitlines() if ln.strip()]
        lines = [ln for ln in lines if not ln.startswith(("at ", "..."))] or lines  # no frames
        detail = " | ".join(lines[-4:])[-600:]
        raise LocalNeo4jError(f"neo4j-admin {what} exited {out.returncode}: {detail}")
    return text


def _say(message: str, stream: TextIO | None = None) -> None:
    out = stream or sys.stdout
    out.write(message + "\n")
    out.flush()


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(
        prog="localneo4j.py", description="A local Neo4j Community server until Ctrl-C."
    )
    p.add_argument("--data", required=True, help="data folder (created if missing)")
    p.add_argument("--port", type=int, default=7687, help="Bolt port on 127.0.0.1, 0 = a free one")
    p.add_argument(
        "--password",
        default=os.environ.get("NEO4J_PASSWORD"),
        help="password of user neo4j (default: $NEO4J_PASSWORD)",
    )
    p.add_argument("--heap", default="3g", help="JVM heap (-Xmx)")
    p.add_argument("--tx-memory", default="2g", help="the most one transaction may use")
    p.add_argument("--pagecache", default="256m")
    p.add_argument("--tx-timeout", default="60s")
    p.add_argument("--cache", default=None, help="build cache (default ~/.cache/ctgraph-neo4j)")
    p.add_argument("--timeout", type=float, default=300, help="seconds to wait for readiness")
    p.add_argument(
        "--cds",
        action="store_true",
        help="class data sharing: starts 2-3 s sooner, ~150 MB more RSS",
    )
    a = p.parse_args(argv)
    if not a.password:
        p.error("give --password or set NEO4J_PASSWORD")
    server = LocalNeo4j(
        a.data,
        port=a.port,
        password=a.password,
        heap=a.heap,
        tx_timeout=a.tx_timeout,
        pagecache=a.pagecache,
        tx_memory=a.tx_memory,
        cache_dir=a.cache,
        class_data_sharing=a.cds,
    )
    stop = threading.Event()
    for sig in (signal.SIGINT, signal.SIGTERM, signal.SIGHUP):
        signal.signal(sig, lambda *_: stop.set())
    try:
        _say(f"starting Neo4j {neo4j_version()} in {server.data_dir} ...")
        server.start(timeout=a.timeout)
    except LocalNeo4jError as e:
        _say(f"error: {e}", sys.stderr)
        return 1
    _say(f"ready in {server.startup_seconds:.1f} s: {server.uri}  user {server.user}")
    _say("point ctgraph at it with:")
    _say(f"  NEO4J_URI={server.uri} NEO4J_USERNAME={server.user} NEO4J_PASSWORD={server.password}")
    _say(f"logs: {server.data_dir / 'logs'}   Ctrl-C stops it")
    while not stop.is_set() and server.process and server.process.poll() is None:
        stop.wait(0.5)
    rc = server.stop()
    _say(f"stopped (exit {rc})")
    return 0 if rc == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
