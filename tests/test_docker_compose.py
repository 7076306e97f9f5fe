"""docker-compose.yml describes production. No Docker engine runs here, so we parse it."""

from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def compose():
    return yaml.safe_load((ROOT / "docker-compose.yml").read_text())


def command_of(service) -> str:
    command = service["command"]
    return " ".join(command) if isinstance(command, list) else command


class TestDockerCompose:
    def test_has_the_production_services(self, compose):
        assert {"postgres", "redis", "web", "worker", "beat"} <= set(compose["services"])

    @pytest.mark.parametrize(
        ("service", "expected"),
        [
            ("web", "gunicorn careprog.wsgi:application"),
            ("worker", "celery -A careprog worker"),
            ("beat", "celery -A careprog beat"),
            ("migrate", "python manage.py migrate"),
        ],
    )
    def test_service_runs_the_right_command(self, compose, service, expected):
        assert expected in command_of(compose["services"][service])

    @pytest.mark.parametrize("service", ["postgres", "redis", "web", "worker"])
    def test_long_running_services_have_health_checks(self, compose, service):
        assert compose["services"][service]["healthcheck"]["test"]

    def test_database_and_media_are_on_volumes(self, compose):
        assert "pgdata" in compose["volumes"]
        assert "media" in compose["volumes"]
        assert "pgdata:/var/lib/postgresql/data" in compose["services"]["postgres"]["volumes"]
        assert "media:/app/var/media" in compose["services"]["web"]["volumes"]

    @pytest.mark.parametrize("service", ["web", "worker", "beat"])
    def test_app_configuration_comes_from_environment(self, compose, service):
        env = compose["services"][service]["environment"]
        assert env["DJANGO_SETTINGS_MODULE"] == "careprog.settings.production"
        assert env["SECRET_KEY"].startswith("${SECRET_KEY")
        assert env["DATABASE_URL"].startswith("postgres://")
        assert env["REDIS_URL"].startswith("redis://")

    def test_app_waits_for_healthy_services(self, compose):
        depends = compose["services"]["migrate"]["depends_on"]
        assert depends["postgres"]["condition"] == "service_healthy"
        assert depends["redis"]["condition"] == "service_healthy"

    def test_image_is_built_from_the_dockerfile(self, compose):
        assert (ROOT / "Dockerfile").exists()
        assert compose["services"]["web"]["build"] == "."
