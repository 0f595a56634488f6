"""Files a report writes (``--output``): whole or not at all.

Every format goes to a hidden temporary file in the target's own folder (so the final rename
stays on one file system) and is renamed over the target only once it is complete. On an error,
Ctrl-C, SIGTERM or SIGHUP the temporary file is removed and the target is left as it was.
A target that exists and is not a regular file (``/dev/stdout``, a FIFO) is written straight.
"""

from __future__ import annotations

import errno
import os
import signal
import stat
import tempfile
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO

from dualprev.hazards.errors import DiskFull, DomainError, InvalidInput

_STOPPING = (signal.SIGTERM, signal.SIGHUP)


def _stop(signum: int, _frame) -> None:
    raise SystemExit(128 + signum)  # unwinds through the cleanup below, exit status as the shell's


@contextmanager
def _signals_unwind() -> Iterator[None]:
    """While a file is being written, SIGTERM/SIGHUP unwind the stack like Ctrl-C does."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    previous = {s: signal.signal(s, _stop) for s in _STOPPING}
    try:
        yield
    finally:
        for s, handler in previous.items():
            signal.signal(s, handler)


def _refused(path: str, exc: OSError) -> DomainError:
    if exc.errno in (errno.ENOSPC, errno.EDQUOT):
        return DiskFull(f"no space left to write {path}: free some disk space or write elsewhere")
    return DomainError(f"cannot write {path}: {exc.strerror or exc}. Choose a file you may write")


@contextmanager
def replaced(path: str) -> Iterator[str | None]:
    """A temporary path beside ``path`` to write to; renamed onto ``path`` when the block ends
    without an error, else removed. Yields None when ``path`` is a device or a FIFO: write it
    directly."""
    target = Path(os.path.realpath(path))
    try:
        mode = target.stat().st_mode
    except FileNotFoundError:
        mode = None
    except OSError as exc:
        raise _refused(path, exc) from None
    if mode is not None and not stat.S_ISREG(mode):
        yield None
        return
    with _signals_unwind():
        try:
            fd, partial = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".partial")
        except OSError as exc:
            raise _refused(path, exc) from None
        os.close(fd)
        try:
            yield partial
            umask = os.umask(0)
            os.umask(umask)
            os.chmod(partial, stat.S_IMODE(mode) if mode is not None else 0o666 & ~umask)
            os.replace(partial, target)
        except OSError as exc:
            raise _refused(path, exc) from None
        finally:
            if os.path.exists(partial):
                os.unlink(partial)


@contextmanager
def binary_file(path: str, force: bool = False) -> Iterator[IO[bytes]]:
    """``path`` opened for bytes, written whole or not at all (see ``replaced``); an existing
    regular file is replaced only with ``force``."""
    if not force and os.path.isfile(path):
        raise InvalidInput(f"{path} exists: give --force to replace it, or choose another name")
    with replaced(path) as partial:
        try:
            with open(partial or path, "wb") as out:
                yield out
        except OSError as exc:
            raise _refused(path, exc) from None


@contextmanager
def text_file(path: str) -> Iterator[IO[str]]:
    """``path`` opened for UTF-8 text, written whole or not at all (see ``replaced``)."""
    with replaced(path) as partial:
        try:
            with open(partial or path, "w", encoding="utf-8", newline="") as out:
                yield out
        except OSError as exc:
            raise _refused(path, exc) from None
