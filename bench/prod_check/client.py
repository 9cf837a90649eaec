"""A small browser for the smoke run: cookies, forms with their CSRF token, redirects.

One `Browser` is one person. Like a person behind a load balancer, each request can go to a
different app server: the browser sends every request with the site's public host name and
`X-Forwarded-Proto: https`, as the TLS-terminating proxy in front of the servers would, and keeps
its cookies (including the `__Host-` ones, which a standard cookie jar refuses over plain HTTP)
itself. Standard library only, so it runs wherever the app does.
"""

from __future__ import annotations

import http.client
import secrets
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from html.parser import HTMLParser
from http.cookies import SimpleCookie
from urllib.parse import urldefrag, urlencode, urljoin, urlsplit

MAX_REDIRECTS = 10


class JourneyError(Exception):
    """A step of the journey did not find what a person would have seen."""


@dataclass
class Response:
    status: int
    headers: dict[str, str]
    body: bytes
    url: str  # the path asked for, after redirects
    server: str  # the name of the app server that answered

    @property
    def text(self) -> str:
        return self.body.decode("utf-8", errors="replace")


@dataclass
class Form:
    action: str
    method: str
    fields: list[tuple[str, str]] = field(default_factory=list)
    # Radio and checkbox choices seen, by name, to check a chosen value exists.
    choices: dict[str, list[str]] = field(default_factory=dict)
    # The names of its file inputs.
    file_inputs: list[str] = field(default_factory=list)


class _FormParser(HTMLParser):
    """Every form of a page with the values a browser would send unchanged."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.forms: list[Form] = []
        self._form: Form | None = None
        self._select: str | None = None
        self._select_first: str | None = None
        self._select_chosen = False
        self._textarea: str | None = None
        self._text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {key: value or "" for key, value in attrs}
        if tag == "form":
            self._form = Form(action=a.get("action", ""), method=a.get("method", "get").lower())
            self.forms.append(self._form)
            return
        form = self._form
        if form is None:
            return
        name = a.get("name")
        if tag == "input" and name and "disabled" not in a:
            kind = a.get("type", "text").lower()
            if kind in {"radio", "checkbox"}:
                form.choices.setdefault(name, []).append(a.get("value", "on"))
                if "checked" in a:
                    form.fields.append((name, a.get("value", "on")))
            elif kind == "file":
                form.file_inputs.append(name)
            elif kind not in {"submit", "button", "image", "reset"}:
                form.fields.append((name, a.get("value", "")))
        elif tag == "select" and name:
            self._select, self._select_first, self._select_chosen = name, None, False
        elif tag == "option" and self._select:
            value = a.get("value", "")
            if self._select_first is None:
                self._select_first = value
            if "selected" in a and not self._select_chosen:
                form.fields.append((self._select, value))
                self._select_chosen = True
        elif tag == "textarea" and name:
            self._textarea, self._text = name, []

    def handle_data(self, data: str) -> None:
        if self._textarea:
            self._text.append(data)

    def handle_endtag(self, tag: str) -> None:
        if tag == "form":
            self._form = None
        elif tag == "select" and self._select and self._form:
            if not self._select_chosen and self._select_first is not None:
                self._form.fields.append((self._select, self._select_first))
            self._select = None
        elif tag == "textarea" and self._textarea and self._form:
            self._form.fields.append((self._textarea, "".join(self._text)))
            self._textarea = None


def parse_forms(html: str) -> list[Form]:
    parser = _FormParser()
    parser.feed(html)
    parser.close()
    return parser.forms


def find_form(html: str, *, having: str, action: str | None = None) -> Form:
    """The page's form with a field (or choice) of this name, and this action when given."""
    for form in parse_forms(html):
        if action is not None and form.action != action:
            continue
        if any(name == having for name, _ in form.fields) or having in form.choices:
            return form
    where = f" posting to {action!r}" if action is not None else ""
    raise JourneyError(f"no form{where} with a field {having!r} on the page")


# A file to upload: (field name, file name, content type, content).
Upload = tuple[str, str, str, bytes]


def multipart(fields: list[tuple[str, str]], files: list[Upload]) -> tuple[bytes, str]:
    """A multipart/form-data body and its content type, as a browser sends a form with files."""
    boundary = f"----prodcheck{secrets.token_hex(12)}"
    parts = []
    for name, value in fields:
        parts.append(
            f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n'.encode()
            + value.encode()
            + b"\r\n"
        )
    for name, filename, content_type, content in files:
        parts.append(
            (
                f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"; '
                f'filename="{filename}"\r\nContent-Type: {content_type}\r\n\r\n'
            ).encode()
            + content
            + b"\r\n"
        )
    parts.append(f"--{boundary}--\r\n".encode())
    return b"".join(parts), f"multipart/form-data; boundary={boundary}"


def fill(form: Form, values: dict[str, str]) -> list[tuple[str, str]]:
    """The form's own values (hidden tokens, defaults) with these put in place of them."""
    for name, value in values.items():
        if name in form.choices and value not in form.choices[name]:
            raise JourneyError(f"{name!r} offers {form.choices[name]}, not {value!r}")
    kept = [(name, value) for name, value in form.fields if name not in values]
    return kept + list(values.items())


class Browser:
    """One person's browser; `servers` maps a name ("A") to the address it listens on.

    `observe`, when given, is told of every exchange, redirects included, as it ends:
    `observe(method, path, response_or_None, seconds, error_or_None)` (the load run times
    each request with it).
    """

    def __init__(
        self,
        *,
        site_url: str,
        servers: dict[str, tuple[str, int]],
        timeout: float = 60,
        observe: Callable[..., None] | None = None,
    ):
        parts = urlsplit(site_url)
        self.site_url = site_url.rstrip("/")
        self.host = parts.netloc
        self.servers = servers
        self.timeout = timeout
        self.cookies: dict[str, str] = {}
        self.observe = observe

    def local_path(self, url: str) -> str:
        """A link on the site as a path; links to anywhere else are refused."""
        if url.startswith("/"):
            return url
        if url.startswith(self.site_url + "/"):
            return url[len(self.site_url) :]
        raise JourneyError(f"{url!r} is not a link on {self.site_url}")

    def _store_cookies(self, headers: list[tuple[str, str]]) -> None:
        for name, value in headers:
            if name.lower() != "set-cookie":
                continue
            jar = SimpleCookie()
            jar.load(value)
            for morsel in jar.values():
                gone = morsel["max-age"] == "0" or (
                    morsel["expires"] and "1970" in morsel["expires"]
                )
                if gone or morsel.value == "":
                    self.cookies.pop(morsel.key, None)
                else:
                    self.cookies[morsel.key] = morsel.value

    def request(
        self,
        server: str,
        method: str,
        path: str,
        data: list[tuple[str, str]] | None = None,
        *,
        referer: str | None = None,
        follow: bool = True,
        files: list[Upload] | None = None,
    ) -> Response:
        host, port = self.servers[server]
        for _ in range(MAX_REDIRECTS):
            headers = {
                "Host": self.host,
                "X-Forwarded-Proto": "https",
                "X-Forwarded-For": "127.0.0.1",
                "User-Agent": "careermanager-prod-check",
                "Accept": "text/html,application/pdf,*/*",
            }
            if self.cookies:
                headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
            body = None
            if method == "POST":
                if files:
                    body, headers["Content-Type"] = multipart(data or [], files)
                else:
                    body = urlencode(data or []).encode()
                    headers["Content-Type"] = "application/x-www-form-urlencoded"
                headers["Origin"] = self.site_url
                headers["Referer"] = self.site_url + (referer or path)
            connection = http.client.HTTPConnection(host, port, timeout=self.timeout)
            began = time.perf_counter()
            try:
                connection.request(method, path, body=body, headers=headers)
                raw = connection.getresponse()
                content = raw.read()
                header_list = raw.getheaders()
            except OSError as exc:
                if self.observe is not None:
                    self.observe(method, path, None, time.perf_counter() - began, exc)
                raise JourneyError(
                    f"server {server} ({host}:{port}) {method} {path}: {exc}"
                ) from exc
            finally:
                connection.close()
            self._store_cookies(header_list)
            response = Response(
                status=raw.status,
                headers={k.lower(): v for k, v in header_list},
                body=content,
                url=path,
                server=server,
            )
            if self.observe is not None:
                self.observe(method, path, response, time.perf_counter() - began, None)
            location = response.headers.get("location")
            if not (follow and response.status in {301, 302, 303, 307, 308} and location):
                return response
            if location.startswith("http") and not location.startswith(self.site_url):
                raise JourneyError(
                    f"{method} {path} on {server} redirected off the site: {location}"
                )
            # As a browser does, the fragment (#section) stays in the browser.
            path = self.local_path(urldefrag(urljoin(self.site_url + path, location)).url)
            if response.status in {301, 302, 303}:
                method, data, files = "GET", None, None
        raise JourneyError(f"more than {MAX_REDIRECTS} redirects from {path} on {server}")

    def get(self, server: str, path: str, *, expect: int = 200) -> Response:
        response = self.request(server, "GET", path)
        expect_status(response, expect, f"GET {path}")
        return response

    def submit(
        self,
        server: str,
        page: str,
        *,
        having: str = "csrfmiddlewaretoken",
        values: dict[str, str] | None = None,
        action: str | None = None,
        files: list[Upload] | None = None,
        expect: int = 200,
    ) -> Response:
        """Open the page on this server, fill in its form and send it, following redirects.

        The form is the one with a field named `having` (and the `action` attribute, when
        given: "" for a form that posts to its own page).
        """
        form_page = self.get(server, page)
        form = find_form(form_page.text, having=having, action=action)
        values = values or {}
        action = self.local_path(urljoin(self.site_url + page, form.action or page))
        response = self.request(
            server, "POST", action, fill(form, values), referer=page, files=files
        )
        expect_status(response, expect, f"POST {action}")
        return response


def expect_status(response: Response, status: int, what: str) -> None:
    if response.status != status:
        excerpt = response.text[:600].strip()
        raise JourneyError(
            f"{what} on server {response.server} answered {response.status}, not {status}:\n"
            f"{excerpt}"
        )
