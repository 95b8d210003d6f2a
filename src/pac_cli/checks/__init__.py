"""The rules across files: what `pac validate` checks beyond each file's schema.

A set of files is validated together (`file_set`): each plan's own rules (`plan_rules`),
each follow-up against its plan and the other files of its cutoff (`followup_rules`), and
what was found (`results`). It may import the computations, the models and the disk layer,
never the commands or the outputs.
"""
