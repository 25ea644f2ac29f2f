"""The NinjaAPI object: routers, authentication, request budgets (`api.throttles`) and
problem details for every error."""

from __future__ import annotations

import json
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, RequestDataTooBig
from django.http import Http404, HttpRequest, HttpResponse
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError, Throttled, ValidationError

from partnerfolio.accounts.names import NameUnavailable
from partnerfolio.api import throttles
from partnerfolio.api.auth import AUTH
from partnerfolio.api.preconditions import if_match
from partnerfolio.api.problems import (
    CONTENT_TYPE,
    ApiProblem,
    holds_nul,
    problem_response,
    request_problems,
    too_many_requests,
)
from partnerfolio.domain.lifecycle import GuardsNotMet, IllegalMove, LifecycleError
from partnerfolio.interchange import InvalidDocument, Problem
from partnerfolio.partnerships.errors import (
    AlreadyExists,
    BatchRefused,
    InUse,
    InvalidChange,
    RecordError,
    StaleEdit,
)
from partnerfolio.partnerships.records import checked_document


class PartnerfolioAPI(NinjaAPI):
    """Errors are documented as what they are: application/problem+json."""

    def get_openapi_schema(self, *args: Any, **kwargs: Any) -> Any:
        schema = super().get_openapi_schema(*args, **kwargs)
        for operations in schema.get("paths", {}).values():
            for operation in operations.values():
                for status, response in operation.get("responses", {}).items():
                    content = response.get("content") or {}
                    if str(status).startswith("4") and "application/json" in content:
                        content[CONTENT_TYPE] = content.pop("application/json")
                operation.get("responses", {}).setdefault(429, TOO_MANY_REQUESTS)
        return schema

    def validation_error_from_error_contexts(self, error_contexts: Any) -> ValidationError:
        """Ninja drops the values at fault; a value holding NUL is marked `nul_character`,
        so that the answer is a 400 that says so, whatever the parameter's type."""
        error = super().validation_error_from_error_contexts(error_contexts)
        values = [
            found.get("input")
            for context in error_contexts
            for found in context.pydantic_validation_error.errors(include_url=False)
        ]
        for found, value in zip(error.errors, values, strict=False):
            if isinstance(value, str) and "\x00" in value:
                found["type"] = "nul_character"
        return error


# Every operation may answer 429 (docs/api.md, "Limits").
TOO_MANY_REQUESTS = {
    "description": "Too many requests: over the caller's request budget",
    "headers": {
        "Retry-After": {
            "description": "whole seconds to wait before the next request",
            "schema": {"type": "integer", "minimum": 1},
        }
    },
    "content": {CONTENT_TYPE: {"schema": {"$ref": "#/components/schemas/ProblemOut"}}},
}


api = PartnerfolioAPI(
    title="Partnerfolio API",
    version="1",
    description="The partnership record and its assessments (docs/api.md).",
    urls_namespace="api",
    docs_url="/docs",
    openapi_url="/openapi.json",
    auth=AUTH,
    throttle=[throttles.PERSON, throttles.ADDRESS],
)


def _handler(kind: type[Exception]) -> Any:
    def register(function: Any) -> Any:
        api.add_exception_handler(kind, function)
        return function

    return register


def _at_the_door(request: HttpRequest, refusal: HttpResponse) -> HttpResponse:
    """A request refused before its caller is known (no, bad or unusable credentials)
    counts against its address's budget (Ninja throttles only the authenticated): over the
    budget, it answers 429 instead."""
    if getattr(request, "auth", None) is not None:
        return refusal
    wait = throttles.ADDRESS.charge(request)
    if wait is None:
        return refusal
    return too_many_requests(request, wait, throttles.ADDRESS.limit())


@_handler(ApiProblem)
def _problem(request: HttpRequest, exc: ApiProblem) -> HttpResponse:
    answer = problem_response(request, exc.status, exc.detail, exc.errors, exc.headers, exc.kind)
    return _at_the_door(request, answer) if exc.status in (401, 403) else answer


@_handler(Throttled)
def _throttled(request: HttpRequest, exc: Throttled) -> HttpResponse:
    """Over a budget: the person's when the caller is known, else the address's."""
    known = getattr(request, "auth", None) is not None
    budget = throttles.PERSON if known else throttles.ADDRESS
    return too_many_requests(request, exc.wait, budget.limit())


@_handler(ValidationError)
def _validation(request: HttpRequest, exc: ValidationError) -> HttpResponse:
    problems = request_problems(exc.errors)
    if holds_nul(exc.errors):
        return problem_response(request, 400, "; ".join(map(str, problems)), problems)
    if request.method == "POST" and request.path.rstrip("/") == "/api/v1/partnerships":
        # A whole §8 document: the interchange's checks report every problem in its words.
        try:
            checked_document(json.loads(request.body))
        except InvalidChange as refused:
            problems = refused.problems
        except (ValueError, TypeError):
            pass
    return problem_response(request, 422, "; ".join(map(str, problems)), problems)


@_handler(RequestDataTooBig)
def _too_large(request: HttpRequest, exc: RequestDataTooBig) -> HttpResponse:
    limit = settings.DATA_UPLOAD_MAX_MEMORY_SIZE
    shown = f"{limit / (1024 * 1024):g} MiB" if limit else "the limit"
    return problem_response(request, 413, f"the body is larger than {shown}")


@_handler(AuthenticationError)
def _unauthenticated(request: HttpRequest, exc: AuthenticationError) -> HttpResponse:
    return _at_the_door(
        request,
        problem_response(
            request, 401, "sign in, or send `Authorization: Bearer <token>` with a personal token"
        ),
    )


@_handler(HttpError)
def _http(request: HttpRequest, exc: HttpError) -> HttpResponse:
    return problem_response(request, exc.status_code, str(exc.message))


@_handler(Http404)
def _not_found(request: HttpRequest, exc: Http404) -> HttpResponse:
    return problem_response(request, 404, "not found")


@_handler(PermissionDenied)
def _forbidden(request: HttpRequest, exc: PermissionDenied) -> HttpResponse:
    return problem_response(request, 403, str(exc) or "forbidden")


@_handler(InvalidChange)
def _invalid(request: HttpRequest, exc: InvalidChange) -> HttpResponse:
    return problem_response(request, 422, str(exc), exc.problems)


@_handler(InvalidDocument)
def _invalid_document(request: HttpRequest, exc: InvalidDocument) -> HttpResponse:
    return problem_response(request, 422, "the document is not valid", exc.problems)


@_handler(StaleEdit)
def _stale(request: HttpRequest, exc: StaleEdit) -> HttpResponse:
    # Stale against the If-Match the caller sent: 412; against a `version` in the body: 409.
    status = 412 if if_match(request) is not None else 409
    return problem_response(request, status, str(exc))


@_handler(GuardsNotMet)
def _guards(request: HttpRequest, exc: GuardsNotMet) -> HttpResponse:
    problems = [Problem(p.code, str(p)) for p in exc.problems]
    return problem_response(
        request,
        409,
        f"{exc}. Record what is missing, or, as a manager, give an override_reason",
        problems,
        kind="guards-not-met",
    )


@_handler(IllegalMove)
def _illegal(request: HttpRequest, exc: IllegalMove) -> HttpResponse:
    return problem_response(request, 422, str(exc), [Problem("to", str(exc))])


@_handler(LifecycleError)
def _lifecycle(request: HttpRequest, exc: LifecycleError) -> HttpResponse:
    """A move the life cycle refuses outright (e.g. promoting what is already strategic)."""
    return problem_response(request, 409, str(exc), [Problem("", str(exc))])


@_handler(NameUnavailable)
def _name_unavailable(request: HttpRequest, exc: NameUnavailable) -> HttpResponse:
    """The same answer whoever holds the name (docs/access.md, "Names")."""
    return problem_response(request, 409, str(exc), exc.problems)


@_handler(AlreadyExists)
def _exists(request: HttpRequest, exc: AlreadyExists) -> HttpResponse:
    return problem_response(request, 409, str(exc), [Problem("name", str(exc))])


@_handler(BatchRefused)
def _batch(request: HttpRequest, exc: BatchRefused) -> HttpResponse:
    problems = [p for found in exc.problems.values() for p in found]
    return problem_response(request, 422, str(exc), problems)


@_handler(InUse)
def _in_use(request: HttpRequest, exc: InUse) -> HttpResponse:
    return problem_response(request, 409, str(exc), exc.problems)


@_handler(RecordError)
def _refused(request: HttpRequest, exc: RecordError) -> HttpResponse:
    return problem_response(request, 409, str(exc))


def _routers() -> None:
    from partnerfolio.api.routers import (
        assessments,
        evidence,
        metrics,
        organizations,
        partnerships,
        tokens,
    )

    api.add_router("/partnerships", partnerships.router)
    api.add_router("/partnerships", evidence.router)
    api.add_router("/partnerships", metrics.router)
    api.add_router("/organizations", organizations.router)
    api.add_router("/", assessments.router)
    api.add_router("/tokens", tokens.router)


_routers()
