"""The frames (marcos) a plan can follow: the packaged PAAC and PTEP, and the project's own.

Frames are data (`marcos/*.yaml` inside the package, `marcos` in pac.yaml), validated with
the same loader and models as every other file.
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import cache

from pac_cli.models.frame import Frame, packaged_documents


@cache
def packaged_frames() -> tuple[Frame, ...]:
    """The frames that come with pac, the bases first: paac, ptep, ptep-semestral."""
    from pac_cli.models.validation import validated

    return tuple(validated(doc, Frame) for doc in packaged_documents())


def catalog(own: Iterable[Frame] = ()) -> dict[str, Frame]:
    """Every frame by id; a project's own frame wins over a packaged one of the same id."""
    frames = {frame.id: frame for frame in packaged_frames()}
    frames.update({frame.id: frame for frame in own})
    return frames
