"""The data model: what a plan, a follow-up, a project and a frame are.

The pydantic models with their Spanish keys, the frames that come with pac (`marcos/`) and
a project's own, pydantic's errors as Spanish problems at their line, the `Problem` record
and the JSON Schema of each kind of file. It may import the disk layer (`pac_cli.disk`),
`pac_cli.errors` and nothing above.
"""
