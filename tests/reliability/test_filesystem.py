"""Faults of the file system: links out of the output folder, permissions, full disks, odd homes.

Each case was a fault an outside tester found (issue 19, items 2, 3, 4 and 8). Cases that need a
read-only or full file system run in a private mount namespace (``unshare -r -m``), so that they
hold for the root user too.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import stat
import subprocess
import sys
import textwrap
import time
from pathlib import Path
from types import SimpleNamespace

import pandas as pd
import pytest

from sahel_analysis import config
from sahel_analysis.exceptions import OutputNotWritableError
from sahel_analysis.render import runner, store
from sahel_analysis.render.archive import archive_results, data_month, history, history_html
from sahel_analysis.render.jobs import Status
from sahel_analysis.sources import acled_api
from tests.render.conftest import tiny_catalog  # noqa: F401  the render tests' tiny catalog

ROOT = Path(__file__).resolve().parents[2]
REPORT = "briefing"  # a catalog report: its data month comes from the embedded manifest


def _namespaces_work() -> bool:
    try:
        return subprocess.run(["unshare", "-r", "-m", "true"], capture_output=True,
                              timeout=10).returncode == 0
    except (OSError, subprocess.SubprocessError):
        return False


needs_namespaces = pytest.mark.skipif(not _namespaces_work(),
                                      reason="needs unshare -r -m (user mount namespaces)")


def in_namespace(shell: str, env: dict[str, str | None] | None = None, cwd: Path | None = None,
                 timeout: float = 300) -> subprocess.CompletedProcess:
    """Run `shell` as root of a private user and mount namespace (mounts vanish with it).

    `env` changes the environment: a value of None removes the variable.
    """
    environment = {**os.environ, "PYTHONPATH": str(ROOT), **(env or {})}
    environment = {name: value for name, value in environment.items() if value is not None}
    return subprocess.run(["unshare", "-r", "-m", "sh", "-c", shell], capture_output=True,
                          text=True, env=environment, cwd=cwd, timeout=timeout)


def result(slug: str, status: Status = Status.FRESH) -> SimpleNamespace:
    """Return a render result as archive_results reads it."""
    return SimpleNamespace(status=status, report=REPORT, parameters={}, slug=slug)


@pytest.fixture
def published(tmp_path):
    """An output folder with one published HTML report, and a folder outside it."""
    out = tmp_path / "reports"
    out.mkdir()
    (out / "tiny.html").write_bytes(b"<html>" + b"new report " * 5000 + b"</html>")
    outside = tmp_path / "outside"
    outside.mkdir()
    return SimpleNamespace(out=out, outside=outside, month=data_month(REPORT, {}))


# --- item 2: no write follows a link out of the output folder ---------------------------------

def test_archived_report_that_is_a_link_is_replaced_not_followed(published):
    victim = published.outside / "victim.html"
    victim.write_bytes(b"precious")
    folder = published.out / "archive" / published.month
    folder.mkdir(parents=True)
    (folder / "tiny.html").symlink_to(victim)
    archive_results(published.out, [result("tiny")], ("html",))
    assert victim.read_bytes() == b"precious"
    assert not (folder / "tiny.html").is_symlink()
    assert (folder / "tiny.html").read_bytes() == (published.out / "tiny.html").read_bytes()


@pytest.mark.parametrize("linked", ["archive", "archive/{month}"])
def test_archive_folder_that_is_a_link_is_refused(published, linked):
    link = published.out / linked.format(month=published.month)
    link.parent.mkdir(parents=True, exist_ok=True)
    link.symlink_to(published.outside, target_is_directory=True)
    with pytest.raises(OutputNotWritableError, match=f"{link}.*symbolic link.*Remove"):
        archive_results(published.out, [result("tiny")], ("html",))
    assert list(published.outside.rglob("*")) == []


def test_archive_history_lists_no_link(published):
    folder = published.out / "archive" / published.month
    folder.mkdir(parents=True)
    (folder / "tiny.html").write_text("copy")
    (published.outside / "secret.html").write_text("outside")
    (folder / "secret.html").symlink_to(published.outside / "secret.html")
    (published.out / "archive" / "2001-01").symlink_to(published.outside)
    assert history(published.out) == [(published.month, [folder / "tiny.html"])]


def test_failed_folder_that_is_a_link_receives_nothing(published):
    (published.out / "failed").symlink_to(published.outside, target_is_directory=True)
    executed = published.out / "executed.ipynb"
    executed.write_text("{}")
    store.keep_failed(published.out, "tiny", executed, "cell 1 failed")
    assert list(published.outside.iterdir()) == []


@pytest.mark.parametrize("hard_links", [True, False])
def test_publishing_over_a_link_keeps_the_link_aside_not_the_file_behind_it(
        published, monkeypatch, hard_links):
    if not hard_links:  # a file system without hard links: the previous file is copied aside
        monkeypatch.setattr(os, "link", lambda *args, **kwargs: (_ for _ in ()).throw(
            PermissionError(1, "Operation not permitted")))
    victim = published.outside / "victim.html"
    victim.write_bytes(b"precious")
    target = published.out / "linked.html"
    target.symlink_to(victim)
    staged = published.out / "staged.html"
    staged.write_text("report")
    backup = store._move(staged, target)
    assert backup is not None and backup.is_symlink()  # put back as it was on a roll-back
    assert victim.stat().st_nlink == 1 and victim.read_bytes() == b"precious"
    assert target.read_text() == "report" and not target.is_symlink()


@pytest.mark.parametrize("name", [".staging", ".state", "executed", "failed", "archive"])
def test_render_refuses_an_output_folder_that_is_a_link(tiny_catalog, tmp_path, name):  # noqa: F811
    out, outside = tiny_catalog["out"], tmp_path / "outside"
    out.mkdir()
    outside.mkdir()
    (out / name).symlink_to(outside, target_is_directory=True)
    with pytest.raises(OutputNotWritableError, match=f"{out / name} is a symbolic link"):
        runner.render(["tiny"], output_dir=out, workers=1)
    assert list(outside.iterdir()) == []


@pytest.mark.parametrize("dangling", [False, True])
def test_lock_file_that_is_a_link_is_a_clear_error(tiny_catalog, tmp_path, dangling):  # noqa: F811
    out, victim = tiny_catalog["out"], tmp_path / "victim.txt"
    out.mkdir()
    if not dangling:
        victim.write_text("precious")
    (out / store.LOCK_FILE).symlink_to(victim)
    with pytest.raises(OutputNotWritableError, match=r"\.render\.lock is a symbolic link"):
        runner.render(["tiny"], output_dir=out, workers=1)
    assert victim.read_text() == "precious" if not dangling else not victim.exists()


# --- item 3: the ACLED token and event caches are the user's only -----------------------------

@pytest.fixture
def acled_cache(tmp_path, monkeypatch):
    """An ACLED cache folder that exists already, open to everyone (0755), under umask 022."""
    monkeypatch.setenv(config.CACHE_ENV, str(tmp_path / "cache"))
    folder = acled_api.cache_folder()
    folder.mkdir(parents=True)
    folder.chmod(0o755)
    previous = os.umask(0o022)
    yield folder
    os.umask(previous)


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_saved_token_is_readable_by_the_user_only_whatever_existed(acled_cache):
    token_file = acled_cache / "token.json"
    token_file.write_text("{}")
    token_file.chmod(0o644)
    client = acled_api.AcledClient(base="http://127.0.0.1:9")
    client._save({"access_token": "a", "refresh_token": "r", "expires_at": 1.0})
    assert mode(token_file) == 0o600
    assert mode(acled_cache) == 0o700
    assert json.loads(token_file.read_text())["access_token"] == "a"


def test_saved_token_never_writes_through_a_link(acled_cache, tmp_path):
    victim = tmp_path / "victim.txt"
    victim.write_text("precious")
    (acled_cache / "token.json").symlink_to(victim)
    acled_api.AcledClient(base="http://127.0.0.1:9")._save({"access_token": "a"})
    assert victim.read_text() == "precious"
    assert mode(acled_cache / "token.json") == 0o600


def test_event_caches_are_readable_by_the_user_only(acled_cache):
    for name in ("events.parquet", "events.json"):
        (acled_cache / name).write_text("old")
        (acled_cache / name).chmod(0o644)
    client = SimpleNamespace(read=lambda *args, **kwargs: pd.DataFrame())
    target = acled_api.fetch(["MLI"], "2024-01-01", "2024-01-31", client=client)
    assert target == acled_cache / "events.parquet"
    assert {name: mode(acled_cache / name) for name in ("events.parquet", "events.json")} == {
        "events.parquet": 0o600, "events.json": 0o600}
    assert mode(acled_cache) == 0o700
    assert json.loads((acled_cache / "events.json").read_text())["rows"] == 0


# --- item 4: an archive copy cut short is never kept ------------------------------------------

def test_short_archive_copy_is_repaired_on_the_next_run(published):
    source = published.out / "tiny.html"
    folder = published.out / "archive" / published.month
    folder.mkdir(parents=True)
    (folder / "tiny.html").write_bytes(source.read_bytes()[:4096])  # a copy cut short
    copied = archive_results(published.out, [result("tiny", Status.REUSED)], ("html",))
    assert copied == [folder / "tiny.html"]
    assert (folder / "tiny.html").read_bytes() == source.read_bytes()
    assert archive_results(published.out, [result("tiny", Status.REUSED)], ("html",)) == []


DISK_FULL = """
import json, subprocess, sys, warnings
from pathlib import Path
from types import SimpleNamespace
from sahel_analysis.render.archive import archive_results, data_month, history
from sahel_analysis.render.jobs import Status

out = Path(sys.argv[1])
folder = out / "archive" / data_month("briefing", {})
folder.mkdir(parents=True)
subprocess.run(["mount", "-t", "tmpfs", "-o", "size=16k", "tmpfs", str(folder)], check=True)
report = SimpleNamespace(status=Status.FRESH, report="briefing", parameters={}, slug="tiny")
seen = {}
with warnings.catch_warnings(record=True) as caught:
    warnings.simplefilter("always")
    try:
        archive_results(out, [report], ("html",))
    except Exception as error:
        seen["error"] = type(error).__name__
seen["warnings"] = [str(w.message) for w in caught]
seen["full"] = sorted(p.name for p in folder.iterdir())
seen["history"] = [[m, [f.name for f in files]] for m, files in history(out)]
subprocess.run(["mount", "-o", "remount,size=1m", str(folder)], check=True)
report.status = Status.REUSED
archive_results(out, [report], ("html",))
seen["repaired"] = (folder / "tiny.html").read_bytes() == (out / "tiny.html").read_bytes()
print(json.dumps(seen))
"""


@needs_namespaces
def test_archive_copy_on_a_full_disk_is_never_kept_and_is_made_next_run(published):
    script = published.out.parent / "disk_full.py"
    script.write_text(DISK_FULL)
    done = in_namespace(f"{sys.executable} {script} {published.out}")
    assert done.returncode == 0, done.stderr
    seen = json.loads(done.stdout)
    assert "error" not in seen
    assert seen["full"] == []  # neither a short copy nor a temporary file
    assert seen["history"] == [] or all("tiny.html" not in files
                                        for _, files in seen["history"])
    assert any("tiny.html" in w and "No space left" in w for w in seen["warnings"])
    assert seen["repaired"]


def test_history_lists_no_temporary_copy(published):
    folder = published.out / "archive" / published.month
    folder.mkdir(parents=True)
    (folder / ".tiny.html.x1y2.part").write_bytes(b"<html>cut")
    assert history(published.out) == [(published.month, [])]
    assert ".part" not in history_html(published.out)


# --- item 8: time zones, read-only homes and temp folders, the lock file ----------------------

@pytest.fixture
def far_time_zone(monkeypatch):
    """A local time zone whose date differs from today's date in UTC, whatever the hour."""
    utc_hour = dt.datetime.now(dt.UTC).hour
    monkeypatch.setenv("TZ", "Etc/GMT-14" if utc_hour >= 10 else "Etc/GMT+12")
    time.tzset()
    yield dt.datetime.now(dt.UTC).date()
    monkeypatch.undo()
    time.tzset()


def test_data_age_is_counted_in_utc_like_rendered_at(far_time_zone):
    from sahel_analysis.data import data_age_days
    from sahel_analysis.render.staleness import reference_day

    utc_today = far_time_zone
    assert dt.date.today() != utc_today  # the local date differs from the UTC one
    tables = {"events": {"coverage": {"last": "2026-01-31"}}}
    assert data_age_days(["events"], tables_manifest=tables) == (
        utc_today - dt.date(2026, 1, 31)).days
    assert reference_day({"as_of": "latest"}) == utc_today


@pytest.mark.slow
def test_render_leaves_no_lock_file_behind(tiny_catalog):  # noqa: F811
    out = tiny_catalog["out"]
    assert [r.status for r in runner.render(["tiny"], output_dir=out, workers=1).results] == [
        "fresh"]
    assert not (out / store.LOCK_FILE).exists()
    assert [r.status for r in runner.render(["tiny"], output_dir=out, workers=1).results] == [
        "reused"]
    assert not (out / store.LOCK_FILE).exists()


HOLD_LOCK = """
import sys, time
from pathlib import Path
from sahel_analysis.exceptions import RenderLockedError
from sahel_analysis.render import store
try:
    with store.render_lock(Path(sys.argv[1]), timeout=0):
        print("held", flush=True)
        time.sleep(float(sys.argv[2]))
except RenderLockedError:
    print("refused", flush=True)
"""


def test_removing_the_lock_file_keeps_renders_apart(tmp_path):
    out = tmp_path / "reports"
    out.mkdir()
    command = [sys.executable, "-c", HOLD_LOCK, str(out)]
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    holder = subprocess.Popen([*command, "1.5"], stdout=subprocess.PIPE, text=True, env=env)
    assert holder.stdout.readline().strip() == "held"
    with store.render_lock(out, timeout=60):  # waits for the holder, which removes its file
        assert (out / store.LOCK_FILE).is_file()
        third = subprocess.run([*command, "0"], capture_output=True, text=True, env=env)
        assert third.stdout.strip() == "refused"
    assert holder.wait(timeout=60) == 0
    assert not (out / store.LOCK_FILE).exists()


def _cli(out: Path) -> str:
    return f"{sys.executable} -m sahel_analysis.cli render tiny country --output-dir {out}"


@pytest.mark.slow
@needs_namespaces
def test_quiet_render_with_a_read_only_home_prints_nothing(tiny_catalog, tmp_path):  # noqa: F811
    home = tmp_path / "home"
    home.mkdir()
    done = in_namespace(f"mount -t tmpfs -o ro tmpfs {home} && {_cli(tiny_catalog['out'])} "
                        "--quiet", env={"HOME": str(home), "XDG_CONFIG_HOME": None,
                                        "XDG_CACHE_HOME": None, "MPLCONFIGDIR": None,
                                        "IPYTHONDIR": None})
    assert done.returncode == 0, done.stderr
    assert "Exception ignored" not in done.stderr
    assert done.stderr.strip() == ""
    assert not (tiny_catalog["out"] / store.STAGING_DIR).exists()


READ_ONLY_TMP = textwrap.dedent("""\
    set -e
    mount --bind {keep} {keep}
    mount --rbind /tmp /tmp
    mount -o remount,bind,ro /tmp
    mount --bind /var/tmp /var/tmp
    mount -o remount,bind,ro /var/tmp
    ! touch /tmp/.probe /var/tmp/.probe 2>/dev/null
    {cli}
""")


@pytest.mark.slow
@needs_namespaces
def test_render_with_read_only_tmp_renders_every_report(tiny_catalog, tmp_path):  # noqa: F811
    work = tmp_path / "work"  # the current folder: Python's last resort for temporary files
    work.mkdir()
    env = {"TMPDIR": None, "TEMP": None, "TMP": None}
    done = in_namespace(READ_ONLY_TMP.format(keep=tmp_path, cli=_cli(tiny_catalog["out"])),
                        env=env, cwd=work)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "rendered 3, reused 0, failed 0" in done.stdout
    assert list(work.iterdir()) == []
    assert not (tiny_catalog["out"] / store.STAGING_DIR).exists()


def test_a_failed_write_names_its_path():
    from sahel_analysis.render.execute import _describe_failure

    error = FileNotFoundError(2, "No such file or directory", "/gone/.staging/tiny-1/k.json")
    assert "/gone/.staging/tiny-1/k.json" in _describe_failure(error)
