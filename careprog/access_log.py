"""gunicorn's access log, without the secrets some addresses carry.

A survey link's address is its single-use token (feedback's public survey page). gunicorn logs
every request line, and the page's own form is posted back with it as the Referer, so without
this the production log would hold working links. Used with
``gunicorn --logger-class careprog.access_log.RedactingLogger`` (docker-compose.yml).
"""

import re

from gunicorn.glogging import Logger

# /survey/<token>/ keeps its shape, so the log still shows that the page was used.
SECRET_IN_PATH = re.compile(r"(/survey/)[^/?#\s\"]+")
REDACTED = r"\1[redacted]"


def redact(text):
    return SECRET_IN_PATH.sub(REDACTED, text) if isinstance(text, str) else text


class RedactingLogger(Logger):
    def atoms(self, resp, req, environ, request_time):
        atoms = super().atoms(resp, req, environ, request_time)
        # The request line, the path, and every header (the Referer holds the page it came from).
        return {key: redact(value) for key, value in atoms.items()}
