"""The demo register's templates use the reference lists. The checks of the loaded demo are in
demo_checks.py, run by tests/test_demo_data.py (the whole demo is loaded once for every app)."""

from careprog.reference.care_standards import BEHAVIOURS, STANDARDS
from feedback.demo import register as demo
from feedback.reference import PROFESSIONS, SUBJECTS


def test_templates_use_the_reference_lists():
    standards = {f"{number}.{numeral}" for number, numeral, _ in STANDARDS}
    behaviours = [text.lower() for _, text in BEHAVIOURS]
    for templates in demo.TEMPLATES.values():
        for template in templates:
            assert set(template.subjects) <= set(SUBJECTS), template.summary
            assert set(template.professions) <= set(PROFESSIONS), template.summary
            assert set(template.standards) <= standards, template.summary
            for words in template.behaviours:
                assert sum(words.lower() in text for text in behaviours) == 1, words
