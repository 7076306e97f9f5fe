"""Settings come from the environment; production passes `check --deploy` with real values."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
PRODUCTION_ENV = {
    "DJANGO_SETTINGS_MODULE": "careprog.settings.production",
    "SECRET_KEY": "a-long-random-production-secret-" + "x" * 40,
    "ALLOWED_HOSTS": "careprog.trust.nhs.uk",
    "DATABASE_URL": "sqlite:////tmp/careprog-deploy-check.sqlite3",
}


def manage(*args, env):
    # The browser tests set DJANGO_ALLOW_ASYNC_UNSAFE in this process; a deployment must not.
    dropped = {"SECRET_KEY", "DEBUG", "DJANGO_ALLOW_ASYNC_UNSAFE"}
    clean = {k: v for k, v in os.environ.items() if k not in dropped}
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env={**clean, **env},
        capture_output=True,
        text=True,
        check=False,
    )


class TestProductionSettings:
    def test_check_deploy_passes_without_warnings(self):
        result = manage("check", "--deploy", "--fail-level", "WARNING", env=PRODUCTION_ENV)
        assert result.returncode == 0, result.stderr + result.stdout
        assert "System check identified no issues" in result.stdout

    def test_check_deploy_names_no_check_it_silenced(self):
        # "no issues" must not come from silencing them (SILENCED_SYSTEM_CHECKS).
        result = manage("check", "--deploy", env=PRODUCTION_ENV)
        assert "(0 silenced)" in result.stdout

    def test_the_content_security_policy_runs_only_our_own_files(self):
        # Production inherits the policy of docs/adr/0019; nothing there may loosen it.
        directives = "CONTENT_SECURITY_POLICY['DIRECTIVES']"
        script, style = production_settings(
            f"{directives}['script-src']", f"{directives}['style-src']"
        )
        assert script == style == "[\"'self'\"]"
        assert "csp.middleware.CSPMiddleware" in " ".join(production_settings("MIDDLEWARE"))

    def test_refuses_to_start_without_secret_key(self):
        env = {k: v for k, v in PRODUCTION_ENV.items() if k != "SECRET_KEY"}
        result = manage("check", env=env)
        assert result.returncode != 0
        assert "SECRET_KEY must be set" in result.stderr


def production_settings(*expressions: str, **env: str) -> list[str]:
    """Values of the production settings, read in a fresh process with ``env`` added."""
    code = "import django; django.setup(); from django.conf import settings; " + "; ".join(
        f"print(settings.{expression})" for expression in expressions
    )
    result = subprocess.run(
        [sys.executable, "-c", code],
        cwd=ROOT,
        env={**_without(os.environ, "SESSION_IDLE_MINUTES"), **PRODUCTION_ENV, **env},
        capture_output=True,
        text=True,
        check=True,
    )
    return result.stdout.split()


def _without(environ, *names: str) -> dict[str, str]:
    dropped = {"SECRET_KEY", "DEBUG", "DJANGO_ALLOW_ASYNC_UNSAFE", *names}
    return {k: v for k, v in environ.items() if k not in dropped}


class TestProductionSessions:
    """Issue 14: cookies the browser sends only over HTTPS and scripts cannot read, and a
    session left idle on a shared PC signed out."""

    def test_session_and_csrf_cookies_are_secure_and_http_only(self):
        flags = ["SESSION_COOKIE_SECURE", "SESSION_COOKIE_HTTPONLY"]
        flags += ["CSRF_COOKIE_SECURE", "CSRF_COOKIE_HTTPONLY"]
        assert production_settings(*flags) == ["True"] * len(flags)

    def test_an_idle_session_ends_after_30_minutes_unless_configured(self):
        assert production_settings("SESSION_COOKIE_AGE") == ["1800"]
        assert production_settings("SESSION_COOKIE_AGE", SESSION_IDLE_MINUTES="15") == ["900"]


def production_check(secret_key: str):
    return manage("check", env={**PRODUCTION_ENV, "SECRET_KEY": secret_key})


# Five different characters, as few as Django's rule allows.
FIVE_CHARACTERS = "abcde"


class TestProductionSecretKey:
    """Production refuses any key `check --deploy` would warn about (security.W009): a weak key
    lets anyone who guesses it forge sessions and password-reset links (issue 14)."""

    def test_accepts_exactly_50_characters_of_5_different_ones(self):
        key = FIVE_CHARACTERS * 10
        assert len(key) == 50
        result = production_check(key)
        assert result.returncode == 0, result.stderr

    @pytest.mark.parametrize(
        "key",
        [
            (FIVE_CHARACTERS * 10)[:49],
            "abcd" * 20,  # four different characters, however long
            "django-insecure-" + "k3y-0f-a-d3v3l0pm3nt-pr0j3ct-n0t-f0r-us3-1n-pr0d",
        ],
        ids=["49-characters", "4-different-characters", "django-insecure-prefix"],
    )
    def test_refuses_a_key_check_deploy_would_call_weak(self, key):
        result = production_check(key)
        assert result.returncode != 0
        assert "SECRET_KEY is too weak" in result.stderr

    def test_the_refusal_does_not_print_the_key(self):
        key = "abcd" * 20
        result = production_check(key)
        assert key not in result.stderr + result.stdout


class TestLocalSettings:
    def test_debug_off_without_secret_key_is_refused(self):
        result = manage(
            "check", env={"DJANGO_SETTINGS_MODULE": "careprog.settings.local", "DEBUG": "false"}
        )
        assert result.returncode != 0
        assert "SECRET_KEY must be set" in result.stderr

    def test_without_database_url_uses_sqlite_under_var(self):
        name = local_setting("DATABASES['default']['NAME']", unset={"DATABASE_URL", "REDIS_URL"})
        assert name.endswith("var/careprog.sqlite3")

    def test_without_redis_tasks_run_in_process(self):
        assert local_setting("CELERY_TASK_ALWAYS_EAGER", unset={"REDIS_URL"}) == "True"
        backend = local_setting("CACHES['default']['BACKEND']", unset={"REDIS_URL"})
        assert backend == "django.core.cache.backends.locmem.LocMemCache"


def local_setting(expression: str, *, unset: set[str]) -> str:
    """A value of the development settings, read in a fresh process without ``unset``."""
    env = {k: v for k, v in os.environ.items() if k not in unset}
    env["DJANGO_SETTINGS_MODULE"] = "careprog.settings.local"
    code = (
        "import django; django.setup(); from django.conf import settings; "
        f"print(settings.{expression})"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True, check=True
    )
    return result.stdout.strip()
