#!/usr/bin/python3
"""WebSocket-over-TLS echo peer for the transport tests (Debian python3-websockets).

Usage: ws_tls_echo_server.py CERT KEY
Listens on 127.0.0.1 with an ephemeral port and prints "READY <port>" once serving.
Echoes every message with its type (text/binary). A text message "close-me" makes
the server close with code 4001 and reason "bye".
"""
import asyncio
import ssl
import sys

import websockets


async def echo(ws, path=None):
    async for msg in ws:
        if msg == "close-me":
            await ws.close(code=4001, reason="bye")
            return
        await ws.send(msg)


async def main():
    ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    ctx.load_cert_chain(sys.argv[1], sys.argv[2])
    async with websockets.serve(echo, "127.0.0.1", 0, ssl=ctx, max_size=4 * 1024 * 1024) as server:
        port = list(server.sockets)[0].getsockname()[1]
        print(f"READY {port}", flush=True)
        await asyncio.Future()


asyncio.run(main())
