"""The charts of one partnership's page, in the order the page shows them."""

from __future__ import annotations

from dataclasses import dataclass

from partnerfolio.charts.chart import Chart
from partnerfolio.charts.metrics import metric_trend
from partnerfolio.charts.profile import profile_radar
from partnerfolio.charts.surveys import survey_sides, survey_trend
from partnerfolio.domain.assessment import Assessment
from partnerfolio.domain.snapshot import PartnershipSnapshot
from partnerfolio.domain.timeline import as_of_view, survey_rounds


@dataclass(frozen=True, slots=True)
class PartnershipCharts:
    radar: Chart | None
    survey_sides: Chart | None
    survey_trend: Chart | None
    metrics: tuple[Chart, ...]

    def all(self) -> tuple[Chart, ...]:
        """Every chart there is something to draw for, profile first."""
        found = (self.radar, self.survey_sides, self.survey_trend, *self.metrics)
        return tuple(c for c in found if c is not None)


def partnership_charts(snapshot: PartnershipSnapshot, assessment: Assessment) -> PartnershipCharts:
    """The profile radar, both survey charts and one trend per metric, as of the assessment."""
    view = as_of_view(snapshot, assessment.as_of)
    rounds = survey_rounds(view.surveys)
    metrics = (metric_trend(line) for line in assessment.scorecard.metrics)
    return PartnershipCharts(
        radar=profile_radar(view, assessment.classification),
        survey_sides=survey_sides(rounds),
        survey_trend=survey_trend(rounds),
        metrics=tuple(c for c in metrics if c is not None),
    )
