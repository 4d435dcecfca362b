"""What no text of the site may hold, in an address or in a form."""

import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

# The control characters (C0, DEL and C1), but tab, line feed and carriage return, which are
# white space. PostgreSQL refuses NUL in a string; HTML and XML have no place for the others.
CONTROL_CHARACTERS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")


def prohibit_control_characters(value):
    """A form field's validator. NUL is left to the one Django puts on every CharField, which
    says so in words of its own."""
    if CONTROL_CHARACTERS.search(str(value).replace("\x00", "")):
        raise ValidationError(
            _(
                "This text holds invisible control characters, which sometimes come with text "
                "copied from another program. Paste it as plain text, or type it again."
            ),
            code="control_characters",
        )
