"""The request id on each audit record (partnerfolio.operations.context).

Added with a plain ALTER TABLE … ADD COLUMN on every database: Django's SQLite schema
editor would otherwise rebuild the table for a field with a default, and a rebuilt table
loses the append-only triggers of migration 0003. The column is nullable, so the
statement is the same on SQLite and PostgreSQL and existing rows keep NULL. The
append-only guard's UPDATE check then covers the new column too.
"""

import importlib

from django.db import migrations, models

import partnerfolio.operations.context

_guard = importlib.import_module("partnerfolio.audit.migrations.0003_append_only_guard")


def _update_guard(columns):
    unchanged = " AND ".join(f"NEW.{c} IS OLD.{c}" for c in columns)
    new = ", ".join(f"NEW.{c}" for c in columns)
    old = ", ".join(f"OLD.{c}" for c in columns)
    postgresql = f"""
CREATE OR REPLACE FUNCTION audit_auditrecord_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'DELETE' THEN
        IF current_setting('partnerfolio.audit_prune', true) = 'on' THEN
            RETURN OLD;
        END IF;
    ELSIF NEW.actor_id IS NULL AND ({new}) IS NOT DISTINCT FROM ({old}) THEN
        RETURN NEW;
    END IF;
    RAISE EXCEPTION '{_guard.MESSAGE}: % refused', TG_OP
        USING ERRCODE = 'integrity_constraint_violation';
END;
$$;
"""
    sqlite = [
        "DROP TRIGGER IF EXISTS audit_auditrecord_no_update",
        f"""CREATE TRIGGER audit_auditrecord_no_update BEFORE UPDATE ON audit_auditrecord
    WHEN NOT (NEW.actor_id IS NULL AND {unchanged})
    BEGIN SELECT RAISE(ABORT, '{_guard.MESSAGE}: UPDATE refused'); END""",
    ]

    def run(apps, schema_editor):
        vendor = schema_editor.connection.vendor
        if vendor == "postgresql":
            _guard._run(schema_editor, [postgresql])
        elif vendor == "sqlite":
            _guard._run(schema_editor, sqlite)

    return run


class Migration(migrations.Migration):
    dependencies = [("audit", "0003_append_only_guard")]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[
                migrations.RunSQL(
                    "ALTER TABLE audit_auditrecord ADD COLUMN request_id varchar(64) NULL",
                    reverse_sql="ALTER TABLE audit_auditrecord DROP COLUMN request_id",
                )
            ],
            state_operations=[
                migrations.AddField(
                    model_name="auditrecord",
                    name="request_id",
                    field=models.CharField(
                        blank=True,
                        default=partnerfolio.operations.context.request_id,
                        max_length=64,
                        null=True,
                    ),
                )
            ],
        ),
        migrations.RunPython(
            _update_guard((*_guard.COLUMNS, "request_id")), _update_guard(_guard.COLUMNS)
        ),
    ]
