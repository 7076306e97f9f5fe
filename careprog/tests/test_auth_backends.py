"""The model-permission backend answers exactly as Django's does, in one query."""

import pytest
from django.contrib.auth.backends import ModelBackend as DjangosBackend
from django.contrib.auth.models import Group, Permission
from django.db import connection
from django.test.utils import CaptureQueriesContext

from careprog.auth_backends import ModelBackend
from careprog.roles import Role
from careprog.tests.factories import ClinicalServiceCentreFactory, UserFactory


def permission(codename: str) -> Permission:
    return Permission.objects.get(codename=codename)


@pytest.fixture
def user(db):
    """A user with a permission of their own, one from each of two groups, and one twice."""
    person = UserFactory()
    person.user_permissions.add(permission("view_user"), permission("change_user"))
    first, second = Group.objects.create(name="First"), Group.objects.create(name="Second")
    first.permissions.add(permission("add_user"), permission("change_user"))
    second.permissions.add(permission("view_group"))
    person.groups.add(first, second)
    Group.objects.create(name="Not theirs").permissions.add(permission("delete_user"))
    return person


def fresh(user):
    return type(user).objects.get(pk=user.pk)


def test_the_same_permissions_as_djangos_backend(user):
    ours = ModelBackend().get_all_permissions(fresh(user))
    assert ours == DjangosBackend().get_all_permissions(fresh(user))
    assert ours == {
        "careprog.view_user",
        "careprog.change_user",
        "careprog.add_user",
        "auth.view_group",
    }


def test_read_in_one_query_and_then_remembered(user):
    person = fresh(user)
    with CaptureQueriesContext(connection) as captured:
        assert person.has_perm("careprog.add_user")
        assert not person.has_perm("careprog.delete_user")
    assert len(captured) == 1


@pytest.mark.parametrize("change", ["inactive", "object"])
def test_no_permissions_for_an_inactive_user_or_an_object(user, change):
    person = fresh(user)
    if change == "inactive":
        person.is_active = False
        assert ModelBackend().get_all_permissions(person) == set()
    else:
        assert ModelBackend().get_all_permissions(person, obj=object()) == set()


def test_a_superuser_has_every_permission(user):
    person = fresh(user)
    person.is_superuser = True
    assert "careprog.delete_user" in ModelBackend().get_all_permissions(person)


def test_roles_managed_cscs_and_permissions_are_read_together_in_one_query(db):
    """Every page asks who the user is, which CSCs they manage and what they may do: one query."""
    mine, theirs = ClinicalServiceCentreFactory(), ClinicalServiceCentreFactory()
    manager = UserFactory(role=Role.CSC_MANAGER, cscs=[mine])
    manager.user_permissions.add(permission("view_user"))
    UserFactory(role=Role.PALS_OFFICER, cscs=[theirs])  # another user's role and CSC
    person = fresh(manager)
    with CaptureQueriesContext(connection) as captured:
        assert person.roles == {Role.CSC_MANAGER}
        assert person.managed_csc_ids == {mine.pk}
        assert person.has_perm("careprog.view_user")
        assert not person.has_perm("careprog.delete_user")
    assert len(captured) == 1
    group = Group.objects.get(name=Role.CSC_MANAGER.label)
    assert person.granted_permissions == {"careprog.view_user"} | {
        f"{p.content_type.app_label}.{p.codename}" for p in group.permissions.all()
    }


def test_a_user_with_no_role_csc_or_permission_has_none(db):
    person = fresh(UserFactory())
    assert (person.roles, person.managed_csc_ids, person.granted_permissions) == (
        set(),
        set(),
        set(),
    )


def test_a_superuser_is_an_administrator_without_the_group(db):
    assert fresh(UserFactory(is_superuser=True)).roles == {Role.ADMINISTRATOR}
