"""The `pac` process: `python -m pac_cli` and the console script both start here.

A command is a short-lived process whose objects (imported modules, node trees kept for
positions) have no cycles worth collecting. The cyclic collector is off from before the
first import, and at the end every object is frozen (`gc.freeze`) so that the interpreter's
exit does not scan them all one last time: together about a fifth of a `pac validate` of
one plan (≈ 40 ms of 190).
Memory is returned to the system when the process ends.
"""

import gc
import sys


def run() -> None:
    gc.disable()
    try:
        from pac_cli.cli import main

        main()
    except KeyboardInterrupt:  # Ctrl-C while Python starts: one line, as in a command
        sys.stderr.write("interrumpido\n")
        raise SystemExit(130) from None
    finally:
        gc.freeze()


if __name__ == "__main__":
    run()
