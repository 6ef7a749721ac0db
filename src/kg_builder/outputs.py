"""Write a set of output files so that a failed run leaves the last good ones intact.

Every file is first written in full to a temporary file beside its target; only when all of
them are written are they renamed into place (``os.replace`` is atomic on POSIX). A reader
never sees a half-written file, and an error while rendering or writing changes nothing.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Callable, Iterator, Mapping, MutableMapping
from pathlib import Path

from kg_builder.errors import OutputError


class StagedOutputs(MutableMapping[str, bytes]):
    """Output files staged as they are made, renamed into place all at once by ``commit``.

    Each file is written at once to a temporary file beside its target and read back only
    when asked for, so a publication of a million triples is never all in memory; leaving
    the ``with`` block without ``commit`` (an error on the way) removes them all and changes
    no target.

    >>> import tempfile
    >>> folder = Path(tempfile.mkdtemp())
    >>> with StagedOutputs(folder) as staged:
    ...     staged["a.txt"] = b"made first"
    ...     (folder / "a.txt").exists(), staged["a.txt"]
    (False, b'made first')
    >>> list(folder.iterdir())  # left without a commit: nothing stays
    []
    """

    def __init__(
        self, folder: Path, *, announce: Callable[[str, Path], None] | None = None
    ) -> None:
        """:param announce: told of each temporary file as soon as it exists, before it is
        written (``beside.py`` tells the parent process, which then removes it if need be)."""
        self.folder = folder
        self._announce = announce
        self._staged: dict[str, tuple[Path, Path]] = {}  # relative -> (temporary, target)

    def __setitem__(self, relative: str, content: bytes) -> None:
        target = self.folder / relative
        name = ""
        try:
            target.parent.mkdir(parents=True, exist_ok=True)
            handle, name = tempfile.mkstemp(
                dir=target.parent, prefix=f".{target.name}.", suffix=".tmp"
            )
            if self._announce is not None:
                self._announce(relative, Path(name))
            with os.fdopen(handle, "wb") as stream:
                stream.write(content)
            os.chmod(name, 0o644)
        except OSError as error:
            if name:
                Path(name).unlink(missing_ok=True)
            raise OutputError(f"cannot write into {self.folder}: {error}") from error
        self.adopt(relative, Path(name))

    def __getitem__(self, relative: str) -> bytes:
        return self._staged[relative][0].read_bytes()

    def __delitem__(self, relative: str) -> None:
        temporary, _ = self._staged.pop(relative)
        temporary.unlink(missing_ok=True)

    def __iter__(self) -> Iterator[str]:
        return iter(self._staged)

    def __len__(self) -> int:
        return len(self._staged)

    def adopt(self, relative: str, temporary: Path) -> None:
        """Stage a file already written beside its target (here, or by another process)."""
        if relative in self._staged:
            del self[relative]
        self._staged[relative] = (temporary, self.folder / relative)

    def take(self, other: StagedOutputs) -> None:
        """Stage here, after this one's files, every file staged in ``other`` (which then
        holds none): both stage in the same folder, so nothing is copied."""
        if other.folder != self.folder:
            raise ValueError(f"{other.folder} is not {self.folder}")
        for relative, (temporary, _) in other._staged.items():
            self.adopt(relative, temporary)
        other._staged.clear()

    def commit(self) -> list[Path]:
        """Put every staged file in place; the paths, in the order they were staged."""
        targets = []
        for temporary, target in self._staged.values():
            os.replace(temporary, target)
            targets.append(target)
        self._staged.clear()
        return targets

    def discard(self) -> None:
        """Remove every staged file (no target changes)."""
        for temporary, _ in self._staged.values():
            temporary.unlink(missing_ok=True)
        self._staged.clear()

    def __enter__(self) -> StagedOutputs:
        return self

    def __exit__(self, *_exception: object) -> None:
        self.discard()  # after a commit, nothing is left to discard


def write_outputs(folder: Path, files: Mapping[str, bytes]) -> list[Path]:
    """Write ``files`` (relative path -> content) under ``folder``, all or nothing.

    :returns: the paths written, in the order given.
    :raises OutputError: when a file cannot be written; no target has changed then.
    """
    with StagedOutputs(folder) as staged:
        staged.update(files)
        return staged.commit()


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
