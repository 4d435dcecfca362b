"""What names a cached page: its language, scheme, host, path and query string.

An address is written as a short JSON list (its ``member``), which is what the dependency
index stores and what the background re-render receives; the cache keys of the page are
derived from it, with the release in front (``pagecache.middleware.release``).
"""

import hashlib
import io
import json
import sys
from dataclasses import dataclass
from functools import cached_property

from django.conf import settings
from django.conf.urls.i18n import is_language_prefix_patterns_used
from django.http.request import split_domain_port
from django.utils import translation
from django.utils.http import urlencode

# Set in the WSGI environ of a background re-render: render and store, never serve a copy.
RERENDER = "pagecache.rerender"


@dataclass(frozen=True)
class Address:
    language: str
    scheme: str
    host: str
    path: str
    query: str

    @classmethod
    def of(cls, request) -> "Address":
        return cls(
            _language(request),
            request.scheme,
            request.get_host(),
            request.path,
            urlencode(sorted(request.GET.items())),
        )

    @classmethod
    def from_member(cls, member: str) -> "Address":
        return cls(*json.loads(member))

    @cached_property
    def member(self) -> str:
        return json.dumps(
            [self.language, self.scheme, self.host, self.path, self.query],
            separators=(",", ":"),
            ensure_ascii=False,
        )

    @cached_property
    def id(self) -> str:
        return hashlib.sha256(self.member.encode()).hexdigest()[:32]

    def environ(self) -> dict:
        """A WSGI environ asking for this page as an anonymous visitor would."""
        domain, port = split_domain_port(self.host)
        return {
            "REQUEST_METHOD": "GET",
            "SCRIPT_NAME": "",
            # WSGI carries the path as bytes read as Latin-1.
            "PATH_INFO": self.path.encode().decode("iso-8859-1"),
            "QUERY_STRING": self.query,
            "SERVER_NAME": domain or self.host,
            "SERVER_PORT": port or ("443" if self.scheme == "https" else "80"),
            "SERVER_PROTOCOL": "HTTP/1.1",
            "HTTP_HOST": self.host,
            "HTTP_ACCEPT_LANGUAGE": self.language,
            "REMOTE_ADDR": "127.0.0.1",
            "wsgi.url_scheme": self.scheme,
            "wsgi.input": io.BytesIO(b""),
            "wsgi.errors": sys.stderr,
            "wsgi.version": (1, 0),
            "wsgi.multithread": False,
            "wsgi.multiprocess": True,
            "wsgi.run_once": False,
            RERENDER: True,
        }


def _language(request) -> str:
    """The language as LocaleMiddleware, further down the stack, will choose it: from the
    address where the site's URLs carry it, else from the cookie or the browser."""
    path_language = translation.get_language_from_path(request.path_info)
    if path_language:
        return path_language
    urlconf = getattr(request, "urlconf", settings.ROOT_URLCONF)
    prefixed_patterns, prefixed_default = is_language_prefix_patterns_used(urlconf)
    if prefixed_patterns and not prefixed_default:
        return settings.LANGUAGE_CODE
    return translation.get_language_from_request(request)
