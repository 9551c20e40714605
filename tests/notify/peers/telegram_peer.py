#!/usr/bin/python3
"""Fake Telegram Bot API server for the notify tests (Python standard library only).

Prints "PORT <n>" once listening on 127.0.0.1. Every POST to /bot<token>/sendMessage is
recorded and answered with the next scripted action (default "ok"):
  ok          200 {"ok":true,"result":{...}}
  429:S       429 {"ok":false,"error_code":429,...,"parameters":{"retry_after":S}}
  500         500 {"ok":false,"error_code":500,...}
  okfalse     400 {"ok":false,"error_code":400,"description":"Bad Request: chat not found"}
  echo_path   400 whose description repeats the request path (the token!) — the client
              must scrub it before logging
  hang:S      sleep S seconds, then 200 ok
Control endpoints (used by the test through libcurl):
  POST /control/script   body: JSON list of actions, appended to the script
  POST /control/reset    clears the script and the recorded requests
  GET  /control/requests JSON list of {path, content_type, chat_id, text, t}
Exits when its stdin closes (the test process went away).
"""
import http.server
import json
import os
import sys
import threading
import time

lock = threading.Lock()
script = []
requests = []


def reply(handler, status, obj):
    body = json.dumps(obj).encode()
    handler.send_response(status)
    handler.send_header("Content-Type", "application/json")
    handler.send_header("Content-Length", str(len(body)))
    handler.end_headers()
    handler.wfile.write(body)


class Handler(http.server.BaseHTTPRequestHandler):
    def log_message(self, *args):
        pass

    def body(self):
        n = int(self.headers.get("Content-Length", "0"))
        return self.rfile.read(n) if n else b""

    def do_GET(self):
        if self.path == "/control/requests":
            with lock:
                reply(self, 200, list(requests))
        else:
            reply(self, 404, {"ok": False, "error_code": 404, "description": "Not Found"})

    def do_POST(self):
        raw = self.body()
        if self.path == "/control/script":
            with lock:
                script.extend(json.loads(raw))
            return reply(self, 200, {"ok": True})
        if self.path == "/control/reset":
            with lock:
                script.clear()
                requests.clear()
            return reply(self, 200, {"ok": True})
        rec = {"path": self.path, "content_type": self.headers.get("Content-Type", ""),
               "chat_id": None, "text": None, "t": time.monotonic()}
        try:
            obj = json.loads(raw)
            rec["chat_id"] = obj.get("chat_id")
            rec["text"] = obj.get("text")
        except ValueError:
            rec["text"] = "<not json>"
        with lock:
            requests.append(rec)
            action = script.pop(0) if script else "ok"
        if action.startswith("hang:"):
            time.sleep(float(action[5:]))
            action = "ok"
        if action == "ok":
            reply(self, 200, {"ok": True, "result": {"message_id": len(requests), "text": rec["text"]}})
        elif action.startswith("429:"):
            s = int(action[4:])
            reply(self, 429, {"ok": False, "error_code": 429, "description": "Too Many Requests: retry after %d" % s,
                              "parameters": {"retry_after": s}})
        elif action == "500":
            reply(self, 500, {"ok": False, "error_code": 500, "description": "Internal Server Error"})
        elif action == "echo_path":
            reply(self, 400, {"ok": False, "error_code": 400, "description": "Bad Request: no route " + self.path})
        else:
            reply(self, 400, {"ok": False, "error_code": 400, "description": "Bad Request: chat not found"})


def main():
    srv = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    srv.daemon_threads = True
    print("PORT %d" % srv.server_address[1], flush=True)
    threading.Thread(target=srv.serve_forever, daemon=True).start()
    sys.stdin.read()  # EOF: the test is gone
    os._exit(0)


if __name__ == "__main__":
    main()
