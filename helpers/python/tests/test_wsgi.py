import threading
import time
import urllib.request
from socketserver import ThreadingMixIn
from wsgiref.simple_server import WSGIRequestHandler, WSGIServer, make_server

import pytest

from sessionreplay_tagging import WsgiSessionMiddleware, current_session_id


class QuietHandler(WSGIRequestHandler):
    def log_message(self, *args):
        pass


class ThreadingWSGIServer(ThreadingMixIn, WSGIServer):
    daemon_threads = True


def app(environ, start_response):
    # Slower requests first, so that requests overlap in the server's threads.
    time.sleep(float(environ.get("HTTP_X_DELAY", "0")))
    if environ["PATH_INFO"] == "/boom":
        raise RuntimeError("inventory service unavailable")
    start_response("200 OK", [("Content-Type", "text/plain")])
    return [(current_session_id() or "(none)").encode()]


@pytest.fixture
def server():
    httpd = make_server(
        "127.0.0.1", 0, WsgiSessionMiddleware(app), server_class=ThreadingWSGIServer, handler_class=QuietHandler
    )
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_port}"
    httpd.shutdown()
    httpd.server_close()


def ask(url, headers):
    request = urllib.request.Request(url, headers=headers)
    with urllib.request.urlopen(request, timeout=10) as response:
        return response.read().decode()


def test_each_concurrent_request_sees_its_own_id(server):
    requests = [
        ({"X-Session-Id": "111", "X-Delay": "0.3"}, "111"),
        ({"openReplaySession.id": "222", "X-Delay": "0.15"}, "222"),
        ({"baggage": "userId=alice, session.id=444", "X-Delay": "0.1"}, "444"),
        ({"X-Delay": "0.05"}, "(none)"),
        ({"X-Session-Id": "333]\t[openReplaySession.id=999"}, "(none)"),
    ]
    results = [None] * len(requests)

    def run(i, headers):
        results[i] = ask(server + "/", headers)

    threads = [threading.Thread(target=run, args=(i, h)) for i, (h, _) in enumerate(requests)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert results == [expected for _, expected in requests]


def test_an_escaping_exception_is_logged_with_the_session_tag(server, capture):
    import logging

    handler_logger = logging.getLogger("sessionreplay_tagging")
    handler_logger.propagate = False
    _, add = capture
    handler = add(prefix=True)
    logging.getLogger("test_app").removeHandler(handler)
    handler_logger.addHandler(handler)
    try:
        with pytest.raises(urllib.error.HTTPError):
            ask(server + "/boom", {"X-Session-Id": "555"})
    finally:
        handler_logger.removeHandler(handler)
        handler_logger.propagate = True
    first_line = handler.lines[0].split("\n")[0]
    assert first_line == "ERROR [openReplaySession.id=555] Unhandled exception in GET /boom"
    assert handler.lines[0].rstrip().endswith("RuntimeError: inventory service unavailable")
