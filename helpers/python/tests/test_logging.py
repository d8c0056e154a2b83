import json
import logging

from sessionreplay_tagging import JsonFormatter, current_session_id, session_context, tag_message


def test_tag_message_only_inside_a_session():
    with session_context("123"):
        assert tag_message("checkout failed") == "[openReplaySession.id=123] checkout failed"
    assert tag_message("checkout failed") == "checkout failed"
    assert current_session_id() is None


def test_prefixes_error_lines_once_however_many_handlers(capture):
    logger, add = capture
    first = add(prefix=True)
    second = add(prefix=True)
    with session_context("7368123456789012345"):
        logger.error("payment failed for order %s", "A-1")
        logger.warning("slow answer")
    logger.error("outside a session")
    expected = [
        "ERROR [openReplaySession.id=7368123456789012345] payment failed for order A-1",
        "WARNING slow answer",
        "ERROR outside a session",
    ]
    assert first.lines == expected
    assert second.lines == expected


def test_prefix_level_and_format_string_field(capture):
    logger, add = capture
    handler = add(logging.Formatter("%(session_tag)s%(levelname)s %(message)s"), prefix=False)
    warn = add(prefix=True, prefix_level=logging.WARNING)
    with session_context("42"):
        logger.warning("retrying")
    logger.info("done")
    assert handler.lines == ["[openReplaySession.id=42] WARNING retrying", "INFO done"]
    assert warn.lines == ["WARNING [openReplaySession.id=42] retrying", "INFO done"]


def test_the_tag_leads_a_traceback(capture):
    logger, add = capture
    handler = add(prefix=True)
    with session_context("42"):
        try:
            {}["total"]
        except KeyError:
            logger.exception("order failed")
    lines = handler.lines[0].split("\n")
    assert lines[0] == "ERROR [openReplaySession.id=42] order failed"
    assert lines[1] == "Traceback (most recent call last):"
    assert lines[-1] == "KeyError: 'total'"


def test_json_lines_with_the_field_names_the_plugin_reads(capture):
    logger, add = capture
    handler = add(JsonFormatter(service="billing"))
    with session_context("7368123456789012345"):
        try:
            raise ValueError("amount must be positive")
        except ValueError:
            logger.exception("refund failed")
    logger.warning("no session")
    first, second = (json.loads(line) for line in handler.lines)
    assert first["message"] == "refund failed"
    assert first["log"] == {"level": "error", "logger": "test_app"}
    assert first["service"] == {"name": "billing"}
    assert first["session"] == {"id": "7368123456789012345"}
    assert first["error"]["type"] == "ValueError"
    assert first["error"]["message"] == "amount must be positive"
    assert first["error"]["stack_trace"].startswith("Traceback (most recent call last):")
    assert first["@timestamp"].endswith("+00:00")
    assert "session" not in second and second["log"]["level"] == "warning"
