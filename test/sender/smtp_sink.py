#!/usr/bin/python3
"""An SMTP server for ar2c-sender's tests (Debian's python3-aiosmtpd).

    smtp_sink.py PORT DIR

Listens on 127.0.0.1:PORT and writes every message it accepts to
DIR/NNNNN.eml (whole, as received), then answers. What it does depends on
the local part of the recipient, so that one sink serves every case:

    refuse...    550 at RCPT (unknown mailbox): a permanent refusal
    tempfail...  451 at DATA the first time: a transient failure
    drop...      the connection closed at DATA the first time, no reply
    slow...      the message stored, the reply delayed SLOW seconds the
                 first time (environment SINK_SLOW, default 3)

anything else is accepted. With SINK_TLS set to a directory holding
cert.pem and key.pem, it offers STARTTLS and requires it, and requires
AUTH (PLAIN or LOGIN) as user SINK_USER with password SINK_PASSWORD.
Writes DIR/ready once it listens; stops on SIGTERM.
"""
import asyncio
import os
import signal
import ssl
import sys
import threading

from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult, LoginPassword


class Sink:
    def __init__(self, directory, slow):
        self.directory = directory
        self.slow = slow
        self.stored = 0
        self.seen = set()
        self.lock = threading.Lock()

    def first_time(self, key):
        with self.lock:
            first = key not in self.seen
            self.seen.add(key)
            return first

    def store(self, envelope):
        with self.lock:
            self.stored += 1
            name = os.path.join(self.directory, "%05d.eml" % self.stored)
        with open(name + ".tmp", "wb") as out:
            out.write(envelope.original_content)
        os.rename(name + ".tmp", name)

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if address.split("@")[0].startswith("refuse"):
            return "550 5.1.1 <%s>: Recipient address rejected: User unknown" % address
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        recipient = envelope.rcpt_tos[0]
        local = recipient.split("@")[0]
        if local.startswith("tempfail") and self.first_time(recipient):
            return "451 4.3.0 Temporary failure, try again later"
        if local.startswith("drop") and self.first_time(recipient):
            server.transport.close()
            return "421 4.4.2 closing"
        self.store(envelope)
        if local.startswith("slow") and self.first_time(recipient):
            await asyncio.sleep(self.slow)
        return "250 2.0.0 Ok: queued"


def tls_and_auth(directory):
    """The SMTP options of a sink that requires STARTTLS and AUTH"""
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    context.load_cert_chain(os.path.join(directory, "cert.pem"), os.path.join(directory, "key.pem"))
    user = os.environ.get("SINK_USER", "").encode()
    password = os.environ.get("SINK_PASSWORD", "").encode()

    def check(server, session, envelope, mechanism, data):
        good = isinstance(data, LoginPassword) and data.login == user and data.password == password
        return AuthResult(success=good, handled=False)

    return {"tls_context": context, "require_starttls": True, "auth_required": True,
            "auth_require_tls": True, "authenticator": check}


def main():
    port = int(sys.argv[1])
    directory = sys.argv[2]
    sink = Sink(directory, float(os.environ.get("SINK_SLOW", "3")))
    options = tls_and_auth(os.environ["SINK_TLS"]) if os.environ.get("SINK_TLS") else {}
    controller = Controller(sink, hostname="127.0.0.1", port=port, enable_SMTPUTF8=True,
                            decode_data=False, **options)
    stop = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: stop.set())
    signal.signal(signal.SIGINT, lambda *_: stop.set())
    controller.start()
    with open(os.path.join(directory, "ready"), "w") as ready:
        ready.write("%d\n" % port)
    stop.wait()
    controller.stop()


if __name__ == "__main__":
    main()
