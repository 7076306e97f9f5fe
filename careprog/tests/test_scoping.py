"""visible_to(user): the one entry point every later app uses to scope records by CSC."""

import pytest

from careprog.models import ClinicalServiceCentre, Department
from careprog.roles import Role
from careprog.tests.factories import DepartmentFactory, UserFactory


@pytest.fixture
def wards(medicine, surgery):
    return DepartmentFactory(csc=medicine, name="Ward A"), DepartmentFactory(
        csc=surgery, name="Ward B"
    )


class TestVisibleTo:
    def test_csc_manager_sees_departments_of_their_csc_only(self, medicine_manager, wards):
        names = set(Department.objects.visible_to(medicine_manager).values_list("name", flat=True))
        assert names == {"Ward A"}

    def test_manager_of_two_cscs_sees_both(self, medicine, surgery, wards):
        user = UserFactory(role=Role.CSC_MANAGER, cscs=[medicine, surgery])
        assert Department.objects.visible_to(user).count() == 2

    def test_pals_officer_sees_every_csc(self, pals_officer, wards):
        assert Department.objects.visible_to(pals_officer).count() == 2

    @pytest.mark.parametrize("role", [Role.BOARD_MEMBER, Role.AWARDS_PANEL_MEMBER, None], ids=str)
    def test_roles_outside_care_see_nothing(self, role, wards):
        user = UserFactory(role=role)
        assert not Department.objects.visible_to(user).exists()
        assert not ClinicalServiceCentre.objects.visible_to(user).exists()

    def test_manager_with_no_csc_sees_nothing(self, wards):
        user = UserFactory(role=Role.CSC_MANAGER)
        assert not Department.objects.visible_to(user).exists()

    def test_anonymous_user_sees_nothing(self, wards):
        from django.contrib.auth.models import AnonymousUser

        assert not Department.objects.visible_to(AnonymousUser()).exists()
