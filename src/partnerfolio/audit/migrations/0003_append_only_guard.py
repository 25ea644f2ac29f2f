"""The audit trail is append-only in the database itself, not only through the model.

A trigger aborts every UPDATE and DELETE of an audit record, whatever sends it (the
default manager, `_base_manager`, a plain QuerySet, `_raw_delete`, raw SQL). Two things
pass: clearing `actor_id` and nothing else (Django's SET_NULL when an account is deleted:
`actor_name` keeps who it was), and a DELETE inside the transaction of
`partnerfolio pruneaudit`, which grants itself the permit (`partnerfolio.audit.guard`).
The SQL is written out here, as it stood, so that the migration never changes.
"""

from django.db import migrations

MESSAGE = "audit records are append-only (partnerfolio pruneaudit removes old ones)"
COLUMNS = (
    "id",
    "at",
    "actor_name",
    "action",
    "entity",
    "entity_id",
    "partnership_id",
    "partnership_name",
    "before",
    "after",
    "note",
)

POSTGRESQL = f"""
CREATE FUNCTION audit_auditrecord_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'DELETE' THEN
        IF current_setting('partnerfolio.audit_prune', true) = 'on' THEN
            RETURN OLD;
        END IF;
    ELSIF NEW.actor_id IS NULL
        AND ({", ".join(f"NEW.{c}" for c in COLUMNS)})
            IS NOT DISTINCT FROM ({", ".join(f"OLD.{c}" for c in COLUMNS)}) THEN
        RETURN NEW;
    END IF;
    RAISE EXCEPTION '{MESSAGE}: % refused', TG_OP
        USING ERRCODE = 'integrity_constraint_violation';
END;
$$;
CREATE TRIGGER audit_auditrecord_append_only
    BEFORE UPDATE OR DELETE ON audit_auditrecord
    FOR EACH ROW EXECUTE FUNCTION audit_auditrecord_append_only();
"""
POSTGRESQL_REVERSE = """
DROP TRIGGER IF EXISTS audit_auditrecord_append_only ON audit_auditrecord;
DROP FUNCTION IF EXISTS audit_auditrecord_append_only();
"""

_UNCHANGED = " AND ".join(f"NEW.{c} IS OLD.{c}" for c in COLUMNS)
SQLITE = [
    # One row while `partnerfolio pruneaudit` runs, inside its transaction; none otherwise.
    "CREATE TABLE audit_prune_permit (id INTEGER PRIMARY KEY CHECK (id = 1))",
    f"""CREATE TRIGGER audit_auditrecord_no_delete BEFORE DELETE ON audit_auditrecord
    WHEN NOT EXISTS (SELECT 1 FROM audit_prune_permit)
    BEGIN SELECT RAISE(ABORT, '{MESSAGE}: DELETE refused'); END""",
    f"""CREATE TRIGGER audit_auditrecord_no_update BEFORE UPDATE ON audit_auditrecord
    WHEN NOT (NEW.actor_id IS NULL AND {_UNCHANGED})
    BEGIN SELECT RAISE(ABORT, '{MESSAGE}: UPDATE refused'); END""",
]
SQLITE_REVERSE = [
    "DROP TRIGGER IF EXISTS audit_auditrecord_no_update",
    "DROP TRIGGER IF EXISTS audit_auditrecord_no_delete",
    "DROP TABLE IF EXISTS audit_prune_permit",
]


def _run(schema_editor, statements) -> None:
    for statement in statements:
        schema_editor.execute(statement, params=None)  # no parameters: `%` is plpgsql's


def install(apps, schema_editor) -> None:
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        _run(schema_editor, [POSTGRESQL])
    elif vendor == "sqlite":
        _run(schema_editor, SQLITE)


def remove(apps, schema_editor) -> None:
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        _run(schema_editor, [POSTGRESQL_REVERSE])
    elif vendor == "sqlite":
        _run(schema_editor, SQLITE_REVERSE)


class Migration(migrations.Migration):
    dependencies = [
        ("audit", "0002_data_revision"),
    ]

    operations = [
        migrations.RunPython(install, remove),
    ]
