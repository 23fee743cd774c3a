"""The package layout's import direction: a module imports only from its own layer or a lower one.

Lazy imports inside functions count: they are dependencies too, only deferred.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]

# Lowest first. Records, errors, the catalogue, the registry/protocol and the policy depend on
# nothing above them; rule checks and readers sit on them; model runtimes and aligners on those;
# then reports, orchestration and the command line. Training is off to the side: it may use
# anything below the command line, and nothing in the runtime imports it.
LAYERS: dict[str, int] = {
    "__init__": 0, "cachefiles": 0, "types": 0, "errors": 0, "evidence": 0, "codes": 0, "config": 0, "scoring": 0,
    "flags": 0, "lang": 0,
    "checks": 1, "io": 1, "segment": 1,
    "models": 2, "align": 2,
    "report": 3, "baseline": 3,
    "pipeline": 4, "pipeline_jobs": 4, "bench": 4, "benchreport": 4,
    "cli": 5, "__main__": 5, "api": 5,
    "training": 4,
}


def layer_of(module: str) -> tuple[str, int]:
    top = module.split(".")[1] if "." in module else "__init__"
    assert top in LAYERS, f"mtqa.{top} has no layer in tests/test_layers.py: add it"
    return top, LAYERS[top]


def imports(path: Path) -> set[str]:
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.add(node.module)
            if node.module == "mtqa":  # `from mtqa import scoring` names a module; `__version__` does not
                found.update(f"mtqa.{a.name}" for a in node.names if (ROOT / "mtqa" / a.name).exists()
                             or (ROOT / "mtqa" / f"{a.name}.py").exists())
        elif isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
    return {m for m in found if m == "mtqa" or m.startswith("mtqa.")}


MODULES = sorted(ROOT.joinpath("mtqa").rglob("*.py"))


def module_name(path: Path) -> str:
    parts = path.relative_to(ROOT).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


@pytest.mark.parametrize("path", MODULES, ids=lambda p: str(p.relative_to(ROOT)))
def test_imports_point_down(path: Path) -> None:
    name = module_name(path)
    own, level = layer_of(name)
    for target in imports(path):
        if target == "mtqa":
            continue
        if name == "mtqa" and target == "mtqa.api":
            # The package re-exports its public API (mtqa.check, mtqa.score); mtqa.api imports only
            # records at module level and the pipeline inside its functions, so no cycle arises.
            continue
        other, other_level = layer_of(target)
        assert other != "training" or own == "training", f"{name} imports {target}: the runtime must not need training code"
        assert other_level <= level, f"{name} (layer {own}) imports {target} (layer {other}, higher)"


def test_rule_checks_never_import_a_model() -> None:
    for path in ROOT.joinpath("mtqa", "checks").rglob("*.py"):
        assert not any(t.startswith("mtqa.models") for t in imports(path)), path
