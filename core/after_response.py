"""Work that must not delay a response: run once the response has gone to the client.

Inside a request, ``after_response(work)`` keeps ``work`` until Django signals that the
response is finished, then runs it; outside a request (a command, a test), it runs at once.
The outgoing e-mail uses it so that a page never waits on the mail server, nor shows by its
timing whether it sent mail.
"""

import contextvars
import logging

logger = logging.getLogger(__name__)

_in_request = contextvars.ContextVar("in_request", default=False)
_pending = contextvars.ContextVar("after_response", default=None)


def after_response(work):
    """Run ``work`` once the current response has been sent (at once, outside a request)."""
    if _in_request.get():
        pending = _pending.get()
        if pending is None:
            pending = []
            _pending.set(pending)
        pending.append(work)
    else:
        _run_safely(work)


def request_started(**kwargs):
    _in_request.set(True)
    _pending.set(None)


def request_finished(**kwargs):
    """Run what this request deferred, now that it has answered."""
    _in_request.set(False)
    pending = _pending.get()
    _pending.set(None)
    for work in pending or ():
        _run_safely(work)


def _run_safely(work):
    try:
        work()
    except Exception:
        logger.exception("Work deferred after the response failed.")
