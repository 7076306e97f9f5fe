"""The model-permission backend answers exactly as Django's does, in one query."""

import pytest
from django.contrib.auth.backends import ModelBackend as DjangosBackend
from django.contrib.auth.models import Group, Permission
from django.db import connection
from django.test.utils import CaptureQueriesContext

from careprog.auth_backends import ModelBackend
from careprog.tests.factories import UserFactory


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
