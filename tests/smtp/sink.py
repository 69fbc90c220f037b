"""A real SMTP peer for the Swift mail tests (aiosmtpd): stores each message it accepts as
a file in FOLDER, refuses recipients at rejected.example (550) and defers those at
later.example (451). Prints "ready PORT" once it listens.

    python3 tests/smtp/sink.py FOLDER
"""
import pathlib
import socket
import sys
import uuid

from aiosmtpd.controller import Controller


class Sink:
    def __init__(self, folder):
        self.folder = pathlib.Path(folder)

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if address.endswith("@rejected.example"):
            return "550 5.1.1 No such user here"
        if address.endswith("@later.example"):
            return "451 4.3.0 Try again later"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        head = f"X-Envelope-From: {envelope.mail_from}\r\nX-Envelope-To: {','.join(envelope.rcpt_tos)}\r\n".encode()
        target = self.folder / f"{uuid.uuid4().hex}.eml"
        partial = target.with_suffix(".part")
        partial.write_bytes(head + envelope.original_content)
        partial.rename(target)
        return "250 Message accepted for delivery"


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


if __name__ == "__main__":
    port = free_port()
    controller = Controller(Sink(sys.argv[1]), hostname="127.0.0.1", port=port)
    controller.start()
    print(f"ready {port}", flush=True)
    # Runs until the test ends it (SIGTERM) or its standard input closes.
    try:
        sys.stdin.read()
    finally:
        controller.stop()
