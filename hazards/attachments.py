"""The content-addressed store for photos and files: each kept once, by SHA-256."""

from __future__ import annotations

import hashlib
import os
import shutil
import stat
from pathlib import Path
from typing import IO

from dualprev.hazards import limits
from dualprev.hazards.errors import DomainError, InvalidInput, NotFound


def store_dir(sqlite_path: str | None) -> Path:
    """``DUALPREV_FILES``, else a folder beside the SQLite file, else the user's data folder."""
    configured = os.environ.get("DUALPREV_FILES")
    if configured:
        return Path(configured)
    if sqlite_path and sqlite_path != ":memory:":
        return Path(sqlite_path + ".files")
    from platformdirs import user_data_dir

    return Path(user_data_dir("dualprev", appauthor=False)) / "files"


def ready(folder: Path) -> None:
    """Refuse a store that is a file, or whose parent folder is missing (a mistyped
    ``DUALPREV_FILES``), before anything is written."""
    where = f"DUALPREV_FILES={folder}" if os.environ.get("DUALPREV_FILES") else f"the attachment store {folder}"
    if folder.exists() and not folder.is_dir():
        raise InvalidInput(f"{where} is a file, not a folder: point it at a folder")
    if not folder.exists() and not folder.parent.is_dir():
        raise InvalidInput(f"{where}: its parent folder {folder.parent} does not exist: create it "
                           "or point DUALPREV_FILES at an existing folder")


# first bytes of the kinds a photo or a scanned document may be
SIGNATURES = {
    "jpeg": (b"\xff\xd8\xff",), "png": (b"\x89PNG\r\n\x1a\n",), "gif": (b"GIF87a", b"GIF89a"),
    "bmp": (b"BM",), "tiff": (b"II*\x00", b"MM\x00*"), "pdf": (b"%PDF-",),
}
FTYP_BRANDS = {"heic": (b"heic", b"heix", b"heim", b"heis", b"mif1", b"msf1"), "avif": (b"avif", b"avis")}


def sniff(head: bytes) -> str | None:
    """The kind of file ``head`` (its first bytes) starts, or None."""
    for kind, starts in SIGNATURES.items():
        if head.startswith(starts):
            return kind
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return "webp"
    if head[4:8] == b"ftyp":
        for kind, brands in FTYP_BRANDS.items():
            if head[8:12] in brands:
                return kind
    return None


def examine(paths: list[str], settings: dict) -> list[dict]:
    """Check each file before anything is written: a regular file (no device, FIFO, folder or
    /proc file), not empty, within ``max_mb``, of a kind in ``types`` (sniffed from its content)
    unless ``allow_other``; returns sha256, filename, size and path of each."""
    limit = int(settings["max_mb"] * 1024 * 1024)
    found = []
    for p in paths:
        name = os.path.basename(p)
        limits.line(name, f"--photo {p!r}: the file name", limits.FIELDS["attachment"]["filename"][1])
        try:
            st = os.stat(p)
        except (OSError, ValueError):  # ValueError: a NUL in the name
            raise InvalidInput(f"photo/file {p!r} does not exist or is not a file") from None
        real = os.path.realpath(p)
        if not stat.S_ISREG(st.st_mode) or real.startswith(("/proc/", "/sys/", "/dev/")):
            raise InvalidInput(f"photo/file {p!r} is not a regular file (a device, FIFO, folder or "
                               "system file): give a photo or a document")
        if st.st_size == 0:
            raise InvalidInput(f"photo/file {p!r} is empty: give the photo itself")
        if st.st_size > limit:
            raise InvalidInput(f"photo/file {p!r} is {st.st_size / 1048576:.1f} MB: at most "
                               f"{settings['max_mb']} MB (attachments.max_mb of the rules)")
        h = hashlib.sha256()
        size = 0
        with open(p, "rb") as fh:
            head = fh.read(16)
            kind = sniff(head)
            if kind not in settings["types"] and not settings["allow_other"]:
                raise InvalidInput(f"photo/file {p!r} is not {'/'.join(settings['types'])} by its content: "
                                   "give a photo or a PDF (attachments.types of the rules)")
            h.update(head)
            size += len(head)
            for block in iter(lambda: fh.read(1 << 20), b""):
                size += len(block)
                if size > limit:
                    raise InvalidInput(f"photo/file {p!r} grew past {settings['max_mb']} MB while read")
                h.update(block)
        found.append({"sha256": h.hexdigest(), "filename": name, "size": size, "path": p})
    return found


def copy_out(folder: Path, sha256: str, out: IO[bytes]) -> int:
    """Write the stored file ``sha256`` to ``out``, checking its content against the hash;
    returns its size. A missing or altered file is refused (nothing usable was written)."""
    source = folder / sha256[:2] / sha256
    digest, size = hashlib.sha256(), 0
    try:
        with open(source, "rb") as f:
            while chunk := f.read(1 << 16):
                digest.update(chunk)
                out.write(chunk)
                size += len(chunk)
    except FileNotFoundError:
        raise NotFound(f"the stored file {sha256[:16]}… is not in the attachment store {folder}: "
                       "restore the store, or point DUALPREV_FILES at it") from None
    if digest.hexdigest() != sha256:
        raise DomainError(f"the stored file {sha256[:16]}… in {folder} does not match its hash: it was "
                          "altered; restore it from a backup")
    return size


def store(folder: Path, kept: list[dict]) -> None:
    """Copy each examined file into the store once per content (``examine`` checked them)."""
    for k in kept:
        target = folder / k["sha256"][:2] / k["sha256"]
        if not target.exists():
            ready(folder)
            target.parent.mkdir(parents=True, exist_ok=True)
            tmp = target.with_suffix(".part")
            shutil.copyfile(k["path"], tmp)
            os.replace(tmp, target)
