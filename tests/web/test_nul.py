"""A NUL character (%00) in any query parameter, path or form field: never a server error.

No database stores NUL in text (PostgreSQL refuses it outright, which used to answer 500);
the list's filters and the partners' search answer an empty result that says why, the API a
400 problem naming the parameter, every other page a 4xx or its ordinary answer.
"""

from __future__ import annotations

import re
from datetime import timedelta
from typing import Any

import pytest
from django.urls import URLPattern, URLResolver, get_resolver
from django.utils import timezone

from partnerfolio.accounts.models import User
from partnerfolio.metrics.models import Metric
from partnerfolio.partners.models import PartnerOrganization
from partnerfolio.portal import services as portal
from partnerfolio.spreadsheets.models import ExportJob, ImportJob, PendingImport
from tests.api.conftest import token_client, world  # noqa: F401  (the API's world)
from tests.people import signed_in

pytestmark = pytest.mark.django_db

# Every name a page or endpoint reads from its query string (grep `GET.get` / `Query[`).
PARAMETERS = (
    "q",
    "type",
    "category",
    "stage",
    "pitfall",
    "owner",
    "partner",
    "readiness",
    "sort",
    "page",
    "show",
    "format",
    "next",
    "role",
    "organization",
    "quarter",
    "as_of",
    "sector",
    "ordering",
    "limit",
    "offset",
    "well_defined_need",
)
# The list's filters (the list and its exports read the same ones) and the partners' search.
FILTERS = ("q", "owner", "partner", "type", "category", "stage", "pitfall", "readiness")
FILTERED_PAGES = (
    "/partnerships/",
    "/spreadsheets/export/partnerships.csv",
    "/spreadsheets/export/partnerships.json",
)
NUL = "\x00"


def _patterns(resolver: URLResolver, prefix: str = "") -> Any:
    for pattern in resolver.url_patterns:
        if isinstance(pattern, URLResolver):
            yield from _patterns(pattern, prefix + str(pattern.pattern))
        elif isinstance(pattern, URLPattern):
            yield (prefix + str(pattern.pattern)).replace("^", "").replace("$", "")


def _fill(route: str, values: dict[str, Any]) -> str:
    """The route with its parameters (`<int:pk>`, `(?P<fmt>csv|xlsx)`) given values."""

    def path_value(match: re.Match[str]) -> str:
        return str(values[match.group(1)])

    route = re.sub(r"\(\?P<(\w+)>[^)]*\)", path_value, route)
    route = re.sub(r"<(?:\w+:)?(\w+)>", path_value, route)
    return "/" + route.replace("\\.", ".")


@pytest.fixture
def pages(world) -> list[str]:  # noqa: F811
    """Every page of the application (the API apart), with real records in its path."""
    atlas = world["Atlas"]
    ada = User.objects.get(username="ada")
    metric = Metric.objects.filter(partnership_id=atlas).first()
    round_ = portal.round_open(
        actor=ada,
        partnership=metric.partnership,
        closes_on=timezone.localdate() + timedelta(days=7),
        questions=["trust"],
    )
    pending = PendingImport.objects.create(user=ada, filename="a.csv", content=b"name\nA\n")
    job = ImportJob.objects.create(user=ada, filename="a.csv", content=b"name\nA\n")
    export = ExportJob.objects.create(user=ada, what="portfolio", fmt="csv", filename="p.csv")
    organization = PartnerOrganization.objects.get(name="Atlas Partner Co").pk
    by_page: dict[str, dict[str, Any]] = {
        "accounts/invitations/": {"token": "not-a-token"},
        "accounts/sso/oidc/": {"provider_id": "oidc"},  # no provider configured: 404
        "accounts/sso/partner/": {"token": "not-a-token"},
        "accounts/sso/saml/": {"organization_slug": "saml"},  # no provider configured: 404
        "accounts/partner-sign-in/": {"pk": 1},
        "reports/": {"pk": atlas},
        "portal/partnerships/": {"pk": atlas, "metric": metric.pk},
        "portal/rounds/new/": {"partnership_id": atlas},
        "portal/rounds/": {"pk": round_.pk},
        "portal/organizations/": {"pk": organization},
        "spreadsheets/import/jobs/": {"pk": job.pk},
        "spreadsheets/export/jobs/": {"pk": export.pk},
        "spreadsheets/import/": {"pk": pending.pk},
        "spreadsheets/export/portfolio": {"fmt": "csv"},
        "spreadsheets/export/partnerships": {"pk": atlas, "fmt": "csv"},
        "partnerships/deleted/": {"deletion": 1},
        "partners/": {"pk": organization},
        "accounts/people/": {"pk": User.objects.get(username="vic").pk},
        "notifications/": {"pk": 1},
        "partnerships/": {
            "pk": atlas,
            "section": "reviews",
            "commitment": 1,
            "item": 1,
            "metric": 1,
            "value": 1,
        },
    }
    found = []
    for route in _patterns(get_resolver()):
        if route.startswith("api/"):
            continue  # the API has its own walk below
        values = next((v for start, v in by_page.items() if route.startswith(start)), {})
        found.append(_fill(route, values))
    assert "/partnerships/" in found
    assert f"/portal/rounds/{round_.pk}/" in found
    return found


def _with_nul(path: str, *names: str) -> str:
    return path + "?" + "&".join(f"{name}=%00" for name in names)


@pytest.mark.parametrize("person", ["ada", "pat", "anonymous"])
def test_no_page_answers_a_server_error_to_nul_in_its_query(pages, person):
    client = signed_in(person)
    for path in pages:
        for url in (_with_nul(path, *PARAMETERS), _with_nul(path, "q")):
            response = client.get(url)
            assert response.status_code < 500, url


@pytest.mark.parametrize("name", FILTERS)
@pytest.mark.parametrize("path", FILTERED_PAGES)
def test_a_nul_in_a_list_filter_finds_nothing(world, path, name):  # noqa: F811
    response = signed_in("ada").get(_with_nul(path, name))
    assert response.status_code == 200
    if path == "/partnerships/":
        text = response.content.decode()
        assert "0 partnerships" in text
        assert f"The {name} filter holds a NUL character" in text
    elif path.endswith(".csv"):
        assert response.getvalue().decode("utf-8-sig").count("\n") == 1  # the header alone


def test_a_nul_in_a_list_filter_also_in_htmx_results(world):  # noqa: F811
    response = signed_in("ada").get("/partnerships/?q=Atl%00as", HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    assert "The q filter holds a NUL character" in response.content.decode()


def test_a_nul_in_the_partners_search_finds_nothing(world):  # noqa: F811
    response = signed_in("ada").get("/partners/?q=%00")
    assert response.status_code == 200
    text = response.content.decode()
    assert "Atlas Partner Co" not in text
    assert "The search holds a NUL character" in text


def test_an_ordinary_search_still_finds(world):  # noqa: F811
    assert "Atlas Partner Co" in signed_in("ada").get("/partners/?q=atlas").content.decode()
    assert "0 partnerships" not in signed_in("ada").get("/partnerships/?q=atl").content.decode()


def _api_gets(world: dict[str, Any]) -> list[tuple[str, list[str]]]:  # noqa: F811
    """Every GET endpoint of the API with real ids in its path, and its query parameters."""
    schema = token_client(world, "ada").get("/api/v1/openapi.json").json()
    atlas = world["Atlas"]
    items = world["items"]["Atlas"]
    values = {
        "partnership_id": atlas,
        "organization_id": PartnerOrganization.objects.get(name="Atlas Partner Co").pk,
        "metric_id": items["metrics"],
        "observation_id": items["observations"],
        "token_id": 1,
    }
    found = []
    for path, operations in schema["paths"].items():
        if "get" not in operations:
            continue
        section = re.search(r"/partnerships/\{partnership_id\}/(\w+)/\{item_id\}", path)
        filled = dict(values, item_id=items[section.group(1)] if section else 0)
        url = path.format(**filled)
        query = [p["name"] for p in operations["get"].get("parameters", []) if p["in"] == "query"]
        found.append((url, query))
    return found


def test_every_api_read_refuses_nul_in_a_query_parameter_as_a_400_problem(world):  # noqa: F811
    client = token_client(world, "ada")
    tried = 0
    for url, names in _api_gets(world):
        for name in names:
            response = client.get(_with_nul(url, name))
            assert response.status_code == 400, (url, name, response.content)
            body = response.json()
            assert response["Content-Type"] == "application/problem+json"
            assert [e["field"] for e in body["errors"]] == [name], body
            assert "NUL" in body["errors"][0]["message"]
            tried += 1
        response = client.get(_with_nul(url, "unknown"))  # unknown parameters are ignored
        assert response.status_code < 500, url
    assert tried >= 10  # the lists' q, filters and paging at least


def test_the_api_list_and_organizations_refuse_nul_inside_a_search(world):  # noqa: F811
    client = token_client(world, "ada")
    for url in ("/api/v1/partnerships?q=Atl%00as", "/api/v1/organizations?q=%00"):
        response = client.get(url)
        assert response.status_code == 400
        assert response.json()["errors"] == [
            {"field": "q", "message": "must not contain the NUL character (\\u0000)"}
        ]


def test_a_nul_in_a_path_answers_not_found(world):  # noqa: F811
    client = signed_in("ada")
    for url in ("/partnerships/%00/", "/api/v1/partnerships/%00", "/spreadsheets/export/%00.csv"):
        assert client.get(url).status_code == 404, url
    assert client.get("/accounts/invitations/%00/").status_code == 410  # as any unknown token
    assert token_client(world, "ada").get("/api/v1/%00").status_code == 404
