"""What the dashboard reads: SQL aggregates and bounded slices of the assessment summaries.

Every figure is counted by the database (one query for all the counts and bands), and
every list is a page of rows in the order a head of alliances reads them, so the page's
size and its queries stay the same whether the portfolio holds ten partnerships or ten
thousand. The summaries themselves are kept elsewhere (`partnerships.summaries`); a
partnership without one yet is counted in the composition and nowhere else.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from django.core.paginator import Page, Paginator
from django.db.models import (
    Count,
    F,
    IntegerField,
    Q,
    QuerySet,
)
from django.db.models.functions import Cast, Floor

from partnerfolio.charts.portfolio import HEALTH_BANDS, NO_DATA
from partnerfolio.domain.enums import TRANSITION_TYPES, Category, PartnershipType, Stage
from partnerfolio.partnerships import models

PIPELINE_TYPES = tuple(t.value for t in TRANSITION_TYPES)
COMPOSITION = {"type": PartnershipType, "category": Category, "stage": Stage}
SOON = {"review": 30, "renewal": 90}  # days ahead that count as coming due
SCORE_STEP = 0.5  # the aggregated map's cells: half a point of classification score …
HEALTH_STEP = 10  # … by ten points of health


@dataclass(frozen=True)
class Figures:
    """The dashboard's counts, every one of them from one aggregate query."""

    total: int
    with_pitfalls: int
    pipeline_total: int
    ready: int
    placed: int  # with both a classification score and a health: on the map
    reviews_due: int
    renewals_due: int
    overdue: int
    health_bands: dict[str, int]  # HEALTH_BANDS and NO_DATA, in that order
    composition: dict[str, dict[str, int]]  # by type, category, stage: code ("" not set)

    @property
    def due_total(self) -> int:
        return self.reviews_due + self.renewals_due


def _bands() -> dict[str, Q]:
    """Each health band holds its lower bound; below 0 counts as the first, 100 the last."""
    edges = [20 * i for i in range(1, len(HEALTH_BANDS))]
    found = {HEALTH_BANDS[0]: Q(summary__health__lt=edges[0])}
    for i, band in enumerate(HEALTH_BANDS[1:-1], start=1):
        found[band] = Q(summary__health__gte=edges[i - 1], summary__health__lt=edges[i])
    found[HEALTH_BANDS[-1]] = Q(summary__health__gte=edges[-1])
    return found


def _aggregates(as_of: date) -> dict[str, Count]:
    """The named counts of `Figures`, as aggregate expressions over partnerships."""
    review_until = as_of + timedelta(days=SOON["review"])
    renewal_until = as_of + timedelta(days=SOON["renewal"])
    pipeline = Q(type__in=PIPELINE_TYPES)
    counts: dict[str, Count] = {
        "total": Count("pk"),
        "with_pitfalls": Count("pk", filter=Q(summary__pitfall_count__gt=0)),
        "pipeline_total": Count("pk", filter=pipeline),
        "ready": Count("pk", filter=pipeline & Q(summary__readiness="ready")),
        "placed": Count(
            "pk",
            filter=Q(summary__classification_score__isnull=False, summary__health__isnull=False),
        ),
        "reviews_due": Count("pk", filter=Q(summary__next_review_on__lte=review_until)),
        "renewals_due": Count("pk", filter=Q(summary__renewal_on__lte=renewal_until)),
        # a renewal is counted from the next one on or after the day: only reviews fall behind
        "overdue": Count("pk", filter=Q(summary__next_review_on__lt=as_of)),
    }
    for i, (_band, condition) in enumerate(_bands().items()):
        counts[f"band_{i}"] = Count("pk", filter=condition)
    for by, enum in COMPOSITION.items():
        for member in enum:
            counts[f"{by}__{member.value}"] = Count("pk", filter=Q(**{by: member.value}))
    return counts


def portfolio_figures(partnerships: QuerySet[models.Partnership], as_of: date) -> Figures:
    """Every count the dashboard shows for these partnerships, in one query."""
    row: dict[str, Any] = _within(partnerships).aggregate(**_aggregates(as_of))
    total = row["total"]
    bands = {band: row[f"band_{i}"] for i, band in enumerate(HEALTH_BANDS)}
    bands[NO_DATA] = total - sum(bands.values())
    composition: dict[str, dict[str, int]] = {}
    for by, enum in COMPOSITION.items():
        counts = {m.value: row[f"{by}__{m.value}"] for m in enum}
        counts = {code: n for code, n in counts.items() if n}
        unset = total - sum(counts.values())
        if unset:
            counts[""] = unset
        composition[by] = counts
    return Figures(
        total=total,
        with_pitfalls=row["with_pitfalls"],
        pipeline_total=row["pipeline_total"],
        ready=row["ready"],
        placed=row["placed"],
        reviews_due=row["reviews_due"],
        renewals_due=row["renewals_due"],
        overdue=row["overdue"],
        health_bands=bands,
        composition=composition,
    )


def _within(partnerships: QuerySet[models.Partnership]) -> QuerySet[models.Partnership]:
    """These partnerships, as a query the dashboard's own filters, orders and counts can
    go on: the whole record as it is (an administrator's), any narrower view (with its
    joins and DISTINCT) by its ids."""
    query = partnerships.query
    if partnerships.model is models.Partnership and not query.where and not query.distinct:
        return models.Partnership.objects.all()
    return models.Partnership.objects.filter(pk__in=partnerships.values("pk"))


# the list's "most severe pitfalls" sort (partnerships.views.SORTS) is the same order
SEVERITY_ORDER = (
    F("summary__worst_severity").asc(nulls_last=True),
    F("summary__health").asc(nulls_last=True),
    "name",
)


def needs_attention(
    partnerships: QuerySet[models.Partnership], limit: int
) -> list[models.Partnership]:
    """The `limit` partnerships with pitfalls, most severe first, then the least healthy
    (the list's "most severe pitfalls" order), each with its summary."""
    return list(
        _within(partnerships)
        .filter(summary__pitfall_count__gt=0)
        .select_related("summary")
        .only("name", "type", "summary__worst_severity", "summary__health", "summary__findings")
        .order_by(*SEVERITY_ORDER)[:limit]
    )


def pipeline(partnerships: QuerySet[models.Partnership], limit: int) -> list[models.Partnership]:
    """Tactical and hybrid partnerships, the ready ones first, then by name: two reads in
    name order (the ready ones, through the readiness index; then the rest)."""
    rows = (
        _within(partnerships)
        .filter(type__in=PIPELINE_TYPES)
        .select_related("summary")
        .only("name", "type", "summary__readiness")
        .order_by("name")
    )
    ready = Q(summary__readiness="ready")
    found = list(rows.filter(ready)[:limit])
    if len(found) < limit:
        found += list(rows.exclude(ready)[: limit - len(found)])
    return found


def coming_due(
    partnerships: QuerySet[models.Partnership], as_of: date, limit: int
) -> list[tuple[date, str, models.Partnership]]:
    """The first `limit` reviews and renewals coming due (overdue ones first), by date."""
    found: list[tuple[date, str, models.Partnership]] = []
    for what, field in (("review", "next_review_on"), ("renewal", "renewal_on")):
        until = as_of + timedelta(days=SOON[what])
        rows = (
            _within(partnerships)
            .filter(**{f"summary__{field}__lte": until})
            .select_related("summary")
            .only("name", f"summary__{field}")
            .order_by(f"summary__{field}", "name")[:limit]
        )
        found += [(getattr(p.summary, field), what, p) for p in rows]
    return sorted(found, key=lambda item: (item[0], item[2].name))[:limit]


def _map_rows(partnerships: QuerySet[models.Partnership]) -> QuerySet[Any]:
    return (
        _within(partnerships)
        .order_by("name", "pk")
        .values(
            "pk",
            "name",
            "type",
            kind=F("summary__classified_type"),
            score=F("summary__classification_score"),
            health=F("summary__health"),
        )
    )


def map_points(partnerships: QuerySet[models.Partnership], limit: int) -> list[dict[str, Any]]:
    """Up to `limit` partnerships as the map places them: name, type, score, health."""
    return list(_map_rows(partnerships)[:limit])


def map_page(
    partnerships: QuerySet[models.Partnership], number: Any, size: int
) -> Page[dict[str, Any]]:
    """One page of the map's table: every partnership, by name, placed or not."""
    return Paginator(_map_rows(partnerships), size).get_page(number)


def map_cells(partnerships: QuerySet[models.Partnership]) -> list[tuple[float, int, int]]:
    """The placed partnerships counted per cell of SCORE_STEP × HEALTH_STEP, by the
    database: (lowest score, lowest health, partnerships). A score of 5 or a health of 100
    falls in the last cell."""
    score_bin = Floor(F("summary__classification_score") / SCORE_STEP)
    health_bin = Floor(F("summary__health") / HEALTH_STEP)
    rows = (
        _within(partnerships)
        .filter(summary__classification_score__isnull=False, summary__health__isnull=False)
        .annotate(
            s=Cast(score_bin, IntegerField()),
            h=Cast(health_bin, IntegerField()),
        )
        .values("s", "h")
        .annotate(n=Count("pk"))
        .order_by()
    )
    last_score = int((5 - 1) / SCORE_STEP) - 1  # cells start at 1: eight of them
    last_health = 100 // HEALTH_STEP - 1
    cells: dict[tuple[int, int], int] = {}
    for row in rows:
        s = min(max(int(row["s"]) - int(1 / SCORE_STEP), 0), last_score)
        h = min(max(int(row["h"]), 0), last_health)
        cells[(s, h)] = cells.get((s, h), 0) + row["n"]
    return sorted((1 + s * SCORE_STEP, h * HEALTH_STEP, n) for (s, h), n in cells.items())
