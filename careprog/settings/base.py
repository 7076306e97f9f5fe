"""Settings shared by every environment. Every value comes from the environment.

Without DATABASE_URL the app uses a SQLite file under var/; without REDIS_URL, Celery runs
tasks in-process and the cache is local memory. See docs/adr/0002-embedded-default.md.
"""

from datetime import timedelta
from pathlib import Path

import dj_database_url
from celery.schedules import crontab
from csp.constants import NONE, SELF

from careprog.settings.env import env_bool, env_int, env_list, env_str

BASE_DIR = Path(__file__).resolve().parent.parent.parent
VAR_DIR = Path(env_str("CAREPROG_VAR_DIR", str(BASE_DIR / "var")))

DEBUG = env_bool("DEBUG", False)
SECRET_KEY = env_str("SECRET_KEY")
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "localhost,127.0.0.1,[::1]")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "crispy_forms",
    "django_htmx",
    "rules.apps.AutodiscoverRulesConfig",
    "simple_history",
    # Counts failed sign-ins and locks them out (AXES_* below).
    "axes",
    # Sends the Content-Security-Policy header (CONTENT_SECURITY_POLICY below).
    "csp",
    "careprog",
    "feedback",
    "standards",
    "recognition",
    "reports",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # After whitenoise: the policy is for pages; static files answered above never need it.
    "csp.middleware.CSPMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # Every page needs sign-in unless its view is marked @login_not_required.
    "django.contrib.auth.middleware.LoginRequiredMiddleware",
    # Signed out after SESSION_IDLE_MINUTES without a request (runs before the session is saved).
    "careprog.middleware.IdleSessionMiddleware",
    # Shared office PCs: the browser keeps no copy of what a signed-in user was shown.
    "careprog.middleware.NoStoreWhenSignedInMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    # request.htmx: a page answers an htmx request with just the part that changed.
    "django_htmx.middleware.HtmxMiddleware",
    # Signed out meanwhile: an htmx request sends the whole page to sign-in.
    "careprog.middleware.HtmxSignInMiddleware",
    # The working-day calendar's closure days are read once per request.
    "careprog.middleware.OneCalendarReadMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # Records who made each change in the audit trail.
    "simple_history.middleware.HistoryRequestMiddleware",
    # Last, as axes asks: turns a sign-in it refused into the lock-out page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "careprog.urls"
WSGI_APPLICATION = "careprog.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "careprog.navigation.navigation",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.parse(
        env_str("DATABASE_URL", f"sqlite:///{VAR_DIR / 'careprog.sqlite3'}"),
        conn_max_age=env_int("DATABASE_CONN_MAX_AGE", 0),
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # The embedded database has one writer at a time. Write-ahead logging lets pages read while
    # something writes; IMMEDIATE takes the write lock when a transaction starts, so a sign-in
    # waits its turn (up to "timeout" seconds) instead of failing at once with "database is
    # locked" when it upgrades a read to a write (issue 14: a big import, in batches, takes the
    # lock a fraction of a second at a time).
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        transaction_mode="IMMEDIATE",
        timeout=20,
        init_command="PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL",
    )
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "careprog.User"
AUTHENTICATION_BACKENDS = [
    # First, so a locked-out sign-in is refused before any password is checked. The standalone
    # backend, not AxesBackend: that one is also a ModelBackend, and would answer permission
    # questions in two queries ahead of careprog's one-query backend.
    "axes.backends.AxesStandaloneBackend",
    "rules.permissions.ObjectPermissionBackend",
    "careprog.auth_backends.ModelBackend",
]
# Length over complexity, as the NCSC and OWASP ASVS 2.1 ask (docs/adr/0019): at least 12
# characters (three random words pass), common passwords, all-digit ones and ones like the
# person's name or username refused, and no rules about capitals or symbols and no expiry,
# which only push people to Password1!, Password2!... careprog/tests/test_passwords.py.
PASSWORD_MIN_LENGTH = 12
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": PASSWORD_MIN_LENGTH},
    },
    {"NAME": "careprog.passwords.MaximumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
    {
        "NAME": "careprog.passwords.GuessableWordsValidator",
        "OPTIONS": {"min_length": PASSWORD_MIN_LENGTH},
    },
]
# A browser runs only scripts and styles loaded from our own files (docs/adr/0019): a name or
# note that slipped past escaping still could not run as script. So no page holds an inline
# <script>, an on*= handler or a style= attribute (tests/test_no_inline_code.py); NHS.UK
# frontend's start-up and the js-enabled class are files in frontend/.
NHS_FONTS = "https://assets.nhs.uk/fonts/"
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        # data: for the small images NHS.UK frontend's CSS carries inline.
        "img-src": [SELF, "data:"],
        # NHS.UK frontend's CSS loads the Frutiger fonts from the NHS's own font host: they are
        # licensed for NHS services from there, not for copying to ours.
        "font-src": [SELF, NHS_FONTS],
        "connect-src": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
        "base-uri": [SELF],
        "object-src": [NONE],
    }
}

LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

# Failed sign-ins (issue 14; careprog/sign_in_attempts.py, docs/security.md). Counted in the
# database, so it works without Redis and every web process sees the same counts.
AXES_HANDLER = "careprog.sign_in_attempts.SignInAttemptsHandler"
# Counted by username, wherever the tries come from (guessing one account from many
# addresses), and by address, whatever the usernames (one address trying many accounts).
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
AXES_FAILURE_LIMIT = 10
# Higher than a username's: many staff can share one address, and a handful mistyping must not
# lock out everyone behind it.
SIGN_IN_ADDRESS_FAILURE_LIMIT = env_int("SIGN_IN_ADDRESS_FAILURE_LIMIT", 50)
AXES_COOLOFF_TIME = timedelta(minutes=30)
# The count is of failures in a row: signing in clears that username's (never the address's).
AXES_RESET_ON_SUCCESS = True
# The lock-out page says 30 minutes: tries while locked (refused before any password is
# checked, so they guess nothing) do not start the 30 minutes again.
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False
AXES_LOCKOUT_CALLABLE = "careprog.sign_in_attempts.locked_out"
# The same address the survey page counts guesses by (TRUSTED_PROXY_HOPS).
AXES_CLIENT_IP_CALLABLE = "careprog.addresses.client_address"
# Failed sign-ins and lock-outs are logged as warnings (the "axes" logger), with the username
# tried and the address (the password never); a sign-in sets the user's last_login. No table of
# every sign-in and sign-out: it would grow for ever with no retention rule.
AXES_DISABLE_ACCESS_LOG = True
AXES_SENSITIVE_PARAMETERS: list[str] = []

# Signed out after this many minutes without a request: a PC left signed in on a ward or in an
# office shows nothing to the next person. careprog.middleware.IdleSessionMiddleware pushes the
# expiry back as the person works.
SESSION_IDLE_MINUTES = env_int("SESSION_IDLE_MINUTES", 30)
SESSION_COOKIE_AGE = SESSION_IDLE_MINUTES * 60

LANGUAGE_CODE = "en-gb"
TIME_ZONE = "Europe/London"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = Path(env_str("STATIC_ROOT", str(VAR_DIR / "staticfiles")))
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(env_str("MEDIA_ROOT", str(VAR_DIR / "media")))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}

# Redis is optional: with REDIS_URL the cache, the Celery broker and its results use it.
REDIS_URL = env_str("REDIS_URL")
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            # Fail fast when Redis is down, so /healthz answers instead of hanging.
            "OPTIONS": {"socket_connect_timeout": 2, "socket_timeout": 2},
        }
    }
    CELERY_BROKER_URL = env_str("CELERY_BROKER_URL", REDIS_URL)
    CELERY_RESULT_BACKEND = env_str("CELERY_RESULT_BACKEND", REDIS_URL)
    CELERY_TASK_ALWAYS_EAGER = False
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    CELERY_BROKER_URL = "memory://"
    CELERY_RESULT_BACKEND = "cache+memory://"
    # No broker: tasks run in-process, at the moment they are sent.
    CELERY_TASK_ALWAYS_EAGER = True
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TIMEZONE = TIME_ZONE
CELERY_TASK_SERIALIZER = "json"
CELERY_RESULT_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_BEAT_SCHEDULE: dict = {
    # A thank-you card that failed to send is tried again until it goes.
    "resend-unsent-thank-you-cards": {
        "task": "recognition.resend_unsent_cards",
        "schedule": 10 * 60,
    },
    "resend-unsent-certificates": {
        "task": "recognition.resend_unsent_certificates",
        "schedule": 10 * 60,
    },
    "resend-unsent-compliment-emails": {
        "task": "feedback.resend_compliment_emails",
        "schedule": 10 * 60,
    },
    # Every day at 06:00; the task itself builds last month's pack only on the month's first
    # working day, which the trust's calendar (bank holidays, closure days) decides.
    "build-last-months-board-pack": {
        "task": "reports.request_last_months_pack",
        "schedule": crontab(hour=6, minute=0),
    },
    "mark-stalled-board-pack-builds": {
        "task": "reports.mark_stalled_builds",
        "schedule": 5 * 60,
    },
    # Each handler's email of what is due, at 08:00 on weekdays; the task sends nothing on a
    # bank holiday or closure day (the trust's calendar decides), and retries a failed send.
    "send-daily-digests": {
        "task": "feedback.send_daily_digests",
        "schedule": crontab(hour=8, minute=0, day_of_week="mon-fri"),
    },
}

EMAIL_BACKEND = env_str("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
EMAIL_HOST = env_str("EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("EMAIL_PORT", 25)
EMAIL_HOST_USER = env_str("EMAIL_HOST_USER")
EMAIL_HOST_PASSWORD = env_str("EMAIL_HOST_PASSWORD")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "careprog@nhs.invalid")
# A mail server that does not answer must not hold a worker (or a page) for ever.
EMAIL_TIMEOUT = env_int("EMAIL_TIMEOUT", 30)
# Where staff reach the service, for links in emails (no request to take it from in a task).
SITE_URL = env_str("SITE_URL", "http://127.0.0.1:8000").rstrip("/")

CRISPY_ALLOWED_TEMPLATE_PACKS = ("nhsuk",)
CRISPY_TEMPLATE_PACK = "nhsuk"
# Select boxes written in Python: their per-option templates were a third of a list page.
FORM_RENDERER = "careprog.forms.renderer.FormRenderer"

MESSAGE_STORAGE = "django.contrib.messages.storage.session.SessionStorage"
SERVICE_NAME = env_str("SERVICE_NAME", "Customer care programme")
TRUST_NAME = env_str("TRUST_NAME", "Portsmouth Hospitals NHS Trust")
# Each CSC assesses itself against the care standards once a period: a quarter unless the trust
# chooses otherwise (1, 2, 3, 4, 6 or 12 months, counted from 1 April, the NHS financial year).
STANDARDS_PERIOD_MONTHS = env_int("STANDARDS_PERIOD_MONTHS", 3)

# The NHS Complaint Standards (feedback/services): a concern resolved within this many working
# days of receipt counts as resolved early; updates are agreed every N working days (1 to 60).
EARLY_RESOLUTION_WORKING_DAYS = env_int("EARLY_RESOLUTION_WORKING_DAYS", 5)
UPDATE_EVERY_DEFAULT = env_int("UPDATE_EVERY_DEFAULT", 20)
UPDATE_EVERY_MAX = 60
# The survey link sent with a final response works once, for this many days.
SURVEY_LINK_DAYS = env_int("SURVEY_LINK_DAYS", 60)
# How many proxies of the trust's own stand in front of the app (each appends to
# X-Forwarded-For): the survey page limits guesses per visitor address, read from there.
TRUSTED_PROXY_HOPS = env_int("TRUSTED_PROXY_HOPS", 0)

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "INFO")},
    # WeasyPrint and its font subsetting report every step at INFO: noise, not news. So does
    # axes, for every sign-in; its warnings are the failed sign-ins and lock-outs.
    "loggers": {
        "fontTools": {"level": "WARNING"},
        "weasyprint": {"level": "WARNING"},
        "axes": {"level": "WARNING"},
    },
}

# The largest file staff may upload (evidence, case documents). careprog/uploads.py refuses
# anything bigger before reading it; the web server's own body limit must be at least this.
UPLOAD_MAX_BYTES = env_int("UPLOAD_MAX_BYTES", 10 * 1024 * 1024)
