import pytest
from conftest import CASES

from sessionreplay_tagging import session_id_from_headers, valid_session_id


@pytest.mark.parametrize("raw", CASES["accepted"])
def test_accepts_the_shared_cases(raw):
    assert valid_session_id(raw) == raw.strip()


@pytest.mark.parametrize("raw", CASES["refused"])
def test_refuses_the_shared_cases(raw):
    assert valid_session_id(raw) is None


@pytest.mark.parametrize("raw", CASES["custom"]["accepted"])
def test_accepts_with_a_configured_pattern(raw):
    assert valid_session_id(raw, CASES["custom"]["pattern"]) == raw


@pytest.mark.parametrize("raw", CASES["custom"]["refused"])
def test_refuses_with_a_configured_pattern(raw):
    assert valid_session_id(raw, CASES["custom"]["pattern"]) is None


def test_keeps_the_length_bound_and_log_safe_characters_whatever_the_pattern():
    assert valid_session_id("a" * 129, ".*") is None
    assert valid_session_id("a" * 128, ".*") == "a" * 128
    assert valid_session_id("abcdef", ".*", max_length=5) is None
    for unsafe in ("a]b", "a\nb", 'a"b', "a=b", "é"):
        assert valid_session_id(unsafe, ".*") is None
    assert valid_session_id(12345) is None


@pytest.mark.parametrize(
    "headers, names, expected",
    [
        ({"X-Session-Id": "123"}, None, "123"),
        ({"openreplaysession.id": "456"}, None, "456"),
        ({"x-session-id": "bad id", "openReplaySession.id": "456"}, None, None),
        ({"X-Replay": "789"}, ["x-replay"], "789"),
        ({}, None, None),
    ],
)
def test_reads_the_first_configured_header(headers, names, expected):
    args = (headers,) if names is None else (headers, names)
    assert session_id_from_headers(*args) == expected
