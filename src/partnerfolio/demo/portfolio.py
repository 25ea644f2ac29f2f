"""The demo portfolio: forty partnerships of Northwind Software, a fictional business-software
company, with two years of evidence ending on the day they are generated for. Each
partnership is a small story (a thriving cloud co-sell alliance, a global integrator that
feels short-changed, a pilot that earned its promotion, a vendor someone called strategic,
a joint venture being wound down, a contractor nobody owns any more, ...) written in days
before `as_of` (`partnerfolio.demo.plot`), so the portfolio looks the same whatever the
date: assessed as of that date with the default playbook it shows every type, category
and stage, every pitfall the engine can raise, every readiness verdict, a few tactical
and hybrid partnerships ready for promotion, and a spread of health and classification
scores. The routine evidence (check-ins, reviews, survey answers, metric observations)
comes from a random generator seeded by each story's name, so the same `as_of` always
gives the same documents. `partnerfolio demo` loads them into an empty database.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from partnerfolio.demo.plot import Story, write
from partnerfolio.demo.stories import (
    alliances,
    drifting,
    exposed,
    pilots,
    projects,
    unformalized,
    unproven,
    vendors,
)

STORIES: tuple[Story, ...] = tuple(
    story
    for module in (alliances, exposed, unformalized, drifting, vendors, projects, pilots, unproven)
    for story in module.STORIES
)

# Stories reach at most this far back, and agreements at most this far ahead.
LOOK_BACK = timedelta(days=800)
LOOK_AHEAD = timedelta(days=2000)


def demo_documents(as_of: date) -> list[dict[str, Any]]:
    """The demo portfolio's §8 documents (plain JSON-shaped dicts) as of `as_of`."""
    if not date.min + LOOK_BACK <= as_of <= date.max - LOOK_AHEAD:
        raise ValueError(
            f"no demo portfolio as of {as_of.isoformat()}: the date is too close to the "
            "limits of the calendar"
        )
    return [write(story, as_of) for story in STORIES]
