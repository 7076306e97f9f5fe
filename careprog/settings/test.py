"""Settings for the test suite: fast password hashing, mail kept in memory."""

from careprog.settings.base import *  # noqa: F403
from careprog.settings.env import env_str

DEBUG = False
SECRET_KEY = env_str("SECRET_KEY", "test-only-secret-key-not-for-use-anywhere-else")
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
# Mail is kept in memory for the tests to read. The real-worker test runs its worker in
# another process, which writes mail to files instead (TEST_EMAIL_FILE_PATH).
EMAIL_FILE_PATH = env_str("TEST_EMAIL_FILE_PATH")
EMAIL_BACKEND = (
    "django.core.mail.backends.filebased.EmailBackend"
    if EMAIL_FILE_PATH
    else "django.core.mail.backends.locmem.EmailBackend"
)
MEDIA_ROOT = VAR_DIR / "test-media"  # noqa: F405

# Serve static files straight from static/ (built by `make assets`) without collectstatic.
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True

# Tasks run in the test process so tests see their effects (emails, events) at once. The real
# broker and worker are tested on their own: tests/test_celery_worker.py turns this off.
CELERY_TASK_ALWAYS_EAGER = True
