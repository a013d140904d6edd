#!/usr/bin/python3
"""An HTTP server for ar2c-sender's webhook tests (standard library only).

    webhook_receiver.py PORT DIR SECRET [FAIL_FIRST]

Listens on 127.0.0.1:PORT. For each POST it checks the signature
(X-Ar2c-Signature = "sha256=" + HMAC-SHA256 of X-Ar2c-Timestamp, ".", the
body, keyed with SECRET), appends one JSON line to DIR/requests.jsonl
(signature valid or not, the idempotency key, the payload) and answers:
503 to the first FAIL_FIRST requests (default 0), 401 to a request whose
signature is wrong, 200 otherwise. Writes DIR/ready once it listens; stops
on SIGTERM.
"""
import hashlib
import hmac
import json
import os
import signal
import sys
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

PORT, DIRECTORY, SECRET = int(sys.argv[1]), sys.argv[2], sys.argv[3].encode()
FAIL_FIRST = int(sys.argv[4]) if len(sys.argv) > 4 else 0
lock = threading.Lock()
received = 0


class Receiver(BaseHTTPRequestHandler):
    def do_POST(self):
        global received
        body = self.rfile.read(int(self.headers.get("Content-Length", "0")))
        timestamp = self.headers.get("X-Ar2c-Timestamp", "")
        signature = self.headers.get("X-Ar2c-Signature", "")
        expected = "sha256=" + hmac.new(SECRET, timestamp.encode() + b"." + body, hashlib.sha256).hexdigest()
        valid = hmac.compare_digest(expected, signature)
        with lock:
            received += 1
            number = received
        if number <= FAIL_FIRST:
            status = 503
        else:
            status = 200 if valid else 401
        record = {"status": status, "valid": valid, "idempotency_key": self.headers.get("Idempotency-Key"),
                  "content_type": self.headers.get("Content-Type"), "payload": json.loads(body)}
        with lock, open(os.path.join(DIRECTORY, "requests.jsonl"), "a") as out:
            out.write(json.dumps(record, ensure_ascii=False) + "\n")
        reply = b"ok\n" if status == 200 else b"refused: %d\n" % status
        self.send_response(status)
        self.send_header("Content-Length", str(len(reply)))
        self.end_headers()
        self.wfile.write(reply)

    def log_message(self, *args):
        pass


def main():
    server = ThreadingHTTPServer(("127.0.0.1", PORT), Receiver)
    signal.signal(signal.SIGTERM, lambda *_: threading.Thread(target=server.shutdown).start())
    with open(os.path.join(DIRECTORY, "ready"), "w") as ready:
        ready.write("%d\n" % PORT)
    server.serve_forever()


if __name__ == "__main__":
    main()
