"""The content-addressed store for photos and files: each kept once, by SHA-256."""

from __future__ import annotations

import hashlib
import os
import shutil
from pathlib import Path

from dualprev.hazards.errors import InvalidInput


def store_dir(sqlite_path: str | None) -> Path:
    """``DUALPREV_FILES``, else a folder beside the SQLite file, else the user's data folder."""
    configured = os.environ.get("DUALPREV_FILES")
    if configured:
        return Path(configured)
    if sqlite_path and sqlite_path != ":memory:":
        return Path(sqlite_path + ".files")
    from platformdirs import user_data_dir

    return Path(user_data_dir("dualprev", appauthor=False)) / "files"


def check_exist(paths: list[str]) -> None:
    """Refuse before anything is written when a named file is missing."""
    for p in paths:
        if not Path(p).is_file():
            raise InvalidInput(f"photo/file {p!r} does not exist or is not a file")


def keep(folder: Path, paths: list[str]) -> list[dict]:
    """Copy each file into the store (once per content); returns sha256, filename and size."""
    check_exist(paths)
    kept = []
    for p in paths:
        h = hashlib.sha256()
        with open(p, "rb") as fh:
            for block in iter(lambda: fh.read(1 << 20), b""):
                h.update(block)
        sha = h.hexdigest()
        target = folder / sha[:2] / sha
        if not target.exists():
            target.parent.mkdir(parents=True, exist_ok=True)
            tmp = target.with_suffix(".part")
            shutil.copyfile(p, tmp)
            os.replace(tmp, target)
        kept.append({"sha256": sha, "filename": Path(p).name, "size": target.stat().st_size})
    return kept
