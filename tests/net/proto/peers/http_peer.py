#!/usr/bin/python3
"""HTTP/1.1 test peer on the Python standard library (http.server / http.client) — an
implementation we did not write — for tests/net/proto/test_http_peers.cpp.

server mode:  http_peer.py server
    ThreadingHTTPServer on 127.0.0.1 (ephemeral port), HTTP/1.1 keep-alive; prints
    "PORT <n>". Routes (GET unless noted):
      /conn            "conn=<client port> n=<request number on this connection>"
      /weight          200 with X-MBX-USED-WEIGHT-1M / X-MBX-ORDER-COUNT-10S / -1M
      /chunked?n=K     chunked body of K chunks "chunk-<i>;" (+ a chunk extension)
      /429             429 + Retry-After: 7 + Binance -1003 JSON
      /418             418 + Retry-After: 120 (IP ban after repeated 429s)
      /503             503 "Service Unavailable." JSON (keep-alive)
      /500-close       500 with Connection: close, then the server closes
      /eof             body delimited by connection close (no length, no chunking)
      /big?n=N         N-byte body
      POST /fapi/v1/order  echoes method, X-MBX-APIKEY, Content-Type and the body
      HEAD /conn       headers only
client mode:  http_peer.py client <port>
    http.client against our server: keep-alive GET, POST with body, chunked response,
    HEAD, 429 headers; prints "RESULT ok" / "RESULT fail <why>".
"""
import http.client
import http.server
import json
import sys
import urllib.parse


class Handler(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def setup(self):
        super().setup()
        self.n = 0

    def log_message(self, *args):
        pass

    def reply(self, status, body=b"", headers=(), close=False):
        self.send_response(status)
        for k, v in headers:
            self.send_header(k, v)
        self.send_header("Content-Length", str(len(body)))
        if close:
            self.send_header("Connection", "close")
            self.close_connection = True
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)

    def do_HEAD(self):
        self.do_GET()

    def do_GET(self):
        self.n += 1
        url = urllib.parse.urlsplit(self.path)
        q = urllib.parse.parse_qs(url.query)
        if url.path == "/conn":
            self.reply(200, f"conn={self.client_address[1]} n={self.n}".encode())
        elif url.path == "/weight":
            self.reply(200, b"{}", [("X-MBX-USED-WEIGHT-1M", "37"), ("X-MBX-ORDER-COUNT-10S", "2"),
                                     ("X-MBX-ORDER-COUNT-1M", "9"), ("Content-Type", "application/json")])
        elif url.path == "/chunked":
            self.send_response(200)
            self.send_header("Transfer-Encoding", "chunked")
            self.end_headers()
            for i in range(int(q.get("n", ["5"])[0])):
                data = f"chunk-{i};".encode()
                self.wfile.write(f"{len(data):x};ext=1\r\n".encode() + data + b"\r\n")
            self.wfile.write(b"0\r\nX-Trailer: t\r\n\r\n")
        elif url.path == "/429":
            self.reply(429, b'{"code":-1003,"msg":"Too many requests."}',
                       [("Retry-After", "7"), ("X-MBX-USED-WEIGHT-1M", "2400")])
        elif url.path == "/418":
            self.reply(418, b'{"code":-1003,"msg":"Way too many requests; IP banned."}', [("Retry-After", "120")])
        elif url.path == "/503":
            self.reply(503, b'{"code":-1001,"msg":"Service Unavailable."}')
        elif url.path == "/500-close":
            self.reply(500, b'{"code":-1000,"msg":"An unknown error occured."}', close=True)
        elif url.path == "/eof":
            self.send_response(200)
            self.send_header("Connection", "close")
            self.end_headers()
            self.wfile.write(b"body delimited by close")
            self.close_connection = True
        elif url.path == "/big":
            self.reply(200, b"b" * int(q["n"][0]))
        else:
            self.reply(404, b"not found")

    def do_POST(self):
        self.n += 1
        length = int(self.headers.get("Content-Length", "0"))
        body = self.rfile.read(length).decode()
        echo = {"method": "POST", "path": self.path, "apikey": self.headers.get("X-MBX-APIKEY"),
                "ctype": self.headers.get("Content-Type"), "body": body}
        self.reply(200, json.dumps(echo).encode(), [("X-MBX-ORDER-COUNT-10S", "1")])


def run_server():
    srv = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    srv.daemon_threads = True
    print(f"PORT {srv.server_address[1]}", flush=True)
    srv.timeout = 120
    srv.serve_forever()


def run_client(port):
    c = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    checks = []
    c.request("GET", "/hello?x=1")
    r = c.getresponse()
    checks.append((r.status == 200 and r.read() == b"/hello?x=1", "plain GET"))
    c.request("POST", "/fapi/v1/order", body="symbol=BTCUSDT&side=BUY",
              headers={"Content-Type": "application/x-www-form-urlencoded", "X-MBX-APIKEY": "k"})
    r = c.getresponse()
    checks.append((r.read() == b"POST /fapi/v1/order symbol=BTCUSDT&side=BUY", "POST body"))
    c.request("GET", "/chunked")
    r = c.getresponse()
    checks.append((r.getheader("Transfer-Encoding") == "chunked" and r.read() == b"/chunked" * 100, "chunked"))
    c.request("HEAD", "/head")
    r = c.getresponse()
    checks.append((r.getheader("Content-Length") == "5" and r.read() == b"", "HEAD"))
    c.request("GET", "/429")
    r = c.getresponse()
    checks.append((r.status == 429 and r.getheader("Retry-After") == "7" and r.read() == b"{}", "429"))
    c.close()
    bad = [name for ok, name in checks if not ok]
    print("RESULT ok" if not bad else "RESULT fail " + ",".join(bad), flush=True)
    return 0 if not bad else 1


if __name__ == "__main__":
    if sys.argv[1] == "server":
        run_server()
    else:
        sys.exit(run_client(int(sys.argv[2])))
