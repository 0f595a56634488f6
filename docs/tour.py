"""Re-run the README's tour and compare its outputs with the ones printed there.

Every ``$ dualprev ...`` line of the README's console blocks runs, in order, in a fresh folder
with a fresh data directory (so the default SQLite register is new), the clock fixed at the
tour's instant (``DUALPREV_NOW``) and the ``after.jpg`` the tour attaches. What a command prints
(stdout, then stderr) replaces the lines under it.

    python docs/tour.py           # exit 1 with a diff when the README no longer matches
    python docs/tour.py --write   # write the outputs of the current program into README.md

It runs the ``dualprev`` installed beside this Python (``pip install .`` first).
"""

from __future__ import annotations

import argparse
import difflib
import os
import re
import shlex
import subprocess
import sys
import tempfile
from pathlib import Path

README = Path(__file__).resolve().parent.parent / "README.md"
NOW = "2026-11-24T10:00:00+08:00"  # the tour's instant: every date in its outputs follows from it
SHOWN_DATA_HOME = "/home/me/.local/share"  # how the README shows the data directory
BLOCK = re.compile(r"^```console\n(.*?)^```$", re.M | re.S)


def run_tour(text: str) -> str:
    """The README with every console block's outputs made by the current program."""
    program = Path(sys.executable).with_name("dualprev")
    if not program.exists():
        sys.exit(f"tour: no dualprev beside {sys.executable}: pip install . into this environment first")
    with tempfile.TemporaryDirectory() as folder:
        home = Path(folder)
        (home / "after.jpg").write_bytes(b"\xff\xd8\xff photo")
        data_home = home / "data"
        env = {k: v for k, v in os.environ.items() if not k.startswith("DUALPREV_")}
        env.update(DUALPREV_NOW=NOW, XDG_DATA_HOME=str(data_home), HOME=str(home),
                   PATH=f"{program.parent}{os.pathsep}{env.get('PATH', '')}", COLUMNS="100",
                   LOGNAME="me", USER="me")  # the OS account every event records (/home/me)

        def block(match: re.Match) -> str:
            out = []
            for line in match.group(1).splitlines():
                if not line.startswith("$ "):
                    continue
                command = line[2:]
                argv = shlex.split(command)
                if argv[0] != "dualprev":
                    sys.exit(f"tour: only dualprev commands run here, not {command!r}")
                done = subprocess.run([str(program), *argv[1:]], cwd=home, env=env, capture_output=True,
                                      text=True, check=False, timeout=120)
                shown = (done.stdout + done.stderr).replace(str(data_home), SHOWN_DATA_HOME)
                out.append(line)
                out.extend(shown.rstrip("\n").splitlines())
            return "```console\n" + "\n".join(out) + "\n```"

        return BLOCK.sub(block, text)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--write", action="store_true", help="rewrite README.md with the new outputs")
    args = parser.parse_args()
    before = README.read_text(encoding="utf-8")
    after = run_tour(before)
    if after == before:
        print("tour: README outputs match the program")
        return 0
    if args.write:
        README.write_text(after, encoding="utf-8")
        print("tour: README outputs rewritten")
        return 0
    sys.stdout.writelines(difflib.unified_diff(before.splitlines(True), after.splitlines(True),
                                               "README.md", "README.md (as run now)"))
    return 1


if __name__ == "__main__":
    sys.exit(main())
