import json
import logging
from pathlib import Path

import pytest

import sessionreplay_tagging

CASES = json.loads((Path(__file__).resolve().parents[2] / "session-id-cases.json").read_text(encoding="utf-8"))


class ListHandler(logging.Handler):
    """Keeps each record's formatted line."""

    def __init__(self, formatter=None):
        super().__init__()
        self.lines = []
        if formatter is not None:
            self.setFormatter(formatter)

    def emit(self, record):
        self.lines.append(self.format(record))


@pytest.fixture
def capture():
    """A logger with a handler that records formatted lines; the filter is added by each test."""
    logger = logging.getLogger("test_app")
    logger.setLevel(logging.DEBUG)
    logger.propagate = False
    handlers = []

    def add(formatter=None, **filter_options):
        handler = ListHandler(formatter or logging.Formatter("%(levelname)s %(message)s"))
        handler.addFilter(sessionreplay_tagging.SessionIdFilter(**filter_options))
        logger.addHandler(handler)
        handlers.append(handler)
        return handler

    yield logger, add
    for handler in handlers:
        logger.removeHandler(handler)
