"""Where things live: embedded tables, notebooks, the download cache and the mirror."""

from __future__ import annotations

import json
import os
from pathlib import Path

from sahel_analysis.exceptions import DataIntegrityError, MirrorNotFoundError

PACKAGE_DIR = Path(__file__).resolve().parent
MANIFEST_FILE = "manifest.json"
RESTORE_HINT = ("Restore it with `git checkout data/` (in a source checkout), rebuild it with "
                "`sahel-analysis data build --mirror DIR`, or reinstall the package.")
MIRROR_ENV = "SAHEL_ANALYSIS_MIRROR"
DATA_DIR_ENV = "SAHEL_ANALYSIS_DATA_DIR"
CACHE_ENV = "SAHEL_ANALYSIS_CACHE"
NOTEBOOKS_ENV = "SAHEL_ANALYSIS_NOTEBOOKS"

# Tables written by hand (name: file in data/, schema in sahel_analysis.schemas); `data build`
# validates and records them, `data` reads them. Here, so that hashing them imports no pandas.
HAND_WRITTEN = {
    "timeline": ("timeline.csv", "TIMELINE"),
    "actor_families": ("actor_families.csv", "ACTOR_FAMILY_MAP"),
    "places": ("places.csv", "PLACES"),
    "published_tolls": ("published_tolls.csv", "PUBLISHED_TOLLS"),
    "liptako_gourma_regions": ("liptako_gourma_regions.csv", "LIPTAKO_GOURMA_REGIONS"),
}

_mirror_override: Path | None = None


def _embedded(name: str) -> Path:
    """Return the folder `name` shipped in the wheel, or the repository's own folder."""
    installed = PACKAGE_DIR / "_embedded" / name
    if installed.is_dir():
        return installed
    return PACKAGE_DIR.parent / name


def repository_root() -> Path | None:
    """Return the source checkout root when running from one, else None."""
    root = PACKAGE_DIR.parent
    return root if (root / "pyproject.toml").is_file() else None


def data_dir() -> Path:
    """Return the folder of the harmonised tables (env override, else the embedded default)."""
    override = os.environ.get(DATA_DIR_ENV)
    return Path(override) if override else _embedded("data")


def read_manifest(folder: Path | None = None) -> dict:
    """Return the data manifest of `folder` (default: the data folder), checked to be usable.

    Raises DataIntegrityError naming the file and how to restore it when it is missing,
    unreadable, not JSON or has no tables.
    """
    path = (folder or data_dir()) / MANIFEST_FILE
    if not path.is_file():
        raise DataIntegrityError(f"No data manifest at {path}. {RESTORE_HINT}")
    try:
        manifest = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, ValueError) as error:
        raise DataIntegrityError(f"The data manifest {path} is not valid JSON ({error}). "
                                 f"{RESTORE_HINT}") from None
    if not isinstance(manifest, dict) or not isinstance(manifest.get("tables"), dict):
        raise DataIntegrityError(f"The data manifest {path} has no 'tables' entry. "
                                 f"{RESTORE_HINT}")
    return manifest


def notebooks_dir() -> Path:
    """Return the folder holding the report notebooks and the catalog (env override first)."""
    override = os.environ.get(NOTEBOOKS_ENV)
    return Path(override) if override else _embedded("notebooks")


def cache_dir() -> Path:
    """Return the download cache folder used by pooch."""
    override = os.environ.get(CACHE_ENV)
    if override:
        return Path(override)
    import platformdirs

    return Path(platformdirs.user_cache_dir("sahel_analysis"))


def set_mirror(path: str | os.PathLike[str] | None) -> None:
    """Read every upstream file from a local folder laid out like `shared/data` (None: online)."""
    global _mirror_override
    _mirror_override = Path(path) if path is not None else None
    if _mirror_override is not None and not _mirror_override.is_dir():
        folder = _mirror_override
        _mirror_override = None
        raise MirrorNotFoundError(
            f"Mirror folder {folder} does not exist. Pass the folder that holds the upstream "
            "snapshots (laid out like shared/data, e.g. ucdp_orgvio_cy/...), or unset it to "
            "download from the original publishers."
        )


def mirror_dir() -> Path | None:
    """Return the active mirror folder (set_mirror, else $SAHEL_ANALYSIS_MIRROR), or None."""
    if _mirror_override is not None:
        return _mirror_override
    env = os.environ.get(MIRROR_ENV)
    if not env:
        return None
    path = Path(env)
    if not path.is_dir():
        raise MirrorNotFoundError(
            f"${MIRROR_ENV} points to {path}, which is not a folder. Fix the path or unset "
            f"{MIRROR_ENV} to download from the original publishers."
        )
    return path
