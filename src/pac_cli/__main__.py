"""The `pac` process: `python -m pac_cli` and the console script both start here.

A command is a short-lived process whose objects (imported modules, node trees kept for
positions) have no cycles worth collecting. The cyclic collector is off from before the
first import, and at the end every object is frozen (`gc.freeze`) so that the interpreter's
exit does not scan them all one last time: together about a fifth of a `pac validate` of
one plan (≈ 40 ms of 190).
Memory is returned to the system when the process ends.
"""

import gc
import os
import sys


def utf8_output() -> None:
    """On Windows, output sent to a file or a pipe is written in the ANSI code page, which has
    no «→» or «≤»: pac writes UTF-8 there, as everywhere (a console takes UTF-8 already)."""
    if sys.platform == "win32":
        for stream in (sys.stdout, sys.stderr):
            reconfigure = getattr(stream, "reconfigure", None)
            if reconfigure is not None:
                reconfigure(encoding="utf-8")


def run() -> None:
    gc.disable()
    # pac uses no pydantic plugin, and looking for them reads the metadata of every
    # installed package at the first model (≈ 10 ms in a venv of a hundred): a user who
    # wants one sets the variable
    os.environ.setdefault("PYDANTIC_DISABLE_PLUGINS", "__all__")
    utf8_output()
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
