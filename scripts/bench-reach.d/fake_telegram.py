#!/usr/bin/env python3
"""A fake Telegram Bot API for scripts/bench-reach: answers every method
as Telegram does on success, and appends to a file, per call, the time it
arrived and the headline of the message (the text's first bold run).

    fake_telegram.py PORT CALLS_FILE
"""
import json
import re
import sys
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

port, calls_path = int(sys.argv[1]), sys.argv[2]
next_message = [1]


class Bot(BaseHTTPRequestHandler):
    def do_POST(self):
        arrived = time.time()
        body = json.loads(self.rfile.read(int(self.headers.get("Content-Length", 0))) or b"{}")
        text = body.get("text") or body.get("caption") or ""
        headline = re.search(r"<b>(.*?)</b>", text)
        with open(calls_path, "a", encoding="utf-8") as calls:
            method = self.path.rsplit("/", 1)[-1]
            calls.write(f"{arrived:.6f}\t{method}\t{headline.group(1) if headline else ''}\n")
        answer = {"ok": True, "result": {"message_id": next_message[0]}}
        next_message[0] += 1
        data = json.dumps(answer).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def log_message(self, *args):
        pass


ThreadingHTTPServer(("127.0.0.1", port), Bot).serve_forever()
