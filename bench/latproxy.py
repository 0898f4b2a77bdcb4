#!/usr/bin/env python3
"""A TCP proxy that puts a round trip between a client and a loopback server.

  python3 bench/latproxy.py --port 0 --upstream 127.0.0.1:8443 --delay-ms 25   # 50 ms round trip

Every chunk read from one side is written to the other DELAY ms after it arrived, in order, in
both directions; a new connection reaches the upstream one round trip (2 × DELAY) after it was
accepted, as a SYN / SYN-ACK would. So a TLS 1.3 handshake plus a first request costs about
3 round trips, and every later request one, as across the internet. Bandwidth is not limited
(beyond what Python forwards): it stands in for `tc netem delay` where the kernel has no netem.

Prints the port it listens on as the first line on stdout (`--port 0` picks a free one). Stops on
SIGTERM or SIGINT. Standard library only.
"""
import argparse
import asyncio
import collections
import signal
import sys

CHUNK = 64 * 1024
BACKLOG = 4096


class Link:
    """One direction of one connection: bytes read from `src` come out of `dst` `delay` s later."""

    def __init__(self, src, dst, delay):
        self.src, self.dst, self.delay = src, dst, delay
        self.pending = collections.deque()  # (due, bytes or None for EOF)
        self.arrived = asyncio.Event()

    async def read_side(self):
        loop = asyncio.get_running_loop()
        try:
            while True:
                data = await self.src.read(CHUNK)
                self.pending.append((loop.time() + self.delay, data or None))
                self.arrived.set()
                if not data:
                    return
        except (ConnectionError, OSError):
            self.pending.append((loop.time(), None))
            self.arrived.set()

    async def write_side(self):
        loop = asyncio.get_running_loop()
        while True:
            while not self.pending:
                self.arrived.clear()
                await self.arrived.wait()
            due, data = self.pending.popleft()
            if due > loop.time():
                await asyncio.sleep(due - loop.time())
            if data is None:
                if self.dst.can_write_eof() and not self.dst.is_closing():
                    try:
                        self.dst.write_eof()  # half-close: the other direction may still flow
                    except OSError:
                        pass
                return
            self.dst.write(data)
            await self.dst.drain()

    async def run(self):
        reader = asyncio.ensure_future(self.read_side())
        try:
            await self.write_side()
        finally:
            reader.cancel()


async def serve_one(client_r, client_w, upstream, delay):
    try:
        await asyncio.sleep(2 * delay)  # the TCP handshake's round trip
        up_r, up_w = await asyncio.open_connection(*upstream)
    except (OSError, asyncio.CancelledError):
        client_w.close()
        return
    links = [Link(client_r, up_w, delay).run(), Link(up_r, client_w, delay).run()]
    try:
        # a reset on either side ends the connection both ways
        await asyncio.gather(*links)
    except (ConnectionError, OSError):
        pass
    finally:
        for w in (up_w, client_w):
            w.close()


async def main(argv):
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--port", type=int, default=0, help="port on 127.0.0.1 to listen on (0: a free one)")
    ap.add_argument("--upstream", required=True, help="HOST:PORT of the server")
    ap.add_argument("--delay-ms", type=float, default=25.0,
                    help="one-way delay in ms; the round trip is twice this (default %(default)s)")
    a = ap.parse_args(argv)
    host, _, port = a.upstream.rpartition(":")
    if not host or not port.isdigit() or a.delay_ms < 0:
        ap.error("--upstream HOST:PORT and --delay-ms >= 0, please")
    upstream, delay = (host.strip("[]"), int(port)), a.delay_ms / 1000.0
    server = await asyncio.start_server(lambda r, w: serve_one(r, w, upstream, delay),
                                        "127.0.0.1", a.port, backlog=BACKLOG)
    print(server.sockets[0].getsockname()[1], flush=True)
    done = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(sig, done.set)
    async with server:
        await done.wait()


if __name__ == "__main__":
    asyncio.run(main(sys.argv[1:]))
