"""A signed-in client for each column of the permissions matrix, without signing in per test."""

from django.conf import settings
from django.test import Client

from tests.permissions_world import World


def signed_in_sessions(world: World) -> dict[str, str]:
    """A session for each signed-in column, made once: signing in for each of a thousand tests
    would cost more than the requests. A test that signs out deletes its session only until
    its transaction is rolled back."""
    sessions = {}
    for column, user in world.users.items():
        if user is not None:
            client = Client()
            client.force_login(user)  # axes needs a request for client.login()
            sessions[column] = client.cookies[settings.SESSION_COOKIE_NAME].value
    return sessions


def client_for(world: World, column: str, **options) -> Client:
    """A client signed in as the column's user (anonymous: not signed in)."""
    client = Client(**options)
    if column in world.sessions:
        client.cookies[settings.SESSION_COOKIE_NAME] = world.sessions[column]
    return client
