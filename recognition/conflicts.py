"""Who has a conflict of interest on a nomination: those who declared one, and, without
declaring, the nominee and whoever made the nomination."""

from recognition.models import Nomination


def is_own(nomination: Nomination, user) -> bool:
    """The user is the nominee, or made the nomination."""
    if nomination.nominated_by_id == user.pk:
        return True
    nominee = nomination.nominee
    if nominee is None:
        return False
    return nominee.pk == user.staff_member_id or (
        bool(user.email) and nominee.email.lower() == user.email.lower()
    )


def is_conflicted(nomination: Nomination, user) -> bool:
    return is_own(nomination, user) or nomination.conflicts.filter(member=user).exists()
