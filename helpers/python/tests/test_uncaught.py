import subprocess
import sys
import textwrap


def run(code):
    return subprocess.run([sys.executable, "-c", textwrap.dedent(code)], capture_output=True, text=True, timeout=60)


def test_an_uncaught_exception_keeps_the_tag_of_the_session_it_escaped():
    result = run(
        """
        from sessionreplay_tagging import session_context, tag_uncaught_exceptions
        tag_uncaught_exceptions()
        with session_context("7368123456789012345"):
            raise ConnectionError("database is down")
        """
    )
    assert result.returncode == 1
    lines = result.stderr.splitlines()
    assert lines[0] == "[openReplaySession.id=7368123456789012345] Uncaught exception: Traceback (most recent call last):"
    assert lines[-1] == "ConnectionError: database is down"


def test_a_thread_s_uncaught_exception_is_tagged_too():
    result = run(
        """
        import threading
        from sessionreplay_tagging import session_context, tag_uncaught_exceptions
        tag_uncaught_exceptions()
        def work():
            with session_context("42"):
                raise ValueError("bad payload")
        thread = threading.Thread(target=work)
        thread.start()
        thread.join()
        """
    )
    lines = result.stderr.splitlines()
    assert lines[0] == "[openReplaySession.id=42] Uncaught exception: Traceback (most recent call last):"
    assert lines[-1] == "ValueError: bad payload"


def test_without_a_session_the_line_is_plain():
    result = run(
        """
        from sessionreplay_tagging import tag_uncaught_exceptions
        tag_uncaught_exceptions()
        raise KeyError("x")
        """
    )
    assert result.stderr.splitlines()[0] == "Uncaught exception: Traceback (most recent call last):"
