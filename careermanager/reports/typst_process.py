"""Run Typst in a short-lived child process, so its memory is returned when the compile ends.

Typst memoizes its work in caches that live as long as the process, and the Python binding
keeps what roughly the last ten compiles left there (measured here: a worker that compiled
five 33-page tables held 450 MB afterwards; one that compiled forty 7-page ones levelled off
at 250 MB). In a web worker that memory would stay resident after every large download. A
child process per compile gives all of it back when it exits, and bounds a long document to
what its own compile needs. It costs about a tenth of a second to start.

    compiled = compile_in_child(template, root=..., inputs={...}, output="pdf")
    compiled.content, compiled.warnings, compiled.peak_memory_kb

The child is this module run with the same Python (``python -m careermanager.reports.
typst_process``); it imports only typst, never Django. The request goes in as JSON on stdin,
the document comes back on stdout, warnings and errors as JSON lines on stderr.
"""

import json
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

# Long enough for a few hundred pages on a busy machine; a compile that takes longer is stuck.
TIMEOUT_SECONDS = 300


@dataclass(frozen=True)
class Compiled:
    content: bytes
    warnings: list[str]
    peak_memory_kb: int | None  # the child's high-water mark, where the system reports it


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
    try:
        finished = subprocess.run(  # noqa: S603 - our own module, run with our own Python
            [sys.executable, "-m", __name__],
            input=json.dumps(request).encode(),
            capture_output=True,
            timeout=TIMEOUT_SECONDS,
            check=False,
        )
    except subprocess.TimeoutExpired as error:
        raise TypstFailed(
            f"Typst took longer than {TIMEOUT_SECONDS} s on {template.name}"
        ) from error
    messages = [
        json.loads(line) for line in finished.stderr.decode().splitlines() if line.startswith("{")
    ]
    warnings = [message["warning"] for message in messages if "warning" in message]
    if finished.returncode != 0:
        errors = [message["error"] for message in messages if "error" in message]
        detail = (
            "; ".join(errors) or finished.stderr.decode()[-2000:] or f"exit {finished.returncode}"
        )
        raise TypstFailed(f"Typst failed on {template.name}: {detail}")
    peaks = [message["peak_memory_kb"] for message in messages if "peak_memory_kb" in message]
    return Compiled(finished.stdout, warnings, peaks[-1] if peaks else None)


def _run(request: dict) -> bytes:
    import typst

    result, warnings = typst.compile_with_warnings(
        request["template"],
        root=request["root"],
        font_paths=typst.Fonts(include_system_fonts=True, include_embedded_fonts=True),
        format=request["output"],
        ppi=request["ppi"],
        sys_inputs=request["inputs"],
        timestamp=request["timestamp"],
        pdf_standards=request["pdf_standards"],
        pdf_tags=True,
    )
    for warning in warnings:
        print(json.dumps({"warning": warning.message}), file=sys.stderr)
    if isinstance(result, list):  # a PNG per page: the documents here make one page
        result = result[0]
    return result


def main() -> int:
    request = json.loads(sys.stdin.buffer.read())
    try:
        content = _run(request)
    except Exception as error:  # report whatever went wrong to the parent, which raises it
        hints = getattr(error, "hints", None) or []
        print(json.dumps({"error": " ".join([str(error), *hints])}), file=sys.stderr)
        return 1
    sys.stdout.buffer.write(content)
    peak = _peak_memory_kb()
    if peak is not None:
        print(json.dumps({"peak_memory_kb": peak}), file=sys.stderr)
    return 0


def _peak_memory_kb() -> int | None:
    """This process's resident high-water mark (Linux); None elsewhere."""
    try:
        with open("/proc/self/status") as status:
            for line in status:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1])
    except OSError:
        pass
    return None


if __name__ == "__main__":
    sys.exit(main())
