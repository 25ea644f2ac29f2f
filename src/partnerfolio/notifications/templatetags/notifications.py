"""`{% load notifications %}{% unread_notifications as n %}`: the header's unread count."""

from __future__ import annotations

from typing import Any

from django import template

from partnerfolio.notifications.views import unread

register = template.Library()


@register.simple_tag(takes_context=True)
def unread_notifications(context: dict[str, Any]) -> int:
    request = context.get("request")
    return 0 if request is None else unread(request)
