"""A tiny TCP proxy for outage tests: put it between a web process and a real service, then
stop it (the service "goes away": every open connection is dropped and new ones are refused)
and start it again on the same port (the service "comes back").

Only threads and sockets: one thread accepts, two threads per connection copy bytes each way.
Nothing is inspected or changed on the way; the processes on both sides are the real ones.
"""

from __future__ import annotations

import contextlib
import socket
import threading
from types import TracebackType

_CHUNK = 65536


class TcpProxy:
    """Forwards 127.0.0.1:`port` to `target_host`:`target_port` while started."""

    def __init__(self, target_host: str, target_port: int, *, port: int = 0) -> None:
        self.target = (target_host, target_port)
        self.port = port  # 0: the first start picks a free port, later starts reuse it
        self.accepted = 0  # connections accepted over the proxy's whole life, for diagnostics
        self._listener: socket.socket | None = None
        self._stopping = threading.Event()
        self._lock = threading.Lock()
        self._sockets: set[socket.socket] = set()
        self._threads: list[threading.Thread] = []

    @property
    def running(self) -> bool:
        return self._listener is not None

    def start(self) -> TcpProxy:
        if self.running:
            return self
        listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        # Rebinding the same port must work while the dropped connections sit in TIME_WAIT.
        listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        listener.bind(("127.0.0.1", self.port))
        listener.listen(64)
        # accept() wakes up now and then to notice stop(); closing a socket does not wake a
        # thread blocked on it.
        listener.settimeout(0.1)
        self.port = listener.getsockname()[1]
        self._stopping.clear()
        self._listener = listener
        self._spawn(self._accept_loop, listener)
        return self

    def stop(self) -> None:
        """Refuse new connections and drop every open one, in both directions."""
        listener, self._listener = self._listener, None
        if listener is None:
            return
        self._stopping.set()
        with self._lock:
            sockets = list(self._sockets)
        for sock in sockets:
            _shutdown(sock)
        for thread in self._threads:
            thread.join(5)
        self._threads = [thread for thread in self._threads if thread.is_alive()]
        listener.close()

    def __enter__(self) -> TcpProxy:
        return self.start()

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.stop()

    def _spawn(self, target, *args) -> None:
        thread = threading.Thread(target=target, args=args, daemon=True)
        self._threads.append(thread)
        thread.start()

    def _accept_loop(self, listener: socket.socket) -> None:
        while not self._stopping.is_set():
            try:
                client, _ = listener.accept()
            except TimeoutError:
                continue
            except OSError:
                return
            client.settimeout(None)
            try:
                upstream = socket.create_connection(self.target, timeout=5)
            except OSError:
                # The service itself is down: the client sees its connection closed.
                client.close()
                continue
            upstream.settimeout(None)
            with self._lock:
                if self._stopping.is_set():
                    client.close()
                    upstream.close()
                    return
                self._sockets.update((client, upstream))
                self.accepted += 1
            pending = [2]  # the pipe that finishes last closes both sockets
            self._spawn(self._pipe, client, upstream, pending)
            self._spawn(self._pipe, upstream, client, pending)

    def _pipe(self, source: socket.socket, sink: socket.socket, pending: list[int]) -> None:
        try:
            while data := source.recv(_CHUNK):
                sink.sendall(data)
        except OSError:
            pass
        # One direction ended: end the other too, as a dropped connection would. Sockets are
        # only shut down here; closing one while the other thread may still be entering recv()
        # on it could hand that thread a reused file descriptor.
        _shutdown(source)
        _shutdown(sink)
        with self._lock:
            pending[0] -= 1
            if pending[0]:
                return
            self._sockets.discard(source)
            self._sockets.discard(sink)
        source.close()
        sink.close()


def _shutdown(sock: socket.socket) -> None:
    # shutdown() wakes a thread blocked in recv() on this socket; close() alone would not.
    with contextlib.suppress(OSError):
        sock.shutdown(socket.SHUT_RDWR)
