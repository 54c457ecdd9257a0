"""The stages of ``incidex.extract`` import one another in one direction only (no cycles)."""

from __future__ import annotations

import ast
from pathlib import Path

import incidex.extract

ROOT = Path(incidex.extract.__file__).parent
# each stage may import the stages before it (and the top modules), never one after it
ORDER = ["dates", "layout", "casualties", "places", "actors", "taxonomy", "triggers", "roles"]
TOP = {
    "base", "budget", "components", "doc_index", "intervals", "nlp", "pipeline", "rules",
    "sentences",
}  # fmt: skip
COMPOSERS = {"pipeline", "rules"}  # they read every stage


def _imported_stages(path: Path) -> set[str]:
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        names: list[str] = []
        if isinstance(node, ast.ImportFrom) and node.module:
            names = [node.module] + [f"{node.module}.{a.name}" for a in node.names]
        elif isinstance(node, ast.Import):
            names = [a.name for a in node.names]
        for name in names:
            parts = name.split(".")
            if parts[:2] == ["incidex", "extract"] and len(parts) > 2:
                found.add(parts[2])
    return found


def test_every_module_belongs_to_a_stage_or_the_top() -> None:
    for path in ROOT.glob("*.py"):
        assert path.stem in TOP | {"__init__"}, path.name
    for path in ROOT.iterdir():
        if path.is_dir() and path.name != "__pycache__":
            assert path.name in ORDER, path.name
            assert (path / "__init__.py").is_file(), path.name


def test_stages_import_only_earlier_stages() -> None:
    for rank, stage in enumerate(ORDER):
        allowed = set(ORDER[: rank + 1]) | TOP - COMPOSERS
        for path in (ROOT / stage).glob("*.py"):
            used = _imported_stages(path)
            assert used <= allowed, f"{stage}/{path.name} imports {sorted(used - allowed)}"


def test_top_modules_import_no_stage_but_the_pipeline() -> None:
    for name in TOP - COMPOSERS:
        assert _imported_stages(ROOT / f"{name}.py") <= TOP - COMPOSERS, name


def test_packages_below_the_extractor_do_not_import_it() -> None:
    src = ROOT.parent
    for package in ("text", "geo", "kb", "fuse", "store"):
        for path in (src / package).rglob("*.py"):
            tree = ast.parse(path.read_text(encoding="utf-8"))
            for node in ast.walk(tree):
                if isinstance(node, ast.ImportFrom) and node.module:
                    assert not node.module.startswith("incidex.extract"), path
                elif isinstance(node, ast.Import):
                    assert not any(a.name.startswith("incidex.extract") for a in node.names), path
