"""A route that fails, for the error-log test."""

from django.contrib.auth.decorators import login_not_required
from django.urls import path


@login_not_required
def broken(request):
    raise RuntimeError("the disk is on fire")


urlpatterns = [path("broken", broken)]
