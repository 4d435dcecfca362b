"""Counting instructions per request with callgrind, the WSGI application called in-process.

A process started under ``valgrind --tool=callgrind --instr-atstart=no`` counts nothing
until it asks: ``Callgrind.count`` starts the count, zeroes it, makes the requests, dumps the
total under a label and stops. ``counts`` reads the dumps back; each one's total divided by
its requests is the figure. ``callgrind_annotate --inclusive=yes`` on a dump shows where the
instructions go.
"""

import ctypes
import gc
import io
import re
import subprocess
import sys
from pathlib import Path

HOST = "127.0.0.1"

SOURCE = """
#include <valgrind/callgrind.h>
void start(void) { CALLGRIND_START_INSTRUMENTATION; }
void stop(void) { CALLGRIND_STOP_INSTRUMENTATION; }
void zero(void) { CALLGRIND_ZERO_STATS; }
void toggle(void) { CALLGRIND_TOGGLE_COLLECT; }
void dump(const char *label) { CALLGRIND_DUMP_STATS_AT(label); }
"""


class Callgrind:
    def __init__(self, folder: Path):
        source, library = folder / "callgrind.c", folder / "libcallgrind.so"
        source.write_text(SOURCE)
        subprocess.run(["gcc", "-shared", "-fPIC", "-o", library, source], check=True)
        self.library = ctypes.CDLL(str(library))

    def count(self, label: str, call, times=1, *, between=None):
        """Dump the instructions of ``times`` calls of ``call`` under ``label``; ``between``
        runs before each call, uncounted. The garbage collector starts empty, so that a
        collection it happens to run does not make one count differ from the next."""
        gc.collect()
        self.library.start()
        self.library.zero()
        for _ in range(times):
            if between is not None:
                self.library.toggle()
                between()
                self.library.toggle()
            call()
        self.library.dump(label.encode())
        self.library.stop()


def counts(folder: Path) -> dict:
    """{label: instructions per request} from the dumps in ``folder``, whose labels end in
    ``|<requests>``."""
    found = {}
    for dump in folder.glob("callgrind.out*"):
        text = dump.read_text(errors="replace")
        label = re.search(r"^desc: Trigger: Client Request: (.*)$", text, re.M)
        total = re.search(r"^(?:summary|totals): (\d+)", text, re.M)
        if label and total:
            name, _, times = label.group(1).rpartition("|")
            found[name] = int(total.group(1)) / int(times)
    return found


def environ(path: str, method="GET", body=b"", **extra) -> dict:
    path, _, query = path.partition("?")
    return {
        "REQUEST_METHOD": method,
        "SCRIPT_NAME": "",
        "PATH_INFO": path,
        "QUERY_STRING": query,
        "SERVER_NAME": HOST,
        "SERVER_PORT": "80",
        "SERVER_PROTOCOL": "HTTP/1.1",
        "HTTP_HOST": HOST,
        "REMOTE_ADDR": "127.0.0.1",
        "CONTENT_LENGTH": str(len(body)),
        "wsgi.url_scheme": "http",
        "wsgi.input": io.BytesIO(body),
        "wsgi.errors": sys.stderr,
        "wsgi.version": (1, 0),
        "wsgi.multithread": False,
        "wsgi.multiprocess": True,
        "wsgi.run_once": False,
        **extra,
    }


def call(application, path: str, **options) -> tuple[int, bytes]:
    """The status and body of one request."""
    status = []
    response = application(environ(path, **options), lambda s, h, *a: status.append(s))
    try:
        body = b"".join(response)
    finally:
        getattr(response, "close", lambda: None)()  # as a server does: request_finished
    return int(status[0].split()[0]), body
