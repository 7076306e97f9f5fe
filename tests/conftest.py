"""Fixtures for the cross-app tests."""

import pytest
from django.test import override_settings

from tests.permissions_clients import signed_in_sessions
from tests.permissions_world import build_world
from tests.records_for_the_module import records_for_the_module


def matrix_records():
    built = build_world()
    built.sessions = signed_in_sessions(built)
    return built


@pytest.fixture(scope="module")
def matrix_world(django_db_setup, django_db_blocker, tmp_path_factory):
    """The permissions matrix's records, made once per test module."""
    media = override_settings(MEDIA_ROOT=tmp_path_factory.mktemp("matrix-media"))
    with media, records_for_the_module(django_db_blocker, matrix_records) as built:
        yield built
