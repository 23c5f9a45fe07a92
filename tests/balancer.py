"""nginx on loopback as a round-robin load balancer in front of replicas of `jjkg serve`, with a configuration
written into a directory of its own and stopped by its PID (never the system's nginx)."""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
from pathlib import Path

from live_server import wait_until_answers

from kg.store.ports import free_port

NGINX = "/usr/sbin/nginx"
UPSTREAM_HEADER = "X-JJKG-Upstream"  # which replica answered: for the tests, never relied on by clients

# The process-wide part, the same for every nginx the tests start; `{http}` is what goes in its http block.
MAIN = """\
{user}worker_processes 1;
pid {dir}/nginx.pid;
error_log {dir}/error.log warn;
daemon off;
events {{ worker_connections 1024; }}
http {{
  access_log off;
  client_body_temp_path {dir}/body;
  proxy_temp_path {dir}/proxy;
  fastcgi_temp_path {dir}/fastcgi;
  uwsgi_temp_path {dir}/uwsgi;
  scgi_temp_path {dir}/scgi;
{http}
}}
"""
BALANCER = """\
  client_max_body_size 2m;
  large_client_header_buffers 8 1m;
  upstream replicas {{
{servers}
    keepalive 32;
  }}
  server {{
    listen 127.0.0.1:{port};
    location / {{
      proxy_pass http://replicas;
      proxy_http_version 1.1;
      proxy_set_header Connection "";
      proxy_set_header Host $http_host;
      proxy_read_timeout 120s;
      proxy_buffering on;
      add_header {header} $upstream_addr always;
    }}
  }}"""


def installed() -> bool:
    return os.access(NGINX, os.X_OK)


@contextlib.contextmanager
def running(directory: Path, http: str, port: int):
    """Run nginx with `http` as its http block's content, in `directory` (its configuration, logs and temporary
    files), until the block ends; yield (its URL on `port`, its PID)."""
    directory.mkdir(parents=True, exist_ok=True)
    # Started as root, nginx's workers would run as nobody, who cannot enter pytest's private temporary directory.
    user = "user root;\n" if os.geteuid() == 0 else ""
    config = directory / "nginx.conf"
    config.write_text(MAIN.format(dir=directory, user=user, http=http))
    log = (directory / "stdout.log").open("wb")
    proc = subprocess.Popen([NGINX, "-c", str(config), "-p", str(directory)], stdout=log, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}"
    try:
        wait_until_answers(url, proc, 30, lambda: "nginx did not start: " + (directory / "error.log").read_text())
        yield url, proc.pid
    finally:
        proc.send_signal(signal.SIGQUIT)  # graceful stop of this nginx (master and its worker)
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
        log.close()


@contextlib.contextmanager
def balance(replica_urls: list[str], directory: Path):
    """Yield the balancer's URL (http://127.0.0.1:PORT) and PID while nginx runs in front of `replica_urls`."""
    port = free_port()
    servers = "\n".join(f"    server {url.removeprefix('http://')};" for url in replica_urls)
    with running(directory, BALANCER.format(port=port, servers=servers, header=UPSTREAM_HEADER), port) as started:
        yield started
