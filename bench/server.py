#!/usr/bin/env python3
"""A local HTTP/1.1 image server for fetch's benchmark (Python 3 stdlib only).

Adapted from the team's imgserver.py, reduced to what the benchmark needs, and
threaded (one thread per connection) with HTTP/1.1 keep-alive.

  python3 bench/server.py --port 8700 --latency-ms 100

Routes (bodies are deterministic: the same name and size always give the same bytes,
see body_chunks(); bench.py checks downloaded files against them):
  /b/SIZE/NAME          a JPEG-shaped body of SIZE bytes (file name NAME in every client)
  /img/NAME?size=B      the same body, imgserver.py style (default size 20000)
  ?delay=MS             on any image route: extra delay before that response
  /__stats              JSON: requests, connections opened, requests in flight,
                        peak requests in flight, bytes sent
  /__reset              zeroes the counters (answers 204)
HEAD and a single "Range: bytes=A-B" are honoured. --latency-ms delays the first
byte (status line) of every image response; the delay is spent in the connection's
own thread, so N clients in flight wait in parallel, as with a real server.
"""
import argparse
import functools
import hashlib
import json
import socket
import sys
import threading
import time
import urllib.parse
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

HEAD = b"\xff\xd8\xff\xe0"  # JPEG SOI + APP0 marker
TAIL = b"\xff\xd9"          # JPEG EOI
CHUNK = 1 << 16


@functools.lru_cache(maxsize=256)
def _block(name: str, size: int) -> bytes:
    """The repeating middle pattern of a body: up to 64 KiB, derived from name and size."""
    seed = hashlib.sha256(f"fetch-bench:{name}:{size}".encode()).digest()
    n = max(1, (min(CHUNK, size) + 63) // 64)
    return b"".join(hashlib.sha512(seed + i.to_bytes(4, "big")).digest() for i in range(n))


def body_chunks(name: str, size: int, start: int = 0, end: int = None):
    """Yields bytes [start, end) of the deterministic body for (name, size), in chunks
    of at most 64 KiB, without building the whole body (64 MB bodies stay cheap)."""
    end = size if end is None else min(end, size)
    if size < len(HEAD) + len(TAIL):
        yield (HEAD + TAIL)[:size][start:end]
        return
    mid_len = size - len(HEAD) - len(TAIL)
    pos = start
    while pos < end:
        if pos < len(HEAD):
            piece = HEAD[pos:min(end, len(HEAD))]
        elif pos < len(HEAD) + mid_len:
            block = _block(name, size)
            off = pos - len(HEAD)
            b0 = off % len(block)
            take = min(len(block) - b0, len(HEAD) + mid_len - pos, end - pos)
            piece = block[b0:b0 + take]
        else:
            off = pos - len(HEAD) - mid_len
            piece = TAIL[off:off + (end - pos)]
        yield piece
        pos += len(piece)


def body_bytes(name: str, size: int) -> bytes:
    return b"".join(body_chunks(name, size))


class Stats:
    def __init__(self):
        self.lock = threading.Lock()
        self.reset()

    def reset(self):
        with getattr(self, "lock", threading.Lock()):
            self.requests = 0
            self.connections = 0
            self.in_flight = 0
            self.peak_in_flight = 0
            self.bytes_sent = 0

    def snapshot(self):
        with self.lock:
            return {"requests": self.requests, "connections": self.connections,
                    "in_flight": self.in_flight, "peak_in_flight": self.peak_in_flight,
                    "bytes_sent": self.bytes_sent}


STATS = Stats()
LATENCY_MS = 0.0


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    timeout = 120  # idle keep-alive connections end after this (their thread too)

    def version_string(self):
        return "fetch-bench"

    def end_headers(self):
        # explicit, as nginx does: some clients (wget2) close the connection without it
        self.send_header("Connection", "close" if self.close_connection else "keep-alive")
        super().end_headers()

    def setup(self):
        super().setup()
        self.connection.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        with STATS.lock:
            STATS.connections += 1

    def log_message(self, fmt, *args):  # no per-request logging
        pass

    def do_HEAD(self):
        self.do_GET(head_only=True)

    def do_GET(self, head_only=False):
        url = urllib.parse.urlsplit(self.path)
        if url.path == "/__stats":
            return self._small(200, json.dumps(STATS.snapshot()).encode(), "application/json")
        if url.path == "/__reset":
            STATS.reset()
            return self._small(204, b"", None)
        qs = urllib.parse.parse_qs(url.query)
        parts = url.path.split("/")
        try:
            if len(parts) == 4 and parts[1] == "b":
                size, name = int(parts[2]), urllib.parse.unquote(parts[3])
            elif len(parts) == 3 and parts[1] == "img":
                size, name = int(qs.get("size", ["20000"])[0]), urllib.parse.unquote(parts[2])
            else:
                return self._small(404, b"not found\n", "text/plain")
            delay = LATENCY_MS + float(qs.get("delay", ["0"])[0])
        except ValueError:
            return self._small(400, b"bad request\n", "text/plain")
        if size < 0 or not name:
            return self._small(400, b"bad request\n", "text/plain")
        with STATS.lock:
            STATS.requests += 1
            STATS.in_flight += 1
            STATS.peak_in_flight = max(STATS.peak_in_flight, STATS.in_flight)
        try:
            if delay > 0:
                time.sleep(delay / 1000.0)
            self._image(name, size, head_only)
        finally:
            with STATS.lock:
                STATS.in_flight -= 1

    def _small(self, code, body, ctype):
        self.send_response(code)
        if ctype:
            self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if body and self.command != "HEAD":
            self.wfile.write(body)

    def _image(self, name, size, head_only):
        start, end, code = 0, size, 200
        rng = self.headers.get("Range", "")
        if rng.startswith("bytes=") and "," not in rng:
            a, _, b = rng[6:].partition("-")
            try:
                if a:
                    start, end = int(a), (int(b) + 1 if b else size)
                elif b:
                    start, end = max(size - int(b), 0), size
                end = min(end, size)
                code = 206
            except ValueError:
                start, end, code = 0, size, 200
            if code == 206 and start >= size:
                self.send_response(416)
                self.send_header("Content-Range", f"bytes */{size}")
                self.send_header("Content-Length", "0")
                self.end_headers()
                return
        self.send_response(code)
        self.send_header("Content-Type", "image/jpeg")
        self.send_header("Accept-Ranges", "bytes")
        self.send_header("Last-Modified", "Wed, 01 Jan 2025 00:00:00 GMT")
        if code == 206:
            self.send_header("Content-Range", f"bytes {start}-{end - 1}/{size}")
        self.send_header("Content-Length", str(end - start))
        self.end_headers()
        if head_only:
            return
        # small bodies go out in one write with the headers' flush; large ones stream
        sent = 0
        for piece in body_chunks(name, size, start, end):
            self.wfile.write(piece)
            sent += len(piece)
        with STATS.lock:
            STATS.bytes_sent += sent


class Server(ThreadingHTTPServer):
    daemon_threads = True
    allow_reuse_address = True
    request_queue_size = 4096  # the stdlib default (5) drops SYNs when 32 clients connect at once


def main(argv=None):
    global LATENCY_MS
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--host", default="127.0.0.1")
    p.add_argument("--port", type=int, default=8700, help="0 = any free port (printed on stdout)")
    p.add_argument("--latency-ms", type=float, default=0.0, help="delay before every image response")
    a = p.parse_args(argv)
    LATENCY_MS = a.latency_ms
    srv = Server((a.host, a.port), Handler)
    # the first line on stdout is the port, so a parent can start us with --port 0
    print(srv.server_address[1], flush=True)
    sys.stderr.write(f"bench server on http://{a.host}:{srv.server_address[1]} "
                     f"(latency {a.latency_ms:g} ms)\n")
    try:
        srv.serve_forever(poll_interval=0.2)
    except KeyboardInterrupt:
        pass
    finally:
        srv.server_close()


if __name__ == "__main__":
    main()
