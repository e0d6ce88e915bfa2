"""The data folder on disk: its manifest, and commits that change tables and manifest together.

A commit stages every new file in a ``.build-*`` folder inside the data folder, then writes a
journal (``.commit.json``: the staging folder, the files to move, the new manifest last) and
only then moves the files into place. A process killed at any point leaves either the old
state (no journal: the staging folder is swept by the next commit) or a journal that the next
read of the manifest replays to the end, so the tables and the manifest always agree.
"""

from __future__ import annotations

import contextlib
import errno
import fcntl
import json
import os
import re
import shutil
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from sahel_analysis import config
from sahel_analysis.exceptions import (
    DataIntegrityError,
    InvalidArgumentError,
    OutputNotWritableError,
)

MANIFEST = config.MANIFEST_FILE
JOURNAL = ".commit.json"
STAGING_PREFIX = ".build-"
LOCK_TIMEOUT = 60  # seconds a reader waits for a commit in progress
_STAGING_NAME = re.compile(r"^\.build-[A-Za-z0-9_]+$")
_FILE_NAME = re.compile(r"^[A-Za-z0-9_][A-Za-z0-9_.-]*$")
# a journal cut while written, and what earlier versions' updates left
_TEMPORARY = (f"{JOURNAL}.tmp", ".*.parquet.new", f".{MANIFEST}.new")


def read_manifest(folder: Path | None = None) -> dict[str, Any]:
    """Return the manifest of `folder` (default: the data folder), finishing a cut commit first.

    Raises DataIntegrityError naming the file and how to restore it when it is missing,
    unreadable, not JSON or has no tables.
    """
    folder = Path(folder) if folder is not None else config.data_dir()
    if _leftovers(folder):
        recover(folder)
    path = folder / MANIFEST
    if not path.is_file():
        raise DataIntegrityError(f"No data manifest at {path}. {config.RESTORE_HINT}")
    try:
        manifest = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, ValueError) as error:
        raise DataIntegrityError(f"The data manifest {path} is not valid JSON ({error}). "
                                 f"{config.RESTORE_HINT}") from None
    if not isinstance(manifest, dict) or not isinstance(manifest.get("tables"), dict):
        raise DataIntegrityError(f"The data manifest {path} has no 'tables' entry. "
                                 f"{config.RESTORE_HINT}")
    return manifest


def recover(folder: Path) -> bool:
    """Finish a commit cut short in `folder` and sweep what dead commits left; True if replayed.

    Raises DataIntegrityError when a cut commit cannot be finished (read-only folder).
    """
    if not os.access(folder, os.W_OK):
        if (folder / JOURNAL).exists():
            raise DataIntegrityError(
                f"A change to the data in {folder} was interrupted and cannot be finished: the "
                "folder is read-only. Read the data once with write access (as the folder's "
                f"owner) to finish it. {config.RESTORE_HINT}")
        return False
    with _locked(folder):
        replayed = _replay(folder)
        sweep(folder)
    return replayed


def _leftovers(folder: Path) -> bool:
    """Return True when `folder` holds a journal, a staging folder or an old temporary file."""
    try:
        with os.scandir(folder) as entries:
            return any(e.name.startswith((JOURNAL, STAGING_PREFIX))
                       or (e.name.startswith(".") and e.name.endswith(".new")) for e in entries)
    except OSError:
        return False


def _replay(folder: Path) -> bool:
    """Move the journal's staged files into place, manifest last; drop journal and staging."""
    journal = folder / JOURNAL
    if not journal.exists():
        return False
    staging, files = _read_journal(journal)
    for name in [*files, MANIFEST]:
        with contextlib.suppress(FileNotFoundError):  # moved before the cut
            os.replace(folder / staging / name, folder / name)
    _fsync_folder(folder)
    journal.unlink()
    _fsync_folder(folder)
    shutil.rmtree(folder / staging, ignore_errors=True)
    return True


def _read_journal(journal: Path) -> tuple[str, list[str]]:
    """Return the staging folder and file names of a journal; refuse one not written by us."""
    try:
        record = json.loads(journal.read_text(encoding="utf-8"))
        staging, files = record["staging"], list(record["files"])
    except (OSError, UnicodeDecodeError, ValueError, KeyError, TypeError) as error:
        raise DataIntegrityError(f"The commit journal {journal} is unreadable ({error}); the "
                                 f"data may be half-changed. {config.RESTORE_HINT}") from None
    names_ok = all(isinstance(n, str) and _FILE_NAME.match(n) and n != JOURNAL for n in files)
    if not (isinstance(staging, str) and _STAGING_NAME.match(staging) and names_ok):
        raise DataIntegrityError(f"The commit journal {journal} names files outside the data "
                                 f"folder; it was not written by sahel_analysis. "
                                 f"{config.RESTORE_HINT}")
    return staging, files


@contextlib.contextmanager
def _locked(folder: Path, timeout: float = LOCK_TIMEOUT) -> Iterator[None]:
    """Hold an exclusive lock on `folder` itself (no lock file is left behind)."""
    handle = os.open(folder, os.O_RDONLY)
    try:
        deadline = time.monotonic() + timeout
        while True:
            try:
                fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() > deadline:
                    raise DataIntegrityError(
                        f"Another process has been changing the data in {folder} for more than "
                        f"{timeout:.0f} s; wait for it to finish and try again.") from None
                time.sleep(0.05)
        yield
    finally:
        os.close(handle)  # releases the lock


class Commit:
    """New files for a data folder, staged and then switched in with the manifest, atomically.

    Example:
        >>> with Commit(folder) as commit:                       # doctest: +SKIP
        ...     frame.to_parquet(commit.stage("events.parquet"))
        ...     commit.apply(new_manifest)
    """

    def __init__(self, folder: Path) -> None:
        self.folder = Path(folder)
        self.staging: Path | None = None
        self._staged: list[str] = []
        self._hold: int | None = None

    def __enter__(self) -> Commit:
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
            with _locked(self.folder):  # no sweep sees the new folder before it is held
                _replay(self.folder)
                sweep(self.folder)
                self.staging = Path(tempfile.mkdtemp(prefix=STAGING_PREFIX, dir=self.folder))
                self._hold = os.open(self.staging, os.O_RDONLY)  # held while this commit lives
                fcntl.flock(self._hold, fcntl.LOCK_EX)
        except OSError as error:
            raise _not_writable(self.folder, error) from None
        return self

    def __exit__(self, kind, error, traceback) -> None:
        if self._hold is not None:
            os.close(self._hold)
        committed = (self.folder / JOURNAL).exists()
        if self.staging is not None and not committed:
            shutil.rmtree(self.staging, ignore_errors=True)
        if isinstance(error, OSError):
            raise _not_writable(self.folder, error, committed) from error

    def stage(self, name: str) -> Path:
        """Return where to write the new file `name` (a plain file name in the data folder)."""
        if self.staging is None or not _FILE_NAME.match(name) or name in (MANIFEST, JOURNAL):
            raise InvalidArgumentError(f"Cannot stage {name!r}: give a plain file name of the "
                                       "data folder (not the manifest or journal).")
        if name not in self._staged:
            self._staged.append(name)
        return self.staging / name

    def apply(self, manifest: dict[str, Any]) -> None:
        """Write `manifest`, then switch in every staged file and it (all or, after a cut, none).

        Staged files not written (e.g. a hand-written table already in place) are skipped.
        """
        assert self.staging is not None, "use Commit as a context manager"
        files = [n for n in self._staged if (self.staging / n).is_file()]
        _write_synced(self.staging / MANIFEST,
                      json.dumps(manifest, indent=2, ensure_ascii=False).encode())
        for name in files:
            _fsync_file(self.staging / name)
        _fsync_folder(self.staging)
        record = {"staging": self.staging.name, "files": files}
        with _locked(self.folder):
            temp = self.folder / f"{JOURNAL}.tmp"
            _write_synced(temp, json.dumps(record).encode())
            os.replace(temp, self.folder / JOURNAL)  # the commit point
            _fsync_folder(self.folder)
            _replay(self.folder)


def sweep(folder: Path) -> list[Path]:
    """Remove staging folders no live commit holds, and cut or earlier versions' temporaries.

    Call it holding the folder's lock (a new staging folder is held before the lock is freed).
    """
    removed = []
    for path in folder.glob(f"{STAGING_PREFIX}*"):
        if path.is_dir() and _STAGING_NAME.match(path.name) and not _in_use(path):
            shutil.rmtree(path, ignore_errors=True)
            removed.append(path)
    for pattern in _TEMPORARY:
        for path in folder.glob(pattern):
            path.unlink(missing_ok=True)
            removed.append(path)
    return removed


def _in_use(staging: Path) -> bool:
    """Return True when a running commit holds `staging` (its lock dies with the process)."""
    try:
        handle = os.open(staging, os.O_RDONLY)
    except OSError:
        return False
    try:
        fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        return False
    except BlockingIOError:
        return True
    finally:
        os.close(handle)


def _write_synced(path: Path, data: bytes) -> None:
    with open(path, "wb") as stream:
        stream.write(data)
        stream.flush()
        os.fsync(stream.fileno())


def _fsync_file(path: Path) -> None:
    handle = os.open(path, os.O_RDONLY)
    try:
        os.fsync(handle)
    finally:
        os.close(handle)


def _fsync_folder(folder: Path) -> None:
    handle = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(handle)
    except OSError:  # some file systems cannot sync a folder; the rename is still atomic
        pass
    finally:
        os.close(handle)


def _not_writable(folder: Path, error: OSError, committed: bool = False
                  ) -> OutputNotWritableError:
    """Return the error for a data folder that could not take the new files."""
    reason = os.strerror(error.errno) if error.errno else str(error)
    hint = ("Free some space" if error.errno in (errno.ENOSPC, errno.EDQUOT)
            else "Fix its permissions or choose another --output folder")
    state = ("the change is recorded and the next read of the data finishes it" if committed
             else "the data there were left unchanged")
    return OutputNotWritableError(
        f"Could not write the new tables into {folder} ({reason}); {state}. {hint} and run "
        "again.")
