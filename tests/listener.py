"""A TCP listener on 127.0.0.1 that stands in for any other server: it counts the connections made to it. If the
service ever connected out (SERVICE, a remote @context, a graph to fetch), the count would show it."""

from __future__ import annotations

import socket
import threading


class Listener:
    def __init__(self):
        self.socket = socket.socket()
        self.socket.bind(("127.0.0.1", 0))
        self.socket.listen(64)
        self.port = self.socket.getsockname()[1]
        self.url = f"http://127.0.0.1:{self.port}"
        self.connections = 0
        threading.Thread(target=self._accept, daemon=True).start()

    def _accept(self):
        while True:
            try:
                conn, _ = self.socket.accept()
            except OSError:
                return
            self.connections += 1
            conn.close()

    def close(self):
        self.socket.close()
