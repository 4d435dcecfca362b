"""Helpers for the tests of the participants' reflections."""

import re
import time

from django.core import signing

from roundtables import services
from roundtables.forms import SIGNING_SALT

LINK = re.compile(r"/reflect/([\w-]{20,})/")


def rendered_seconds_ago(seconds: float = 60) -> str:
    """The signed 'form shown at' value of a form shown ``seconds`` ago."""
    return signing.dumps(time.time() - seconds, salt=SIGNING_SALT)


def answers(**overrides) -> dict:
    """A complete, valid reflection form as a person fills it in."""
    data = {
        "meaning": "A network of peers I still call on.",
        "engagement": "We asked for help with our labour migration database.",
        "results": "The working group met for the first time.",
        "benefits": "Ministries now share their data.",
        "language": "en",
        "attribution": "role",
        "consent": "on",
        "website": "",
        "rendered": rendered_seconds_ago(),
    }
    data.update(overrides)
    return {key: value for key, value in data.items() if value is not None}


def invite(participant, capture) -> str:
    """Send ``participant`` a personal link and return its token, as read from the e-mail."""
    from django.core import mail

    with capture(execute=True):
        services.send_invitation(participant)
    return LINK.search(mail.outbox[-1].body).group(1)


def url(token: str) -> str:
    return f"/reflect/{token}/"
