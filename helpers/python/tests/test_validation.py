import pytest
from conftest import CASES

from sessionreplay_tagging import baggage_value, parse_baggage, session_id_from_headers, valid_session_id


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


UUID = "0192f0c1-5f6e-7c3a-9d2b-3e4f5a6b7c8d"


@pytest.mark.parametrize(
    "headers, options, expected",
    [
        ({"X-Session-Id": "123"}, {}, "123"),
        ({"openreplaysession.id": "456"}, {}, "456"),
        # The first valid id wins: a refused value does not hide a valid one in another header.
        ({"x-session-id": "bad id", "openReplaySession.id": "456"}, {}, "456"),
        ({"x-session-id": "1", "openReplaySession.id": "2"}, {}, "1"),
        ({"X-Replay": "789"}, {"names": ["x-replay"]}, "789"),
        ({"X-Session-Id": "123"}, {"names": ["x-replay"], "baggage_keys": []}, None),
        # PostHog's header, with its UUIDs allowed by the pattern.
        ({"X-POSTHOG-SESSION-ID": UUID}, {"pattern": "[0-9a-f-]{36}"}, UUID),
        ({"X-POSTHOG-SESSION-ID": UUID}, {}, None),
        # W3C baggage: OpenTelemetry's session.id, then Sentry's replay id, after the headers.
        ({"baggage": "userId=alice, session.id=7368123456789012345"}, {}, "7368123456789012345"),
        (
            {"baggage": "sentry-trace_id=771a43a4192642f0b136d5159a501700,sentry-replay_id=bfd31b89a59d41c99d96dc2baf840ecd"},
            {"pattern": "[0-9a-f]{32}"},
            "bfd31b89a59d41c99d96dc2baf840ecd",
        ),
        ({"X-Session-Id": "111", "baggage": "session.id=222"}, {}, "111"),
        ({"X-POSTHOG-SESSION-ID": UUID, "baggage": "session.id=222"}, {}, "222"),
        ({"baggage": "session.id=222"}, {"baggage_keys": []}, None),
        ({"baggage": "session.id=1,session.id=2"}, {}, None),
        # Percent-decoding cannot smuggle what a header could not carry.
        ({"baggage": "session.id=12%0A%5BopenReplaySession.id%3D99%5D"}, {}, None),
        ({}, {}, None),
    ],
)
def test_reads_the_first_valid_header_then_baggage(headers, options, expected):
    assert session_id_from_headers(headers, **options) == expected


# The rules are W3C Baggage's (w3c/baggage, baggage/HTTP_HEADER_FORMAT.md).
def test_parse_baggage_reads_the_spec_examples():
    assert parse_baggage("key1=value1;property1;property2, key2 = value2, key3=value3; propertyKey=propertyValue") == [
        ("key1", "value1"),
        ("key2", "value2"),
        ("key3", "value3"),
    ]
    assert parse_baggage("userId =   alice, serverNode = DF%2028, isProduction = false") == [
        ("userId", "alice"),
        ("serverNode", "DF 28"),
        ("isProduction", "false"),
    ]
    assert parse_baggage("token=a=b==") == [("token", "a=b==")]


def test_parse_baggage_skips_members_that_are_not_valid():
    assert parse_baggage('a b=1,ok=1,no-equals,q="x",bad=%E0%A4,sp=x y,=v,,last=2') == [("ok", "1"), ("last", "2")]


@pytest.mark.parametrize(
    "header, key, expected",
    [
        ("session.id=123", "session.id", "123"),
        ("userId=alice, session.id = 123;source=web", "session.id", "123"),
        ("session.id=%31%32", "session.id", "12"),
        ("session.id=5, session.id=5", "session.id", "5"),
        ("session.id=5,session.id=6", "session.id", None),
        ("Session.Id=5", "session.id", None),
        ("userId=alice", "session.id", None),
    ],
)
def test_baggage_value(header, key, expected):
    assert baggage_value(header, key) == expected
