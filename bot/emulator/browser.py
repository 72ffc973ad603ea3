"""An installer's browser going through an OAuth install: the app's install page, Slack's authorize step, and the
redirect back to the app, carrying the cookie the app set (Bolt checks it against the state)."""

from __future__ import annotations

import html
import re
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from http.cookies import SimpleCookie
from urllib.parse import urlparse

INSTALL_LINK = re.compile(r'href="([^"]*oauth/v2/authorize[^"]*)"')


@dataclass
class BrowserPage:
    status: int
    body: str
    headers: dict[str, str] = field(default_factory=dict)


class _NoRedirects(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args: object, **kwargs: object) -> None:
        return None  # the browser here looks at each redirect itself


class Browser:
    """Cookies per host, no automatic redirects."""

    def __init__(self) -> None:
        self.cookies: dict[str, SimpleCookie] = {}
        self._opener = urllib.request.build_opener(_NoRedirects)

    def get(self, url: str) -> BrowserPage:
        host = urlparse(url).netloc
        request = urllib.request.Request(url, method="GET")
        jar = self.cookies.get(host)
        if jar:
            request.add_header("Cookie", "; ".join(f"{name}={morsel.value}" for name, morsel in jar.items()))
        try:
            with self._opener.open(request, timeout=10) as response:
                page = BrowserPage(response.status, response.read().decode(), dict(response.headers.items()))
                cookies = response.headers.get_all("Set-Cookie") or []
        except urllib.error.HTTPError as error:
            page = BrowserPage(error.code, error.read().decode(), dict(error.headers.items()))
            cookies = error.headers.get_all("Set-Cookie") or []
        for cookie in cookies:
            self.cookies.setdefault(host, SimpleCookie()).load(cookie)
        return page


def authorize_link(page: BrowserPage) -> str | None:
    """The "Add to Slack" link of an install page, or the Location of a redirect to Slack."""
    if page.status in (301, 302, 303, 307) and "oauth/v2/authorize" in page.headers.get("Location", ""):
        return page.headers["Location"]
    found = INSTALL_LINK.search(page.body)
    return html.unescape(found.group(1)) if found else None
