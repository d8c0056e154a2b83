"""Tag backend logs with the session-replay session id, for the Session Replay Errors data source.

The browser sends the replay session id in a request header. WSGI and ASGI middleware read it,
validate it and keep it in a context variable for the rest of the request; ``SessionIdFilter`` puts
it on every log record (``record.session_id``), as a ``[openReplaySession.id=<id>]`` prefix on error
lines when asked, and ``JsonFormatter`` writes it as the ``session.id`` field. Standard library only.
"""

from __future__ import annotations

import contextvars
import json
import logging
import re
import sys
import threading
import traceback
from contextlib import contextmanager
from datetime import datetime, timezone
from typing import Any, Callable, Iterable, Iterator, Mapping, Optional, Pattern, Sequence, Union

__all__ = [
    "DEFAULT_HEADERS",
    "SESSION_TAG",
    "AsgiSessionMiddleware",
    "JsonFormatter",
    "SessionIdFilter",
    "WsgiSessionMiddleware",
    "current_session_id",
    "session_context",
    "session_id_from_headers",
    "tag_message",
    "tag_uncaught_exceptions",
    "valid_session_id",
]

#: Headers read by default, first present wins: the helpers' own and OpenReplay's current one.
DEFAULT_HEADERS: Sequence[str] = ("X-Session-Id", "openReplaySession.id")
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


def session_id_from_headers(
    headers: Mapping[str, str], names: Sequence[str] = DEFAULT_HEADERS, pattern: PatternLike = None
) -> Optional[str]:
    """The id from the first of ``names`` present in ``headers`` (matched case-insensitively)."""
    lowered = {key.lower(): value for key, value in headers.items()}
    for name in names:
        if name.lower() in lowered:
            return valid_session_id(lowered[name.lower()], pattern)
    return None


def current_session_id() -> Optional[str]:
    """The session id of the request being handled, or None."""
    return _session_id.get()


@contextmanager
def session_context(session_id: Optional[str]) -> Iterator[None]:
    """Makes ``session_id`` current inside the block (for workers, jobs and tests)."""
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

    def __init__(self, app: WsgiApp, headers: Sequence[str] = DEFAULT_HEADERS, pattern: PatternLike = None) -> None:
        self.app = app
        self.headers = headers
        self.pattern = pattern

    def session_id(self, environ: Mapping[str, Any]) -> Optional[str]:
        for name in self.headers:
            # Servers turn "-" into "_" and keep "." (wsgiref, gunicorn, werkzeug): HTTP_OPENREPLAYSESSION.ID.
            key = "HTTP_" + name.upper().replace("-", "_")
            if key in environ:
                return valid_session_id(environ[key], self.pattern)
        return None

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

    def __init__(self, app: Callable[..., Any], headers: Sequence[str] = DEFAULT_HEADERS, pattern: PatternLike = None):
        self.app = app
        self.headers = headers
        self.pattern = pattern

    def session_id(self, raw_headers: Iterable[tuple[bytes, bytes]]) -> Optional[str]:
        values: dict[str, list[str]] = {}
        for key, value in raw_headers:
            values.setdefault(key.decode("latin-1").lower(), []).append(value.decode("latin-1"))
        for name in self.headers:
            found = values.get(name.lower())
            if found is not None:
                # A repeated header is ambiguous: refused rather than guessed.
                return valid_session_id(found[0], self.pattern) if len(found) == 1 else None
        return None

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
