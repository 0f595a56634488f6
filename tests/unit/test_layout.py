"""The layout's rules, read from the code itself: one import name, no import cycle, nothing imports
upward, click only in the CLI layer, no private name crosses a module, a docstring on every
module; and the installed distribution puts nothing but ``dualprev`` into site-packages."""

from __future__ import annotations

import ast
import importlib.metadata
import re
import subprocess
import sys
from pathlib import Path

import pytest

import dualprev

PACKAGE = Path(dualprev.__file__).resolve().parent
REPO = Path(__file__).resolve().parents[2]
BARE = ("hazards", "workflows", "schedules", "templates", "cli")
NOT_THE_PACKAGE = ("tests", "benchmarks", "docs", "build", "dist", "migrations")


def ours(rel: Path) -> bool:
    """A path of the package, not of its tests, scripts, build leftovers or hidden folders."""
    return not any(part in NOT_THE_PACKAGE or part.startswith(".") or part.endswith(".egg-info")
                   for part in rel.parts)


def modules() -> dict[str, Path]:
    """Every module of the installed package by its dotted name (migrations left out)."""
    found = {}
    for f in PACKAGE.rglob("*.py"):
        rel = f.relative_to(PACKAGE)
        if not ours(rel):
            continue
        name = ".".join(("dualprev", *rel.with_suffix("").parts)).removesuffix(".__init__")
        found[name] = f
    return found


MODULES = modules()


def imports_of(name: str, path: Path) -> list[tuple[str, list[str], bool]]:
    """(module imported, names taken from it, at module level?) for every import in ``path``."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    top_level = set(map(id, tree.body))
    out = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            out += [(a.name, [], id(node) in top_level) for a in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                parts = package.split(".")[:len(package.split(".")) - node.level + 1]
                base = ".".join(parts + ([base] if base else []))
            out.append((base, [a.name for a in node.names], id(node) in top_level))
    return out


def project_target(imported: str, names: list[str]) -> list[str]:
    """The project modules an import statement reaches (``from a import b`` may name module a.b)."""
    candidates = [f"{imported}.{n}" for n in names] + [imported]
    hits = [c for c in candidates if c in MODULES]
    return [h for h in hits if h != imported] or ([imported] if imported in MODULES else [])


def graph() -> dict[str, set[str]]:
    edges: dict[str, set[str]] = {m: set() for m in MODULES}
    for m, path in MODULES.items():
        for imported, names, _top in imports_of(m, path):
            for target in project_target(imported, names):
                if target != m and not m.startswith(target + "."):
                    edges[m].add(target)
    return edges


def test_the_package_is_the_repository_root_and_nothing_is_importable_bare():
    """One name per module: no ``import hazards`` anywhere, not even in a script run by a test."""
    offenders = []
    pattern = re.compile(rf"^\s*(?:from|import)\s+({'|'.join(BARE)})(?:\s|\.|$)", re.M)
    for f in REPO.rglob("*.py"):
        if any(part.startswith(".") or part in ("build", "dist") for part in f.relative_to(REPO).parts):
            continue  # hidden folders (the venv) and build leftovers
        for match in pattern.finditer(f.read_text(encoding="utf-8")):
            offenders.append(f"{f.relative_to(REPO)}: {match.group(0).strip()}")
    assert offenders == []


def test_there_is_no_import_cycle():
    edges, seen, stack, cycles = graph(), {}, [], []

    def visit(v: str) -> None:
        seen[v] = "open"
        stack.append(v)
        for w in sorted(edges[v]):
            if seen.get(w) == "open":
                cycles.append(" -> ".join(stack[stack.index(w):] + [w]))
            elif w not in seen:
                visit(w)
        stack.pop()
        seen[v] = "done"

    for v in sorted(edges):
        if v not in seen:
            visit(v)
    assert cycles == []


def test_nothing_imports_upward():
    """queries never reach services; the library never reaches commands or the CLI."""
    wrong = []
    for m, targets in graph().items():
        for t in targets:
            if m.startswith("dualprev.hazards.queries") and t.startswith("dualprev.hazards.services"):
                wrong.append(f"{m} -> {t}")
            if not m.startswith(("dualprev.hazards.commands", "dualprev.cli")) and (
                    t.startswith("dualprev.hazards.commands") or t == "dualprev.cli"):
                if m not in ("dualprev", "dualprev.__main__"):
                    wrong.append(f"{m} -> {t}")
    assert wrong == []


def test_only_the_cli_layer_imports_click():
    users = sorted(m for m, path in MODULES.items()
                   if any(i.split(".")[0] == "click" for i, _n, _t in imports_of(m, path)))
    assert users and all(m == "dualprev.cli" or m.startswith("dualprev.hazards.commands") for m in users), users


def test_command_modules_load_only_click_and_their_options_at_start_up():
    for m, path in MODULES.items():
        if not m.startswith("dualprev.hazards.commands") and m != "dualprev.cli":
            continue
        for imported, names, top in imports_of(m, path):
            if not top or imported.split(".")[0] not in ("dualprev",):
                continue
            assert imported.startswith("dualprev.hazards.commands"), (m, imported, names)


def test_no_private_name_crosses_a_module():
    crossing = [f"{m}: from {imported} import {n}" for m, path in MODULES.items()
                for imported, names, _top in imports_of(m, path) if imported.startswith("dualprev")
                for n in names if n.startswith("_") and n != "__version__"]
    assert crossing == []


def test_every_module_says_what_lives_there():
    silent = [m for m, path in MODULES.items()
              if not ast.get_docstring(ast.parse(path.read_text(encoding="utf-8")))]
    assert silent == []


def test_the_installed_distribution_holds_one_top_level_name():
    """What `pip install .` put into site-packages: ``dualprev`` and its dist-info, nothing else."""
    site = PACKAGE.parent
    if PACKAGE == REPO:
        pytest.skip("an editable install maps dualprev onto the work tree; CI checks a real install")
    [dist] = [d for d in importlib.metadata.distributions(path=[str(site)]) if d.metadata["Name"] == "dualprev"]
    top = {f.parts[0] for f in dist.files if not str(f).startswith("..")}  # ../bin: the console script
    assert {t for t in top if not t.endswith(".dist-info")} == {"dualprev"}
    assert [n for n in (*BARE[:-1], "cli.py") if (site / n).exists()] == []


def test_python_dash_m_runs_the_program():
    done = subprocess.run([sys.executable, "-m", "dualprev", "--version"], capture_output=True, text=True,
                          check=False, cwd=REPO.parent)
    assert done.returncode == 0 and done.stdout.startswith("dualprev, version "), done.stderr


def test_every_package_of_the_tree_is_built():
    """A new folder of modules must be listed in pyproject.toml, or `pip install .` leaves it out."""
    import tomllib

    listed = set(tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))
                 ["tool"]["setuptools"]["packages"])
    tree = {".".join(("dualprev", *d.relative_to(REPO).parts))
            for d in [REPO, *(p.parent for p in REPO.glob("*/**/__init__.py"))]
            if ours(d.relative_to(REPO)) or d.relative_to(REPO).parts[:2] == ("hazards", "migrations")}
    assert tree == listed
