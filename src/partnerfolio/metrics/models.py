"""Metrics a partnership tracks (catalog or custom) and their dated observations."""

from datetime import date

from django.db import connection, models

from partnerfolio.choices import choices, max_length
from partnerfolio.domain.enums import Direction, MetricCategory


class Metric(models.Model):
    partnership = models.ForeignKey(
        "partnerships.Partnership", on_delete=models.CASCADE, related_name="metrics"
    )
    key = models.CharField(max_length=63)
    name = models.CharField(max_length=500, blank=True)
    # null for catalog metrics, which take these from the catalog
    category = models.CharField(
        max_length=max_length(MetricCategory), choices=choices(MetricCategory), blank=True
    )
    direction = models.CharField(
        max_length=max_length(Direction), choices=choices(Direction), blank=True
    )
    leading = models.BooleanField(null=True)
    unit = models.CharField(max_length=500, blank=True)
    target = models.FloatField(null=True, blank=True)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["id"]
        constraints = [
            models.UniqueConstraint(fields=["partnership", "key"], name="one_metric_per_key")
        ]

    def __str__(self) -> str:
        return self.key


class Observation(models.Model):
    metric = models.ForeignKey(Metric, on_delete=models.CASCADE, related_name="observations")
    on = models.DateField()
    value = models.FloatField()

    class Meta:
        ordering = ["on"]
        constraints = [
            models.UniqueConstraint(fields=["metric", "on"], name="one_observation_per_day")
        ]

    def __str__(self) -> str:
        return f"{self.on}: {self.value}"


def observations_insert(rows: list[tuple[int, date, float]]) -> None:
    """Insert (metric id, date, value) rows in one statement batch.

    Metric histories are the bulk of a partnership (years of weekly values); building a
    model instance per value would cost several times the insert itself.
    """
    if not rows:
        return
    table = connection.ops.quote_name(Observation._meta.db_table)
    on = connection.ops.quote_name("on")
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":  # COPY: the fastest way in, one round trip
            with cursor.cursor.copy(f"COPY {table} (metric_id, {on}, value) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(row)
            return
        for start in range(0, len(rows), 500):  # one round trip per 500 values
            chunk = rows[start : start + 500]
            marks = ", ".join(["(%s, %s, %s)"] * len(chunk))
            cursor.execute(
                f"INSERT INTO {table} (metric_id, {on}, value) VALUES {marks}",
                [field for row in chunk for field in row],
            )
