#!/usr/bin/env python3
"""A loopback TCP proxy that slows the server-to-client direction to a fixed rate.

It plays a slow client for bench/slow-client.sh: the client behind it may read as fast as it
likes, but the server sees a socket that drains at RATE bytes per second, so its send buffers
fill and flow control has to hold rows back.

    throttle_proxy.py LISTEN_PORT UPSTREAM_PORT RATE_BYTES_PER_SECOND
"""
import asyncio
import sys
import time

CHUNK = 16 * 1024


async def pipe(reader, writer, rate=None):
    started = time.monotonic()
    sent = 0
    try:
        while True:
            data = await reader.read(CHUNK)
            if not data:
                break
            writer.write(data)
            await writer.drain()
            sent += len(data)
            if rate:
                ahead = sent / rate - (time.monotonic() - started)
                if ahead > 0:
                    await asyncio.sleep(ahead)
    except (ConnectionError, asyncio.CancelledError):
        pass
    finally:
        writer.close()


async def main(listen_port, upstream_port, rate):
    async def serve(client_reader, client_writer):
        up_reader, up_writer = await asyncio.open_connection("127.0.0.1", upstream_port)
        await asyncio.gather(
            pipe(client_reader, up_writer),
            pipe(up_reader, client_writer, rate),
        )

    server = await asyncio.start_server(serve, "127.0.0.1", listen_port)
    async with server:
        await server.serve_forever()


if __name__ == "__main__":
    asyncio.run(main(int(sys.argv[1]), int(sys.argv[2]), float(sys.argv[3])))
