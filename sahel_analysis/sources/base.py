"""What every upstream source has in common: metadata, a pooch registry and a hash-checked fetch."""

from __future__ import annotations

import hashlib
import shutil
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

from sahel_analysis import config
from sahel_analysis.exceptions import (
    DataIntegrityError,
    DataUnavailableError,
    MirrorNotFoundError,
)


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
    """Metadata of one upstream dataset and the files it is read from."""

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


def sha256_of(path: Path) -> str:
    """Return the hex sha256 digest of a file."""
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


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


def fetch(remote: RemoteFile, *, verify: bool = True, refresh: bool = False) -> Path:
    """Return a local, hash-checked copy of `remote` (mirror first, then pooch cache/download)."""
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
    return _download(remote, verify=verify, refresh=refresh)


def _download(remote: RemoteFile, *, verify: bool, refresh: bool = False) -> Path:
    import pooch

    cache = config.cache_dir()
    cache.mkdir(parents=True, exist_ok=True)
    target = cache / remote.path
    if refresh:
        target.unlink(missing_ok=True)
        (cache / "downloads" / Path(remote.url).name).unlink(missing_ok=True)
    if target.is_file():
        if verify:
            _check_hash(target, remote, "Cached")
        return target
    known = f"sha256:{remote.sha256}" if (verify and remote.sha256 and not remote.member) else None
    try:
        fetched = Path(
            pooch.retrieve(
                remote.url,
                known_hash=known,
                fname=Path(remote.url).name,
                path=cache / "downloads",
                progressbar=False,
            )
        )
    except ValueError as error:  # pooch's hash mismatch
        raise DataIntegrityError(
            f"Download of {remote.url} does not match its pinned hash ({error}). The publisher "
            "may have released a new version: run `sahel-analysis data refresh` to accept it."
        ) from error
    except Exception as error:  # network failures come from requests/urllib3
        raise DataUnavailableError(
            f"Could not download {remote.url} ({type(error).__name__}: {error}) and no cached copy "
            f"exists in {cache}. Connect to the internet, or use --mirror DIR / "
            f"${config.MIRROR_ENV} with a folder that holds {remote.path}."
        ) from error
    target.parent.mkdir(parents=True, exist_ok=True)
    if remote.member:
        with zipfile.ZipFile(fetched) as archive, archive.open(remote.member) as src, \
                open(target, "wb") as dst:
            shutil.copyfileobj(src, dst)
    else:
        shutil.copyfile(fetched, target)
    if verify:
        try:
            _check_hash(target, remote, "Downloaded")
        except DataIntegrityError:
            target.unlink(missing_ok=True)
            raise
    return target
