#!/usr/bin/env python3
"""A fake Telegram Bot API for scripts/bench-reach and scripts/drill-reach:
answers every method as Telegram does on success, and appends to a file,
per call, the time it arrived, the method, the headline of the message
(the text's first bold run) and the chat. A call counts as posted when it
arrives, as with Telegram; DELAY seconds before the answer widen the
window in which a killed sender has posted but not recorded it.

    fake_telegram.py PORT CALLS_FILE [DELAY]
"""
import json
import re
import sys
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

port, calls_path = int(sys.argv[1]), sys.argv[2]
delay = float(sys.argv[3]) if len(sys.argv) > 3 else 0.0
next_message = [1]


class Bot(BaseHTTPRequestHandler):
    def do_POST(self):
        arrived = time.time()
        body = json.loads(self.rfile.read(int(self.headers.get("Content-Length", 0))) or b"{}")
        text = body.get("text") or body.get("caption") or ""
        headline = re.search(r"<b>(.*?)</b>", text)
        with open(calls_path, "a", encoding="utf-8") as calls:
            method = self.path.rsplit("/", 1)[-1]
            title = headline.group(1) if headline else ""
            calls.write(f"{arrived:.6f}\t{method}\t{title}\t{body.get('chat_id', '')}\n")
        time.sleep(delay)
        answer = {"ok": True, "result": {"message_id": next_message[0]}}
        next_message[0] += 1
        data = json.dumps(answer).encode()
        try:
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)
        except (BrokenPipeError, ConnectionResetError):
            pass  # the sender was killed while waiting

    def log_message(self, *args):
        pass


ThreadingHTTPServer(("127.0.0.1", port), Bot).serve_forever()
