"""A check that walks every view module: records a CSC owns are reached only through
``visible_to(user)`` (ADR 0004). A view that reached ``FeedbackItem.objects.get(...)`` directly,
or passed a bare model to ``get_object_or_404``, would show one CSC's records to another."""

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
APPS = ["careprog", "feedback", "standards", "recognition", "reports"]

# Models whose rows belong to a CSC (directly or through their parent).
CSC_OWNED = {
    "ClinicalServiceCentre",
    "Department",
    "FeedbackItem",
    "FeedbackEvent",
    "InvestigationNote",
    "LearningAction",
    "DeadlineChange",
    "FeedbackDocument",
    "ComplaintIssue",
    "ComplaintUpdate",
    "StaffInvolvement",
    "ExperienceSurvey",
    "SurveyInvitation",
    "Assessment",
    "AssessmentLine",
    "Evidence",
    "ImprovementAction",
}


def view_modules() -> list[Path]:
    found = []
    for app in APPS:
        found += sorted((ROOT / app).glob("views.py"))
        found += sorted((ROOT / app).glob("views/*.py"))
    return found


def unscoped_uses(source: str) -> list[str]:
    """Each ``Model.objects`` of a CSC-owned model not followed at once by ``.visible_to(``,
    and each ``get_object_or_404`` given a bare model."""
    tree = ast.parse(source)
    parents = {child: node for node in ast.walk(tree) for child in ast.iter_child_nodes(node)}
    problems = []
    for node in ast.walk(tree):
        if (
            isinstance(node, ast.Attribute)
            and node.attr == "objects"
            and isinstance(node.value, ast.Name)
            and node.value.id in CSC_OWNED
        ):
            parent = parents.get(node)
            if not (isinstance(parent, ast.Attribute) and parent.attr == "visible_to"):
                problems.append(f"line {node.lineno}: {node.value.id}.objects without visible_to")
        if (
            isinstance(node, ast.Call)
            and getattr(node.func, "id", None) == "get_object_or_404"
            and node.args
            and isinstance(node.args[0], ast.Name)
            and node.args[0].id in CSC_OWNED
        ):
            problems.append(f"line {node.lineno}: get_object_or_404({node.args[0].id}, ...)")
    return sorted(problems)


class TestViewsReachRecordsThroughVisibleTo:
    @pytest.mark.parametrize("module", view_modules(), ids=lambda p: str(p.relative_to(ROOT)))
    def test_no_view_reaches_a_csc_owned_model_unscoped(self, module):
        assert unscoped_uses(module.read_text()) == []

    def test_the_check_finds_the_view_modules(self):
        names = {str(p.relative_to(ROOT)) for p in view_modules()}
        assert {"feedback/views/register.py", "standards/views/common.py"} <= names

    def test_the_check_catches_a_direct_read(self):
        source = (
            "from django.shortcuts import get_object_or_404\n"
            "def page(request, pk):\n"
            "    a = Assessment.objects.get(pk=pk)\n"
            "    b = get_object_or_404(Evidence, pk=pk)\n"
            "    c = Assessment.objects.visible_to(request.user).get(pk=pk)\n"
            "    d = CareStandard.objects.all()\n"
        )
        assert unscoped_uses(source) == [
            "line 3: Assessment.objects without visible_to",
            "line 4: get_object_or_404(Evidence, ...)",
        ]
