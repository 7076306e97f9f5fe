"""System checks. gunicorn runs none, so a rule checked here must also hold at run time on its
own; these say what is wrong before a deployment goes live."""

from django.conf import settings
from django.core.checks import Error, Tags, register
from django.db import DatabaseError
from django.db.models import Q


# A deployment check (`check --deploy`), not one every command runs: `make test` runs
# makemigrations under the test settings (DEBUG off) against the database `make run` filled
# with demo accounts, and must not fail for it.
@register(Tags.security, deploy=True)
def check_demo_passwords(app_configs, **kwargs):
    """Outside the embedded demo, an active demo account still holding the public password is
    an error. Sign-in refuses the password already (careprog.auth_backends); this says so before
    the service goes live, so the accounts are dealt with instead of found by a person locked
    out."""
    if settings.DEBUG:
        return []
    from django.contrib.auth.hashers import check_password

    from careprog.demo import DEMO_EMAIL_DOMAIN, DEMO_PASSWORD
    from careprog.models import User
    from careprog.reference.loaders import DEMO_USERS

    # Only the accounts `make demo` makes are tried (its usernames at its email domain, so a
    # real "admin" is not): each try is a deliberately slow hash (PBKDF2, most of a second),
    # too slow to run over every account at each command. Sign-in refuses the password for any
    # account whatever its name.
    demo_made = Q(
        username__in=[username for username, *_ in DEMO_USERS],
        email__iendswith=f"@{DEMO_EMAIL_DOMAIN}",
    )
    try:
        candidates = list(
            User.objects.filter(demo_made, is_active=True).values_list("username", "password")
        )
    except DatabaseError:
        # No tables yet (before the first migrate): there is no account to check.
        return []
    # No setter: a check never rewrites a stored hash.
    found = sorted(name for name, encoded in candidates if check_password(DEMO_PASSWORD, encoded))
    if not found:
        return []
    return [
        Error(
            f"Active accounts still have the public demo password while DEBUG is off: "
            f"{', '.join(found)}.",
            hint="Set each its own password (manage.py changepassword USERNAME) or deactivate "
            "it. Sign-in refuses the demo password until then.",
            id="careprog.E001",
        )
    ]
