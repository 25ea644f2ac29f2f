"""Writing an import's plan: everything its rows do, in one short transaction.

`planning` reads and checks every row without a write transaction; this module writes
what it decided, a bulk statement per table (rows, audit records, external keys), so the
write lock (SQLite's one writer) is held for a moment rather than for the whole file.
Each update re-checks the version it was planned on, under the lock: a record someone
changed after the file was read refuses the whole import (StaleEdit), nothing written.
The audit trail is the one the services write, record for record.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.db import IntegrityError, connection, transaction
from django.db.models import F, Model
from django.utils import timezone

from partnerfolio.audit import revision
from partnerfolio.audit.models import AuditRecord
from partnerfolio.audit.services import Actor, actor_fields
from partnerfolio.evidence.services import item_document
from partnerfolio.metrics.models import Metric, Observation
from partnerfolio.partners.models import PartnerOrganization
from partnerfolio.partners.services import organization_document
from partnerfolio.partnerships import people, services
from partnerfolio.partnerships.errors import RecordError, StaleEdit
from partnerfolio.partnerships.models import Partnership
from partnerfolio.partnerships.records import check_version, evidence_section, row_values
from partnerfolio.partnerships.summary_upkeep import reassess_on_commit
from partnerfolio.spreadsheets.models import ExternalKey
from partnerfolio.spreadsheets.services import jsonable

CHUNK = 500


@dataclass(eq=False)
class Ref:
    """A record the import writes to: stored (pk known) or created by it (pk once written)."""

    name: str
    pk: int | None = None


@dataclass
class Change:
    """An update of one stored row, planned on `version`."""

    model: type[Model]
    ref: Ref
    version: int
    values: dict[str, Any]
    action: str
    entity: str
    partnership: Ref | None
    before: Any
    after: Any


@dataclass
class Plan:
    organizations: list[tuple[Ref, dict[str, Any]]] = field(default_factory=list)
    partnerships: list[tuple[Ref, dict[str, Any]]] = field(default_factory=list)  # documents
    evidence: list[tuple[type[Model], Ref, dict[str, Any], Ref]] = field(default_factory=list)
    metrics: list[tuple[Ref, Ref, dict[str, Any], dict[str, Any]]] = field(default_factory=list)
    observations: list[tuple[Ref, Ref, str, date, float]] = field(default_factory=list)
    updates: list[Change] = field(default_factory=list)
    keys: dict[tuple[str, str], Ref] = field(default_factory=dict)  # (kind, external id)


def _chunks(items: list[Any]) -> Any:
    for start in range(0, len(items), CHUNK):
        yield items[start : start + CHUNK]


@dataclass
class _Rows:
    """New rows of one table, their values made ready for the database before the write
    transaction begins; the `late` columns (ids of records the import creates) are
    filled in inside it. Django's bulk insert would prepare every value under the lock."""

    model: type[Model]
    late: tuple[str, ...]
    values: list[list[Any]] = field(default_factory=list)

    def __post_init__(self) -> None:
        meta = self.model._meta
        self.fields = [
            f for f in meta.concrete_fields if not f.primary_key and f.attname not in self.late
        ]
        self.columns = [f.column for f in self.fields] + [
            meta.get_field(n).column for n in self.late
        ]

    def add(self, obj: Model) -> None:
        self.values.append(
            [f.get_db_prep_save(f.pre_save(obj, True), connection) for f in self.fields]
        )

    def insert(self, late: list[tuple[Any, ...]]) -> list[int]:
        """Insert the rows with their late values; answer their ids, in order."""
        if not self.values:
            return []
        quote = connection.ops.quote_name
        into = f"INSERT INTO {quote(self.model._meta.db_table)} ({', '.join(map(quote, self.columns))})"
        returning = f" RETURNING {quote(self.model._meta.pk.column)}"
        per = max(1, min(CHUNK, 30_000 // len(self.columns)))
        ids: list[int] = []
        rows = [[*v, *extra] for v, extra in zip(self.values, late, strict=True)]
        one = "(" + ", ".join(["%s"] * len(self.columns)) + ")"
        if connection.vendor == "postgresql":  # one statement, pipelined: no huge query text
            with connection.cursor() as cursor:
                raw = cursor.cursor
                raw.executemany(f"{into} VALUES {one}{returning}", rows, returning=True)
                return [result.fetchone()[0] for result in raw.results()]
        with connection.cursor() as cursor:
            for start in range(0, len(rows), per):  # SQLite: a few hundred rows a statement
                chunk = rows[start : start + per]
                cursor.execute(
                    f"{into} VALUES {', '.join([one] * len(chunk))}{returning}",
                    [v for row in chunk for v in row],
                )
                ids += [found for (found,) in cursor.fetchall()]
        return ids


class Writer:
    """`Writer(plan, …)` before the transaction (it makes the rows ready), `.write()` in it."""

    def __init__(self, plan: Plan, actor: Actor, source: str) -> None:
        """Make the bulk of the new rows ready; outside the write transaction."""
        self.plan = plan
        self.fields = actor_fields(actor)
        self.actor = actor
        self.source = source
        self.audits: list[AuditRecord] = []
        self.touched: set[int] = set()  # partnerships whose revision rises
        self.organizations: set[int] = set()  # organizations changed: their partnerships too
        late = ("entity_id", "partnership_id")
        self.evidence: dict[type[Model], tuple[_Rows, _Rows, list[tuple[Ref, Ref]]]] = {}
        for model, partnership, item, ref in plan.evidence:
            rows, audits, refs = self.evidence.setdefault(
                model, (_Rows(model, ("partnership_id",)), _Rows(AuditRecord, late), [])
            )
            row = model(**row_values(model, item))
            rows.add(row)
            section = evidence_section(model)
            audits.add(
                self.record(
                    f"{section}_record",
                    model._meta.model_name or section,
                    partnership,
                    after=item_document(model, row),
                )
            )
            refs.append((partnership, ref))
        self.observations = (_Rows(Observation, ("metric_id",)), _Rows(AuditRecord, late))
        for _metric, partnership, key, on, value in plan.observations:
            self.observations[0].add(Observation(on=on, value=value))
            self.observations[1].add(
                self.record(
                    "observation_record",
                    "observation",
                    partnership,
                    after={"metric": key, "on": on.isoformat(), "value": value},
                )
            )

    def record(self, action: str, entity: str, partnership: Ref | None, **more: Any) -> AuditRecord:
        return AuditRecord(
            **self.fields,
            action=action,
            entity=entity,
            partnership_name="" if partnership is None else partnership.name,
            **more,
        )

    def audit(self, action: str, entity: str, entity_id: Any, partnership: Ref | None, **more: Any):
        record = self.record(action, entity, partnership, **more)
        record.entity_id = entity_id
        record.partnership_id = None if partnership is None else partnership.pk
        self.audits.append(record)
        if partnership is not None:
            self.touched.add(partnership.pk)  # type: ignore[arg-type]

    def organizations_create(self, planned: list[tuple[Ref, dict[str, Any]]]) -> None:
        rows = PartnerOrganization.objects.bulk_create(
            PartnerOrganization(
                name=item["name"],
                **row_values(PartnerOrganization, {k: v for k, v in item.items() if k != "name"}),
            )
            for _ref, item in planned
        )
        for (ref, _item), row in zip(planned, rows, strict=True):
            ref.pk = row.pk
            self.audit(
                "partner_organization_create",
                "partner_organization",
                row.pk,
                None,
                after=organization_document(row),
                note="imported from a spreadsheet",
            )

    def partnerships_create(self, planned: list[tuple[Ref, dict[str, Any]]]) -> None:
        if not planned:
            return
        created = services.partnerships_import(
            actor=self.actor, documents=[document for _ref, document in planned]
        )
        for (ref, _document), row in zip(planned, created, strict=True):
            ref.pk = row.pk

    def updates(self, changes: list[Change]) -> None:
        """Each model's rows locked, their versions checked, then one bulk update."""
        by_model: dict[type[Model], list[Change]] = defaultdict(list)
        for change in changes:
            by_model[change.model].append(change)
        for model, planned in by_model.items():
            rows: dict[int, Any] = {}
            for chunk in _chunks([c.ref.pk for c in planned]):
                rows.update(
                    (r.pk, r) for r in model.objects.select_for_update().filter(pk__in=chunk)
                )
            columns: set[str] = {"version"}
            now = timezone.now()
            for change in planned:
                row = rows.get(change.ref.pk)  # type: ignore[arg-type]
                if row is None:
                    raise StaleEdit(
                        f"{change.ref.name} was removed by someone else after the file was read; "
                        "nothing was written; import it again"
                    )
                check_version(row, change.version, change.ref.name)
                for column, value in change.values.items():
                    setattr(row, column, value)
                row.version += 1
                columns.update(change.values)
                if any(f.name == "updated_at" for f in model._meta.concrete_fields):
                    row.updated_at = now
                    columns.add("updated_at")
                entity_id = row.pk
                self.audit(
                    change.action,
                    change.entity,
                    entity_id,
                    change.partnership,
                    before=change.before,
                    after=change.after,
                )
                if model is PartnerOrganization:
                    self.organizations.add(row.pk)
                if model is Partnership:
                    self.touched.add(row.pk)
            if model is Partnership:  # a name written anew lets its account go
                columns |= people.forget_renamed(*rows.values())
            try:
                with transaction.atomic():
                    model.objects.bulk_update(list(rows.values()), sorted(columns), CHUNK)
            except IntegrityError:
                raise RecordError(
                    f"a {model._meta.verbose_name} of this file was given a name someone else "
                    "took after the file was read; nothing was written; import it again"
                ) from None

    def evidence_create(self) -> None:
        for rows, audits, refs in self.evidence.values():
            ids = rows.insert([(partnership.pk,) for partnership, _ref in refs])
            for (partnership, ref), pk in zip(refs, ids, strict=True):
                ref.pk = pk
                self.touched.add(partnership.pk)  # type: ignore[arg-type]
            audits.insert([(pk, p.pk) for (p, _ref), pk in zip(refs, ids, strict=True)])

    def metrics_define(self) -> None:
        planned = self.plan.metrics
        rows = Metric.objects.bulk_create(
            (Metric(partnership_id=p.pk, **values) for _ref, p, values, _after in planned), CHUNK
        )
        for (ref, partnership, _values, after), row in zip(planned, rows, strict=True):
            ref.pk = row.pk
            self.audit("metric_define", "metric", row.pk, partnership, after=jsonable(after))

    def observations_record(self) -> None:
        rows, audits = self.observations
        planned = self.plan.observations
        ids = rows.insert([(metric.pk,) for metric, *_rest in planned])
        audits.insert([(pk, p.pk) for (_m, p, *_rest), pk in zip(planned, ids, strict=True)])
        self.touched.update(p.pk for _m, p, *_rest in planned)  # type: ignore[misc]

    def keys(self, keys: dict[tuple[str, str], Ref]) -> None:
        """Remember every external ID the file gave, for the next import to find."""
        stored: dict[tuple[str, str], ExternalKey] = {}
        for chunk in _chunks([external for _kind, external in keys]):
            for key in ExternalKey.objects.filter(source=self.source, external_id__in=chunk):
                stored[(key.kind, key.external_id)] = key
        moved = []
        for (kind, external), ref in keys.items():
            key = stored.get((kind, external))
            if key is not None and key.object_id != ref.pk:
                key.object_id = ref.pk
                moved.append(key)
        ExternalKey.objects.bulk_update(moved, ["object_id"], CHUNK)
        ExternalKey.objects.bulk_create(
            (
                ExternalKey(source=self.source, kind=kind, external_id=external, object_id=ref.pk)
                for (kind, external), ref in keys.items()
                if (kind, external) not in stored
            ),
            CHUNK,
        )

    def finish(self) -> None:
        revision.raise_on_commit()
        AuditRecord.objects.bulk_create(self.audits, CHUNK)
        partnerships = Partnership.objects
        for chunk in _chunks(sorted(self.touched)):
            partnerships.filter(pk__in=chunk).update(revision=F("revision") + 1)
        for chunk in _chunks(sorted(self.organizations)):
            # an organization's details are part of every partnership it is in
            partnerships.filter(partners__id__in=chunk).update(revision=F("revision") + 1)
        reassess_on_commit(partnerships=self.touched, organizations=self.organizations)

    def write(self) -> None:
        """Write it all; call inside the import's transaction (all or nothing)."""
        plan = self.plan
        self.organizations_create(plan.organizations)
        self.updates([c for c in plan.updates if c.model is PartnerOrganization])
        self.partnerships_create(plan.partnerships)
        self.updates([c for c in plan.updates if c.model is Partnership])
        self.evidence_create()
        self.updates([c for c in plan.updates if c.model not in (PartnerOrganization, Partnership)])
        self.metrics_define()
        self.observations_record()
        self.keys(plan.keys)
        self.finish()
