"""Re-run the README's tour and compare its outputs with the ones printed there.

Every ``$ ...`` line of the README's console blocks runs as written, in order, in one bash session
in a fresh folder with a fresh home and data directory: the tour's own lines put the venv on PATH
(``. .venv/bin/activate``: ``.venv`` here is the environment of the Python running this script),
pin the clock (``export DUALPREV_NOW=...``) and make the files it needs. What a command prints
(stdout, then stderr) replaces the lines under it.

    python docs/tour.py           # exit 1 with a diff when the README no longer matches
    python docs/tour.py --write   # write the outputs of the current program into README.md

It runs the ``dualprev`` installed in this Python's environment (``pip install .`` first).
"""

from __future__ import annotations

import argparse
import difflib
import os
import re
import subprocess
import sys
import tempfile
from pathlib import Path

README = Path(__file__).resolve().parent.parent / "README.md"
SHOWN_DATA_HOME = "/home/me/.local/share"  # how the README shows the data directory
BLOCK = re.compile(r"^```console\n(.*?)^```$", re.M | re.S)


def commands(text: str) -> list[str]:
    """The ``$`` lines of every console block, in order."""
    return [line[2:] for block in BLOCK.findall(text) for line in block.splitlines() if line.startswith("$ ")]


def run_tour(text: str) -> str:
    """The README with every console block's outputs made by the current program."""
    venv = Path(sys.prefix)
    if not (venv / "bin" / "activate").exists() or not (venv / "bin" / "dualprev").exists():
        sys.exit(f"tour: {venv} is no virtual environment with dualprev: pip install . into one first")
    with tempfile.TemporaryDirectory() as folder:
        home = Path(folder)
        (home / ".venv").symlink_to(venv)
        (home / ".tour").mkdir()
        data_home = home / "data"
        env = {k: v for k, v in os.environ.items()
               if not k.startswith(("DUALPREV_", "LC_", "VIRTUAL_ENV")) and k not in ("COLUMNS", "LANGUAGE")}
        env.update(XDG_DATA_HOME=str(data_home), HOME=str(home), LANG="C.UTF-8",
                   LOGNAME="me", USER="me")  # the OS account every event records (/home/me)
        lines = commands(text)
        script = "".join(f"{{ {line}\n}} > .tour/{n}.out 2> .tour/{n}.err < /dev/null\n"
                         for n, line in enumerate(lines))
        subprocess.run(["bash", "-c", script], cwd=home, env=env, check=False, timeout=1800)
        outputs = iter(range(len(lines)))

        def block(match: re.Match) -> str:
            out = []
            for line in match.group(1).splitlines():
                if not line.startswith("$ "):
                    continue
                n = next(outputs)
                printed = "".join((home / ".tour" / f"{n}.{kind}").read_text(encoding="utf-8")
                                  for kind in ("out", "err") if (home / ".tour" / f"{n}.{kind}").exists())
                out.append(line)
                out.extend(printed.replace(str(data_home), SHOWN_DATA_HOME).rstrip("\n").splitlines())
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
