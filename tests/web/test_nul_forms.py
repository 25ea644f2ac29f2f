"""A NUL character in any field of any form of ours: a form error, never a server error."""

from __future__ import annotations

from html.parser import HTMLParser
from typing import Any

import pytest

from tests.people import signed_in
from tests.web.test_nul import pages, world  # noqa: F401  (every page, in the API's world)

pytestmark = pytest.mark.django_db
SIGN_OUT = ("/accounts/logout/", "/accounts/sign-out-everywhere/")


class _Forms(HTMLParser):
    """The POST forms of a page: their action and their fields' names and values."""

    def __init__(self) -> None:
        super().__init__()
        self.forms: list[dict[str, Any]] = []
        self.open = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = dict(attrs)
        if tag == "form" and (found.get("method") or "").lower() == "post":
            self.forms.append({"action": found.get("action") or "", "fields": {}})
            self.open = True
        elif tag in ("input", "select", "textarea") and self.open and found.get("name"):
            self.forms[-1]["fields"].setdefault(found["name"], found.get("value") or "")

    def handle_endtag(self, tag: str) -> None:
        if tag == "form":
            self.open = False


def _forms(html: str) -> list[dict[str, Any]]:
    parser = _Forms()
    parser.feed(html)
    return parser.forms


def test_no_form_answers_a_server_error_to_nul_in_a_field(pages):  # noqa: F811
    tried, failed = 0, []
    for person in ("ada", "pat"):
        client = signed_in(person)
        client.raise_request_exception = False  # a server error is counted, not raised
        for path in pages:
            response = client.get(path)
            if response.status_code != 200 or "html" not in response["Content-Type"]:
                continue
            for form in _forms(response.content.decode()):
                action = form["action"] or path
                if action in SIGN_OUT:
                    continue
                for name, value in form["fields"].items():
                    if name in ("csrfmiddlewaretoken", "version"):
                        continue
                    data = dict(form["fields"], **{name: f"{value}\x00"})
                    answer = client.post(action, data)
                    if answer.status_code >= 500:
                        failed.append((person, action, name))
                    tried += 1
    assert failed == []
    assert tried > 50
