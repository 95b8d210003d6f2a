"""Pure computations: the figures, the schedule, the legal deadline and a plan's changes.

The engine (each activity's %, each component's total, the consolidated figure), the
expected progress by rhythm or milestones, the publication deadline in Colombian business
days, and the comparison of two versions of a plan. Nothing here reads a file or prints:
it imports only the models (`pac_cli.models`) and `pac_cli.errors`.
"""
