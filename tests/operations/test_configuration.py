"""Configuration that fails loudly: one reader for every variable (config.environment),
a team installation that will not start without its secret key, and exit code 2 with a
message naming the variable for anything set wrong."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured

from partnerfolio.config import environment as env

SRC = Path(__file__).resolve().parents[2] / "src" / "partnerfolio"
PARTNERFOLIO = str(Path(sys.executable).with_name("partnerfolio"))


def check(tmp_path, **variables: str) -> subprocess.CompletedProcess:
    environment = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("PARTNERFOLIO_", "DATABASE_URL", "DJANGO_"))
    }
    environment.update(PARTNERFOLIO_DATA_DIR=str(tmp_path / "var"), **variables)
    return subprocess.run(
        [PARTNERFOLIO, "check"], env=environment, capture_output=True, text=True, timeout=120
    )


def test_no_module_reads_the_environment_but_the_reader():
    """(Handing the environment on to a child process, as `backup` does for pg_dump, is
    not reading a variable.)"""
    reading = re.compile(r"os\.environ\.get\(|os\.environ\[|getenv\(")
    readers = {
        path.relative_to(SRC).as_posix()
        for path in SRC.rglob("*.py")
        if reading.search(path.read_text())
    }
    assert readers == {"config/environment.py"}


@pytest.mark.parametrize(
    ("reader", "value", "message"),
    [
        (lambda: env.flag("PF_TEST", False), "maybe", "PF_TEST must be true or false, got 'maybe'"),
        (lambda: env.whole("PF_TEST", 1), "1.5", "PF_TEST must be a whole number, got '1.5'"),
        (lambda: env.whole("PF_TEST", 1), "-3", "PF_TEST must be at least 0, got '-3'"),
        (lambda: env.whole("PF_TEST", 1, maximum=23), "24", "PF_TEST must be at most 23"),
        (lambda: env.decimal("PF_TEST", 1.0), "nan", "PF_TEST must be a finite number"),
        (lambda: env.decimal("PF_TEST", 1.0), "ten", "PF_TEST must be a number, got 'ten'"),
    ],
)
def test_a_malformed_value_names_the_variable_and_the_value(monkeypatch, reader, value, message):
    monkeypatch.setenv("PF_TEST", value)
    with pytest.raises(ImproperlyConfigured, match=re.escape(message)):
        reader()


def test_unset_and_empty_mean_the_default(monkeypatch):
    monkeypatch.delenv("PF_TEST", raising=False)
    assert env.whole("PF_TEST", 7) == 7
    monkeypatch.setenv("PF_TEST", "  ")
    assert (env.whole("PF_TEST", 7), env.flag("PF_TEST", True), env.text("PF_TEST", "d")) == (
        7,
        True,
        "d",
    )
    monkeypatch.setenv("PF_TEST", " a, ,b ")
    assert env.names("PF_TEST") == ["a", "b"]


def test_a_team_installation_refuses_to_start_without_its_secret_key(tmp_path):
    done = check(tmp_path, DATABASE_URL="postgres://postgres@127.0.0.1:5432/postgres")
    assert done.returncode == 2
    assert "PARTNERFOLIO_SECRET_KEY must be set" in done.stderr
    assert "Traceback" not in done.stderr
    assert not (tmp_path / "var" / "secret_key").exists()
    started = check(
        tmp_path,
        DATABASE_URL="postgres://postgres@127.0.0.1:5432/postgres",
        PARTNERFOLIO_SECRET_KEY="shared-by-every-server",
    )
    assert started.returncode == 0, started.stderr


def test_one_machine_still_starts_without_one(tmp_path):
    assert check(tmp_path).returncode == 0


@pytest.mark.parametrize(
    ("variable", "value"),
    [
        ("PARTNERFOLIO_BASE_URL", "partners.example.org"),
        ("PARTNERFOLIO_REDIS_URL", "http://127.0.0.1:6379"),
        ("PARTNERFOLIO_ALERT_HOUR", "25"),
        ("PARTNERFOLIO_LOG_LEVEL", "chatty"),
        ("PARTNERFOLIO_DEBUG", "sometimes"),
    ],
)
def test_a_variable_set_wrong_stops_every_command_with_exit_2(tmp_path, variable, value):
    done = check(tmp_path, **{variable: value})
    assert done.returncode == 2
    assert done.stderr.startswith(f"partnerfolio: configuration: {variable} must")
    assert "Traceback" not in done.stderr


def test_every_variable_read_is_in_the_configuration_table():
    settings_source = (SRC / "config" / "settings.py").read_text()
    read = set(re.findall(r"env\.\w+\(\s*\"([A-Z_0-9]+)\"", settings_source))
    table = (SRC.parents[1] / "docs" / "configuration.md").read_text()
    assert len(read) > 40
    assert {name for name in read if f"`{name}`" not in table} == set()
