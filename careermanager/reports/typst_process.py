"""Run Typst in a child process, so the memory its caches keep is given back to the system.

Typst memoizes its work in caches that live as long as the process, and the Python binding
keeps what roughly the last ten compiles left there (measured here: a worker that compiled
five 33-page tables held 450 MB afterwards; one that compiled forty 7-page ones levelled off
at 250 MB). In a web worker that memory would stay resident after every large download. So
Typst only ever runs in a child process (this module run with the same Python, ``python -m
careermanager.reports.typst_process``; it imports only typst, never Django).

A child is kept for the next compile while it stays small, since starting one (Python, then
the typst module) costs about a tenth of a second, a third of a short document's time:

- after each compile it reports how much memory it holds; over ``KEEP_RESIDENT_KB`` (what a
  few short documents leave) it is stopped, so a child never holds more than a short
  document's worth between compiles, and a long document's memory goes back at once;
- it is stopped after ``KEEP_COMPILES`` compiles, and stops itself after ``IDLE_SECONDS``
  without work, so an idle web worker keeps nothing for long;
- a child that is stopped after a compile is replaced at once by a new one, which loads Typst
  and its fonts while nobody waits (about 30 MB until it is used);
- ``fresh=True`` compiles in a child of its own that ends with the compile: the parts of a
  long document, each heavy, use it.

    compiled = compile_in_child(template, root=..., inputs={...}, output="pdf")
    compiled.content, compiled.warnings, compiled.peak_memory_kb

Requests go to the child as JSON on its stdin, each after its length; the document comes
back on stdout after a JSON header with Typst's warnings or error and the memory figures.
"""

import atexit
import contextlib
import json
import os
import select
import struct
import subprocess
import sys
import threading
import time
from dataclasses import dataclass
from pathlib import Path

# Long enough for a few hundred pages on a busy machine; a compile that takes longer is stuck.
TIMEOUT_SECONDS = 300
# A child holding more than this after a compile is stopped rather than kept.
KEEP_RESIDENT_KB = 160 * 1024
KEEP_COMPILES = 20
# A child waiting longer than this for work stops; the parent stops using one a little before.
IDLE_SECONDS = 60
# Children kept waiting per process: as many as compile at once (pdf.COMPILE_WORKERS).
KEEP_IDLE = 2

_LENGTH = struct.Struct(">Q")


@dataclass(frozen=True)
class Compiled:
    content: bytes
    warnings: list[str]
    peak_memory_kb: int | None  # the child's high-water mark in this compile, where known
    cpu_seconds: float | None = None  # the processor time the child spent on this compile


class TypstFailed(RuntimeError):
    """Typst could not make the document: a fault in a template, never in a member's data."""


def compile_in_child(
    template: Path,
    *,
    root: Path,
    inputs: dict[str, str],
    output: str = "pdf",
    ppi: float | None = None,
    timestamp: int | None = None,
    pdf_standards: list[str] | None = None,
    fresh: bool = False,
) -> Compiled:
    """The compiled document (PDF, or the first page as PNG), Typst's warnings, its memory."""
    request = {
        "template": str(template),
        "root": str(root),
        "inputs": inputs,
        "output": output,
        "ppi": ppi,
        "timestamp": timestamp,
        "pdf_standards": pdf_standards or [],
    }
    worker = _Worker() if fresh else _pool.take()
    try:
        header, content = worker.compile(json.dumps(request).encode(), template.name)
    except BaseException:
        worker.stop()
        raise
    if fresh:
        worker.stop()
    elif not _pool.give_back(worker, header.get("resident_kb")):
        worker.stop()
        _pool.start_spare()
    if "error" in header:
        raise TypstFailed(f"Typst failed on {template.name}: {header['error']}")
    return Compiled(
        content,
        header.get("warnings", []),
        header.get("peak_memory_kb"),
        header.get("cpu_seconds"),
    )


class _Worker:
    """One child process, compiling one request at a time."""

    def __init__(self) -> None:
        self.process = subprocess.Popen(  # noqa: S603 - our own module, run with our own Python
            [sys.executable, "-m", __name__],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
        )
        self.compiles = 0
        self.last_used = time.monotonic()

    @property
    def usable(self) -> bool:
        fresh_enough = time.monotonic() - self.last_used < IDLE_SECONDS - 10
        return fresh_enough and self.compiles < KEEP_COMPILES and self.process.poll() is None

    def compile(self, request: bytes, name: str) -> tuple[dict, bytes]:
        deadline = time.monotonic() + TIMEOUT_SECONDS
        try:
            self.process.stdin.write(_LENGTH.pack(len(request)) + request)
            self.process.stdin.flush()
        except BrokenPipeError as error:
            raise TypstFailed(f"Typst stopped before compiling {name}") from error
        out = self.process.stdout.fileno()
        size = _LENGTH.unpack(_read(out, _LENGTH.size, deadline, name))[0]
        header = json.loads(_read(out, size, deadline, name))
        content = _read(out, header.pop("size"), deadline, name)
        self.compiles += 1
        self.last_used = time.monotonic()
        return header, content

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.kill()
        self.process.wait()
        for stream in (self.process.stdin, self.process.stdout):
            with contextlib.suppress(OSError):
                stream.close()


def _read(descriptor: int, size: int, deadline: float, name: str) -> bytes:
    chunks, left = [], size
    while left:
        remaining = deadline - time.monotonic()
        if remaining <= 0 or not select.select([descriptor], [], [], remaining)[0]:
            raise TypstFailed(f"Typst took longer than {TIMEOUT_SECONDS} s on {name}")
        chunk = os.read(descriptor, min(left, 1 << 20))
        if not chunk:
            raise TypstFailed(f"Typst stopped while compiling {name}")
        chunks.append(chunk)
        left -= len(chunk)
    return b"".join(chunks)


class _Pool:
    """The children kept waiting in this process (none are shared with a forked process)."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._idle: list[_Worker] = []
        self._pid = os.getpid()

    def take(self) -> _Worker:
        with self._lock:
            if self._pid != os.getpid():  # forked: those pipes belong to the parent
                self._idle, self._pid = [], os.getpid()
            while self._idle:
                worker = self._idle.pop()
                if worker.usable:
                    return worker
                worker.stop()
        return _Worker()

    def give_back(self, worker: _Worker, resident_kb: int | None) -> bool:
        """Keep the worker for the next compile, unless it holds too much; say if kept."""
        if resident_kb is None or resident_kb > KEEP_RESIDENT_KB or not worker.usable:
            return False
        with self._lock:
            if self._pid != os.getpid() or len(self._idle) >= KEEP_IDLE:
                return False
            self._idle.append(worker)
            return True

    def start_spare(self) -> None:
        """Start a child for the next compile now, so that it is ready when asked."""
        with self._lock:
            if self._pid == os.getpid() and len(self._idle) < KEEP_IDLE:
                self._idle.append(_Worker())

    def stop_all(self) -> None:
        with self._lock:
            if self._pid != os.getpid():  # a forked process: those children are the parent's
                return
            idle, self._idle = self._idle, []
        for worker in idle:
            worker.stop()


_pool = _Pool()
atexit.register(_pool.stop_all)


def stop_kept_children() -> None:
    """Stop the children kept waiting for work (they also stop by themselves when idle)."""
    _pool.stop_all()


# In the child.


def _compile(request: dict) -> tuple[bytes, list[str]]:
    import typst

    result, warnings = typst.compile_with_warnings(
        request["template"],
        root=request["root"],
        font_paths=_fonts(),
        format=request["output"],
        ppi=request["ppi"],
        sys_inputs=request["inputs"],
        timestamp=request["timestamp"],
        pdf_standards=request["pdf_standards"],
        pdf_tags=True,
    )
    if isinstance(result, list):  # a PNG per page: the documents here make one page
        result = result[0]
    return result, [warning.message for warning in warnings]


_FONTS = []


def _fonts():
    """The bundled and system fonts, found once per child."""
    if not _FONTS:
        import typst

        _FONTS.append(typst.Fonts(include_system_fonts=True, include_embedded_fonts=True))
    return _FONTS[0]


def _serve(requests, replies) -> None:
    """Answer requests until the parent closes stdin or none comes for IDLE_SECONDS."""
    while select.select([requests], [], [], IDLE_SECONDS)[0]:
        prefix = requests.read(_LENGTH.size)
        if len(prefix) < _LENGTH.size:
            return
        request = json.loads(requests.read(_LENGTH.unpack(prefix)[0]))
        _memory("clear")
        started = time.process_time()
        try:
            content, warnings = _compile(request)
            header = {"warnings": warnings}
        except Exception as error:  # report whatever went wrong to the parent, which raises it
            hints = getattr(error, "hints", None) or []
            content, header = b"", {"error": " ".join([str(error), *hints])}
        header |= {
            "size": len(content),
            "peak_memory_kb": _memory("VmHWM"),
            "resident_kb": _memory("VmRSS"),
            "cpu_seconds": time.process_time() - started,
        }
        encoded = json.dumps(header).encode()
        replies.write(_LENGTH.pack(len(encoded)) + encoded + content)
        replies.flush()


def _memory(field: str) -> int | None:
    """This process's resident memory or its high-water mark (Linux); None elsewhere.

    "clear" starts the high-water mark again from the present, for the next compile.
    """
    try:
        if field == "clear":
            with open("/proc/self/clear_refs", "w") as refs:
                refs.write("5")
            return None
        with open("/proc/self/status") as status:
            for line in status:
                if line.startswith(f"{field}:"):
                    return int(line.split()[1])
    except OSError:
        pass
    return None


def main() -> int:
    _fonts()  # load Typst and find the fonts before the first request comes
    _serve(sys.stdin.buffer, sys.stdout.buffer)
    return 0


if __name__ == "__main__":
    sys.exit(main())
