"""A local static server that answers HTTP Range requests, as GitHub Pages does (the standard
library's SimpleHTTPRequestHandler ignores Range and always sends the whole file)."""

from __future__ import annotations

import functools
import http.server
import re
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

_RANGE = re.compile(r"bytes=(\d*)-(\d*)$")


class RangeHandler(http.server.SimpleHTTPRequestHandler):
    ranges_served: list[str]  # set per server: the paths asked for in pieces

    def log_message(self, *args: object) -> None:
        pass

    def send_head(self):  # noqa: ANN201
        match = _RANGE.match(self.headers.get("Range", "").strip())
        path = Path(self.translate_path(self.path))
        if not match or not path.is_file():
            return super().send_head()
        size = path.stat().st_size
        start_text, end_text = match.groups()
        if start_text:
            start, end = int(start_text), int(end_text) if end_text else size - 1
        else:
            start, end = max(size - int(end_text or 0), 0), size - 1
        end = min(end, size - 1)
        if start > end:
            self.send_error(416)
            return None
        handle = path.open("rb")
        handle.seek(start)
        self.send_response(206)
        self.send_header("Content-Type", self.guess_type(str(path)))
        self.send_header("Content-Range", f"bytes {start}-{end}/{size}")
        self.send_header("Content-Length", str(end - start + 1))
        self.send_header("Accept-Ranges", "bytes")
        self.end_headers()
        self.ranges_served.append(self.path)
        return _Slice(handle, end - start + 1)

    def end_headers(self) -> None:
        if not self.headers.get("Range"):
            self.send_header("Accept-Ranges", "bytes")
        super().end_headers()


class _Slice:
    """A file object that stops after `length` bytes (copyfile reads until EOF)."""

    def __init__(self, handle, length: int) -> None:  # noqa: ANN001
        self.handle, self.left = handle, length

    def read(self, size: int = -1) -> bytes:
        if self.left <= 0:
            return b""
        size = self.left if size < 0 else min(size, self.left)
        data = self.handle.read(size)
        self.left -= len(data)
        return data

    def close(self) -> None:
        self.handle.close()


@contextmanager
def serve_ranges(site: Path) -> Iterator[tuple[str, list[str]]]:
    """Serve the site on 127.0.0.1 at a free port; yields (base URL, paths served in ranges)."""
    served: list[str] = []
    handler = type("Handler", (RangeHandler,), {"ranges_served": served})
    server = http.server.ThreadingHTTPServer(
        ("127.0.0.1", 0), functools.partial(handler, directory=str(site))
    )
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/", served
    finally:
        server.shutdown()
        server.server_close()
