"""What every upstream source has in common: metadata, a pooch registry and a hash-checked fetch."""

from __future__ import annotations

import shutil
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from sahel_analysis import config
from sahel_analysis.countries import GW_TO_ISO3
from sahel_analysis.exceptions import (
    DataIntegrityError,
    DataUnavailableError,
    MirrorNotFoundError,
)
from sahel_analysis.hashing import sha256_of
from sahel_analysis.sources import http
from sahel_analysis.sources.http import DEFAULT_TIMEOUT

if TYPE_CHECKING:
    from collections.abc import Callable

    import pandas as pd

MAX_MEMBER_BYTES = 4 * 1024**3  # a zip member may inflate to 4 GiB (GED global: ~0.3 GiB)

__all__ = ["RemoteFile", "Source", "conflict_rows", "explode_locations", "fetch", "missing",
           "sha256_of", "text"]


@dataclass(frozen=True)
class RemoteFile:
    """One upstream file: where the mirror keeps it, where the publisher serves it, its hash.

    Attributes:
        path: Path relative to a mirror folder laid out like ``shared/data``.
        url: Canonical download address at the publisher.
        sha256: Hash of the file as the loader reads it (None: not pinned, trust on first use).
        member: Name inside the archive at ``url`` when the publisher serves a zip.
        derived: Why the file cannot be fetched as-is (it is a documented filter or conversion of
            what ``url`` serves); empty when the URL serves these exact bytes.
    """

    path: str
    url: str
    sha256: str | None
    member: str | None = None
    derived: str = ""


@dataclass(frozen=True)
class Source:
    """Metadata of one upstream dataset and the files it is read from.

    ``release`` is the version number alone (``25.1``), written once in the source's module;
    ``citation`` is the short source line the reports print, a template of :meth:`cite`.
    """

    key: str
    title: str
    publisher: str
    version: str
    licence: str
    attribution: str
    landing_url: str
    redistributable: bool
    files: dict[str, RemoteFile] = field(default_factory=dict)
    notes: str = ""
    release: str = ""
    citation: str = ""

    def cite(self, **values: object) -> str:
        """Return the short source line under charts and tables (`citation`, filled in).

        ``{release}`` and ``{licence}`` come from this source; other fields (e.g. the last
        month of the data) from `values`.
        """
        return self.citation.format(release=self.release, licence=self.licence, **values)

    def fetch(self, name: str, *, verify: bool = True, refresh: bool = False) -> Path:
        """Return a local path to file `name`: from the mirror, else the cache, else download.

        With `refresh`, the cached copy is discarded and the newest upstream file is fetched
        without checking the pinned hash (the manifest records the hash it had).
        """
        return fetch(self.files[name], verify=verify and not refresh, refresh=refresh)

    def metadata(self) -> dict[str, object]:
        """Return the metadata recorded in the manifest and in report provenance."""
        return {
            "key": self.key,
            "title": self.title,
            "publisher": self.publisher,
            "version": self.version,
            "licence": self.licence,
            "attribution": self.attribution,
            "url": self.landing_url,
            "redistributable": self.redistributable,
        }


def _check_hash(path: Path, remote: RemoteFile, where: str) -> None:
    if remote.sha256 is None:
        return
    actual = sha256_of(path)
    if actual != remote.sha256:
        raise DataIntegrityError(
            f"{where} file {path} has sha256 {actual}, expected {remote.sha256}. The file is "
            "corrupt or a different release: replace it with the original from "
            f"{remote.url}, or delete it so that it is fetched again."
        )


def fetch(remote: RemoteFile, *, verify: bool = True, refresh: bool = False,
          timeout: float = DEFAULT_TIMEOUT) -> Path:
    """Return a local, hash-checked copy of `remote` (mirror first, then cache/download).

    `timeout` bounds each request and read of a download (:mod:`sahel_analysis.sources.http`).
    """
    mirror = config.mirror_dir()
    if mirror is not None:
        local = mirror / remote.path
        if not local.is_file():
            raise MirrorNotFoundError(
                f"{remote.path} is missing from the mirror {mirror}. Copy it there from "
                f"{remote.url}, or unset the mirror to download it."
            )
        if verify:
            _check_hash(local, remote, "Mirror")
        return local
    if remote.derived:
        raise DataUnavailableError(
            f"{remote.path} cannot be downloaded as-is: {remote.derived} Fetch the original from "
            f"{remote.url}, prepare it as described, and point --mirror (or "
            f"${config.MIRROR_ENV}) at the folder that holds it."
        )
    return _download(remote, verify=verify, refresh=refresh, timeout=timeout)


def _download(remote: RemoteFile, *, verify: bool, refresh: bool = False,
              timeout: float = DEFAULT_TIMEOUT,
              check: Callable[[Path], object] | None = None) -> Path:
    """Return the cached copy of `remote`, downloading it when missing (or with `refresh`).

    A download goes to a temporary folder first and enters the cache only once it is whole:
    the zip member extracted within :data:`MAX_MEMBER_BYTES`, the hash checked and `check`
    (e.g. parsing the release) passed. When any step fails, the cached copy is kept untouched
    and nothing of the new file is cached, so the next run downloads it again.
    """
    import tempfile

    cache = config.ensure_cache_dir()
    target = cache / remote.path
    if target.is_file() and not refresh:
        if verify:
            _check_hash(target, remote, "Cached")
        if check is not None:
            check(target)
        return target
    downloads = cache / "downloads"
    downloads.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix=".refresh-", dir=cache) as scratch:
        fetched = _retrieve(remote, Path(scratch), timeout,
                            kept=target if target.is_file() else None)
        staged = Path(scratch) / ".staged"
        if remote.member:
            extract_member(fetched, remote.member, staged, remote.url)
        else:
            shutil.copyfile(fetched, staged)
        if verify:
            _check_hash(staged, remote, "Downloaded")
        if check is not None:
            check(staged)
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.move(fetched, downloads / fetched.name)
        shutil.move(staged, target)
    return target


def discard(remote: RemoteFile) -> None:
    """Remove the cached copy of `remote` and its raw download (a file found unusable)."""
    cache = config.cache_dir()
    (cache / remote.path).unlink(missing_ok=True)
    (cache / "downloads" / (Path(remote.url).name or "download")).unlink(missing_ok=True)


def extract_member(archive_path: Path, member: str, target: Path, url: str) -> Path:
    """Extract `member` of the zip at `archive_path` into `target`, at most MAX_MEMBER_BYTES.

    Raises DataIntegrityError for a truncated or damaged zip, a missing member or a member
    larger than the limit (declared or actual: a zip bomb is stopped while it inflates).
    """
    import zlib

    limit = MAX_MEMBER_BYTES
    try:
        with zipfile.ZipFile(archive_path) as archive:
            try:
                info = archive.getinfo(member)
            except KeyError:
                names = ", ".join(archive.namelist()[:5]) or "nothing"
                raise DataIntegrityError(
                    f"The zip from {url} holds no {member} (it holds {names}). The publisher "
                    "changed the layout, or served another file: check the URL.") from None
            if info.file_size > limit:
                raise DataIntegrityError(_too_large(url, member, info.file_size, limit))
            copied = 0
            with archive.open(info) as src, open(target, "wb") as dst:
                while chunk := src.read(1 << 20):
                    copied += len(chunk)
                    if copied > limit:
                        raise DataIntegrityError(_too_large(url, member, copied, limit))
                    dst.write(chunk)
    except (zipfile.BadZipFile, EOFError, zlib.error, NotImplementedError, RuntimeError) as error:
        target.unlink(missing_ok=True)
        raise DataIntegrityError(
            f"The zip from {url} is damaged or cut short ({type(error).__name__}: {error}); "
            "nothing was cached. Run the command again later to download it anew.") from error
    except DataIntegrityError:
        target.unlink(missing_ok=True)
        raise
    return target


def _too_large(url: str, member: str, size: int, limit: int) -> str:
    return (f"{member} in the zip from {url} inflates to more than {limit:,} bytes "
            f"({size:,}): refused as a possible zip bomb; nothing was cached.")


def _retrieve(remote: RemoteFile, folder: Path, timeout: float, kept: Path | None) -> Path:
    """Download `remote` into `folder` (bounded by `timeout`); say what was kept when it fails."""
    target = folder / (Path(remote.url).name or "download")
    try:
        return http.download(remote.url, target, timeout)
    except DataUnavailableError as error:
        state = (f"the cached copy {kept} was kept" if kept else
                 f"no cached copy exists in {config.cache_dir()}")
        raise type(error)(
            f"{error} Not downloaded; {state}. "
            f"Connect to the internet, or use --mirror DIR / ${config.MIRROR_ENV} with a folder "
            f"that holds {remote.path}."
        ) from error


# Shared steps of the tidy functions (pandas is imported by the callers' modules anyway).


def explode_locations(frame: pd.DataFrame, column: str) -> pd.DataFrame:
    """Return one row per covered country listed in a ', '-separated Gleditsch-Ward column."""
    import pandas as pd

    codes = frame[column].astype(str).str.split(",")
    exploded = frame.assign(_gw=codes).explode("_gw")
    exploded["_gw"] = pd.to_numeric(exploded["_gw"].str.strip(), errors="coerce")
    exploded = exploded[exploded["_gw"].isin(GW_TO_ISO3)].copy()
    exploded["country_iso3"] = exploded["_gw"].astype("int64").map(GW_TO_ISO3)
    return exploded.drop(columns="_gw")


def text(values: pd.Series) -> pd.Series:
    """Return `values` as stripped strings, empty ones missing."""
    import pandas as pd

    return values.astype("string").str.strip().replace("", pd.NA)


def missing(rows: pd.DataFrame | int, dtype: str) -> pd.api.extensions.ExtensionArray:
    """Return a column of `rows` missing values of `dtype` ("Int64", "string")."""
    import pandas as pd

    return pd.array([pd.NA] * (rows if isinstance(rows, int) else len(rows)), dtype=dtype)


def conflict_rows(raw: pd.DataFrame, dataset: str, side_a: str, side_b: str,
                  **columns: object) -> pd.DataFrame:
    """Return located conflict rows in the conflicts layout (ACD and Non-State share it).

    The identifying columns and the four sides come first, then `columns` in their order.
    """
    import pandas as pd

    return pd.DataFrame(
        {
            "dataset": dataset,
            "conflict_id": raw["conflict_id"].astype("int64"),
            "year": raw["year"].astype("int64"),
            "country_iso3": raw["country_iso3"],
            "side_a": text(raw[side_a]),
            "side_a_2nd": text(raw["side_a_2nd"]),
            "side_b": text(raw[side_b]),
            "side_b_2nd": text(raw["side_b_2nd"]),
            **columns,
        }
    ).reset_index(drop=True)
