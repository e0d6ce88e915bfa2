"""A project folder: one file of settings and runs, and working copies of the notebooks.

``sahel-analysis init DIR`` writes ``DIR/sahel-analysis.toml`` (the report runs with their
parameters, the output folder, formats, workers, archive, data-age limit and scheduler) and
copies the package's notebooks and catalog into ``DIR/notebooks/``. ``render`` and ``update``
run inside DIR (or a folder below it) read that file, so cron, CI and Airflow share it, and
execute the working copies: an edit saved in JupyterLab changes this project's reports, never
the package's own notebooks.
"""

from __future__ import annotations

import json
import os
import shutil
import tomllib
import warnings
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from sahel_analysis import config
from sahel_analysis.exceptions import ParameterError
from sahel_analysis.hashing import sha256_bytes

PROJECT_FILE = "sahel-analysis.toml"
PROJECT_ENV = "SAHEL_ANALYSIS_PROJECT"
SHIPPED_HASHES = "notebook_hashes.json"  # beside the package: hashes of the shipped notebooks
FORMATS = ("html", "pdf")


class ProjectSettings(BaseModel):
    """The settings of a project file; each is the default of the matching command option."""

    model_config = ConfigDict(extra="forbid")

    output_dir: str = "reports"
    notebooks: str = "notebooks"
    formats: list[str] = Field(default_factory=lambda: list(FORMATS))
    workers: int | None = Field(default=None, ge=1)
    archive: bool = False
    max_data_age: int | None = Field(default=None, ge=0)
    scheduler: str | None = None
    runs: dict[str, list[dict[str, Any]]] = Field(default_factory=dict)

    @field_validator("formats")
    @classmethod
    def _known_formats(cls, value: list[str]) -> list[str]:
        unknown = sorted(set(value) - set(FORMATS))
        if unknown or not value:
            raise ValueError(f"formats must be a non-empty list of {', '.join(FORMATS)}")
        return value


class Project(BaseModel):
    """A project file found on disk: its folder and its settings."""

    folder: Path
    settings: ProjectSettings

    @property
    def notebooks_dir(self) -> Path:
        """Return the folder of the working copies."""
        return self.folder / self.settings.notebooks

    @property
    def output_dir(self) -> Path:
        """Return the folder the reports go to."""
        return self.folder / self.settings.output_dir


def find(start: Path | None = None) -> Path | None:
    """Return the project file in `start` (default: the current folder) or a parent, or None.

    ``$SAHEL_ANALYSIS_PROJECT`` names the file (or its folder) directly.
    """
    named = os.environ.get(PROJECT_ENV)
    if named:
        path = Path(named)
        path = path / PROJECT_FILE if path.is_dir() else path
        if not path.is_file():
            raise ParameterError(f"${PROJECT_ENV} points to {path}, which is not a project "
                                 f"file. Fix the path, or unset {PROJECT_ENV}.")
        return path
    folder = (start or Path.cwd()).resolve()
    for candidate in (folder, *folder.parents):
        if (candidate / PROJECT_FILE).is_file():
            return candidate / PROJECT_FILE
    return None


def load(path: Path) -> Project:
    """Read and check the project file at `path`; raise ParameterError saying what is wrong."""
    try:
        raw = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as error:
        raise ParameterError(f"The project file {path} cannot be read ({error}). Fix it, or "
                             f"write a new one with `sahel-analysis init`.") from None
    try:
        settings = ProjectSettings.model_validate(raw)
    except ValidationError as error:
        problems = "; ".join(f"{'.'.join(str(p) for p in e['loc']) or 'file'}: {e['msg']}"
                             for e in error.errors())
        raise ParameterError(f"The project file {path} is not valid: {problems}.") from None
    project = Project(folder=path.parent.resolve(), settings=settings)
    if not (project.notebooks_dir / "catalog.toml").is_file():
        raise ParameterError(f"The project file {path} names notebooks folder "
                             f"{project.notebooks_dir}, which holds no catalog.toml. Run "
                             f"`sahel-analysis init {path.parent} --force` to copy them again.")
    return project


def _toml_value(value: Any) -> str:
    """Return `value` written as TOML (strings, numbers, booleans, lists, tables)."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return repr(value)
    if isinstance(value, list):
        return "[" + ", ".join(_toml_value(v) for v in value) + "]"
    if isinstance(value, dict):
        return "{ " + ", ".join(f"{k} = {_toml_value(v)}" for k, v in value.items()) + " }"
    return json.dumps(str(value), ensure_ascii=False)


def project_text(runs: dict[str, list[dict[str, Any]]]) -> str:
    """Return the text of a new project file holding `runs` and the default settings."""
    lines = [
        "# sahel_analysis project: `sahel-analysis render` and `update` run in this folder",
        "# use these settings (an option on the command line wins) and the notebooks in",
        "# `notebooks` (working copies: edit them freely, the package's own stay as shipped).",
        'output_dir = "reports"',
        'notebooks = "notebooks"',
        'formats = ["html", "pdf"]',
        "# workers = 2            # parallel notebooks (default: the number of cores)",
        "archive = false          # true: keep a dated copy per data month in archive/",
        "# max_data_age = 90      # days; exit 4 when a report's newest data are older",
        '# scheduler = "tcp://127.0.0.1:8786"   # a Dask distributed scheduler',
        "",
        "# The report runs: each report's parameter sets (`sahel-analysis list` shows them).",
        "[runs]",
    ]
    lines += [f"{name} = {_toml_value(sets)}" for name, sets in runs.items()]
    return "\n".join(lines) + "\n"


def init(folder: Path, *, force: bool = False) -> Project:
    """Write a project file and working copies of the notebooks into `folder`; return it.

    Refuses (ParameterError) to overwrite an existing project unless `force`.
    """
    from sahel_analysis.catalog import load_catalog

    folder = Path(folder)
    target = folder / PROJECT_FILE
    if target.exists() and not force:
        raise ParameterError(f"{target} exists already. Edit it, or pass --force to write "
                             "it and the working copies of the notebooks again.")
    shipped = config.shipped_notebooks_dir()
    catalog = load_catalog(shipped)
    folder.mkdir(parents=True, exist_ok=True)
    copies = folder / "notebooks"
    copies.mkdir(exist_ok=True)
    for source in [shipped / "catalog.toml", *(r.notebook for r in catalog.values())]:
        shutil.copyfile(source, copies / source.name)
    (folder / "reports").mkdir(exist_ok=True)
    runs = {name: report.default_run for name, report in catalog.items()}
    temporary = target.with_name(target.name + ".tmp")
    temporary.write_text(project_text(runs), encoding="utf-8")
    os.replace(temporary, target)
    return load(target)


def notebook_hash(path: Path) -> str:
    """Return the SHA-256 of a notebook's cells (sources and types; outputs and ids ignored)."""
    cells = json.loads(path.read_text(encoding="utf-8")).get("cells", [])
    text = json.dumps([[c.get("cell_type"), "".join(c.get("source", ""))] for c in cells])
    return sha256_bytes(text.encode("utf-8"))


def shipped_hashes() -> dict[str, str]:
    """Return the recorded hashes of the package's notebooks (file name -> hash)."""
    path = config.PACKAGE_DIR / SHIPPED_HASHES
    return json.loads(path.read_text(encoding="utf-8")) if path.is_file() else {}


def changed_shipped_notebooks(folder: Path | None = None) -> list[str]:
    """Return the package notebooks in `folder` whose cells differ from the shipped ones."""
    folder = folder or config.shipped_notebooks_dir()
    recorded = shipped_hashes()
    return sorted(name for name, digest in recorded.items()
                  if (folder / name).is_file() and notebook_hash(folder / name) != digest)


def record_shipped_hashes() -> Path:
    """Write the hashes of the package's notebooks as shipped (run when a notebook changes)."""
    folder = config.shipped_notebooks_dir()
    digests = {p.name: notebook_hash(p) for p in sorted(folder.glob("*.ipynb"))}
    path = config.PACKAGE_DIR / SHIPPED_HASHES
    path.write_text(json.dumps(digests, indent=1) + "\n", encoding="utf-8")
    return path


_active: Project | None = None


def activate(project: Project | None) -> None:
    """Use `project`'s working copies and runs in this process and its workers (None: none)."""
    global _active
    _active = project
    if project is None:
        return
    if not os.environ.get(config.NOTEBOOKS_ENV):
        os.environ[config.NOTEBOOKS_ENV] = str(project.notebooks_dir)


def active() -> Project | None:
    """Return the project activated in this process, or None."""
    return _active


def runs_for(report: str, default: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Return the active project's runs of `report`, else `default` (the catalog's)."""
    if _active is None or report not in _active.settings.runs:
        return default
    return _active.settings.runs[report] or [{}]


def warn_edited_notebooks() -> None:
    """Warn when the package's own notebooks were edited (a project's working copies are not)."""
    if _active is not None or config.notebooks_dir() != config.shipped_notebooks_dir():
        return
    changed = changed_shipped_notebooks()
    if changed:
        warnings.warn(f"the package's notebooks {', '.join(changed)} differ from the ones shipped "
                      "with this version: the reports run the edited cells. Keep your edits in "
                      "working copies (`sahel-analysis init DIR`), or restore the notebooks "
                      "(`git checkout notebooks/` in a source checkout).", stacklevel=3)
