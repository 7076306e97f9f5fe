"""Fixtures for the standards tests (registered in the root conftest.py)."""

import pytest

from careprog.tests.factories import StaffMemberFactory
from standards.tests.factories import few_standards, make_assessment


@pytest.fixture
def three_standards(db):
    return few_standards(3)


@pytest.fixture
def owner(medicine):
    return StaffMemberFactory(csc=medicine, name="Zara Reid", job_title="Ward Sister")


@pytest.fixture
def assessment(medicine, medicine_manager, three_standards):
    """Medicine's assessment for this period, just started (three standards, none rated)."""
    return make_assessment(csc=medicine, by=medicine_manager)


@pytest.fixture
def evidence_storage(settings, tmp_path):
    """Uploaded files go to a temporary MEDIA_ROOT, never into the repository."""
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT
