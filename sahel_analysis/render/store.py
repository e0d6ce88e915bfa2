"""The output folder: its layout, render states, fingerprints, atomic publish and failed/.

The one module that knows where a report's files live; the runner, the index and the
dry run read and write the output folder through it.
"""

from __future__ import annotations

import contextlib
import errno
import json
import os
import shutil
import tempfile
import warnings
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from sahel_analysis import __version__
from sahel_analysis.exceptions import OutputNotWritableError, RenderError, RenderLockedError
from sahel_analysis.hashing import hash_files, hash_json, sha256_of
from sahel_analysis.render.jobs import FORMATS, Job

STATE_DIR = ".state"
STAGING_DIR = ".staging"
FAILED_DIR = "failed"
EXECUTED_DIR = "executed"
LOCK_FILE = ".render.lock"
ARCHIVE_DIR = "archive"
# The folders of the output directory the package writes into (none may be a link).
OUTPUT_FOLDERS = (STAGING_DIR, STATE_DIR, EXECUTED_DIR, FAILED_DIR, ARCHIVE_DIR)
TEMPLATE_DIR = Path(__file__).parent / "templates"


def fingerprint_parts(job: Job, formats: Iterable[str]) -> dict[str, Any]:
    """Return what a report depends on: notebook, parameters, version, tables, code, template."""
    from sahel_analysis.render.dependencies import code_fingerprint, data_fingerprint

    return {
        "notebook": sha256_of(Path(job.notebook)),
        "code": code_fingerprint(job.report, job.notebook),
        "parameters": job.parameters,
        "version": __version__,
        "data": data_fingerprint(job.report, job.parameters),
        "template": hash_files(p for p in TEMPLATE_DIR.rglob("*") if p.is_file()),
        "formats": sorted(formats),
    }


def fingerprint(job: Job, formats: Iterable[str]) -> str:
    """Hash what a report depends on (see :func:`fingerprint_parts`)."""
    return hash_json(fingerprint_parts(job, formats))


def output_paths(output_dir: Path, job_slug: str, formats: Iterable[str]) -> dict[str, Path]:
    """Return where a report's published files live, by format (and ``ipynb``)."""
    paths = {fmt: output_dir / f"{job_slug}.{fmt}" for fmt in formats}
    paths["ipynb"] = output_dir / EXECUTED_DIR / f"{job_slug}.ipynb"
    return paths


def state_path(output_dir: Path, job_slug: str) -> Path:
    """Return the state file of a report (its fingerprint, title, parameters, date)."""
    return output_dir / STATE_DIR / f"{job_slug}.json"


def state_files(output_dir: Path) -> list[Path]:
    """Return the state files in `output_dir`, sorted by name."""
    return sorted((output_dir / STATE_DIR).glob("*.json"))


def read_state(state_file: Path) -> dict | None:
    """Return a report's state, or None when missing; a corrupt state file warns, counts as none.

    A corrupt state only means the report is rendered again; it never stops a render.
    """
    if not state_file.is_file():
        return None
    try:
        state = json.loads(state_file.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, ValueError) as error:
        state, reason = None, f"{type(error).__name__}: {error}"
    else:
        reason = "not a JSON object with title, parameters and rendered_at"
    if isinstance(state, dict) and {"title", "parameters", "rendered_at"} <= set(state):
        return state
    warnings.warn(f"Ignoring the corrupt render state {state_file} ({reason}); the report it "
                  "describes will be rendered again.", stacklevel=2)
    return None


def is_fresh(job: Job, output_dir: Path, formats: Iterable[str]) -> bool:
    """Return True when the published report matches the job's fingerprint."""
    state = read_state(state_path(output_dir, job.slug))
    if state is None:
        return False
    if state.get("fingerprint") != fingerprint(job, formats):
        return False
    return all(p.is_file() for p in output_paths(output_dir, job.slug, formats).values())


def _write_atomic(path: Path, data: bytes | str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temp = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data.encode() if isinstance(data, str) else data)
        os.chmod(temp, 0o644)
        os.replace(temp, path)
    except BaseException:
        Path(temp).unlink(missing_ok=True)
        raise


write_atomic = _write_atomic  # public name for the index; tests patch the private one


def check_writable(output_dir: Path) -> None:
    """Refuse an output directory that cannot be created or written to."""
    try:
        output_dir.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile(dir=output_dir, prefix=".probe-"):
            pass
    except OSError as error:
        raise OutputNotWritableError(
            f"Cannot write to the output directory {output_dir} ({error.strerror}). Choose "
            "another --output-dir or fix its permissions."
        ) from error


def lock_path(output_dir: Path) -> Path:
    """Return the lock file that keeps two renders out of one output directory."""
    return output_dir / LOCK_FILE


@contextlib.contextmanager
def render_lock(output_dir: Path, timeout: float = 0) -> Iterator[None]:
    """Hold the lock of `output_dir` while a render writes to it; remove the lock file after.

    Raises:
        RenderLockedError: another render holds the lock beyond `timeout` seconds.
        OutputNotWritableError: the lock file is a symbolic link, or cannot be opened.
    """
    from filelock import FileLock, Timeout

    path = lock_path(output_dir)
    if path.is_symlink():
        raise link_error(path, output_dir)
    held: list[os.stat_result] = []
    lock = FileLock(str(path), on_acquired=lambda handle: held.append(os.fstat(handle)))
    try:
        lock.acquire(timeout=timeout)
    except Timeout:
        raise RenderLockedError(
            f"Another render is writing to {output_dir} (lock {path}). Wait for it to finish, "
            "or render into another --output-dir."
        ) from None
    except OSError as error:
        raise OutputNotWritableError(
            f"Cannot open the lock file {path} ({error.strerror or error}). Remove it, or "
            "render into another --output-dir."
        ) from error
    try:
        yield
    finally:
        try:
            _remove_lock_file(path, held)
        finally:
            lock.release()


def _remove_lock_file(path: Path, held: list[os.stat_result]) -> None:
    """Remove the lock file while it is still held, if it is the file that was locked.

    A render waiting on the removed file finds it unlinked once it gets it, and locks a new one.
    """
    with contextlib.suppress(OSError):
        if held and os.path.samestat(os.lstat(path), held[0]):
            path.unlink()


def first_link(output_dir: Path, folder: str | os.PathLike) -> Path | None:
    """Return the first symbolic link on the way from `output_dir` to `folder` (None: none)."""
    path = Path(output_dir)
    for part in Path(folder).parts:
        path = path / part
        if path.is_symlink():
            return path
    return None


def link_error(link: Path, output_dir: Path) -> OutputNotWritableError:
    """Return the error refusing to write through `link`, saying what to do."""
    try:
        target = os.readlink(link)
    except OSError:
        target = "?"
    return OutputNotWritableError(
        f"{link} is a symbolic link (to {target}): the package writes only inside {output_dir}, "
        "never through a link. Remove the link and run again, or choose another --output-dir."
    )


def refuse_links(output_dir: Path, folders: Iterable[str | os.PathLike] = OUTPUT_FOLDERS
                 ) -> None:
    """Refuse to write into folders of `output_dir` that are (or lie under) symbolic links.

    Raises:
        OutputNotWritableError: naming the link and saying what to do.
    """
    for folder in folders:
        link = first_link(output_dir, folder)
        if link is not None:
            raise link_error(link, output_dir)


def copy_verified(source: Path, target: Path) -> None:
    """Copy `source` to `target`: under a temporary name, checked (size, hash), then renamed.

    A failure (a full disk) leaves `target` as it was and no temporary file; a link at `target`
    is replaced, never written through.
    """
    handle, temp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".part", dir=target.parent)
    try:
        with os.fdopen(handle, "wb") as stream, source.open("rb") as original:
            shutil.copyfileobj(original, stream, 1 << 20)
            stream.flush()
            os.fsync(stream.fileno())
        if not same_file_content(source, Path(temp)):
            raise OSError(errno.EIO, "the copy differs from the original", temp)
        shutil.copystat(source, temp)
        os.replace(temp, target)
    except BaseException:
        Path(temp).unlink(missing_ok=True)
        raise


def same_file_content(first: Path, second: Path) -> bool:
    """Return True when `second` is a regular file (not a link) with the bytes of `first`."""
    if second.is_symlink() or not second.is_file():
        return False
    return (first.stat().st_size == second.stat().st_size
            and sha256_of(first) == sha256_of(second))


def staging_root(output_dir: Path) -> Path:
    """Return the folder where jobs stage their files before publishing."""
    return output_dir / STAGING_DIR


@contextlib.contextmanager
def private_dirs(output_dir: Path) -> Iterator[dict[str, str]]:
    """Give the render folders of its own where the system's cannot be written; yield them.

    With no writable temporary folder (``/tmp`` read-only), Python falls back to the current
    folder, which papermill changes to a job's staging folder, removed after the job: the next
    job of that worker fails. With a read-only home, matplotlib and IPython make a temporary
    folder in every process (and say so, and one process's clean-up breaks another's). Such
    folders go to the staging folder instead, removed when the render ends; the environment
    is restored after.
    """
    wanted = {}
    if not any(_can_write(folder) for folder in _system_temp_dirs()):
        wanted["TMPDIR"] = "tmp"
    if "MPLCONFIGDIR" not in os.environ and not all(map(_can_write, _matplotlib_dirs())):
        wanted["MPLCONFIGDIR"] = "matplotlib"
    if "IPYTHONDIR" not in os.environ and not _can_write(_home() / ".ipython"):
        wanted["IPYTHONDIR"] = "ipython"
    saved = {name: os.environ.get(name) for name in wanted}
    saved_tempdir = tempfile.tempdir
    made = {}
    try:
        for name, folder in wanted.items():
            path = staging_root(output_dir) / f".{folder}"
            path.mkdir(mode=0o700, parents=True, exist_ok=True)
            made[name] = os.environ[name] = str(path)
        if "TMPDIR" in made:
            tempfile.tempdir = made["TMPDIR"]
        yield made
    finally:
        tempfile.tempdir = saved_tempdir
        for name, value in saved.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value


def _system_temp_dirs() -> list[Path]:
    """Return the folders Python would use for temporary files, but the current folder."""
    named = [os.environ.get(name) for name in ("TMPDIR", "TEMP", "TMP")]
    return [Path(folder) for folder in named if folder] + [
        Path(folder) for folder in ("/tmp", "/var/tmp", "/usr/tmp")]


def _matplotlib_dirs() -> list[Path]:
    """Return matplotlib's configuration and cache folders (as it finds them unset)."""
    home = _home()
    return [Path(os.environ.get("XDG_CONFIG_HOME") or home / ".config") / "matplotlib",
            Path(os.environ.get("XDG_CACHE_HOME") or home / ".cache") / "matplotlib"]


def _home() -> Path:
    """Return the user's home folder (one that cannot be written when none is known)."""
    try:
        return Path.home()
    except RuntimeError:  # no HOME and no password entry
        return Path("/nonexistent")


def _can_write(folder: Path) -> bool:
    """Return True when a file can be created in `folder` (created when missing)."""
    try:
        folder.mkdir(parents=True, exist_ok=True)
        handle, probe = tempfile.mkstemp(prefix=".probe-", dir=folder)
    except OSError:
        return False
    os.close(handle)
    with contextlib.suppress(OSError):
        os.unlink(probe)
    return True


def clear_staging(output_dir: Path) -> None:
    """Remove what interrupted jobs left in the staging folder."""
    shutil.rmtree(staging_root(output_dir), ignore_errors=True)


def keep_failed(out: Path, job_slug: str, executed: Path, message: str) -> None:
    """Keep the failed notebook and its error in failed/ (best effort: a full disk keeps none)."""
    failed = out / FAILED_DIR
    if first_link(out, FAILED_DIR) is not None:  # refused when the render started
        return
    try:
        failed.mkdir(parents=True, exist_ok=True)
        if executed.is_file() and executed.stat().st_size:
            _write_atomic(failed / f"{job_slug}.ipynb", executed.read_bytes())
        _write_atomic(failed / f"{job_slug}.error.txt", message + "\n")
    except OSError:
        for suffix in (".ipynb", ".error.txt"):  # never a notebook without its error
            with contextlib.suppress(OSError):
                (failed / f"{job_slug}{suffix}").unlink(missing_ok=True)


def clear_failed(out: Path, job_slug: str) -> None:
    """Remove a report's kept failure once it rendered."""
    for suffix in (".ipynb", ".error.txt"):
        with contextlib.suppress(OSError):
            (out / FAILED_DIR / f"{job_slug}{suffix}").unlink(missing_ok=True)


def failed_notebook(out: Path, job_slug: str) -> Path:
    """Return where the failed notebook of a report is kept."""
    return out / FAILED_DIR / f"{job_slug}.ipynb"


def publish(out: Path, job: Job, files: dict[str, Path], formats, rendered_at: str) -> None:
    """Move complete outputs into place, all or nothing; the state file is moved last.

    Replaced files are kept aside until every move succeeded and put back otherwise; a format
    not rendered this time (an older PDF beside a new HTML) is removed with the rest, and so is
    an older workbook (or CSV zip) of the report's tables when this render wrote none.
    """
    targets = output_paths(out, job.slug, FORMATS)
    parts = fingerprint_parts(job, formats)
    state = {"fingerprint": hash_json(parts),
             "depends": parts, "report": job.report,
             "title": job.title, "parameters": job.parameters, "rendered_at": rendered_at,
             "formats": list(formats)}
    staged_state = files["ipynb"].with_name("state.json")
    staged_state.write_text(json.dumps(state, indent=2), encoding="utf-8")
    moves = [(files[key], targets[key]) for key in ("ipynb", *formats)]
    moves += [(None, targets[key]) for key in FORMATS if key not in formats]
    moves.append((files.get("xlsx"), out / f"{job.slug}.xlsx"))
    moves.append((files.get("csv.zip"), out / f"{job.slug}.csv.zip"))
    moves.append((staged_state, state_path(out, job.slug)))
    for _, target in moves:
        target.parent.mkdir(parents=True, exist_ok=True)
    done: list[tuple[Path, Path | None]] = []
    try:
        for source, target in moves:
            done.append((target, _move(source, target)))
    except OSError:
        _roll_back(done)
        raise
    for _, backup in done:
        if backup is not None:
            backup.unlink(missing_ok=True)


def _move(source: Path | None, target: Path) -> Path | None:
    """Replace `target` by `source` (None: remove it); return the copy of the old target."""
    backup = None
    if target.is_file():
        backup = target.with_name(f".{target.name}.previous")
        backup.unlink(missing_ok=True)
        try:
            os.link(target, backup, follow_symlinks=False)
        except OSError:
            shutil.copy2(target, backup, follow_symlinks=False)
    try:
        if source is None:
            target.unlink(missing_ok=True)
        else:
            os.replace(source, target)
    except OSError:
        if backup is not None:
            backup.unlink(missing_ok=True)
        raise
    return backup


def _roll_back(done: list[tuple[Path, Path | None]]) -> None:
    """Put back the files a failed publish replaced; say so plainly if that fails too."""
    for target, backup in reversed(done):
        try:
            if backup is None:
                target.unlink(missing_ok=True)
            else:
                os.replace(backup, target)
        except OSError as error:
            raise RenderError(
                f"could not publish the report, nor put back the previous {target.name} "
                f"({error.strerror or error}): re-render with --force once the disk is fixed"
            ) from error
