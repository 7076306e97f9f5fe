"""Django's model-permission backend, reading a user's permissions in one query instead of two,
and refusing the demo accounts' public password outside the embedded demo.

Nearly every page asks a permission question that the rules backend answers "no" to (the
navigation checks each section a user might not have), and Django then asks this backend,
which loads the user's own permissions and their groups' permissions: two queries on every
page. Here both come from the one query that also reads the user's roles and managed CSCs
(User._read_access), with the same result and the same per-request cache.
"""

from django.contrib.auth import backends
from django.core.exceptions import PermissionDenied

from careprog.demo import demo_password_refused


class ModelBackend(backends.ModelBackend):
    def authenticate(self, request, username=None, password=None, **kwargs):
        # Every sign-in (the service's, the admin's, client.login) comes through here, and
        # gunicorn runs no system checks: this is what keeps a database made by `make demo`
        # from opening to its public password once DEBUG is off. PermissionDenied, not None,
        # so no later backend is asked either.
        if demo_password_refused(password):
            raise PermissionDenied
        return super().authenticate(request, username, password, **kwargs)

    def get_all_permissions(self, user_obj, obj=None):
        if not user_obj.is_active or user_obj.is_anonymous or obj is not None:
            return set()
        if user_obj.is_superuser:
            return super().get_all_permissions(user_obj, obj)
        if not hasattr(user_obj, "_perm_cache"):
            # Read with the user's roles and managed CSCs, in the one query careprog.models.
            # users.User._read_access makes for all three.
            user_obj._perm_cache = set(user_obj.granted_permissions)
        return user_obj._perm_cache
