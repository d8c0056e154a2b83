import asyncio
import logging

import pytest

from sessionreplay_tagging import AsgiSessionMiddleware, SessionIdFilter, current_session_id


async def app(scope, receive, send):
    if scope["type"] == "lifespan":
        await send({"type": "lifespan.startup.complete", "session": current_session_id()})
        return
    await asyncio.sleep(float(dict(scope["headers"]).get(b"x-delay", b"0")))
    if scope["path"] == "/boom":
        raise LookupError("no such order")
    body = (current_session_id() or "(none)").encode()
    await send({"type": "http.response.start", "status": 200, "headers": []})
    await send({"type": "http.response.body", "body": body})


async def call(middleware, headers, path="/", kind="http"):
    sent = []

    async def receive():
        return {"type": "http.request", "body": b""}

    async def send(message):
        sent.append(message)

    scope = {"type": kind, "method": "GET", "path": path, "headers": [(k.encode(), v.encode()) for k, v in headers]}
    await middleware(scope, receive, send)
    return sent


def test_each_concurrent_request_sees_its_own_id():
    middleware = AsgiSessionMiddleware(app)
    requests = [
        ([("x-session-id", "111"), ("x-delay", "0.06")], "111"),
        ([("openreplaysession.id", "222"), ("x-delay", "0.03")], "222"),
        # Two baggage headers are one list (W3C baggage).
        ([("baggage", "userId=alice"), ("baggage", "session.id=444"), ("x-delay", "0.02")], "444"),
        ([("x-delay", "0.01")], "(none)"),
        ([("x-session-id", "1"), ("x-session-id", "2")], "(none)"),
        ([("x-session-id", "12\u2028")], "(none)"),
    ]

    async def main():
        return await asyncio.gather(*(call(middleware, headers) for headers, _ in requests))

    results = asyncio.run(main())
    assert [sent[-1]["body"].decode() for sent in results] == [expected for _, expected in requests]
    assert current_session_id() is None


def test_other_scopes_pass_through_untouched():
    sent = asyncio.run(call(AsgiSessionMiddleware(app), [("x-session-id", "1")], kind="lifespan"))
    assert sent == [{"type": "lifespan.startup.complete", "session": None}]


def test_an_escaping_exception_is_logged_with_the_session_tag():
    lines = []

    class Keep(logging.Handler):
        def emit(self, record):
            lines.append(self.format(record))

    handler = Keep()
    handler.addFilter(SessionIdFilter(prefix=True))
    logger = logging.getLogger("sessionreplay_tagging")
    logger.addHandler(handler)
    try:
        with pytest.raises(LookupError):
            asyncio.run(call(AsgiSessionMiddleware(app), [("x-session-id", "777")], path="/boom"))
    finally:
        logger.removeHandler(handler)
    assert lines[0].split("\n")[0] == "[openReplaySession.id=777] Unhandled exception in GET /boom"
