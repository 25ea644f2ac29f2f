"""Large imports: queued as a job, their progress polled by the page; the command's bar.

The queue runs in immediate mode here (a task runs at once, in the caller), and the
threshold is lowered so that a file of a few dozen rows counts as large.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from partnerfolio.accounts.models import User
from partnerfolio.notifications.queue import huey
from partnerfolio.partners.models import PartnerOrganization
from partnerfolio.spreadsheets import cli, tasks
from partnerfolio.spreadsheets.importing import run_import
from partnerfolio.spreadsheets.mappings import Mapping
from partnerfolio.spreadsheets.models import ImportJob, PendingImport
from partnerfolio.spreadsheets.reading import read_file
from tests.spreadsheets.conftest import csv_text, run

pytestmark = pytest.mark.django_db
THRESHOLD = 20


@pytest.fixture(autouse=True)
def immediate_queue(settings) -> Iterator[None]:
    settings.PARTNERFOLIO_SPREADSHEET_BACKGROUND_ROWS = THRESHOLD
    before = huey.immediate
    huey.immediate = True
    huey.storage.flush_all()
    yield
    huey.storage.flush_all()
    huey.immediate = before


@pytest.fixture
def people(db) -> None:
    User.objects.create_superuser(username="ada", password="x" * 16, email="")
    User.objects.create_user(username="mia", password="x" * 16, role="manager")
    User.objects.create_user(username="max", password="x" * 16, role="manager")
    User.objects.create_user(username="vic", password="x" * 16, role="viewer")


def client_for(person: str) -> Client:
    client = Client()
    if person != "anonymous":
        client.force_login(User.objects.get(username=person))
    return client


def organizations(n: int, *, bad_row: int | None = None) -> bytes:
    """A CSV of n partner organizations; `bad_row` (a file row number) has a bad sector."""
    rows = [["Name", "Sector"]]
    for i in range(1, n + 1):
        rows.append([f"Org {i:04d}", "nowhere" if i + 1 == bad_row else "private"])
    return csv_text(rows).encode()


def confirm(client: Client, data: bytes, **extra: str):
    """Upload as organizations, then press Import on the review page."""
    response = client.post(
        "/spreadsheets/import/",
        {"file": SimpleUploadedFile("orgs.csv", data), "kind": "organization"},
    )
    assert response.status_code == 302
    return client.post(response["Location"], {"kind": "organization", "action": "import", **extra})


def test_large_import_is_queued_and_done(people):
    client = client_for("mia")
    response = confirm(client, organizations(THRESHOLD + 10))
    job = ImportJob.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/spreadsheets/import/jobs/{job.pk}/"
    assert job.status == ImportJob.Status.DONE
    assert job.user.username == "mia"
    assert (job.rows_done, job.rows_total) == (30, 30)
    assert job.result["counts"] == {"create": 30, "update": 0, "unchanged": 0}
    assert job.result["written"] is True
    assert job.result["issues"] == []
    assert job.started_at
    assert job.finished_at
    assert bytes(job.content) == b""  # the file is not kept once imported
    assert not PendingImport.objects.exists()
    assert PartnerOrganization.objects.filter(name__startswith="Org ").count() == 30

    page = client.get(response["Location"])
    assert page.status_code == 200
    html = page.content.decode()
    assert '<progress id="job-bar" max="100" value="100">' in html
    assert "100%" in html
    assert "Created: 30" in html
    assert "hx-get" not in html  # finished: nothing to poll


def test_small_import_still_runs_in_the_request(people):
    response = confirm(client_for("mia"), organizations(THRESHOLD))
    assert response.status_code == 200
    assert "Imported orgs.csv" in response.content.decode()
    assert not ImportJob.objects.exists()
    assert PartnerOrganization.objects.count() == THRESHOLD


def test_threshold_default_and_setting(settings):
    del settings.PARTNERFOLIO_SPREADSHEET_BACKGROUND_ROWS
    assert tasks.background_rows() == 2_000
    settings.PARTNERFOLIO_SPREADSHEET_BACKGROUND_ROWS = 500
    assert tasks.background_rows() == 500


def test_progress_partial_polls_then_answers_286(people):
    mia = User.objects.get(username="mia")
    job = ImportJob.objects.create(user=mia, filename="big.csv", rows_total=40)
    client = client_for("mia")
    url = f"/spreadsheets/import/jobs/{job.pk}/progress/"

    queued = client.get(url)
    assert queued.status_code == 200
    html = queued.content.decode()
    assert 'value="0"' in html
    assert "0%" in html
    assert "Waiting for the worker" in html
    assert f'hx-get="{url}"' in html
    assert 'hx-trigger="every 1s"' in html

    ImportJob.objects.filter(pk=job.pk).update(status=ImportJob.Status.RUNNING)
    tasks.put_progress(job.pk, 10, 40)  # what the worker records while it writes
    running = client.get(url)
    assert running.status_code == 200
    html = running.content.decode()
    assert '<progress id="job-bar" max="100" value="25">25%</progress>' in html
    assert "10 of 40 records" in html
    assert "hx-get" in html

    ImportJob.objects.filter(pk=job.pk).update(
        status=ImportJob.Status.DONE,
        summary="created: 40 organization",
        result={"counts": {"create": 40, "update": 0, "unchanged": 0}, "issues": []},
    )
    done = client.get(url)
    assert done.status_code == 286  # htmx stops polling
    html = done.content.decode()
    assert "100%" in html
    assert "Created: 40" in html
    assert "hx-get" not in html


def test_progress_is_recorded_every_few_records(people, monkeypatch):
    recorded: list[tuple[int, int]] = []
    real = tasks.put_progress

    def spy(job_id: int, done: int, total: int) -> None:
        real(job_id, done, total)
        job = ImportJob.objects.get(pk=job_id)
        assert job.status == ImportJob.Status.RUNNING
        assert tasks.progress_of(job) == (done, total)  # what the page would show
        recorded.append((done, total))

    monkeypatch.setattr(tasks, "put_progress", spy)
    confirm(client_for("mia"), organizations(60))
    assert [done for done, _ in recorded] == [0, 0, 25, 50, 60]
    assert {total for _, total in recorded[1:]} == {60}
    assert huey.get(f"spreadsheet-import-{ImportJob.objects.get().pk}-progress") is None


def test_a_refused_row_fails_the_job_and_writes_nothing(people):
    client = client_for("mia")
    response = confirm(client, organizations(30, bad_row=17))
    job = ImportJob.objects.get()
    assert job.status == ImportJob.Status.FAILED
    assert PartnerOrganization.objects.count() == 0
    assert job.result["written"] is False
    [issue] = job.result["issues"]
    assert (issue["row"], issue["column"]) == (17, "Sector")
    assert PendingImport.objects.filter(pk=job.pending_id).exists()  # to correct and retry

    html = client.get(response["Location"]).content.decode()
    assert "Nothing was imported." in html
    assert "Not imported" in html
    assert "<td>17</td><td>Sector</td>" in html
    assert f"/spreadsheets/import/{job.pending_id}/" in html
    assert client.get(f"{response['Location']}progress/").status_code == 286


def test_a_row_refused_while_checking_writes_none_of_the_rows_before_it(people, monkeypatch):
    from partnerfolio.spreadsheets import planning

    real = planning.Planner.apply

    def apply(self, record):
        if record.row == 25:
            raise planning.RowRefused([record.issue("Name", "refused while writing")])
        return real(self, record)

    monkeypatch.setattr(planning.Planner, "apply", apply)
    confirm(client_for("mia"), organizations(30))
    job = ImportJob.objects.get()
    assert job.status == ImportJob.Status.FAILED
    assert [(i["row"], i["reason"]) for i in job.result["issues"]] == [
        (25, "refused while writing")
    ]
    assert PartnerOrganization.objects.count() == 0  # the 23 rows written before it too


def test_skipping_invalid_rows_in_the_background(people):
    confirm(client_for("mia"), organizations(30, bad_row=17), skip_invalid="on")
    job = ImportJob.objects.get()
    assert job.status == ImportJob.Status.DONE
    assert job.result["counts"]["create"] == 29
    assert [i["row"] for i in job.result["issues"]] == [17]
    assert PartnerOrganization.objects.count() == 29


def test_an_error_while_writing_rolls_everything_back(people, monkeypatch):
    from partnerfolio.spreadsheets import writing

    real = writing.Writer.finish

    def finish(self):  # the organizations are written by now, their audit records not yet
        assert PartnerOrganization.objects.count() == 30
        real(self)
        raise RuntimeError("the disk is full")

    monkeypatch.setattr(writing.Writer, "finish", finish)
    confirm(client_for("mia"), organizations(30))
    job = ImportJob.objects.get()
    assert job.status == ImportJob.Status.FAILED
    assert job.result["issues"][0]["reason"] == "the disk is full"
    assert PartnerOrganization.objects.count() == 0


@pytest.mark.parametrize(
    ("person", "status"), [("mia", 200), ("ada", 200), ("max", 404), ("vic", 404)]
)
def test_only_its_starter_and_administrators_see_a_job(people, person, status):
    job = ImportJob.objects.create(user=User.objects.get(username="mia"), filename="big.csv")
    client = client_for(person)
    assert client.get(f"/spreadsheets/import/jobs/{job.pk}/").status_code == status
    assert client.get(f"/spreadsheets/import/jobs/{job.pk}/progress/").status_code == status


def test_anonymous_people_are_sent_to_log_in(people):
    job = ImportJob.objects.create(user=User.objects.get(username="mia"), filename="big.csv")
    for url in (
        f"/spreadsheets/import/jobs/{job.pk}/",
        f"/spreadsheets/import/jobs/{job.pk}/progress/",
    ):
        response = client_for("anonymous").get(url)
        assert response.status_code == 302
        assert "login" in response["Location"]


def test_the_task_is_registered_for_the_worker():
    assert tasks.import_spreadsheet.task_class in huey._registry._registry.values()


# --- the command line --------------------------------------------------------------------


def test_run_import_reports_progress_per_record(db):
    calls: list[tuple[int, int]] = []
    run_import(
        read_file(organizations(40), "orgs.csv"),
        Mapping(kind="organization"),
        actor="test",
        progress=lambda done, total: calls.append((done, total)),
    )
    assert calls == [(n, 40) for n in range(41)]


@pytest.mark.django_db(transaction=True)  # the command closes its connection
def test_the_command_advances_its_bar_per_record(tmp_path, capsys, monkeypatch):
    updates: list[dict[str, int]] = []

    class Bar:
        def __init__(self, total: int, label: str) -> None:
            self.total = total

        def __enter__(self) -> Bar:
            return self

        def __exit__(self, *exc: object) -> None:
            pass

        def add_task(self, name: str, total: int) -> int:
            assert total == self.total == 45
            return 1

        def update(self, task: int, **fields: int) -> None:
            updates.append(fields)

    monkeypatch.setattr(cli, "progress", Bar)
    path = tmp_path / "orgs.csv"
    path.write_bytes(organizations(45))
    code, out, _ = run(capsys, "import", "--kind", "organization", str(path))
    assert code == 0, out
    assert [u["completed"] for u in updates] == list(range(46))
    assert {u["total"] for u in updates} == {45}
    assert PartnerOrganization.objects.count() == 45
