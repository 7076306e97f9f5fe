"""Settings for the test suite: fast password hashing, mail kept in memory."""

from urllib.parse import urlsplit, urlunsplit

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

# With Redis, each pytest-xdist worker keeps its cache in a Redis database of its own (2 to 15;
# CI's broker uses 1). The survey page's tests empty the cache before each test, since its
# attempt counter lives there, and one worker's emptying reset the counter of a test running
# on another at the same moment (CI failed so, twice in 5,000 tests). The worker's environment
# variable is set before settings load, and Celery workers the tests start inherit it.
if REDIS_URL:  # noqa: F405
    _worker = int(env_str("PYTEST_XDIST_WORKER", "gw0").removeprefix("gw") or 0)
    _redis = urlsplit(REDIS_URL)  # noqa: F405
    CACHES["default"]["LOCATION"] = urlunsplit(_redis._replace(path=f"/{2 + _worker % 14}"))  # noqa: F405
