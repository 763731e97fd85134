"""Step 2 of bench_broadcast: where the worker's e-mails go. An SMTP sink on loopback
(aiosmtpd) that counts and drops the messages; without aiosmtpd, files in a temporary
folder."""

import logging
import shutil
import socket
import tempfile
import threading
from pathlib import Path


class _Sink:
    """An aiosmtpd handler that counts the messages and keeps none of them."""

    def __init__(self):
        self.messages = 0
        self._lock = threading.Lock()

    async def handle_DATA(self, server, session, envelope):
        with self._lock:
            self.messages += 1
        return "250 OK"


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class MailSink:
    """Started on creation: `url` is the worker's EMAIL_URL, `description` says which it is,
    `controller` is the running aiosmtpd (None with files); stop() ends it or removes the
    folder."""

    def __init__(self):
        self.controller = None
        self.folder = None
        try:
            from aiosmtpd.controller import Controller
        except ImportError:
            self.folder = Path(tempfile.mkdtemp(prefix="bench-broadcast-mail-"))
            self.url = f"filemail:///{self.folder}"  # four slashes: an absolute path
            self.description = (
                f"aiosmtpd is not installed: files in {self.folder} (not SMTP; removed afterwards)"
            )
            return
        logging.getLogger("mail.log").setLevel(logging.WARNING)
        port = _free_port()
        controller = Controller(_Sink(), hostname="127.0.0.1", port=port)
        controller.start()
        self.controller = controller
        self.url = f"smtp://127.0.0.1:{port}"
        self.description = f"SMTP sink on 127.0.0.1:{port} (aiosmtpd)"

    def received(self) -> int:
        """The messages the SMTP sink counted."""
        return self.controller.handler.messages

    def stop(self):
        if self.controller is not None:
            self.controller.stop()
        if self.folder is not None:
            shutil.rmtree(self.folder, ignore_errors=True)
