"""Tag backend logs with the session-replay session id, for the Session Replay Errors data source.

The browser sends the replay session id in a request header or in W3C baggage. WSGI and ASGI
middleware read it, validate it and keep it in a context variable for the rest of the request;
``SessionIdFilter`` puts it on every log record (``record.session_id``), as a
``[openReplaySession.id=<id>]`` prefix on error lines when asked, and ``JsonFormatter`` writes it as
the ``session.id`` field. Standard library only; where OpenTelemetry is installed (the ``otel``
extra), the request's active span gets ``session.id``, and ``OtelSessionIdFilter`` puts it on the
records an OpenTelemetry logging handler exports.
"""

from __future__ import annotations

import contextvars
import functools
import json
import logging
import re
import sys
import threading
import traceback
from contextlib import contextmanager
from datetime import datetime, timezone
from types import ModuleType
from typing import Any, Callable, Iterable, Iterator, List, Mapping, Optional, Pattern, Sequence, Tuple, Union
from urllib.parse import unquote

__all__ = [
    "DEFAULT_BAGGAGE_KEYS",
    "DEFAULT_HEADERS",
    "SESSION_ID_ATTRIBUTE",
    "SESSION_TAG",
    "AsgiSessionMiddleware",
    "JsonFormatter",
    "OtelSessionIdFilter",
    "SessionIdFilter",
    "WsgiSessionMiddleware",
    "baggage_value",
    "current_session_id",
    "parse_baggage",
    "session_context",
    "session_id_from_headers",
    "tag_message",
    "tag_uncaught_exceptions",
    "valid_session_id",
]

#: Headers read by default, in order: the helpers' own, OpenReplay's current one and PostHog's.
DEFAULT_HEADERS: Sequence[str] = ("X-Session-Id", "openReplaySession.id", "X-POSTHOG-SESSION-ID")
#: W3C baggage keys read after the headers: OpenTelemetry's ``session.id`` and Sentry's replay id.
DEFAULT_BAGGAGE_KEYS: Sequence[str] = ("session.id", "sentry-replay_id")
#: OpenTelemetry's semantic-convention attribute for the session.
SESSION_ID_ATTRIBUTE = "session.id"
#: The message tag the data source (and OpenReplay's own integration) finds in a line.
SESSION_TAG = "openReplaySession.id"

_DEFAULT_PATTERN = re.compile(r"[0-9]{1,20}")
# Whatever the pattern: nothing that can break out of a log line, a tag or a JSON field.
_LOG_SAFE = re.compile(r"[A-Za-z0-9._:-]+")
_MAX_LENGTH = 128

_session_id: contextvars.ContextVar[Optional[str]] = contextvars.ContextVar("session_replay_id", default=None)
_logger = logging.getLogger("sessionreplay_tagging")

PatternLike = Union[str, Pattern[str], None]


def _compiled(pattern: PatternLike) -> Pattern[str]:
    if pattern is None:
        return _DEFAULT_PATTERN
    return re.compile(pattern) if isinstance(pattern, str) else pattern


def valid_session_id(raw: object, pattern: PatternLike = None, max_length: int = _MAX_LENGTH) -> Optional[str]:
    """The session id if ``raw`` is one, else None.

    Blanks (spaces, tabs) around it are dropped; the whole id must match ``pattern`` (digits, at
    most 20, by default: OpenReplay's ids), be at most ``max_length`` (128 at most) long, and hold
    only letters, digits and ``._:-``: never a newline, a bracket or an ``=``.
    """
    if not isinstance(raw, str):
        return None
    session_id = raw.strip(" \t")
    if not session_id or len(session_id) > min(max_length, _MAX_LENGTH):
        return None
    if not _LOG_SAFE.fullmatch(session_id) or not session_id.isascii():
        return None
    return session_id if _compiled(pattern).fullmatch(session_id) else None


# W3C Baggage (w3c/baggage, baggage/HTTP_HEADER_FORMAT.md): RFC 7230 tokens as keys, values of
# baggage-octets (US-ASCII without CTLs, whitespace, DQUOTE, comma, semicolon and backslash),
# percent-encoded UTF-8, blanks around both trimmed.
_TOKEN = re.compile(r"[!#$%&'*+.^_`|~0-9A-Za-z-]+")
_BAGGAGE_VALUE = re.compile(r"[\x21\x23-\x2B\x2D-\x3A\x3C-\x5B\x5D-\x7E]*")
_OWS = " \t"


def parse_baggage(header: str) -> List[Tuple[str, str]]:
    """The valid ``(key, value)`` list members of a ``baggage`` header, values percent-decoded.

    Several headers joined with commas are one list. Members that are not valid are skipped, as the
    spec allows a receiver to remove them.
    """
    entries: List[Tuple[str, str]] = []
    for raw in header.split(","):
        pair = raw.split(";", 1)[0]
        key, equals, encoded = pair.partition("=")
        key, encoded = key.strip(_OWS), encoded.strip(_OWS)
        if not equals or not _TOKEN.fullmatch(key) or not _BAGGAGE_VALUE.fullmatch(encoded):
            continue
        try:
            entries.append((key, unquote(encoded, errors="strict")))
        except UnicodeDecodeError:
            continue  # Broken percent-encoding: not a valid member.
    return entries


def baggage_value(header: str, key: str) -> Optional[str]:
    """The value of ``key`` in a baggage header; None when absent or ambiguous (different values)."""
    values = {value for member, value in parse_baggage(header) if member == key}
    return values.pop() if len(values) == 1 else None


def _first_session_id(
    values: Callable[[str], Optional[List[str]]],
    names: Sequence[str],
    baggage_keys: Sequence[str],
    pattern: PatternLike,
) -> Optional[str]:
    """The first valid id of the headers ``names``, then of the baggage keys.

    ``values(name)`` gives a header's values (None when absent). A request may carry several tools'
    ids (PostHog's UUID beside OpenReplay's digits): one the pattern refuses does not hide a valid
    one; a repeated header is ambiguous and refused rather than guessed.
    """
    for name in names:
        found = values(name)
        if found is not None and len(found) == 1:
            session_id = valid_session_id(found[0], pattern)
            if session_id is not None:
                return session_id
    baggage = values("baggage")
    if baggage:
        header = ",".join(baggage)
        for key in baggage_keys:
            session_id = valid_session_id(baggage_value(header, key), pattern)
            if session_id is not None:
                return session_id
    return None


def session_id_from_headers(
    headers: Mapping[str, str],
    names: Sequence[str] = DEFAULT_HEADERS,
    pattern: PatternLike = None,
    baggage_keys: Sequence[str] = DEFAULT_BAGGAGE_KEYS,
) -> Optional[str]:
    """The first valid id of ``names`` in ``headers`` (case-insensitive), then of the baggage keys."""
    lowered = {key.lower(): value for key, value in headers.items()}

    def values(name: str) -> Optional[List[str]]:
        value = lowered.get(name.lower())
        return None if value is None else [value]

    return _first_session_id(values, names, baggage_keys, pattern)


def current_session_id() -> Optional[str]:
    """The session id of the request being handled, or None."""
    return _session_id.get()


@functools.lru_cache(maxsize=None)
def _otel_trace() -> Optional[ModuleType]:
    """``opentelemetry.trace`` where OpenTelemetry is installed (the ``otel`` extra), else None."""
    try:
        from opentelemetry import trace
    except ImportError:
        return None
    return trace


def _tag_active_span(session_id: str) -> None:
    """``session.id`` on the active span: the server span an OpenTelemetry middleware started."""
    trace = _otel_trace()
    if trace is not None:
        span = trace.get_current_span()
        if span.is_recording():
            span.set_attribute(SESSION_ID_ATTRIBUTE, session_id)


@contextmanager
def session_context(session_id: Optional[str]) -> Iterator[None]:
    """Makes ``session_id`` current inside the block (for workers, jobs and tests).

    With OpenTelemetry installed, the span active on entering gets ``session.id``.
    """
    if session_id is not None:
        _tag_active_span(session_id)
    token = _session_id.set(session_id)
    try:
        yield
    except BaseException as error:
        # The block's context ends before an uncaught-exception hook runs: the error keeps its id.
        if session_id is not None and getattr(error, "session_replay_id", None) is None:
            try:
                error.session_replay_id = session_id  # type: ignore[attr-defined]
            except AttributeError:
                pass
        raise
    finally:
        _session_id.reset(token)


def tag_message(message: str, session_id: Optional[str] = None) -> str:
    """``[openReplaySession.id=<id>] message`` for the given or current session; the message unchanged without one."""
    session_id = session_id if session_id is not None else current_session_id()
    return message if session_id is None else f"[{SESSION_TAG}={session_id}] {message}"


class SessionIdFilter(logging.Filter):
    """Puts the current session id on every record as ``record.session_id`` (None without one).

    With ``prefix=True``, records at ``prefix_level`` (ERROR by default) or above also get the
    ``[openReplaySession.id=<id>]`` tag in front of their message, once, however many handlers the
    filter is on. ``record.session_tag`` holds the tag and a blank (or ``""``) for format strings.
    """

    def __init__(self, prefix: bool = False, prefix_level: int = logging.ERROR, name: str = "") -> None:
        super().__init__(name)
        self.prefix = prefix
        self.prefix_level = prefix_level

    def filter(self, record: logging.LogRecord) -> bool:
        session_id = current_session_id()
        # A record logged in one context and handled in another (a queue) keeps its first id.
        if getattr(record, "session_id", None) is None:
            record.session_id = session_id
        session_id = record.session_id
        record.session_tag = f"[{SESSION_TAG}={session_id}] " if session_id is not None else ""
        if (
            self.prefix
            and session_id is not None
            and record.levelno >= self.prefix_level
            and not getattr(record, "_session_tagged", False)
        ):
            record.msg = tag_message(str(record.msg), session_id)
            record._session_tagged = True
        return True


class OtelSessionIdFilter(logging.Filter):
    """Puts the current session id on every record as the ``session.id`` attribute, for OpenTelemetry.

    OpenTelemetry's logging handler (``opentelemetry-instrumentation-logging``, and the SDK's older
    one) exports a record's extra attributes as the log record's attributes, so the handler's records
    carry ``session.id`` with no logger of ours: ``otel_handler.addFilter(OtelSessionIdFilter())``.
    Needs nothing from OpenTelemetry itself. Records without a session get no attribute.
    """

    def filter(self, record: logging.LogRecord) -> bool:
        session_id = getattr(record, "session_id", None) or current_session_id()
        if session_id is not None and SESSION_ID_ATTRIBUTE not in vars(record):
            setattr(record, SESSION_ID_ATTRIBUTE, session_id)
        return True


class JsonFormatter(logging.Formatter):
    """One JSON object a line, with the field names the data source reads by default.

    ``@timestamp``, ``message``, ``log.level``, ``log.logger``, ``service.name`` (when given),
    ``session.id`` (from ``SessionIdFilter``) and, with an exception, ``error.type``,
    ``error.message`` and ``error.stack_trace``.
    """

    def __init__(self, service: Optional[str] = None) -> None:
        super().__init__()
        self.service = service

    def format(self, record: logging.LogRecord) -> str:
        document: dict[str, Any] = {
            "@timestamp": datetime.fromtimestamp(record.created, timezone.utc).isoformat(timespec="milliseconds"),
            "message": record.getMessage(),
            "log": {"level": record.levelname.lower(), "logger": record.name},
        }
        if self.service:
            document["service"] = {"name": self.service}
        session_id = getattr(record, "session_id", None) or current_session_id()
        if session_id is not None:
            document["session"] = {"id": session_id}
        if record.exc_info and record.exc_info[1] is not None:
            error = record.exc_info[1]
            document["error"] = {
                "type": type(error).__name__,
                "message": str(error),
                "stack_trace": "".join(traceback.format_exception(*record.exc_info)).rstrip("\n"),
            }
        return json.dumps(document, ensure_ascii=False)


def _log_unhandled(method: str, path: str) -> None:
    _logger.error("Unhandled exception in %s %s", method, path, exc_info=True)


WsgiApp = Callable[[dict, Callable[..., Any]], Iterable[bytes]]


class WsgiSessionMiddleware:
    """WSGI middleware (Flask, Django, any WSGI app): ``app.wsgi_app = WsgiSessionMiddleware(app.wsgi_app)``.

    The id is current while the application is called; an exception that escapes it is logged
    (logger ``sessionreplay_tagging``) with the session's id before it goes on to the server.
    """

    def __init__(
        self,
        app: WsgiApp,
        headers: Sequence[str] = DEFAULT_HEADERS,
        pattern: PatternLike = None,
        baggage_keys: Sequence[str] = DEFAULT_BAGGAGE_KEYS,
    ) -> None:
        self.app = app
        self.headers = headers
        self.pattern = pattern
        self.baggage_keys = baggage_keys

    def session_id(self, environ: Mapping[str, Any]) -> Optional[str]:
        def values(name: str) -> Optional[List[str]]:
            # Servers turn "-" into "_" and keep "." (wsgiref, gunicorn, werkzeug): HTTP_OPENREPLAYSESSION.ID.
            # They join a repeated header with commas, which no valid id holds.
            value = environ.get("HTTP_" + name.upper().replace("-", "_"))
            return None if value is None else [value]

        return _first_session_id(values, self.headers, self.baggage_keys, self.pattern)

    def __call__(self, environ: dict, start_response: Callable[..., Any]) -> Iterable[bytes]:
        with session_context(self.session_id(environ)):
            try:
                return self.app(environ, start_response)
            except Exception:
                _log_unhandled(environ.get("REQUEST_METHOD", ""), environ.get("PATH_INFO", ""))
                raise


class AsgiSessionMiddleware:
    """ASGI middleware (Starlette, FastAPI, Django's ASGI): ``app = AsgiSessionMiddleware(app)``.

    The id is current for the whole request (HTTP and WebSocket), its awaits included.
    """

    def __init__(
        self,
        app: Callable[..., Any],
        headers: Sequence[str] = DEFAULT_HEADERS,
        pattern: PatternLike = None,
        baggage_keys: Sequence[str] = DEFAULT_BAGGAGE_KEYS,
    ):
        self.app = app
        self.headers = headers
        self.pattern = pattern
        self.baggage_keys = baggage_keys

    def session_id(self, raw_headers: Iterable[tuple[bytes, bytes]]) -> Optional[str]:
        values: dict[str, list[str]] = {}
        for key, value in raw_headers:
            values.setdefault(key.decode("latin-1").lower(), []).append(value.decode("latin-1"))
        return _first_session_id(lambda name: values.get(name.lower()), self.headers, self.baggage_keys, self.pattern)

    async def __call__(self, scope: dict, receive: Callable[..., Any], send: Callable[..., Any]) -> None:
        if scope.get("type") not in ("http", "websocket"):
            await self.app(scope, receive, send)
            return
        with session_context(self.session_id(scope.get("headers") or [])):
            try:
                await self.app(scope, receive, send)
            except Exception:
                _log_unhandled(scope.get("method", "WEBSOCKET"), scope.get("path", ""))
                raise


def tag_uncaught_exceptions(stream: Any = None) -> Callable[[], None]:
    """Writes uncaught exceptions (main thread and other threads) to stderr with the session's tag.

    The traceback follows on the next lines, as Python prints it. Returns a function that puts the
    previous hooks back.
    """
    previous_hook, previous_thread_hook = sys.excepthook, threading.excepthook

    def write(exc_type: type, exc: BaseException, tb: Any) -> None:
        text = "".join(traceback.format_exception(exc_type, exc, tb))
        out = stream if stream is not None else sys.stderr
        out.write(tag_message(f"Uncaught exception: {text}", getattr(exc, "session_replay_id", None)))
        out.flush()

    def hook(exc_type: type, exc: BaseException, tb: Any) -> None:
        write(exc_type, exc, tb)

    def thread_hook(args: threading.ExceptHookArgs) -> None:
        if args.exc_type is SystemExit:
            return
        write(args.exc_type, args.exc_value or args.exc_type(), args.exc_traceback)

    sys.excepthook = hook
    threading.excepthook = thread_hook

    def restore() -> None:
        sys.excepthook, threading.excepthook = previous_hook, previous_thread_hook

    return restore
