"""Power comes only from roles: the admin lets no one raise their own role, grant superuser
without being one, or delete or rename a role's group (issue 14)."""

import pytest
from django.contrib.auth.models import Group, Permission
from django.db import transaction
from django.urls import reverse

from careprog.admin_stale_edits import SEEN_VERSION, version_of
from careprog.models import User
from careprog.roles import Role, RoleGroupProtected, ensure_role_groups
from careprog.tests.factories import UserFactory


def role_group(role: Role) -> Group:
    ensure_role_groups()
    return Group.objects.get(name=role.label)


def user_form(user: User, **changes) -> dict:
    """What the admin's change form posts for ``user`` as it stands, with ``changes``."""
    data = {
        "username": user.username,
        "first_name": user.first_name,
        "last_name": user.last_name,
        "email": user.email,
        "is_active": "on" if user.is_active else "",
        "is_staff": "on" if user.is_staff else "",
        "groups": [group.pk for group in user.groups.all()],
        "managed_cscs": [csc.pk for csc in user.managed_cscs.all()],
        "staff_member": "",
        "date_joined_0": user.date_joined.strftime("%Y-%m-%d"),
        "date_joined_1": user.date_joined.strftime("%H:%M:%S"),
        "last_login_0": "",
        "last_login_1": "",
        # The version the change page showed (careprog.admin_stale_edits).
        SEEN_VERSION: version_of(user),
    }
    data.update(changes)
    return {key: value for key, value in data.items() if value != ""}


def change_url(user: User) -> str:
    return reverse("admin:careprog_user_change", args=[user.pk])


def fresh(user: User) -> User:
    return User.objects.get(pk=user.pk)


@pytest.fixture
def signed_in_administrator(client, administrator):
    client.force_login(administrator)
    return administrator


@pytest.fixture
def superuser(db):
    return UserFactory(is_superuser=True, is_staff=True)


class TestAdministratorsOwnAccount:
    def test_is_not_offered_superuser_or_permissions_of_its_own(
        self, client, signed_in_administrator
    ):
        form = client.get(change_url(signed_in_administrator)).context["adminform"].form
        assert "is_superuser" not in form.fields
        assert "user_permissions" not in form.fields
        assert "groups" not in form.fields

    def test_ticking_superuser_on_own_account_is_ignored(self, client, signed_in_administrator):
        data = user_form(signed_in_administrator, is_superuser="on")
        response = client.post(change_url(signed_in_administrator), data)
        assert response.status_code == 302
        assert not fresh(signed_in_administrator).is_superuser

    def test_granting_itself_a_permission_is_ignored(self, client, signed_in_administrator):
        delete_group = Permission.objects.get(codename="delete_group")
        data = user_form(signed_in_administrator, user_permissions=[delete_group.pk])
        assert client.post(change_url(signed_in_administrator), data).status_code == 302
        assert not fresh(signed_in_administrator).user_permissions.exists()

    def test_adding_itself_to_another_role_is_ignored(self, client, signed_in_administrator):
        groups = [role_group(Role.ADMINISTRATOR).pk, role_group(Role.PALS_OFFICER).pk]
        data = user_form(signed_in_administrator, groups=groups)
        assert client.post(change_url(signed_in_administrator), data).status_code == 302
        assert fresh(signed_in_administrator).roles == {Role.ADMINISTRATOR}

    def test_a_superuser_cannot_change_its_own_roles_either(self, client, superuser):
        client.force_login(superuser)
        data = user_form(superuser, groups=[role_group(Role.PALS_OFFICER).pk], is_superuser="on")
        assert client.post(change_url(superuser), data).status_code == 302
        assert not fresh(superuser).groups.exists()


class TestAdministratorOnOthers:
    def test_cannot_make_another_user_a_superuser(self, client, signed_in_administrator):
        other = UserFactory(role=Role.PALS_OFFICER)
        response = client.post(change_url(other), user_form(other, is_superuser="on"))
        assert response.status_code == 302
        assert not fresh(other).is_superuser

    def test_cannot_grant_another_user_a_permission(self, client, signed_in_administrator):
        other = UserFactory(role=Role.PALS_OFFICER)
        delete_group = Permission.objects.get(codename="delete_group")
        data = user_form(other, user_permissions=[delete_group.pk])
        assert client.post(change_url(other), data).status_code == 302
        assert not fresh(other).user_permissions.exists()

    def test_cannot_change_a_superusers_account_or_password(
        self, client, signed_in_administrator, superuser
    ):
        # Setting a superuser's password would let an administrator sign in as one.
        response = client.post(change_url(superuser), user_form(superuser, is_active=""))
        assert response.status_code == 403
        password_url = reverse("admin:auth_user_password_change", args=[superuser.pk])
        response = client.post(
            password_url,
            {"password1": "a-new-long-password-1", "password2": "a-new-long-password-1"},
        )
        assert response.status_code == 403
        assert fresh(superuser).is_active
        assert client.get(change_url(superuser)).status_code == 200  # still read

    def test_gives_another_user_the_pals_officer_role(self, client, signed_in_administrator):
        other = UserFactory()
        response = client.post(
            change_url(other), user_form(other, groups=[role_group(Role.PALS_OFFICER).pk])
        )
        assert response.status_code == 302
        assert fresh(other).roles == {Role.PALS_OFFICER}

    def test_adds_a_user(self, client, signed_in_administrator):
        password = "a-new-long-password-1"
        response = client.post(
            reverse("admin:careprog_user_add"),
            {
                "username": "new.officer",
                "usable_password": "true",
                "password1": password,
                "password2": password,
            },
        )
        assert response.status_code == 302
        assert not User.objects.get(username="new.officer").is_superuser

    def test_deactivates_another_user(self, client, signed_in_administrator):
        other = UserFactory(role=Role.PALS_OFFICER)
        response = client.post(change_url(other), user_form(other, is_active=""))
        assert response.status_code == 302
        assert not fresh(other).is_active


class TestBreakGlassSuperuser:
    def test_may_still_make_another_user_a_superuser(self, client, superuser):
        client.force_login(superuser)
        other = UserFactory(role=Role.ADMINISTRATOR)
        response = client.post(change_url(other), user_form(other, is_superuser="on"))
        assert response.status_code == 302
        assert fresh(other).is_superuser


class TestRevertingHistory:
    """simple_history's revert saves the whole old version, fields the form leaves out among
    them (recognition's tests show a read-only record refused too)."""

    def revert_url(self, user, version):
        return reverse("admin:careprog_user_simple_history", args=[user.pk, version.history_id])

    def test_an_account_is_never_reverted_to_when_it_was_a_superuser(
        self, client, signed_in_administrator
    ):
        # Once a superuser (break-glass), since made an administrator like any other.
        account = signed_in_administrator
        account.is_superuser = True
        account.save()
        superuser_version = account.history.latest()
        account.is_superuser = False
        account.save()
        response = client.post(self.revert_url(account, superuser_version), user_form(account))
        assert response.status_code == 403
        assert not fresh(account).is_superuser

    def test_a_record_an_administrator_may_change_is_still_reverted(
        self, client, signed_in_administrator, medicine
    ):
        first = medicine.history.latest()
        medicine.name = "Medicine and Acute Care"
        medicine.save()
        url = reverse(
            "admin:careprog_clinicalservicecentre_simple_history",
            args=[medicine.pk, first.history_id],
        )
        response = client.post(url, {"code": "med", "name": first.name, "active": "on"})
        assert response.status_code == 302
        medicine.refresh_from_db()
        assert medicine.name == "Medicine"


class TestRoleGroupsInTheAdmin:
    @pytest.mark.parametrize("who", ["administrator", "superuser"])
    def test_deleting_a_role_group_is_refused(self, client, administrator, superuser, who):
        client.force_login(administrator if who == "administrator" else superuser)
        group = role_group(Role.PALS_OFFICER)
        url = reverse("admin:auth_group_delete", args=[group.pk])
        assert client.post(url, {"post": "yes"}).status_code == 403
        assert Group.objects.filter(pk=group.pk).exists()

    def test_renaming_a_role_group_is_ignored(self, client, superuser):
        client.force_login(superuser)
        group = role_group(Role.ADMINISTRATOR)
        url = reverse("admin:auth_group_change", args=[group.pk])
        client.post(url, {"name": "Renamed", "permissions": []})
        group.refresh_from_db()
        assert group.name == Role.ADMINISTRATOR.label
        assert group.permissions.exists()

    def test_an_administrator_is_not_offered_group_permissions(
        self, client, signed_in_administrator
    ):
        # Even were the role one day allowed to change groups, it could not grant permissions.
        administrators = role_group(Role.ADMINISTRATOR)
        for codename in ["view_group", "change_group"]:
            administrators.permissions.add(Permission.objects.get(codename=codename))
        other = Group.objects.create(name="Not a role")
        url = reverse("admin:auth_group_change", args=[other.pk])
        assert "permissions" not in client.get(url).context["adminform"].form.fields
        delete_group = Permission.objects.get(codename="delete_group")
        client.post(url, {"name": "Not a role", "permissions": [delete_group.pk]})
        assert not other.permissions.exists()


class TestRoleGroupsAnywhere:
    # The refusal comes inside the delete's transaction, which it spoils: each is wrapped in
    # one of its own so the test can read the database afterwards.
    def test_deleting_a_role_group_is_refused(self, administrator):
        with pytest.raises(RoleGroupProtected), transaction.atomic():
            role_group(Role.PALS_OFFICER).delete()
        assert Group.objects.filter(name=Role.PALS_OFFICER.label).exists()

    def test_deleting_role_groups_in_bulk_is_refused(self, administrator):
        with pytest.raises(RoleGroupProtected), transaction.atomic():
            Group.objects.all().delete()
        assert Group.objects.filter(name=Role.ADMINISTRATOR.label).exists()

    def test_renaming_a_role_group_is_refused(self, administrator):
        group = role_group(Role.BOARD_MEMBER)
        group.name = "Renamed"
        with pytest.raises(RoleGroupProtected):
            group.save()
        assert Group.objects.filter(name=Role.BOARD_MEMBER.label).exists()

    def test_another_group_may_still_be_renamed_and_deleted(self, db):
        group = Group.objects.create(name="Stray")
        group.name = "Still stray"
        group.save()
        group.delete()
        assert not Group.objects.filter(name__startswith="St").exists()
