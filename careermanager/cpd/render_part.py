"""Compile one part of a long PDF in its own process: `python -m careermanager.cpd.render_part`.

Reads a pickled (Document, Part) from standard input and writes the PDF to standard output.
Only ever started by `careermanager.cpd.reporting` with data it made itself.
"""

import os
import pickle
import sys


def main() -> None:
    # Settings (the time zone of "Generated at") are enough; the app registry is not needed.
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "careermanager.settings")
    from careermanager.reports.renderers.pdf import compile_typst

    # The parent process pickled this a moment ago; nothing from outside reaches this pipe.
    document, part = pickle.loads(sys.stdin.buffer.read())  # noqa: S301
    sys.stdout.buffer.write(compile_typst(document, part=part))
    sys.stdout.buffer.flush()


if __name__ == "__main__":
    main()
