"""Reading the admin's change pages as a browser would, for tests that post them back."""

import re

from careprog.admin_stale_edits import SEEN_VERSION


def seen_version(page) -> str:
    """The version a change page showed (careprog.admin_stale_edits), to post back with it."""
    found = re.search(rf'name="{SEEN_VERSION}" value="([\d-]*)"', page.content.decode())
    assert found, "the change form carries the version it showed"
    return found.group(1)
