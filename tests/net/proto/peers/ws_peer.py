#!/usr/bin/python3
"""WebSocket test peer on Debian's python3-websockets (10.x) — an RFC 6455
implementation we did not write — for tests/net/proto/test_ws_peers.cpp.

server mode:  ws_peer.py server [--capture FILE]
    Listens on 127.0.0.1 (ephemeral port), prints "PORT <n>", then serves each
    connection by its request path:
      /scenario/<name>[?args]  runs scenario <name> (see SERVER_SCENARIOS)
      anything else            sends "PATH:<target>" then echoes every message
    After each connection it prints "CLOSED <code> <reason>" (the close status the
    peer — our client — sent or echoed; 1006 = no close frame).
client mode:  ws_peer.py client <url> <scenario>
    Connects to our server and runs a CLIENT_SCENARIOS entry; prints
    "RESULT ok" / "RESULT fail <why>" and "CLOSED <code> <reason>", exit status 0 on ok.
Everything is bounded by timeouts; the test kills the process anyway.
"""
import asyncio
import gzip
import sys
import urllib.parse

import websockets
from websockets.frames import OP_BINARY, OP_CONT, OP_PING, OP_TEXT

SIZES = [0, 1, 125, 126, 127, 65535, 65536, 65537, 1 << 20]
T = 10  # seconds, per await


def emit(line):
    print(line, flush=True)


def payload(n, text):
    if text:
        return "".join(chr(ord("a") + i % 26) for i in range(n))
    return bytes(i * 7 % 251 for i in range(n))


# Raw server→client byte strings that break RFC 6455 (server frames are unmasked).
RAW_VIOLATIONS = {
    "reserved_opcode": b"\x83\x00",
    "rsv_bit": b"\xc1\x02hi",
    "masked_from_server": b"\x81\x82\x00\x00\x00\x00hi",
    "orphan_continuation": b"\x80\x02hi",
    "big_ping": b"\x89\x7e\x00\x7e" + b"x" * 126,
    "fragmented_ping": b"\x09\x01x",
    "close_one_byte": b"\x88\x01\x03",
    "close_code_999": b"\x88\x02\x03\xe7",
    "close_code_1005": b"\x88\x02\x03\xed",
    "nonminimal_length": b"\x81\x7e\x00\x05hello",
    "new_message_mid_fragment": b"\x01\x01a\x81\x01b",
    "invalid_utf8": b"\x81\x02\xc3\x28",
    "invalid_utf8_split": b"\x01\x02\xe2\x82" + b"\x80\x01\x28",
    "surrogate_utf8": b"\x81\x03\xed\xa0\x80",
    "invalid_utf8_close_reason": b"\x88\x04\x03\xe8\xff\xfe",
}


async def sc_sizes(ws, args):
    for text in (True, False):
        for n in SIZES:
            await ws.send(payload(n, text))
    await ws.send("DONE")
    await ws.wait_closed()


async def sc_fragmented(ws, args):
    await ws.send(["frag", "mented", " text \u00e9\u20ac"])  # one frame per element
    await ws.write_frame(False, OP_TEXT, b"part1-")
    await ws.write_frame(True, OP_PING, b"mid")  # control frame between fragments (§5.4)
    await ws.write_frame(True, OP_CONT, b"part2")
    big = payload(300_000, False)
    await ws.write_frame(False, OP_BINARY, big[:100_000])
    await ws.write_frame(False, OP_CONT, big[100_000:200_000])
    await ws.write_frame(True, OP_CONT, big[200_000:])
    # A 3-byte UTF-8 character split across two fragments.
    euro = "\u20ac".encode()
    await ws.write_frame(False, OP_TEXT, b"x" + euro[:1])
    await ws.write_frame(True, OP_CONT, euro[1:])
    await ws.send("DONE")
    await ws.wait_closed()


async def sc_ping(ws, args):
    waiter = await ws.ping(b"hello-ping")
    await asyncio.wait_for(waiter, T)
    await ws.send("PONG-OK")
    async for msg in ws:
        await ws.send(msg)


async def sc_close(ws, args):
    code = int(args.get("code", ["4001"])[0])
    await ws.close(code, args.get("reason", ["bye"])[0])


async def sc_raw(ws, args):
    ws.transport.write(RAW_VIOLATIONS[args["kind"][0]])
    await asyncio.wait_for(ws.wait_closed(), T)


async def sc_too_big(ws, args):
    n = int(args.get("n", [str(2 << 20)])[0])
    try:
        await ws.send(payload(n, False))
    except websockets.ConnectionClosed:
        pass
    await asyncio.wait_for(ws.wait_closed(), T)


async def sc_vanish(ws, args):
    # Header of a 1000-byte binary frame, 10 payload bytes, then a TCP reset.
    ws.transport.write(b"\x82\x7e\x03\xe8" + b"x" * 10)
    await asyncio.sleep(0.05)
    ws.transport.abort()


async def sc_deaf(ws, args):
    ws.transport.pause_reading()  # never sees our ping → never answers it
    await asyncio.sleep(T)


async def sc_replay(ws, args):
    n = int(args.get("n", ["1000"])[0])
    sent = 0
    with gzip.open(CAPTURE, "rt") as f:
        for line in f:
            if sent == n:
                break
            await ws.send(line.rstrip("\n").split(" ", 1)[1])
            sent += 1
    await ws.close(1000, "replay done")


SERVER_SCENARIOS = {
    "sizes": sc_sizes, "fragmented": sc_fragmented, "ping": sc_ping, "close": sc_close,
    "raw": sc_raw, "too_big": sc_too_big, "vanish": sc_vanish, "deaf": sc_deaf,
    "replay": sc_replay,
}
CAPTURE = None


async def serve_one(ws, path=None):
    target = ws.path
    url = urllib.parse.urlsplit(target)
    try:
        if url.path.startswith("/scenario/"):
            args = urllib.parse.parse_qs(url.query)
            await SERVER_SCENARIOS[url.path[len("/scenario/"):]](ws, args)
        else:
            await ws.send("PATH:" + target)
            async for msg in ws:
                await ws.send(msg)
    except (websockets.ConnectionClosed, asyncio.TimeoutError, ConnectionError):
        pass
    emit(f"CLOSED {ws.close_code} {ws.close_reason}")


async def run_server():
    async with websockets.serve(serve_one, "127.0.0.1", 0, max_size=None, ping_interval=None,
                                close_timeout=2) as server:
        emit(f"PORT {server.sockets[0].getsockname()[1]}")
        await asyncio.sleep(120)


async def cl_echo(ws):
    for text in (True, False):
        for n in SIZES:
            msg = payload(n, text)
            await ws.send(msg)
            got = await asyncio.wait_for(ws.recv(), T)
            if got != msg:
                return f"echo mismatch text={text} n={n}"
    await ws.send(["frag", "mented"])
    if await asyncio.wait_for(ws.recv(), T) != "fragmented":
        return "fragmented echo mismatch"
    await ws.write_frame(False, OP_BINARY, b"\x01\x02")
    await ws.write_frame(True, OP_PING, b"between")
    await ws.write_frame(True, OP_CONT, b"\x03")
    if await asyncio.wait_for(ws.recv(), T) != b"\x01\x02\x03":
        return "interleaved ping echo mismatch"
    waiter = await ws.ping(b"client-ping")
    await asyncio.wait_for(waiter, T)
    await ws.close(1000, "client done")
    return None


async def cl_invalid_utf8(ws):
    await ws.write_frame(True, OP_TEXT, b"\xc3\x28")
    await asyncio.wait_for(ws.wait_closed(), T)
    return None if ws.close_code == 1007 else f"expected 1007, got {ws.close_code}"


async def cl_unmasked(ws):
    ws.transport.write(b"\x81\x02hi")  # client frames must be masked (§5.1)
    await asyncio.wait_for(ws.wait_closed(), T)
    return None if ws.close_code == 1002 else f"expected 1002, got {ws.close_code}"


async def cl_close(ws):
    await ws.close(4000, "done")
    return None if ws.close_code == 4000 else f"close echo {ws.close_code}"


async def cl_vanish(ws):
    # Masked header of a 1000-byte binary frame, mask key, 10 bytes, then reset.
    ws.transport.write(b"\x82\xfe\x03\xe8" + b"\x01\x02\x03\x04" + b"y" * 10)
    await asyncio.sleep(0.05)
    ws.transport.abort()
    return None


CLIENT_SCENARIOS = {"echo": cl_echo, "invalid_utf8": cl_invalid_utf8, "unmasked": cl_unmasked,
                    "close": cl_close, "vanish": cl_vanish}


async def run_client(url, scenario):
    try:
        async with websockets.connect(url, max_size=None, ping_interval=None, close_timeout=2,
                                      open_timeout=T) as ws:
            why = await asyncio.wait_for(CLIENT_SCENARIOS[scenario](ws), 3 * T)
            emit(f"CLOSED {ws.close_code} {ws.close_reason}")
    except Exception as e:  # noqa: BLE001 — report any failure as the test result
        why = f"{type(e).__name__}: {e}"
    emit("RESULT ok" if why is None else f"RESULT fail {why}")
    return 0 if why is None else 1


def main():
    global CAPTURE
    if sys.argv[1] == "server":
        if len(sys.argv) > 3 and sys.argv[2] == "--capture":
            CAPTURE = sys.argv[3]
        asyncio.run(run_server())
        return 0
    return asyncio.run(run_client(sys.argv[2], sys.argv[3]))


if __name__ == "__main__":
    sys.exit(main())
