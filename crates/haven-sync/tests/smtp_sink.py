"""A real SMTP server on loopback for tests (aiosmtpd).

Usage: python3 smtp_sink.py DIR. Listens on 127.0.0.1 on a free port, prints the port on stdout,
writes each received message to DIR/NNNNNN.json as {"from", "to", "subject", "body"} (body decoded
from its transfer encoding), and exits when its stdin closes (so it never outlives the test).
"""
import asyncio
import email
import email.policy
import json
import os
import sys

from aiosmtpd.smtp import SMTP


class Handler:
    def __init__(self, directory):
        self.directory = directory
        self.count = 0

    async def handle_DATA(self, server, session, envelope):
        msg = email.message_from_bytes(envelope.original_content or envelope.content, policy=email.policy.default)
        part = msg.get_body(preferencelist=("plain",))
        body = part.get_content() if part is not None else ""
        self.count += 1
        path = os.path.join(self.directory, f"{self.count:06d}.json")
        with open(path + ".tmp", "w", encoding="utf-8") as f:
            json.dump({"from": envelope.mail_from, "to": envelope.rcpt_tos, "subject": str(msg.get("subject", "")), "body": body}, f)
        os.rename(path + ".tmp", path)
        return "250 OK"


async def main():
    handler = Handler(sys.argv[1])
    loop = asyncio.get_running_loop()
    server = await loop.create_server(lambda: SMTP(handler), "127.0.0.1", 0)
    print(server.sockets[0].getsockname()[1], flush=True)
    await loop.run_in_executor(None, sys.stdin.read)
    server.close()


asyncio.run(main())
