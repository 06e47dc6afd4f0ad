"""A push service on loopback for scripts/bench-push: takes every message
(HTTP/1.1, keep-alive), answers 201 Created, and keeps how many came and
when the first and the last arrived. It does not decrypt: the integration
tests (server/tests/notifications.rs) do that for every message."""

import asyncio
import sys
import time

port, stats_path = int(sys.argv[1]), sys.argv[2]
count = 0
first = last = 0.0


async def handle(reader, writer):
    global count, first, last
    try:
        while True:
            head = await reader.readuntil(b"\r\n\r\n")
            length = 0
            for line in head.split(b"\r\n"):
                if line[:15].lower() == b"content-length:":
                    length = int(line[15:])
            if length:
                await reader.readexactly(length)
            now = time.time()
            if not count:
                first = now
            last = now
            count += 1
            writer.write(b"HTTP/1.1 201 Created\r\nContent-Length: 0\r\n\r\n")
    except (asyncio.IncompleteReadError, ConnectionError):
        pass
    writer.close()


async def keep_stats():
    while True:
        await asyncio.sleep(0.5)
        with open(stats_path, "w") as out:
            out.write(f"{count}\t{first}\t{last}\n")


async def main():
    server = await asyncio.start_server(handle, "127.0.0.1", port, backlog=512)
    asyncio.get_running_loop().create_task(keep_stats())
    async with server:
        await server.serve_forever()


asyncio.run(main())
