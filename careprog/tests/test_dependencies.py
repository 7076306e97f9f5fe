"""Dependencies point one way: domain apps use the core, standards reads feedback, reports read
everything, and nothing imports reports (ADR 0007, 0008). A test walks every module's imports,
so a cycle cannot creep in unnoticed."""

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
APPS = ["careprog", "feedback", "standards", "recognition", "reports"]

# What each app's code (tests included) may import, besides itself.
MAY_IMPORT = {
    "careprog": set(),
    "feedback": {"careprog"},
    "standards": {"careprog", "feedback"},
    "recognition": {"careprog", "feedback"},
    "reports": {"careprog", "feedback", "standards", "recognition"},
}


def imported_apps(path: Path) -> set[str]:
    tree = ast.parse(path.read_text())
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module)
    return {name.split(".")[0] for name in names} & set(APPS)


def modules(app: str) -> list[Path]:
    return [p for p in sorted((ROOT / app).rglob("*.py")) if "migrations" not in p.parts]


class TestDependencyDirection:
    @pytest.mark.parametrize("app", APPS)
    def test_an_app_imports_only_what_it_may(self, app):
        wrong = {
            str(path.relative_to(ROOT)): sorted(imported_apps(path) - MAY_IMPORT[app] - {app})
            for path in modules(app)
        }
        assert {path: apps for path, apps in wrong.items() if apps} == {}

    def test_the_check_reads_imports(self, tmp_path):
        sample = tmp_path / "sample.py"
        sample.write_text("from standards.models import Assessment\nimport reports.views\n")
        assert imported_apps(sample) == {"standards", "reports"}
