"""Planning an import: find each row's record, check the row, decide what it does, and
write nothing (`writing` writes the plan afterwards, in one short transaction).

Only reads, in autocommit: a preview (a dry run) is this plan and nothing more, so it
never takes a write lock. What the file creates is kept in an overlay (`Ref`s), so that
a later row of the same file finds an organization, partnership or metric an earlier
row creates. Lookups are cached per file: each partnership, its rows of a kind and a
metric's recorded days are read once however many rows name them.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from django.db.models import Model

from partnerfolio.accounts import access, names
from partnerfolio.accounts.names import NOT_AVAILABLE
from partnerfolio.evidence import services as evidence_services
from partnerfolio.metrics.models import Metric, Observation
from partnerfolio.partners import services as partner_services
from partnerfolio.partners.models import PartnerOrganization
from partnerfolio.partnerships import selectors, services
from partnerfolio.partnerships.models import Partnership
from partnerfolio.partnerships.records import (
    EVIDENCE_MODELS,
    checked_document,
    finite,
    row_values,
)
from partnerfolio.spreadsheets.fields import SECTIONS
from partnerfolio.spreadsheets.models import ExternalKey
from partnerfolio.spreadsheets.rows import Issue, Record
from partnerfolio.spreadsheets.services import jsonable
from partnerfolio.spreadsheets.writing import Change, Plan, Ref

NATURAL_KEYS = {
    "agreements": ("kind", "title", "signed_on"),
    "commitments": ("title", "due_on"),
    "surveys": ("on", "side", "respondent"),
    "engagements": ("on", "kind"),
    "reviews": ("on",),
    "opportunities": ("title",),
    "joint_outcomes": ("title", "on"),
}
Target = Partnership | Ref  # stored, or created by an earlier row of the file


class RowRefused(Exception):
    def __init__(self, issues: list[Issue]) -> None:
        self.issues = issues


def _chunks(items: list[Any], size: int = 500) -> Any:
    for start in range(0, len(items), size):
        yield items[start : start + size]


class Planner:
    def __init__(self, user: Any, source: str, records: list[Record]) -> None:
        self.user = user
        self.source = source
        self.plan = Plan()
        self.seen: dict[tuple[Any, ...], int] = {}
        if user is None:
            self.partnerships = Partnership.objects.all()
            self.organizations = PartnerOrganization.objects.all()
        else:
            self.partnerships = access.visible_partnerships(user)
            self.organizations = access.visible_organizations(user)
        self.external = self._external_keys(records)
        self._by_name: dict[str, Partnership | None] = {}
        self._org_by_name: dict[str, PartnerOrganization | None] = {}
        self._new: dict[str, Ref] = {}  # partnerships the file creates, by name
        self._new_orgs: dict[str, Ref] = {}  # organizations the file creates, by name
        self._refs: dict[int, Ref] = {}  # stored partnerships, by pk
        self._editable: dict[int, bool] = {}
        self._rows: dict[tuple[type[Model], int], list[Model]] = {}
        self._metrics: dict[Any, dict[str, Metric | Ref]] = {}
        self._days: dict[int, dict[date, float]] = {}
        self._metric_refs: dict[int, Ref] = {}

    # --- finding --------------------------------------------------------------------------

    def _external_keys(self, records: list[Record]) -> dict[tuple[str, str], int]:
        wanted = sorted(
            {
                str(r.values[k])
                for r in records
                for k in ("external_id", "partner_external_id")
                if r.values.get(k)
            }
        )
        found: dict[tuple[str, str], int] = {}
        for chunk in _chunks(wanted):
            for kind, external, object_id in ExternalKey.objects.filter(
                source=self.source, external_id__in=chunk
            ).values_list("kind", "external_id", "object_id"):
                found[(kind, external)] = object_id
        return found

    def _keyed(self, kind: str, record: Record, key: str = "external_id") -> int | None:
        external = record.values.get(key)
        return self.external.get((kind, str(external))) if external else None

    def _remember(self, kind: str, record: Record, ref: Ref) -> None:
        external = record.values.get("external_id")
        if external:
            self.plan.keys[(kind, str(external))] = ref

    def _once(self, record: Record, *key: Any) -> None:
        """Refuse a second row of the file for the same record."""
        first = self.seen.setdefault(key, record.row)
        if first != record.row:
            raise RowRefused([record.issue("", f"the same {record.kind} as row {first}")])

    def ref(self, target: Target) -> Ref:
        if isinstance(target, Ref):
            return target
        return self._refs.setdefault(target.pk, Ref(target.name, target.pk))

    @staticmethod
    def key(target: Target) -> Any:
        return ("new", target.name) if isinstance(target, Ref) else target.pk

    def partnership_named(self, name: str) -> Partnership | None:
        if name not in self._by_name:
            self._by_name[name] = self.partnerships.filter(name=name).first()
        return self._by_name[name]

    def organization_named(self, name: str) -> PartnerOrganization | None:
        if name not in self._org_by_name:
            self._org_by_name[name] = self.organizations.filter(name=name).first()
        return self._org_by_name[name]

    def editable(self, record: Record, target: Target) -> None:
        if self.user is None or isinstance(target, Ref):  # what the file creates is its own
            return
        if target.pk not in self._editable:
            self._editable[target.pk] = access.can_edit(self.user, target)
        if not self._editable[target.pk]:
            raise RowRefused([record.issue("", f"you may not change {target.name}")])

    def target(self, record: Record) -> Target:
        """The partnership an evidence row is for: by name, or by its only partner."""
        v = record.values
        if v.get("partnership"):
            found = self.partnership_named(v["partnership"]) or self._new.get(v["partnership"])
            if found is None:
                raise RowRefused(
                    [record.issue("partnership", f"no partnership named {v['partnership']!r}")]
                )
            return found
        organization: PartnerOrganization | Ref | None = None
        key = "partner"
        if v.get("partner_external_id"):
            key = "partner_external_id"
            pk = self._keyed("organization", record, key)
            organization = self.organizations.filter(pk=pk).first() if pk else None
        elif v.get("partner"):
            organization = self.organization_named(v["partner"]) or self._new_orgs.get(v["partner"])
        else:
            raise RowRefused([record.issue("partnership", "say which partnership the row is for")])
        if organization is None:
            raise RowRefused([record.issue(key, f"no partner organization {v[key]!r}")])
        candidates: list[Target] = [
            ref
            for ref, document in self.plan.partnerships
            if organization.name in {p["name"] for p in document.get("partners") or ()}
        ]
        if isinstance(organization, PartnerOrganization):
            candidates += list(self.partnerships.filter(partners=organization)[:3])
        if len(candidates) != 1:
            how = "is in no partnership" if not candidates else "is in several partnerships"
            raise RowRefused(
                [record.issue(key, f"{organization.name} {how}; add a partnership column")]
            )
        return candidates[0]

    def rows_of(self, model: type[Model], target: Target) -> list[Model]:
        if isinstance(target, Ref):
            return []
        cache = (model, target.pk)
        if cache not in self._rows:
            self._rows[cache] = list(model.objects.filter(partnership_id=target.pk))
        return self._rows[cache]

    def metric(self, target: Target, key: str) -> Metric | Ref | None:
        tkey = self.key(target)
        if tkey not in self._metrics:
            self._metrics[tkey] = (
                {}
                if isinstance(target, Ref)
                else {m.key: m for m in Metric.objects.filter(partnership_id=target.pk)}
            )
        return self._metrics[tkey].get(key)

    def recorded_days(self, metric: Metric) -> dict[date, float]:
        if metric.pk not in self._days:
            self._days[metric.pk] = dict(
                Observation.objects.filter(metric=metric).values_list("on", "value")
            )
        return self._days[metric.pk]

    def name_free(self, model: type[Model], name: str, record: Record, of: Any = None) -> None:
        """Refuse a name another record has (seen or not, in the same words: names.py)."""
        planned = self._new_orgs if model is PartnerOrganization else self._new
        if name in planned or names.hidden_holder(self.user, model, name, of) is not None:
            raise RowRefused([record.issue("name", NOT_AVAILABLE)])

    # --- kinds ----------------------------------------------------------------------------

    def apply(self, record: Record) -> str:
        if record.kind == "organization":
            return self.organization(record)
        if record.kind == "partnership":
            return self.partnership(record)
        if record.kind == "observation":
            return self.observation(record)
        return self.evidence(record)

    def organization(self, record: Record) -> str:
        item = dict(record.document["partners"][0])
        pk = self._keyed("organization", record)
        found = self.organizations.filter(pk=pk).first() if pk else None
        if found is None:
            found = self.organization_named(item["name"])
        self._once(record, "organization", "name", item["name"])
        if found is not None:
            self._once(record, "organization", found.pk)
        if found is None:
            self.name_free(PartnerOrganization, item["name"], record)
            ref = self._new_orgs[item["name"]] = Ref(item["name"])
            self.plan.organizations.append((ref, item))
            self._remember("organization", record, ref)
            return "create"
        changes = {k: v for k, v in item.items() if k != "name" or v != found.name}
        change = partner_services.organization_change(found, changes)
        self._remember("organization", record, Ref(found.name, found.pk))
        if change is None:
            return "unchanged"
        values, before, after = change
        if values["name"] != found.name:
            self.name_free(PartnerOrganization, values["name"], record, of=found.pk)
        self.plan.updates.append(
            Change(
                PartnerOrganization,
                Ref(values["name"], found.pk),
                found.version,
                values,
                "partner_organization_update",
                "partner_organization",
                None,
                jsonable(before),
                jsonable(after),
            )
        )
        return "update"

    def partnership(self, record: Record) -> str:
        document = jsonable(record.document)
        pk = self._keyed("partnership", record)
        found = self.partnerships.filter(pk=pk).first() if pk else None
        if found is None:
            found = self.partnership_named(document["name"])
        self._once(record, "partnership", "name", document["name"])
        if found is not None:
            self._once(record, "partnership", found.pk)
        if found is None:
            return self.partnership_new(record, document)
        self.editable(record, found)
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
        ref = self.ref(found)
        self._remember("partnership", record, ref)
        change = services.partnership_change(current, changes)
        if change is None:
            return "unchanged"
        changed, before, name = change
        if name != found.name:
            self.name_free(Partnership, name, record, of=found.pk)
            ref.name = name
        self.plan.updates.append(
            Change(
                Partnership,
                ref,
                found.version,
                changed,
                "partnership_update",
                "partnership",
                ref,
                jsonable(before),
                jsonable(changed),
            )
        )
        return "update"

    def partnership_new(self, record: Record, document: dict[str, Any]) -> str:
        self.name_free(Partnership, document["name"], record)
        for partner in document.get("partners") or ():
            name = partner["name"]
            unseen = self.organization_named(name) is None and name not in self._new_orgs
            if unseen and names.hidden_holder(self.user, PartnerOrganization, name):
                # one the person may not see: never attached, never described
                raise RowRefused([record.issue("partners", f"{name!r}: {NOT_AVAILABLE}")])
        validated = checked_document(document)
        ref = self._new[document["name"]] = Ref(document["name"])
        self.plan.partnerships.append((ref, validated))
        for partner in document.get("partners") or ():  # created with it, if new
            self._new_orgs.setdefault(partner["name"], Ref(partner["name"]))
        self._remember("partnership", record, ref)
        return "create"

    def evidence(self, record: Record) -> str:
        section = SECTIONS[record.kind]
        assert section is not None
        model = EVIDENCE_MODELS[section]
        target = self.target(record)
        self.editable(record, target)
        item = dict(record.document[section][0])
        values = row_values(model, item)
        stored = self.rows_of(model, target)
        row = None
        pk = self._keyed(record.kind, record)
        if pk:
            row = next((r for r in stored if r.pk == pk), None)
        if row is None:
            natural = row_values(model, {k: item.get(k) for k in NATURAL_KEYS[section]})
            matches = [r for r in stored if all(getattr(r, k) == v for k, v in natural.items())][:2]
            if len(matches) > 1:
                raise RowRefused(
                    [
                        record.issue(
                            "", f"matches several recorded {section}; give each an external ID"
                        )
                    ]
                )
            row = matches[0] if matches else None
            self._once(record, record.kind, self.key(target), *natural.values())
        else:
            self._once(record, record.kind, self.key(target), "id", row.pk)
        partnership = self.ref(target)
        if row is None:
            ref = Ref(record.label)
            self.plan.evidence.append((model, partnership, item, ref))
            self._remember(record.kind, record, ref)
            return "create"
        self._remember(record.kind, record, Ref(record.label, row.pk))
        if all(getattr(row, column) == value for column, value in values.items()):
            return "unchanged"
        changed, before, after = evidence_services.evidence_change(row, target.name, jsonable(item))
        self.plan.updates.append(
            Change(
                model,
                Ref(f"this {model._meta.verbose_name}", row.pk),
                row.version,  # type: ignore[attr-defined]
                changed,
                f"{section}_update",
                model._meta.model_name or section,
                partnership,
                before,
                after,
            )
        )
        return "update"

    def observation(self, record: Record) -> str:
        target = self.target(record)
        self.editable(record, target)
        v = record.values
        on = date.fromisoformat(v["on"]) if "on" in v else None
        self._once(record, "observation", self.key(target), v["metric"], on)
        partnership = self.ref(target)
        metric = self.metric(target, v["metric"])
        if metric is None:
            definition = {
                k: x for k, x in record.document["metrics"][0].items() if k != "observations"
            }
            checked = checked_document({"name": target.name, "metrics": [definition]})
            values = row_values(
                Metric, {k: x for k, x in checked["metrics"][0].items() if k != "observations"}
            )
            metric = self._metrics[self.key(target)][v["metric"]] = Ref(v["metric"])
            self.plan.metrics.append((metric, partnership, values, definition))
            if on is None:
                return "create"
        if on is None:
            return "unchanged"
        if isinstance(metric, Metric):
            existing = self.recorded_days(metric).get(on)
            if existing is not None:
                if existing == v["value"]:
                    return "unchanged"
                raise RowRefused(
                    [
                        record.issue(
                            "value",
                            f"{metric.key} already has {existing:g} on {on.isoformat()}; "
                            "correct that value on the partnership's page",
                        )
                    ]
                )
        if not finite(v["value"]):
            raise RowRefused(
                [record.issue("value", f"must be a finite number, got {v['value']!r}")]
            )
        key = v["metric"]
        ref = metric if isinstance(metric, Ref) else self._metric_ref(metric)
        self.plan.observations.append((ref, partnership, key, on, v["value"]))
        return "create"

    def _metric_ref(self, metric: Metric) -> Ref:
        return self._metric_refs.setdefault(metric.pk, Ref(metric.key, metric.pk))
