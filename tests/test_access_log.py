"""`JJKG_ACCESS_LOG`: a line per request by default; none when off (it costs about half the requests per second
of a replayed answer: BENCHMARKS.md); anything else is refused before the server starts."""

import time
import urllib.request

from conftest import run_cli
from live_server import serve


def fetch_twice(url: str) -> None:
    for _ in range(2):
        with urllib.request.urlopen(url + "/page/place/anhaizhen") as answer:
            assert answer.status == 200


def logged_requests(running) -> int:
    time.sleep(0.3)  # the log line is written after the answer
    return running.log().count('"GET /page/place/anhaizhen HTTP/1.1" 200')


def test_each_request_is_logged_by_default(published):
    with serve(published.var_dir) as running:
        fetch_twice(running.url)
        assert logged_requests(running) == 2


def test_no_access_log_when_off(published):
    with serve(published.var_dir, access_log="off", web_workers=2) as running:
        fetch_twice(running.url)
        assert logged_requests(running) == 0 and "Application startup complete" in running.log()


def test_a_bad_value_is_a_readable_error(published):
    done = run_cli("serve", env={"JJKG_VAR_DIR": str(published.var_dir), "JJKG_ACCESS_LOG": "maybe"})
    assert done.returncode != 0 and "JJKG_ACCESS_LOG" in done.stderr and "Traceback" not in done.stderr
