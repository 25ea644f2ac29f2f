"""Importing the records of a workbook: create what is new, update what changed, leave the
rest; all or nothing unless invalid rows are to be skipped; a dry run does it all and
rolls it back, so its preview is exactly what an import would do.

Records are found again by their external ID (`ExternalKey`, per source) or their
natural key (an organization's or partnership's name; evidence by partnership, kind and
the fields in NATURAL_KEYS; an observation by partnership, metric and day): importing
the same file twice changes nothing. An empty cell never clears a stored value.

`run_import` is the one entry point, for the command, the web page and a background job
(`import_job` takes and returns plain JSON-ready data).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

from django.db import transaction

from partnerfolio.accounts import access
from partnerfolio.audit.services import Actor
from partnerfolio.evidence import services as evidence_services
from partnerfolio.metrics import services as metric_services
from partnerfolio.metrics.models import Metric, Observation
from partnerfolio.partners import services as partner_services
from partnerfolio.partners.models import PartnerOrganization
from partnerfolio.partnerships import selectors, services
from partnerfolio.partnerships.errors import InvalidChange, RecordError
from partnerfolio.partnerships.models import Partnership
from partnerfolio.partnerships.records import EVIDENCE_MODELS, row_values
from partnerfolio.spreadsheets.fields import KINDS, SECTIONS
from partnerfolio.spreadsheets.mappings import Mapping, resolve_columns
from partnerfolio.spreadsheets.models import ExternalKey
from partnerfolio.spreadsheets.reading import Workbook
from partnerfolio.spreadsheets.report import Outcome, Report
from partnerfolio.spreadsheets.rows import Issue, Record, problems_of, read_records, validate
from partnerfolio.spreadsheets.services import jsonable, organization_create

NATURAL_KEYS = {
    "agreements": ("kind", "title", "signed_on"),
    "commitments": ("title", "due_on"),
    "surveys": ("on", "side", "respondent"),
    "engagements": ("on", "kind"),
    "reviews": ("on",),
    "opportunities": ("title",),
    "joint_outcomes": ("title", "on"),
}
NOT_RECORDS = {"scorecard", "summary", "about", "readme"}
Progress = Callable[[int, int], None]  # (records done, records to write), after each record


class RowRefused(Exception):
    def __init__(self, issues: list[Issue]) -> None:
        self.issues = issues


def run_import(
    workbook: Workbook,
    mapping: Mapping,
    *,
    actor: Actor,
    user: Any = None,
    dry_run: bool = False,
    skip_invalid: bool = False,
    progress: Progress | None = None,
) -> Report:
    """Import a workbook's records. `user` limits what may be seen and changed (None: all)."""
    report = Report(notes=list(workbook.notes), dry_run=dry_run)
    records: list[Record] = []
    for table in workbook.tables:
        if table.name.strip().lower() in NOT_RECORDS:
            report.notes.append(f"sheet {table.name!r} is not imported (it is not records)")
            continue
        columns = resolve_columns(table, mapping)
        report.unused += [f"{table.name}: {h}" for h in columns.unused]
        found, issues = read_records(table, columns, mapping)
        report.issues += issues
        for record in found:
            problems = validate(record)
            report.issues += problems
            if not problems:
                records.append(record)
    order = {kind: n for n, kind in enumerate(KINDS)}
    records.sort(key=lambda r: order[r.kind])
    importer = _Importer(actor, user, mapping.source)
    if progress is not None:
        progress(0, len(records))
    with transaction.atomic():
        for done, record in enumerate(records, start=1):
            try:
                with transaction.atomic():
                    verb = importer.apply(record)
                report.outcomes.append(
                    Outcome(record.sheet, record.row, record.kind, verb, record.label)
                )
            except RowRefused as refused:
                report.issues += refused.issues
            except InvalidChange as error:
                report.issues += problems_of(record, error, importer.prefix(record))
            except RecordError as error:
                report.issues.append(record.issue("", str(error)))
            if progress is not None:
                progress(done, len(records))
        report.issues.sort(key=lambda i: (i.sheet, i.row))
        if dry_run or (report.issues and not skip_invalid):
            transaction.set_rollback(True)
        else:
            report.written = True
    if report.issues and not skip_invalid:
        report.outcomes = [o for o in report.outcomes if o.verb != "unchanged"]
    return report


def import_job(
    data: bytes, filename: str, mapping: dict[str, Any], **options: Any
) -> dict[str, Any]:
    """A background job's body: plain data in, the report as JSON-ready data out."""
    from partnerfolio.spreadsheets.mappings import mapping_from_json
    from partnerfolio.spreadsheets.reading import read_file

    report = run_import(read_file(data, filename), mapping_from_json(mapping), **options)
    return report.as_json()


class _Importer:
    def __init__(self, actor: Actor, user: Any, source: str) -> None:
        self.actor = actor
        self.user = user
        self.source = source
        self.seen: dict[tuple[Any, ...], int] = {}
        if user is None:
            self.partnerships = Partnership.objects.all()
            self.organizations = PartnerOrganization.objects.all()
        else:
            self.partnerships = access.visible_partnerships(user)
            self.organizations = access.visible_organizations(user)

    def prefix(self, record: Record) -> str:
        if record.kind == "organization":
            return "partners[0]."
        if record.kind == "observation":
            return "metrics[0]."
        section = SECTIONS[record.kind]
        return f"{section}[0]." if section else ""

    def apply(self, record: Record) -> str:
        if record.kind == "organization":
            return self.organization(record)
        if record.kind == "partnership":
            return self.partnership(record)
        if record.kind == "observation":
            return self.observation(record)
        return self.evidence(record)

    # --- finding --------------------------------------------------------------------------

    def _keyed(self, kind: str, record: Record) -> int | None:
        external = record.values.get("external_id")
        if not external:
            return None
        return (
            ExternalKey.objects.filter(source=self.source, kind=kind, external_id=external)
            .values_list("object_id", flat=True)
            .first()
        )

    def _remember(self, kind: str, record: Record, object_id: int) -> None:
        external = record.values.get("external_id")
        if external:
            ExternalKey.objects.update_or_create(
                source=self.source,
                kind=kind,
                external_id=external,
                defaults={"object_id": object_id},
            )

    def _once(self, record: Record, *key: Any) -> None:
        """Refuse a second row of the file for the same record."""
        first = self.seen.setdefault(key, record.row)
        if first != record.row:
            raise RowRefused([record.issue("", f"the same {record.kind} as row {first}")])

    def _editable(self, record: Record, partnership: Partnership) -> None:
        if self.user is not None and not access.can_edit(self.user, partnership):
            raise RowRefused([record.issue("", f"you may not change {partnership.name}")])

    def target(self, record: Record) -> Partnership:
        """The partnership an evidence row is for: by name, or by its only partner."""
        v = record.values
        if v.get("partnership"):
            found = self.partnerships.filter(name=v["partnership"]).first()
            if found is None:
                raise RowRefused(
                    [record.issue("partnership", f"no partnership named {v['partnership']!r}")]
                )
            return found
        organization = None
        key = "partner"
        if v.get("partner_external_id"):
            key = "partner_external_id"
            pk = (
                ExternalKey.objects.filter(
                    source=self.source, kind="organization", external_id=v[key]
                )
                .values_list("object_id", flat=True)
                .first()
            )
            organization = self.organizations.filter(pk=pk).first() if pk else None
        elif v.get("partner"):
            organization = self.organizations.filter(name=v["partner"]).first()
        else:
            raise RowRefused([record.issue("partnership", "say which partnership the row is for")])
        if organization is None:
            raise RowRefused([record.issue(key, f"no partner organization {v[key]!r}")])
        candidates = list(self.partnerships.filter(partners=organization)[:3])
        if len(candidates) != 1:
            how = "is in no partnership" if not candidates else "is in several partnerships"
            raise RowRefused(
                [record.issue(key, f"{organization.name} {how}; add a partnership column")]
            )
        return candidates[0]

    # --- kinds ----------------------------------------------------------------------------

    def organization(self, record: Record) -> str:
        item = dict(record.document["partners"][0])
        pk = self._keyed("organization", record)
        found = self.organizations.filter(pk=pk).first() if pk else None
        if found is None:
            found = self.organizations.filter(name=item["name"]).first()
        # by name and by the stored row: a second row for an organization the first row
        # created finds it stored, and must still be refused
        self._once(record, "organization", "name", item["name"])
        if found is not None:
            self._once(record, "organization", found.pk)
        if found is None:
            if PartnerOrganization.objects.filter(name=item["name"]).exists():
                raise RowRefused([record.issue("name", "this name is taken")])
            created = organization_create(actor=self.actor, item=item)
            self._remember("organization", record, created.pk)
            return "create"
        changes = {k: v for k, v in item.items() if k != "name" or v != found.name}
        version = found.version
        updated = partner_services.partner_organization_update(
            actor=self.actor, organization=found, expected_version=version, changes=changes
        )
        self._remember("organization", record, found.pk)
        return "update" if updated.version != version else "unchanged"

    def partnership(self, record: Record) -> str:
        document = jsonable(record.document)
        pk = self._keyed("partnership", record)
        found = self.partnerships.filter(pk=pk).first() if pk else None
        if found is None:
            found = self.partnerships.filter(name=document["name"]).first()
        self._once(record, "partnership", "name", document["name"])
        if found is not None:
            self._once(record, "partnership", found.pk)
        if found is None:
            if Partnership.objects.filter(name=document["name"]).exists():
                raise RowRefused([record.issue("name", "this name is taken")])
            created = services.partnership_import(actor=self.actor, document=document)
            self._remember("partnership", record, created.pk)
            return "create"
        self._editable(record, found)
        current = selectors.partnership_document(found)
        refused = [
            record.issue(
                key, f"is {current.get(key, 'not set')!r} in the record; change it with a {how}"
            )
            for key, how in (("stage", "stage change"), ("type", "promotion"))
            if key in document and document[key] != current.get(key)
        ]
        if "partners" in document and document["partners"] != [
            {"name": p["name"]} for p in current.get("partners") or ()
        ]:
            refused.append(
                record.issue(
                    "partners", "differ from the record's; change them on the partnership's page"
                )
            )
        if refused:
            raise RowRefused(refused)
        changes = {k: v for k, v in document.items() if k not in ("partners", "stage", "type")}
        if "opportunity" in changes:
            changes["opportunity"] = {
                **(current.get("opportunity") or {}),
                **changes["opportunity"],
            }
        version = found.version
        updated = services.partnership_update(
            actor=self.actor, partnership=found, expected_version=version, changes=changes
        )
        self._remember("partnership", record, found.pk)
        return "update" if updated.version != version else "unchanged"

    def evidence(self, record: Record) -> str:
        section = SECTIONS[record.kind]
        assert section is not None
        model = EVIDENCE_MODELS[section]
        partnership = self.target(record)
        self._editable(record, partnership)
        item = dict(record.document[section][0])
        values = row_values(model, item)
        row = None
        pk = self._keyed(record.kind, record)
        if pk:
            row = model.objects.filter(pk=pk, partnership=partnership).first()
        if row is None:
            natural = row_values(model, {k: item.get(k) for k in NATURAL_KEYS[section]})
            lookup = {
                (k if v is not None else f"{k}__isnull"): (v if v is not None else True)
                for k, v in natural.items()
            }
            matches = list(model.objects.filter(partnership=partnership, **lookup)[:2])
            if len(matches) > 1:
                raise RowRefused(
                    [
                        record.issue(
                            "", f"matches several recorded {section}; give each an external ID"
                        )
                    ]
                )
            row = matches[0] if matches else None
            self._once(record, record.kind, partnership.pk, *natural.values())
        else:
            self._once(record, record.kind, partnership.pk, "id", row.pk)
        if row is None:
            created = evidence_services.evidence_record(
                actor=self.actor, partnership=partnership, section=section, item=jsonable(item)
            )
            self._remember(record.kind, record, created.pk)
            return "create"
        self._remember(record.kind, record, row.pk)
        if all(getattr(row, column) == value for column, value in values.items()):
            return "unchanged"
        evidence_services.evidence_update(
            actor=self.actor, row=row, expected_version=row.version, changes=jsonable(item)
        )
        return "update"

    def observation(self, record: Record) -> str:
        partnership = self.target(record)
        self._editable(record, partnership)
        v = record.values
        on = date.fromisoformat(v["on"]) if "on" in v else None
        self._once(record, "observation", partnership.pk, v["metric"], on)
        metric = Metric.objects.filter(partnership=partnership, key=v["metric"]).first()
        if metric is None:
            definition = {
                k: x for k, x in record.document["metrics"][0].items() if k != "observations"
            }
            metric = metric_services.metric_define(
                actor=self.actor, partnership=partnership, **definition
            )
            if on is None:
                return "create"
        if on is None:
            return "unchanged"
        existing = Observation.objects.filter(metric=metric, on=on).first()
        if existing is not None:
            if existing.value == v["value"]:
                return "unchanged"
            raise RowRefused(
                [
                    record.issue(
                        "value",
                        f"{metric.key} already has {existing.value:g} on {on.isoformat()}; "
                        "correct that value on the partnership's page",
                    )
                ]
            )
        metric_services.observation_record(actor=self.actor, metric=metric, on=on, value=v["value"])
        return "create"
