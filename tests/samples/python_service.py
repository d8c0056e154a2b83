"""The sample Python service of the end-to-end test (tests/engine/tagging.test.ts) and the README's
"Tagging your backend" snippets (between the ``snippet`` markers, copied into the README verbatim).
JSON lines on stdout, tagged text lines on stderr."""

import json
import signal
import sys
import threading
from socketserver import ThreadingMixIn
from wsgiref.simple_server import WSGIRequestHandler, WSGIServer, make_server

# snippet:python start
import logging

from sessionreplay_tagging import JsonFormatter, SessionIdFilter, WsgiSessionMiddleware, tag_uncaught_exceptions

# Structured: one JSON object a line, with session.id while a request has a session.
json_handler = logging.StreamHandler(sys.stdout)
json_handler.setFormatter(JsonFormatter(service="billing"))
json_handler.addFilter(SessionIdFilter())
logging.getLogger("billing").addHandler(json_handler)

# Unstructured: error lines start with [openReplaySession.id=<id>].
text_handler = logging.StreamHandler(sys.stderr)
text_handler.setFormatter(logging.Formatter("%(levelname)s %(message)s"))
text_handler.addFilter(SessionIdFilter(prefix=True))
logging.getLogger("legacy").addHandler(text_handler)
logging.getLogger("sessionreplay_tagging").addHandler(text_handler)  # unhandled request errors
tag_uncaught_exceptions()


def app(environ, start_response):
    path = environ["PATH_INFO"]
    try:
        if path == "/refund":
            raise ValueError("refund amount must be positive")
        if path == "/report":
            {}["total"]
    except ValueError:
        logging.getLogger("billing").exception("refund failed")
    except KeyError:
        logging.getLogger("legacy").exception("report failed")
    start_response("500 Internal Server Error", [("Content-Type", "text/plain")])
    return [b"failed"]


application = WsgiSessionMiddleware(app)  # reads X-Session-Id (or openReplaySession.id), validated
# snippet:python end


class QuietHandler(WSGIRequestHandler):
    def log_message(self, *args):
        pass


class ThreadingWSGIServer(ThreadingMixIn, WSGIServer):
    daemon_threads = True


if __name__ == "__main__":
    logging.getLogger().setLevel(logging.INFO)
    httpd = make_server("127.0.0.1", 0, application, server_class=ThreadingWSGIServer, handler_class=QuietHandler)
    # The test reads the port from this line.
    print(json.dumps({"message": "listening", "port": httpd.server_port, "log": {"level": "info"}}), flush=True)
    signal.signal(signal.SIGTERM, lambda *_: threading.Thread(target=httpd.shutdown).start())
    httpd.serve_forever()
    sys.stdout.flush()
    sys.stderr.flush()
