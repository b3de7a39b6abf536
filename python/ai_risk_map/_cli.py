"""The ``ai-risk-map`` command installed by the wheel: the native CLI's own code, compiled
into the extension, so ``pip install ai-risk-map`` gives a pipeline the same gate
(``ai-risk-map assess FILE --min-coverage 0.8``), output and exit status."""

from __future__ import annotations

import os
import signal
import sys

from . import _engine


def main() -> None:
    # Python turns Ctrl-C into KeyboardInterrupt, which would wait for the engine to return
    # (say, from reading standard input); the native command simply ends. SIGPIPE is already
    # ignored by Python as by Rust programs, and the CLI handles a closed pipe itself.
    signal.signal(signal.SIGINT, signal.SIG_DFL)
    # The arguments as the bytes the shell gave (undoing Python's decoding), so that one
    # that is not UTF-8 reaches the CLI as it would natively.
    sys.exit(_engine.cli_main([os.fsencode(a) for a in sys.argv]))


if __name__ == "__main__":
    main()
