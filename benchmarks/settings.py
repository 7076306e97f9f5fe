"""The benchmark's settings: production's, plus a read-only admin of feedback items.

The admin change list is the issue's "what plain Django gives" reference, so it is served by
the same gunicorn, on the same data, as the pages it is compared with. Nothing outside the
benchmark uses these settings.
"""

from careprog.settings.production import *  # noqa: F403

ROOT_URLCONF = "benchmarks.urls"
