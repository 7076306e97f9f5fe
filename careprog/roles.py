"""The roles of the service. Each role is a Django group of the same name; the rules that use
them live in careprog.permissions."""

from django.db import models


class Role(models.TextChoices):
    PALS_OFFICER = "pals_officer", "PALS officer"
    CSC_MANAGER = "csc_manager", "CSC manager"
    BOARD_MEMBER = "board_member", "Board member"
    AWARDS_PANEL_MEMBER = "awards_panel_member", "Awards panel member"
    ADMINISTRATOR = "administrator", "Administrator"


# Model permissions each role's group holds, for Django's admin and stock permission checks.
# Nobody holds "delete_": records are deactivated, never deleted. The one exception is axes'
# count of failed sign-ins, which is not a record of anything: deleting it lifts a lock-out.
ROLE_MODEL_PERMISSIONS: dict[Role, list[str]] = {
    Role.ADMINISTRATOR: [
        # Who opened or downloaded patients' data: read and downloaded, never changed.
        "careprog.view_accessrecord",
        # Failed sign-ins: seen, and deleted to unlock a person before the 30 minutes are up
        # (the admin's own history keeps who did).
        "axes.view_accessattempt",
        "axes.delete_accessattempt",
        "careprog.view_clinicalservicecentre",
        "careprog.add_clinicalservicecentre",
        "careprog.change_clinicalservicecentre",
        "careprog.view_department",
        "careprog.add_department",
        "careprog.change_department",
        "careprog.view_staffmember",
        "careprog.add_staffmember",
        "careprog.change_staffmember",
        "careprog.view_user",
        "careprog.add_user",
        "careprog.change_user",
        "careprog.view_closureday",
        "careprog.add_closureday",
        "careprog.change_closureday",
        "careprog.view_carecriterion",
        "careprog.change_carecriterion",
        "careprog.view_carestandard",
        "careprog.add_carestandard",
        "careprog.change_carestandard",
        "careprog.view_expectedbehaviour",
        "careprog.change_expectedbehaviour",
        "feedback.view_subject",
        "feedback.add_subject",
        "feedback.change_subject",
        "feedback.view_servicearea",
        "feedback.add_servicearea",
        "feedback.change_servicearea",
        "feedback.view_profession",
        "feedback.add_profession",
        "feedback.change_profession",
        "feedback.view_responsetier",
        "feedback.add_responsetier",
        "feedback.change_responsetier",
        "recognition.view_awardround",
        "recognition.add_awardround",
        "recognition.change_awardround",
        "recognition.view_awardcategory",
        "recognition.add_awardcategory",
        "recognition.change_awardcategory",
        "recognition.view_scoringcriterion",
        "recognition.add_scoringcriterion",
        "recognition.change_scoringcriterion",
        "recognition.view_thankyou",
        "recognition.view_nomination",
        # Compliments shared with staff by email: which have not gone yet, and why.
        "feedback.view_complimentemail",
    ],
}


ROLE_GROUP_NAMES = frozenset(role.label for role in Role)


class RoleGroupProtected(Exception):
    """Raised when code tries to delete or rename a role's group."""


def refuse_role_group_delete(sender, instance, **kwargs) -> None:
    """pre_delete of Group: a role's group is never deleted, by the admin, a shell or a bulk
    delete (which sends this for each row), so no one can take roles away wholesale."""
    if instance.name in ROLE_GROUP_NAMES:
        raise RoleGroupProtected(f"The {instance.name} role's group is never deleted.")


def refuse_role_group_rename(sender, instance, **kwargs) -> None:
    """pre_save of Group: a role's group keeps its name, which is how has_role() finds it; a
    renamed one would silently take the role from everyone holding it."""
    if instance.pk is None:
        return
    saved = sender.objects.filter(pk=instance.pk).values_list("name", flat=True).first()
    if saved in ROLE_GROUP_NAMES and saved != instance.name:
        raise RoleGroupProtected(f"The {saved} role's group keeps its name.")


def ensure_role_groups() -> None:
    """Create each role's group and give it its model permissions. Safe to run again."""
    from django.contrib.auth.models import Group, Permission

    for role in Role:
        group, _ = Group.objects.get_or_create(name=role.label)
        wanted = ROLE_MODEL_PERMISSIONS.get(role, [])
        permissions = []
        for dotted in wanted:
            app_label, codename = dotted.split(".")
            permissions.append(
                Permission.objects.get(content_type__app_label=app_label, codename=codename)
            )
        group.permissions.set(permissions)
