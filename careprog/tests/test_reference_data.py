"""Reference and demo data load, and loading twice changes nothing."""

import pytest
from django.core.management import CommandError, call_command
from django.test import override_settings

from careprog.models import ClinicalServiceCentre, Department, StaffMember, User
from careprog.reference.loaders import DEMO_PASSWORD, DEMO_USERS, load_demo_data
from careprog.reference.organisation import CLINICAL_SERVICE_CENTRES
from careprog.roles import Role


def snapshot():
    return {
        "cscs": ClinicalServiceCentre.objects.count(),
        "departments": Department.objects.count(),
        "staff": StaffMember.objects.count(),
        "users": User.objects.count(),
        "history": ClinicalServiceCentre.history.count()
        + Department.history.count()
        + StaffMember.history.count(),
    }


@pytest.fixture
def loaded(db):
    # The core's own loaders: the apps' demo data is checked in tests/test_demo_data.py.
    call_command("load_reference_data")
    load_demo_data()


class TestReferenceData:
    def test_loads_the_trusts_cscs(self, loaded):
        assert ClinicalServiceCentre.objects.count() == len(CLINICAL_SERVICE_CENTRES) >= 9
        assert Department.objects.filter(csc__code="em").exists()

    def test_loading_twice_changes_nothing(self, loaded):
        before = snapshot()
        call_command("load_reference_data")
        load_demo_data()
        assert snapshot() == before

    def test_every_role_has_a_demo_sign_in(self, loaded):
        for username, *_ in DEMO_USERS:
            assert User.objects.get(username=username).check_password(DEMO_PASSWORD)
        roles = {next(iter(User.objects.get(username=u).roles)) for u, *_ in DEMO_USERS}
        assert roles == set(Role)

    def test_demo_csc_manager_manages_their_cscs(self, loaded):
        manager = User.objects.get(username="manager.medicine")
        assert set(manager.managed_cscs.values_list("code", flat=True)) == {"med", "medel"}

    def test_demo_data_refused_without_debug(self, db):
        with override_settings(DEBUG=False), pytest.raises(CommandError, match="DEBUG"):
            call_command("load_demo_data")
