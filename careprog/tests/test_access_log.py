"""The production access log never holds a survey link's token (careprog/access_log.py)."""

import datetime
import io
import logging

from gunicorn.config import Config

from careprog.access_log import RedactingLogger

TOKEN = "q3Vx9-kLm2Zt8wYp0aB7cD4eF6gH1iJ5kL8mN2oP3qR"


class Response:
    status = "200 OK"
    sent = 512
    headers = [("Content-Type", "text/html")]


def logged_line(path: str, referer: str) -> str:
    config = Config()
    config.set("accesslog", "-")
    logger = RedactingLogger(config)
    out = io.StringIO()
    handler = logging.StreamHandler(out)
    logger.access_log.handlers = [handler]
    environ = {
        "REQUEST_METHOD": "POST",
        "RAW_URI": path,
        "PATH_INFO": path,
        "QUERY_STRING": "",
        "SERVER_PROTOCOL": "HTTP/1.1",
        "REMOTE_ADDR": "203.0.113.9",
        "HTTP_REFERER": referer,
    }
    headers = [("REFERER", referer), ("USER-AGENT", "test")]
    logger.access(Response(), headers, environ, datetime.timedelta(seconds=0, microseconds=1500))
    return out.getvalue()


def test_a_survey_token_is_redacted_from_the_request_line_and_the_referer():
    line = logged_line(f"/survey/{TOKEN}/", f"https://careprog.nhs.invalid/survey/{TOKEN}/")
    assert TOKEN not in line
    assert "/survey/[redacted]/" in line
    assert "203.0.113.9" in line


def test_other_addresses_are_logged_as_they_are():
    line = logged_line("/feedback/COMP-2026-00012/", "https://careprog.nhs.invalid/feedback/")
    assert "/feedback/COMP-2026-00012/" in line
    assert "[redacted]" not in line
