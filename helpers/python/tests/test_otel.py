import asyncio
import logging
import subprocess
import sys
import textwrap
from wsgiref.util import setup_testing_defaults

from opentelemetry.instrumentation.logging.handler import LoggingHandler
from opentelemetry.sdk._logs import LoggerProvider
from opentelemetry.sdk._logs.export import InMemoryLogRecordExporter, SimpleLogRecordProcessor
from opentelemetry.sdk.trace import TracerProvider
from opentelemetry.sdk.trace.export import SimpleSpanProcessor
from opentelemetry.sdk.trace.export.in_memory_span_exporter import InMemorySpanExporter
from opentelemetry.trace import SpanKind

from sessionreplay_tagging import (
    AsgiSessionMiddleware,
    OtelSessionIdFilter,
    SessionIdFilter,
    WsgiSessionMiddleware,
    current_session_id,
    session_context,
)


def tracing():
    """A tracer and its exported spans: the SDK without the global provider (it can be set once only)."""
    spans = InMemorySpanExporter()
    provider = TracerProvider()
    provider.add_span_processor(SimpleSpanProcessor(spans))
    return provider.get_tracer("test-server"), spans


def app(environ, start_response):
    start_response("200 OK", [("Content-Type", "text/plain")])
    return [(current_session_id() or "(none)").encode()]


def test_the_wsgi_middleware_sets_session_id_on_the_request_s_server_span():
    tracer, spans = tracing()
    middleware = WsgiSessionMiddleware(app)

    def traced(environ, start_response):
        # As OpenTelemetry's WSGI middleware does: a server span is active around the application.
        with tracer.start_as_current_span("GET " + environ["PATH_INFO"], kind=SpanKind.SERVER):
            return middleware(environ, start_response)

    answers = []
    for path, headers in [
        ("/header", {"HTTP_X_SESSION_ID": "111"}),
        ("/baggage", {"HTTP_BAGGAGE": "userId=alice,session.id=222"}),
        ("/none", {}),
        ("/refused", {"HTTP_X_SESSION_ID": "12]\t[x=1"}),
    ]:
        environ = {"PATH_INFO": path, **headers}
        setup_testing_defaults(environ)
        answers.append(b"".join(traced(environ, lambda *args: None)).decode())
    assert answers == ["111", "222", "(none)", "(none)"]
    assert {span.name: span.attributes.get("session.id") for span in spans.get_finished_spans()} == {
        "GET /header": "111",
        "GET /baggage": "222",
        "GET /none": None,
        "GET /refused": None,
    }


def test_the_asgi_middleware_sets_it_on_each_concurrent_request_s_span():
    tracer, spans = tracing()

    async def asgi_app(scope, receive, send):
        await asyncio.sleep(float(dict(scope["headers"]).get(b"x-delay", b"0")))
        await send({"type": "http.response.body", "body": (current_session_id() or "(none)").encode()})

    middleware = AsgiSessionMiddleware(asgi_app)

    async def request(name, headers):
        sent = []

        async def send(message):
            sent.append(message)

        scope = {"type": "http", "method": "GET", "path": "/", "headers": headers}
        with tracer.start_as_current_span(name, kind=SpanKind.SERVER):
            await middleware(scope, None, send)
        return sent[-1]["body"].decode()

    async def main():
        return await asyncio.gather(
            request("slow", [(b"x-session-id", b"111"), (b"x-delay", b"0.05")]),
            request("fast", [(b"baggage", b"session.id=222")]),
        )

    assert asyncio.run(main()) == ["111", "222"]
    assert {span.name: span.attributes.get("session.id") for span in spans.get_finished_spans()} == {
        "slow": "111",
        "fast": "222",
    }


def test_records_through_the_opentelemetry_logging_handler_carry_session_id():
    exported = InMemoryLogRecordExporter()
    provider = LoggerProvider()
    provider.add_log_record_processor(SimpleLogRecordProcessor(exported))
    handler = LoggingHandler(logger_provider=provider)
    handler.addFilter(OtelSessionIdFilter())
    logger = logging.getLogger("test_otel_app")
    logger.propagate = False
    logger.addHandler(handler)
    try:
        with session_context("7368123456789012345"):
            logger.error("payment failed")
            logger.error("own value", extra={"session.id": "set-by-app"})
        logger.error("outside a session")
    finally:
        logger.removeHandler(handler)
        provider.shutdown()
    records = [(r.log_record.body, dict(r.log_record.attributes)) for r in exported.get_finished_logs()]
    assert [(body, attributes.get("session.id")) for body, attributes in records] == [
        ("payment failed", "7368123456789012345"),
        ("own value", "set-by-app"),
        ("outside a session", None),
    ]
    # Only the OpenTelemetry attribute: none of SessionIdFilter's format-string fields.
    assert "session_id" not in records[0][1] and "session_tag" not in records[0][1]


def test_a_record_queued_from_its_session_keeps_the_id_sessionidfilter_gave_it():
    record = logging.LogRecord("queued", logging.ERROR, __file__, 1, "late", None, None)
    with session_context("42"):
        SessionIdFilter().filter(record)
    OtelSessionIdFilter().filter(record)
    assert vars(record)["session.id"] == "42"


def test_without_opentelemetry_installed_nothing_breaks():
    code = textwrap.dedent(
        """
        import json, logging, sys
        from wsgiref.util import setup_testing_defaults
        # As if OpenTelemetry were not installed: importing it raises ImportError.
        sys.modules["opentelemetry"] = None
        try:
            import opentelemetry.trace
        except ImportError:
            pass
        else:
            raise SystemExit("opentelemetry is still importable")
        from sessionreplay_tagging import OtelSessionIdFilter, WsgiSessionMiddleware, current_session_id

        def app(environ, start_response):
            start_response("200 OK", [])
            record = logging.LogRecord("app", logging.ERROR, "app.py", 1, "failed", None, None)
            OtelSessionIdFilter().filter(record)
            return [json.dumps([current_session_id(), vars(record).get("session.id")]).encode()]

        seen = []
        for headers in ({"HTTP_X_SESSION_ID": "111"}, {"HTTP_BAGGAGE": "session.id=222"}, {}):
            environ = dict(headers)
            setup_testing_defaults(environ)
            seen.append(json.loads(b"".join(WsgiSessionMiddleware(app)(environ, lambda *a: None))))
        print(json.dumps(seen))
        """
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert result.stderr == ""
    assert result.returncode == 0
    assert result.stdout.strip() == '[["111", "111"], ["222", "222"], [null, null]]'
