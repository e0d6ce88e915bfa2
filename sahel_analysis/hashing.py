"""Content hashes: of files, of folders of files, of JSON-able values and of tables.

The manifest, the data checks, the render fingerprints and the provenance section all hash
with these functions, so a hash means the same thing everywhere.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # pandas is imported only by content_hash
    import pandas as pd


def sha256_of(path: Path) -> str:
    """Return the hex sha256 digest of a file."""
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def sha256_bytes(data: bytes) -> str:
    """Return the hex sha256 digest of `data`."""
    return hashlib.sha256(data).hexdigest()


def small_id(text: str, digest_size: int = 7) -> int:
    """Return a stable integer id of `text` (blake2b of `digest_size` bytes)."""
    return int(hashlib.blake2b(str(text).encode(), digest_size=digest_size).hexdigest(), 16)


def hash_files(paths: Iterable[Path]) -> str:
    """Return one digest of the names and contents of `paths` (in name order)."""
    digest = hashlib.sha256()
    for path in sorted(paths):
        digest.update(path.name.encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()


def hash_json(value: Any) -> str:
    """Return the digest of a JSON-able value (keys sorted, so dict order does not matter)."""
    return sha256_bytes(json.dumps(value, sort_keys=True).encode())


def combined_hash(hashes: Iterable[str]) -> str:
    """Return one digest of several hex digests, in the order given."""
    return sha256_bytes("".join(hashes).encode())


def content_hash(frame: pd.DataFrame) -> str:
    """Return a hash of a table's content that does not depend on the parquet writer."""
    import pandas as pd

    data = frame
    if "geometry" in frame.columns:
        data = pd.DataFrame(frame.drop(columns="geometry"))
        data["geometry"] = frame.geometry.to_wkb(hex=True)
    hashed = pd.util.hash_pandas_object(data, index=False).to_numpy().tobytes()
    header = "|".join(f"{c}:{t}" for c, t in data.dtypes.astype(str).items())
    return sha256_bytes(header.encode() + hashed)
