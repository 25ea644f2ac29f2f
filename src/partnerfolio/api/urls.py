"""/api/v1/: the Ninja API. Its views authenticate for themselves (token or session), so
they are exempt from the sign-in redirect of LoginRequiredMiddleware; an address that
matches no endpoint answers 404 as problem details, like every other error of the API."""

from django.contrib.auth.decorators import login_not_required
from django.http import HttpRequest, HttpResponse
from django.urls import URLPattern, URLResolver, re_path
from django.views.decorators.csrf import csrf_exempt

from partnerfolio.api.api import api
from partnerfolio.api.problems import problem_response


def _exempt(patterns: list[URLPattern | URLResolver]) -> list[URLPattern | URLResolver]:
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            _exempt(pattern.url_patterns)
        else:
            login_not_required(pattern.callback)
    return patterns


@login_not_required
@csrf_exempt
def no_such_endpoint(request: HttpRequest, rest: str = "") -> HttpResponse:
    return problem_response(request, 404, "no such endpoint (see /api/v1/docs)")


_patterns, _app, _namespace = api.urls
urlpatterns: list[URLPattern | URLResolver] = [
    *_exempt(list(_patterns)),
    re_path(r"^(?P<rest>[\s\S]*)$", no_such_endpoint),
]
app_name = _namespace
