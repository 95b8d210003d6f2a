"""The data model: what a plan, a follow-up, a project and a frame are.

The pydantic models with their Spanish keys (`fields`, `frame`, `plan`, `followup`,
`project_config`, and `kinds` to tell them apart), the frames that come with pac
(`marcos/`, read by `frame_catalog`) and a project's own, pydantic's errors as Spanish
problems at their line (`validation`), the `Problem` record (`problems`) and the JSON Schema
of each kind of file (`json_schema`). It may import the disk layer (`pac_cli.disk`) and
`pac_cli.errors`, nothing above.
"""
