"""What is on disk: reading and writing files, and nothing else.

The YAML reader (one guarded entrance, with the line and column of every value), the
spreadsheet reader (rows of cells with their references), git revisions of a file, the
project's folders (`pac.yaml`, `plans/`, `followups/`) and atomic writes. This layer knows
no plan or follow-up: it imports only `pac_cli.errors` from pac.
"""
