"""Development settings: DEBUG on, a development-only secret key when none is given."""

from careprog.settings.base import *  # noqa: F403
from careprog.settings.env import env_bool, env_str

DEBUG = env_bool("DEBUG", True)
# A fixed key is only acceptable for development; production.py refuses to start without one.
SECRET_KEY = env_str("SECRET_KEY") or ("django-insecure-development-only-key" if DEBUG else "")
if not SECRET_KEY:
    from django.core.exceptions import ImproperlyConfigured

    raise ImproperlyConfigured("SECRET_KEY must be set when DEBUG is off.")

# Serve static files straight from static/ (built by `make assets`) without collectstatic.
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
