"""Fixtures shared by every app's tests."""

import shutil

import pytest
from django.conf import settings

from careprog.roles import Role
from careprog.tests.factories import ClinicalServiceCentreFactory, UserFactory

# Each app's shared fixtures, beside the role fixtures below.
pytest_plugins = ["standards.tests.fixtures"]


@pytest.fixture(autouse=True, scope="session")
def _test_media(worker_id):
    """Files the tests upload (demo evidence, say) go under var/test-media, in a folder of each
    test process's own when they run in parallel; removed when the run ends so they do not
    pile up, and never removed from under another process."""
    if worker_id != "master":
        settings.MEDIA_ROOT = settings.MEDIA_ROOT / worker_id
    yield
    if "test-media" in settings.MEDIA_ROOT.parts:
        shutil.rmtree(settings.MEDIA_ROOT, ignore_errors=True)


@pytest.fixture
def medicine(db):
    return ClinicalServiceCentreFactory(code="med", name="Medicine")


@pytest.fixture
def surgery(db):
    return ClinicalServiceCentreFactory(code="surg", name="Surgery")


@pytest.fixture
def pals_officer(db):
    return UserFactory(role=Role.PALS_OFFICER)


@pytest.fixture
def medicine_manager(medicine):
    return UserFactory(role=Role.CSC_MANAGER, cscs=[medicine])


@pytest.fixture
def board_member(db):
    return UserFactory(role=Role.BOARD_MEMBER)


@pytest.fixture
def panel_member(db):
    return UserFactory(role=Role.AWARDS_PANEL_MEMBER)


@pytest.fixture
def administrator(db):
    return UserFactory(role=Role.ADMINISTRATOR)


@pytest.fixture
def no_role_user(db):
    return UserFactory()


@pytest.fixture
def user_with_role(db, medicine):
    """Make a signed-in-able user for any role (CSC managers manage Medicine)."""

    def make(role: Role | None):
        if role == Role.CSC_MANAGER:
            return UserFactory(role=role, cscs=[medicine])
        return UserFactory(role=role)

    return make
