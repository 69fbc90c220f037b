"""A real SMTP peer for the Swift mail tests (aiosmtpd): stores each message it accepts as
a file in FOLDER, refuses recipients at rejected.example (550) and defers those at
later.example (451). Prints "ready PORT" once it listens.

    python3 tests/smtp/sink.py FOLDER
"""
import asyncio
import pathlib
import sys
import uuid

from aiosmtpd.smtp import SMTP


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


async def serve(folder):
    loop = asyncio.get_running_loop()
    # Port 0: the system picks a free port and the server holds it from the start (no probing).
    server = await loop.create_server(lambda: SMTP(Sink(folder), hostname="127.0.0.1"), host="127.0.0.1", port=0)
    port = server.sockets[0].getsockname()[1]
    print(f"ready {port}", flush=True)
    # Runs until the test ends it (SIGTERM) or its standard input closes.
    await loop.run_in_executor(None, sys.stdin.read)
    server.close()
    await server.wait_closed()


if __name__ == "__main__":
    asyncio.run(serve(sys.argv[1]))
