"""Write a set of output files so that a failed run leaves the last good ones intact.

Every file is first written in full to a temporary file beside its target; only when all of
them are written are they renamed into place (``os.replace`` is atomic on POSIX). A reader
never sees a half-written file, and an error while rendering or writing changes nothing.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Mapping
from pathlib import Path

from kg_builder.errors import OutputError


def write_outputs(folder: Path, files: Mapping[str, bytes]) -> list[Path]:
    """Write ``files`` (relative path -> content) under ``folder``, all or nothing.

    :returns: the paths written, in the order given.
    :raises OutputError: when a file cannot be written; no target has changed then.
    """
    staged: list[tuple[Path, Path]] = []
    try:
        for relative, content in files.items():
            target = folder / relative
            target.parent.mkdir(parents=True, exist_ok=True)
            handle, name = tempfile.mkstemp(
                dir=target.parent, prefix=f".{target.name}.", suffix=".tmp"
            )
            staged.append((Path(name), target))
            with os.fdopen(handle, "wb") as stream:
                stream.write(content)
            os.chmod(name, 0o644)
    except OSError as error:
        for temporary, _ in staged:
            temporary.unlink(missing_ok=True)
        raise OutputError(f"cannot write into {folder}: {error}") from error
    for temporary, target in staged:
        os.replace(temporary, target)
    return [target for _, target in staged]
