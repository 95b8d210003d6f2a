"""What each command does, callable from Python: the library behind the command line.

Validate the project's files (`validate`); select the files of a cutoff, validate them,
compute and check the deadline (`followup_run`); the legal calendar (`cutoff_calendar`);
compare with a revision (`review`); start a plan or the next follow-up (`new_plan`,
`next_followup`); read an office's matrix into a plan (`matrix_reading`, `import_matrix`).
It may import every layer below (checks, computations, models, disk), never the outputs or
the command line.
"""
