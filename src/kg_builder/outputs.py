"""Write a set of output files so that a failed run leaves the last good ones intact.

Every file is first written in full to a temporary file beside its target; only when all of
them are written are they renamed into place (``os.replace`` is atomic on POSIX). A reader
never sees a half-written file, and an error while rendering or writing changes nothing.
"""

from __future__ import annotations

import os
import shutil
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


def replace_folder(folder: Path, files: Mapping[str, bytes]) -> list[Path]:
    """Make ``folder`` hold exactly ``files`` (nothing stale is left), all or nothing.

    The files are written into a new folder beside it, which then takes its place; a
    failure leaves the old folder as it was.

    :raises OutputError: when a file cannot be written.
    """
    folder.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(dir=folder.parent, prefix=f".{folder.name}.new-"))
    try:
        os.chmod(staging, 0o755)
        written = write_outputs(staging, files)
    except (OSError, OutputError) as error:
        shutil.rmtree(staging, ignore_errors=True)
        if isinstance(error, OutputError):
            raise
        raise OutputError(f"cannot write into {folder}: {error}") from error
    old = staging.with_name(staging.name.replace(".new-", ".old-"))
    if folder.exists():
        os.replace(folder, old)
    os.replace(staging, folder)
    shutil.rmtree(old, ignore_errors=True)
    return [folder / path.relative_to(staging) for path in written]
