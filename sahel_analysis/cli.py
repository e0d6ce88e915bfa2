"""Command line: `sahel-analysis render | list | update | init | data build | info | refresh`.

Exit codes: 0 success, 1 some reports failed or the Dask scheduler cannot be reached (previous
reports are kept), 2 bad input (fix the command), 3 another render holds the output directory,
4 rendered with stale data (--max-data-age), 130 interrupted.

Environment: SAHEL_ANALYSIS_DATA_DIR (folder of the tables, default: the embedded data/),
SAHEL_ANALYSIS_NOTEBOOKS (folder of the notebooks and catalog.toml), SAHEL_ANALYSIS_MIRROR
(read upstream files from this folder, like --mirror), SAHEL_ANALYSIS_CACHE (download cache).
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable
from typing import Any

from sahel_analysis.exceptions import (
    RenderLockedError,
    SahelAnalysisError,
    SchedulerUnavailableError,
)

EXIT_OK, EXIT_FAILED, EXIT_USAGE, EXIT_LOCKED, EXIT_INTERRUPTED = 0, 1, 2, 3, 130
EXIT_STALE = 4
DEFAULT_FORMATS = "html,pdf"


def _parameter_pairs(pairs: list[str]) -> dict[str, Any]:
    from sahel_analysis.catalog import load_catalog
    from sahel_analysis.exceptions import ParameterError

    catalog = load_catalog()
    list_fields = {name for report in catalog.values()
                   for name, f in report.model.model_fields.items()
                   if getattr(f.annotation, "__origin__", None) is list}
    result: dict[str, Any] = {}
    for pair in pairs:
        if "=" not in pair:
            raise ParameterError(f"-p takes key=value, got {_short(pair)} (e.g. -p country=NER).")
        key, value = pair.split("=", 1)
        key = key.strip()
        if key in result:
            raise ParameterError(f"-p {_short(key)} is given twice: give each parameter once.")
        result[key] = [v.strip() for v in value.split(",") if v.strip()] \
            if key in list_fields else value.strip()
    return result


def _parameters_file(path: str | None) -> dict[str, Any]:
    """Return the parameters in a YAML file (papermill's `-f`): a mapping of name to value."""
    if not path:
        return {}
    import yaml

    from sahel_analysis.exceptions import ParameterError

    try:
        with open(path, encoding="utf-8") as handle:
            loaded = yaml.safe_load(handle)
    except OSError as error:
        raise ParameterError(f"-f {path}: cannot read it ({error.strerror}).") from None
    except yaml.YAMLError as error:
        raise ParameterError(f"-f {path} is not valid YAML ({str(error).splitlines()[0]}). "
                             "Write one `name: value` per line.") from None
    if loaded is None:
        return {}
    if not isinstance(loaded, dict) or not all(isinstance(k, str) for k in loaded):
        raise ParameterError(f"-f {path} must hold a mapping of parameter names to values "
                             "(e.g. `country: NER`), not a list or a single value.")
    return {key: [str(v) for v in value] if isinstance(value, list) else
            value.isoformat() if hasattr(value, "isoformat") else value
            for key, value in loaded.items()}


PROJECT_OPTIONS = {"output_dir": "reports", "workers": None, "scheduler": None,
                   "max_data_age": None}


def _apply_project(args: argparse.Namespace) -> None:
    """Take the project file's settings for every option left at its default; use its notebooks.

    A project file is ``sahel-analysis.toml`` in the current folder or a parent (see
    ``sahel-analysis init``). An option given on the command line wins.
    """
    from sahel_analysis import project

    path = project.find()
    if path is None:
        return
    found = project.load(path)
    project.activate(found)
    settings = found.settings
    for name, default in PROJECT_OPTIONS.items():
        if hasattr(args, name) and getattr(args, name) == default:
            value = getattr(settings, name)
            if name == "output_dir":
                value = str(found.output_dir)
            setattr(args, name, value)
    if getattr(args, "format", None) == DEFAULT_FORMATS:
        args.format = ",".join(settings.formats)
    if hasattr(args, "archive") and not args.archive:
        args.archive = settings.archive
    if hasattr(args, "no_archive") and not args.no_archive:
        args.no_archive = not settings.archive


def _cmd_init(args: argparse.Namespace) -> int:
    from sahel_analysis import project

    made = project.init(args.folder, force=args.force)
    print(f"wrote {made.folder / project.PROJECT_FILE} and working copies of the notebooks in "
          f"{made.notebooks_dir}")
    print(f"next: cd {args.folder} && sahel-analysis render   (edit the copies in JupyterLab: "
          f"jupyter lab {made.notebooks_dir.name}/)")
    return EXIT_OK


def _short(text: str, limit: int = 60) -> str:
    return repr(text) if len(text) <= limit else repr(text[:limit]) + f"… ({len(text)} chars)"


def _seconds(text: str) -> int:
    """Parse --timeout: a positive whole number of seconds."""
    try:
        value = int(text)
    except ValueError:
        value = 0
    if value <= 0:
        raise argparse.ArgumentTypeError(f"{_short(text)} is not a positive number of seconds")
    return value


def _bounded(kind: type, minimum: float, what: str) -> Callable[[str], float]:
    """Return an argparse type: `kind` (int or float) of at least `minimum`, else `what`."""
    def parse(text: str):
        try:
            value = kind(text)
        except ValueError:
            value = None
        if value is None or not value >= minimum:
            raise argparse.ArgumentTypeError(f"{_short(text)} is not {what}")
        return value

    return parse


_positive_int = _bounded(int, 1, "a whole number of at least 1")
_days = _bounded(int, 0, "a number of days (0 or more)")
_non_negative_seconds = _bounded(float, 0, "a number of seconds (0 or more)")


def _request_seconds(text: str) -> float:
    """Parse the --timeout of update/data refresh: a positive, finite number of seconds."""
    import math

    try:
        value = float(text)
    except ValueError:
        value = 0.0
    if not math.isfinite(value) or value <= 0:
        raise argparse.ArgumentTypeError(f"{_short(text)} is not a positive number of seconds")
    return value


REQUEST_TIMEOUT_HELP = ("seconds per request to a publisher, a positive number: bounds the "
                        "connection and each read, and a whole file gets 60 times as long "
                        "(not per notebook cell)")
ACCEPT_SHRINKING_HELP = ("take a final GED release even when it withdraws more than 5%% of a "
                         "country's final events or covers fewer countries or years (refused "
                         "by default)")


def _cmd_render(args: argparse.Namespace) -> int:
    from sahel_analysis.render import Status, render
    from sahel_analysis.render.store import FAILED_DIR

    _apply_project(args)
    formats = [f.strip() for f in args.format.split(",") if f.strip()]
    parameters = {**_parameters_file(args.parameters_file),
                  **_parameter_pairs(args.parameter or [])}
    if args.dry_run:
        from sahel_analysis.render.dryrun import explain

        for job_slug, todo, why in explain(args.reports or None, parameters or None,
                                           output_dir=args.output_dir, formats=formats,
                                           force=args.force):
            print(f"{'render' if todo else 'reuse '} {job_slug}: {why}")
        return EXIT_OK
    console = None
    progress_cb = None
    on_start = None
    bar = None
    if not args.quiet:
        from rich.console import Console
        from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn

        console = Console(stderr=True)
        bar = Progress(TextColumn("[bold]render[/]"), BarColumn(), TextColumn("{task.completed}/"
                       "{task.total}"), TimeElapsedColumn(), TextColumn("{task.description}"),
                       console=console, transient=False)
        task = None

        def on_start(todo):
            nonlocal task
            task = bar.add_task("starting", total=max(len(todo), 1) if todo else 1)
            bar.start()
            if not todo:
                bar.update(task, completed=1, description="nothing changed")

        def progress_cb(result):
            mark = {Status.FRESH: "[green]✓[/]", Status.REUSED: "[dim]=[/]",
                    Status.FAILED: "[red]✗[/]"}
            if result.status == Status.REUSED:
                console.print(f"{mark[Status.REUSED]} {result.slug} (unchanged, reused)")
                return
            if task is not None:
                bar.update(task, advance=1, description=f"{result.slug} {result.status}")
            console.print(f"{mark.get(result.status, '?')} {result.slug} "
                          f"({result.seconds:.1f} s) {result.error}")
    try:
        summary = render(args.reports or None, parameters or None, output_dir=args.output_dir,
                         workers=args.workers, scheduler=args.scheduler, force=args.force,
                         formats=formats, timeout=args.timeout, lock_timeout=args.lock_timeout,
                         progress=progress_cb, on_start=on_start)
    except KeyboardInterrupt as interrupt:
        if bar:
            bar.stop()
        print(f"interrupted: {interrupt}. Previous reports were kept.", file=sys.stderr)
        return EXIT_INTERRUPTED
    finally:
        if bar:
            bar.stop()
    for failed in summary.failed:
        kept = summary.output_dir / FAILED_DIR / f"{failed.slug}.error.txt"
        where = f" (see {kept.parent}/)" if kept.is_file() else ""
        print(f"FAILED {failed.slug}: {failed.error}{where}", file=sys.stderr)
    if not args.quiet or summary.failed:
        print(summary.line())
    if args.archive:
        from sahel_analysis.render.archive import archive_results
        from sahel_analysis.render.index import write_index

        if archive_results(summary.output_dir, summary.results, formats):
            write_index(summary.output_dir, summary.results)
    return _exit_code(summary, args.max_data_age)


def _exit_code(summary, max_data_age: int | None) -> int:
    """Return 1 when a report failed, 4 when one has data older than `max_data_age` days."""
    from sahel_analysis.render.jobs import Status
    from sahel_analysis.render.staleness import stale_reports

    if summary.failed:
        return EXIT_FAILED
    stale = stale_reports([r for r in summary.results if r.status != Status.FAILED],
                          max_data_age)
    for item in stale:
        print(item.line(), file=sys.stderr)
    return EXIT_STALE if stale else EXIT_OK


def _cmd_list(args: argparse.Namespace) -> int:
    from sahel_analysis import config
    from sahel_analysis.catalog import load_catalog
    from sahel_analysis.render.runner import plan

    catalog = load_catalog()
    root = config.repository_root()
    if args.json:
        jobs = plan()
        def rel(path: str) -> str:
            from pathlib import Path

            p = Path(path)
            return str(p.relative_to(root)) if root and p.is_relative_to(root) else str(p)
        payload = {
            "reports": [
                {"name": r.name, "title": r.title, "notebook": rel(str(r.notebook)),
                 "description": r.description, "parameters": r.parameters(),
                 "default_run": r.default_run}
                for r in catalog.values()
            ],
            "default_run": [{"report": j.report, "notebook": rel(j.notebook),
                             "parameters": j.parameters} for j in jobs],
        }
        print(json.dumps(payload, indent=2, default=str))
        return EXIT_OK
    for report in catalog.values():
        print(f"{report.name}: {report.title}")
        print(f"  {report.description}")
        for p in report.parameters():
            allowed = p["allowed"]
            if isinstance(allowed, list):
                allowed = ", ".join(allowed)
            print(f"  - {p['name']} ({p['type']}, default {p['default']!r}): {allowed}")
        print(f"  default run: {report.default_run}")
    return EXIT_OK


def _cmd_data(args: argparse.Namespace) -> int:
    from sahel_analysis import build, config

    if getattr(args, "mirror", None):
        config.set_mirror(args.mirror)
    if args.data_command == "info":
        from sahel_analysis.data import manifest

        info = manifest()
        print(f"data folder: {config.data_dir()}  (package {info['package_version']})")
        for name, entry in info["tables"].items():
            sources = "; ".join(f"{s.get('title', s['key'])} {s.get('version', '')} "
                                f"[{s['licence']}]" for s in entry["sources"])
            span = entry.get("coverage") or {}
            print(f"{name:18} {entry['rows']:>7,} rows  {span.get('first', '')}..."
                  f"{span.get('last', '')}  {sources}")
        return EXIT_OK
    log = (lambda m: None) if args.quiet else (lambda m: print(m, file=sys.stderr))
    if args.data_command == "refresh" and not args.mirror:
        from sahel_analysis.update import refresh

        result = refresh(args.output, timeout=args.timeout, dry_run=args.dry_run,
                         accept_shrinking=args.accept_shrinking, log=log)
        for line in result.discovery.lines():
            print(line)
        for step in result.events:
            print(f"events {step.release}: {step.added} added, {step.replaced} replaced, "
                  f"{step.set_aside} set aside")
        if not args.dry_run:
            print(f"applied {len(result.applied)} releases; tables changed: "
                  f"{', '.join(result.tables_changed) or 'none'}")
        for name, why in result.failed.items():
            print(f"FAIL {name}: {why}")
        return EXIT_OK
    manifest = build.build(args.output, args.tables, log=log)
    print(f"built {len(args.tables or manifest['tables'])} tables into "
          f"{args.output or config.data_dir()}")
    return EXIT_OK


class _HelpFormatter(argparse.RawDescriptionHelpFormatter,
                     argparse.ArgumentDefaultsHelpFormatter):
    """Keep the description's line breaks and show each option's default (when it has one)."""

    def _get_help_string(self, action: argparse.Action) -> str | None:
        if action.default is None or action.default is False or "default" in (action.help or ""):
            return action.help
        return super()._get_help_string(action)


def parser() -> argparse.ArgumentParser:
    """Return the argument parser of the `sahel-analysis` command."""
    from sahel_analysis import __version__

    main_parser = argparse.ArgumentParser(prog="sahel-analysis", description=__doc__,
                                          formatter_class=_HelpFormatter)
    main_parser.add_argument("--version", action="version",
                             version=f"sahel-analysis {__version__}")
    commands = main_parser.add_subparsers(dest="command", required=True)

    render_parser = commands.add_parser("render", help="execute and render reports",
                                        formatter_class=_HelpFormatter)
    render_parser.add_argument("reports", nargs="*", help="report names (default: the catalog)")
    render_parser.add_argument("-p", "--parameter", action="append", metavar="KEY=VALUE",
                               help="report parameter (lists comma-separated); repeatable, once "
                                    "per name")
    render_parser.add_argument("-f", "--parameters-file", metavar="FILE.yaml", default=None,
                               help="report parameters from a YAML file (papermill's -f); "
                                    "-p wins over it")
    render_parser.add_argument("--output-dir", default="reports", help="folder of the reports")
    render_parser.add_argument("--workers", type=_positive_int, default=None,
                               help="worker processes (default: number of cores)")
    render_parser.add_argument("--scheduler", default=None,
                               help="address of a Dask distributed scheduler")
    render_parser.add_argument("--force", action="store_true", help="re-render everything")
    render_parser.add_argument("--format", default=DEFAULT_FORMATS, help="html, pdf or html,pdf")
    render_parser.add_argument("--quiet", action="store_true", help="print only failures")
    render_parser.add_argument("--timeout", type=_seconds, default=600,
                               help="seconds each notebook cell may run, a positive whole "
                                    "number (per cell, not per report or request)")
    render_parser.add_argument("--lock-timeout", type=_non_negative_seconds, default=0,
                               help="seconds to wait for another render to finish")
    render_parser.add_argument("--max-data-age", type=_days, default=None, metavar="DAYS",
                               help="exit 4 when a report's newest data are older than DAYS")
    render_parser.add_argument("--dry-run", action="store_true",
                               help="list what would be rendered and why; render nothing")
    render_parser.add_argument("--archive", action="store_true",
                               help="also keep a copy per data month in archive/YYYY-MM/")
    render_parser.set_defaults(handler=_cmd_render)

    list_parser = commands.add_parser("list", help="list reports and their parameters")
    list_parser.add_argument("--json", action="store_true", help="print JSON for scripts")
    list_parser.set_defaults(handler=_cmd_list)

    data_parser = commands.add_parser("data", help="build, inspect or refresh the data")
    data_commands = data_parser.add_subparsers(dest="data_command", required=True)
    for name, text in (("build", "rebuild the embedded tables from the upstream files"),
                       ("refresh", "fetch the newest upstream files (accepting new hashes) "
                                   "and rebuild"),
                       ("info", "print the data manifest")):
        sub = data_commands.add_parser(name, help=text, formatter_class=_HelpFormatter)
        sub.add_argument("--mirror", help="read upstream files from this folder "
                                          "(laid out like shared/data)")
        if name != "info":
            sub.add_argument("--output", default=None, help="folder to write (default: data/)")
            sub.add_argument("--tables", nargs="*", default=None, help="only these tables")
            sub.add_argument("--quiet", action="store_true", help="print only errors")
        if name == "refresh":
            sub.add_argument("--dry-run", action="store_true",
                             help="print the releases newer than the manifest; download nothing")
            sub.add_argument("--timeout", type=_request_seconds, default=10.0,
                             help=REQUEST_TIMEOUT_HELP)
            sub.add_argument("--accept-shrinking", action="store_true",
                             help=ACCEPT_SHRINKING_HELP)
        sub.set_defaults(handler=_cmd_data)
    _add_update_parser(commands)
    init_parser = commands.add_parser(
        "init", help="write a project folder: settings, runs and working copies of the notebooks",
        formatter_class=_HelpFormatter,
        description="Write DIR/sahel-analysis.toml (report runs, output folder, formats, "
                    "workers, archive, max data age, scheduler) and copies of the notebooks "
                    "in DIR/notebooks/. `render` and `update` run inside DIR use them.")
    init_parser.add_argument("folder", metavar="DIR", help="the project folder (created)")
    init_parser.add_argument("--force", action="store_true",
                             help="overwrite an existing project file and notebook copies")
    init_parser.set_defaults(handler=_cmd_init)
    return main_parser


def _plain_warnings() -> None:
    """Print warnings as one `warning: …` line, and no asyncio noise after a dead kernel."""
    import logging
    import warnings

    warnings.formatwarning = lambda message, *args, **kwargs: f"warning: {message}\n"
    logging.getLogger("asyncio").setLevel(logging.CRITICAL)


def _cmd_update(args: argparse.Namespace) -> int:
    from sahel_analysis.update import update

    _apply_project(args)
    log = (lambda m: None) if args.quiet or args.json else (lambda m: print(m, file=sys.stderr))
    formats = [f.strip() for f in args.format.split(",") if f.strip()]
    summary = update(args.reports or None, output_dir=args.output_dir, mirror=args.mirror,
                     formats=formats, workers=args.workers, archive=not args.no_archive,
                     max_data_age=args.max_data_age, timeout=args.timeout, acled=args.acled,
                     accept_shrinking=args.accept_shrinking, log=log)
    for source, reason in summary.refresh.get("failed_sources", {}).items():
        print(f"FAIL {source}: {reason} (cached and embedded files kept)", file=sys.stderr)
    if args.json:
        print(summary.as_json())
    elif not args.quiet or summary.exit_code:
        for step in summary.refresh.get("events", []):
            print(f"events {step['release']}: {step['added']} added, {step['replaced']} "
                  f"replaced, {step['set_aside']} set aside")
        reports = summary.reports
        print(f"rendered {len(reports['fresh'])}, reused {len(reports['reused'])}, failed "
              f"{len(reports['failed'])}; tables changed: "
              f"{', '.join(summary.refresh.get('tables_changed', [])) or 'none'} "
              f"({summary.seconds:.1f} s)")
        for line in summary.stale:
            print(line, file=sys.stderr)
    return summary.exit_code


def _add_update_parser(commands) -> None:
    sub = commands.add_parser("update", help="refresh the data, render what changed, archive",
                              formatter_class=_HelpFormatter)
    sub.add_argument("reports", nargs="*", help="report names (default: the catalog)")
    sub.add_argument("--mirror", help="rebuild from this folder instead of the publishers")
    sub.add_argument("--output-dir", default="reports", help="where the reports go")
    sub.add_argument("--format", default=DEFAULT_FORMATS, help="html, pdf or html,pdf")
    sub.add_argument("--workers", type=_positive_int, default=None,
                     help="parallel notebooks (default: the number of cores)")
    sub.add_argument("--no-archive", action="store_true", help="keep no dated copy")
    sub.add_argument("--max-data-age", type=_days, default=None, metavar="DAYS",
                     help="exit 4 when a report's newest data are older than DAYS days")
    sub.add_argument("--timeout", type=_request_seconds, default=10.0,
                     help=REQUEST_TIMEOUT_HELP)
    sub.add_argument("--accept-shrinking", action="store_true", help=ACCEPT_SHRINKING_HELP)
    sub.add_argument("--json", action="store_true", help="print a machine-readable summary")
    sub.add_argument("--acled", action="store_true",
                     help="also fetch ACLED events with $ACLED_EMAIL/$ACLED_PASSWORD")
    sub.add_argument("--quiet", action="store_true",
                     help="print only failures (unreachable publishers, failed or stale reports)")
    sub.set_defaults(handler=_cmd_update)


def _printable_streams() -> None:
    """Let stdout and stderr print any text: a locale without UTF-8 gets escapes, not a crash."""
    for stream in (sys.stdout, sys.stderr):
        encoding = (getattr(stream, "encoding", None) or "").lower().replace("-", "")
        if encoding != "utf8" and hasattr(stream, "reconfigure"):
            stream.reconfigure(errors="backslashreplace")


def main(argv: list[str] | None = None) -> int:
    """Run the command line; return the exit code."""
    _printable_streams()
    args = parser().parse_args(argv)
    _plain_warnings()
    try:
        return args.handler(args)
    except Warning as warning:  # warnings made errors (PYTHONWARNINGS=error, -W error)
        print(f"error: {' '.join(str(warning).split())} (a warning, stopped because warnings "
              "are errors here: PYTHONWARNINGS or -W)", file=sys.stderr)
        return EXIT_USAGE
    except RenderLockedError as error:
        print(f"error: {error}", file=sys.stderr)
        return EXIT_LOCKED
    except SchedulerUnavailableError as error:
        print(f"error: {error}", file=sys.stderr)
        return EXIT_FAILED
    except SahelAnalysisError as error:
        print(f"error: {error}", file=sys.stderr)
        return EXIT_USAGE
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        return EXIT_INTERRUPTED


if __name__ == "__main__":
    sys.exit(main())
