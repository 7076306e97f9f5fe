"""/healthz reports the database, cache and broker: 200 when all are up, 503 when one is down.
Only an administrator is told which parts, and the database vendor and broker mode; anyone else
gets the status alone (issue 14).

The broker-down test starts its own redis-server, checks it is reported up, then stops it:
a real outage, not a mock.
"""

import shutil
import socket
import subprocess
import time

import pytest
from django.test import override_settings
from django.urls import reverse

from careprog.celery import app as celery_app


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture
def private_redis():
    """A throwaway redis-server on a free port, stopped by the test when it wants an outage."""
    binary = shutil.which("redis-server")
    if binary is None:
        pytest.skip("redis-server is not installed: apt-get install -y redis-server")
    port = free_port()
    process = subprocess.Popen(
        [binary, "--port", str(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"],
        stdout=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
            break
        except OSError:
            time.sleep(0.05)
    yield process, f"redis://127.0.0.1:{port}/0"
    process.kill()
    process.wait()


@pytest.fixture
def using_redis(private_redis, monkeypatch):
    """Point the cache and the Celery broker at the private Redis, as production does."""
    process, url = private_redis
    monkeypatch.setitem(celery_app.conf, "broker_url", url)
    monkeypatch.setitem(celery_app.conf, "broker_write_url", url)
    cache = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": url,
            "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 1},
        }
    }
    with override_settings(CACHES=cache):
        yield process


NAMES = ["database", "cache", "broker", "sqlite", "postgresql", "in-process", "memory"]


class TestHealthz:
    def test_all_parts_up_answers_200(self, client, administrator):
        client.force_login(administrator)
        response = client.get(reverse("healthz"))
        body = response.json()
        assert response.status_code == 200
        assert body["status"] == "up"
        assert body["down"] == []
        assert set(body["checks"]) == {"database", "cache", "broker"}

    def test_redis_up_then_stopped_answers_503_naming_broker(
        self, client, administrator, using_redis
    ):
        client.force_login(administrator)
        response = client.get(reverse("healthz"))
        assert response.status_code == 200, response.json()
        assert response.json()["checks"]["broker"]["mode"] == "broker"

        using_redis.kill()
        using_redis.wait()

        response = client.get(reverse("healthz"))
        body = response.json()
        assert response.status_code == 503
        assert body["status"] == "down"
        assert "broker" in body["down"]
        assert "cache" in body["down"]
        assert body["checks"]["database"]["status"] == "up"

    def test_failure_does_not_leak_connection_details(self, client, administrator, using_redis):
        client.force_login(administrator)
        using_redis.kill()
        using_redis.wait()
        text = client.get(reverse("healthz")).text
        assert "127.0.0.1" not in text
        assert "redis://" not in text


class TestHealthzForEveryoneElse:
    """Load balancers and monitors ask anonymously: the status is all they need, and naming the
    database vendor or broker mode to anyone on the network helps only an attacker."""

    def test_anonymous_gets_the_status_alone(self, client, db):
        response = client.get(reverse("healthz"))
        assert response.status_code == 200
        assert response.json() == {"status": "up"}
        assert not any(name in response.text for name in NAMES)

    def test_anonymous_still_gets_503_naming_nothing_when_a_part_is_down(
        self, client, db, using_redis
    ):
        using_redis.kill()
        using_redis.wait()
        response = client.get(reverse("healthz"))
        assert response.status_code == 503
        assert response.json() == {"status": "down"}
        assert not any(name in response.text for name in NAMES)

    def test_a_pals_officer_gets_the_status_alone(self, client, pals_officer):
        client.force_login(pals_officer)
        response = client.get(reverse("healthz"))
        assert response.status_code == 200
        assert response.json() == {"status": "up"}

    def test_a_user_without_a_role_gets_the_status_alone(self, client, no_role_user):
        client.force_login(no_role_user)
        assert client.get(reverse("healthz")).json() == {"status": "up"}

    def test_the_answer_is_never_cached(self, client, db):
        assert "no-store" in client.get(reverse("healthz"))["Cache-Control"]
