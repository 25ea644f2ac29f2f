"""A background import whose worker stopped: found by its heartbeat, failed with the reason,
nothing half-written, and run again by the person who started it.

The queue runs in immediate mode here (as in test_background.py); the heartbeat a worker
would put is put by hand, at the time a test needs. The real worker killed with SIGKILL in
the middle of an import is in test_dead_worker_process.py.
"""

from __future__ import annotations

import re
import time
from datetime import UTC, datetime, timedelta

import pytest
from django.test import Client
from django.utils import timezone

from partnerfolio.accounts.models import User
from partnerfolio.notifications.queue import huey
from partnerfolio.partners.models import PartnerOrganization
from partnerfolio.spreadsheets import liveness, tasks
from partnerfolio.spreadsheets.mappings import Mapping
from partnerfolio.spreadsheets.models import ImportJob, PendingImport
from tests.spreadsheets import test_background as background
from tests.spreadsheets.test_background import client_for, confirm, organizations

pytestmark = pytest.mark.django_db
GRACE = 60
people = background.people
immediate_queue = background.immediate_queue  # autouse: the queue in immediate mode


@pytest.fixture(autouse=True)
def grace(settings) -> None:
    settings.PARTNERFOLIO_IMPORT_WORKER_GRACE = GRACE


def job_of(
    owner: str = "mia",
    *,
    status: str = ImportJob.Status.RUNNING,
    started_ago: float = 600,
    heard_ago: float | None = None,
    rows: int = 40,
) -> ImportJob:
    """A job as a worker left it: started `started_ago` seconds ago, its last heartbeat
    `heard_ago` seconds ago (None: no heartbeat at all)."""
    pending = PendingImport.objects.create(
        user=User.objects.get(username=owner), filename="orgs.csv", content=organizations(rows)
    )
    job = ImportJob.objects.create(
        user=pending.user,
        pending=pending,
        filename="orgs.csv",
        content=organizations(rows),
        mapping=Mapping(kind="organization").as_json(),
        rows_total=rows,
        status=status,
        started_at=timezone.now() - timedelta(seconds=started_ago),
    )
    if heard_ago is not None:
        liveness.put_heartbeat(job.pk, at=time.time() - heard_ago)
    return job


def shown(at: datetime) -> str:
    return timezone.localtime(at).strftime("%Y-%m-%d %H:%M:%S %Z")


def csrf_client(person: str) -> Client:
    client = Client(enforce_csrf_checks=True)
    client.force_login(User.objects.get(username=person))
    return client


def token(html: str) -> str:
    return re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html).group(1)


# --- detection --------------------------------------------------------------------------


def test_a_job_unheard_past_the_grace_is_failed_with_the_reason_when_viewed(people):
    job = job_of(heard_ago=GRACE + 30)
    beat = huey.get(liveness.heartbeat_key(job.pk), peek=True)
    page = client_for("mia").get(f"/spreadsheets/import/jobs/{job.pk}/")
    assert page.status_code == 200
    html = page.content.decode()
    heard = shown(datetime.fromtimestamp(beat["at"], tz=UTC))
    assert "Not imported" in html
    assert f"the worker stopped while importing (last heard from at {heard}" in html
    assert f"process {beat['pid']} on {beat['host']}" in html
    assert "nothing was written" in html
    assert f'action="/spreadsheets/import/jobs/{job.pk}/rerun/"' in html
    assert "Run it again</button>" in html
    assert "hx-get" not in html  # finished: nothing to poll
    assert "<progress" not in html  # no full bar for what was not imported
    job.refresh_from_db()
    assert (job.status, job.failure) == (ImportJob.Status.FAILED, ImportJob.Failure.WORKER_LOST)
    assert job.finished_at is not None
    assert job.result["written"] is False
    assert bytes(job.content) == organizations(40)  # kept, to run it again
    assert huey.get(liveness.heartbeat_key(job.pk), peek=True) is None


def test_the_progress_poll_finds_it_too_and_stops_polling(people):
    job = job_of(heard_ago=GRACE + 1)
    response = client_for("mia").get(f"/spreadsheets/import/jobs/{job.pk}/progress/")
    assert response.status_code == 286
    assert "the worker stopped while importing" in response.content.decode()
    assert ImportJob.objects.get(pk=job.pk).status == ImportJob.Status.FAILED


@pytest.mark.parametrize("heard_ago", [0, 5, GRACE - 5])
def test_a_fresh_heartbeat_keeps_a_long_job_running(people, heard_ago):
    job = job_of(started_ago=3 * 3600, heard_ago=heard_ago)
    tasks.put_progress(job.pk, 10, 40)
    client = client_for("mia")
    page = client.get(f"/spreadsheets/import/jobs/{job.pk}/")
    assert "Importing" in page.content.decode()
    assert "hx-get" in page.content.decode()
    assert client.get(f"/spreadsheets/import/jobs/{job.pk}/progress/").status_code == 200
    assert liveness.import_jobs_fail_silent() == 0
    tasks.fail_silent_jobs.call_local()
    job.refresh_from_db()
    assert (job.status, job.failure, job.finished_at) == (ImportJob.Status.RUNNING, "", None)


def test_without_a_heartbeat_the_jobs_start_is_when_it_was_last_heard(people):
    fresh = job_of(started_ago=GRACE - 10)
    silent = job_of(started_ago=GRACE + 10)
    assert liveness.import_jobs_fail_silent() == 1
    fresh.refresh_from_db()
    silent.refresh_from_db()
    assert fresh.status == ImportJob.Status.RUNNING
    assert silent.status == ImportJob.Status.FAILED
    assert f"(last heard from at {shown(silent.started_at)}); nothing was written" in silent.summary


def test_a_queue_that_cannot_be_read_fails_no_job(people, monkeypatch):
    job = job_of(heard_ago=GRACE * 10)

    def unreachable(*args, **kwargs):
        raise ConnectionError("redis is down")

    monkeypatch.setattr(huey, "get", unreachable)
    assert liveness.import_jobs_fail_silent() == 0
    assert ImportJob.objects.get(pk=job.pk).status == ImportJob.Status.RUNNING


def test_queued_and_finished_jobs_are_left_alone(people):
    queued = job_of(status=ImportJob.Status.QUEUED, started_ago=3600)
    done = job_of(status=ImportJob.Status.DONE, started_ago=3600)
    assert liveness.import_jobs_fail_silent() == 0
    assert ImportJob.objects.get(pk=queued.pk).status == ImportJob.Status.QUEUED
    assert ImportJob.objects.get(pk=done.pk).status == ImportJob.Status.DONE


def test_the_grace_period_default_and_setting(settings):
    del settings.PARTNERFOLIO_IMPORT_WORKER_GRACE
    assert liveness.grace_seconds() == 120
    assert liveness.beat_seconds() == 20
    settings.PARTNERFOLIO_IMPORT_WORKER_GRACE = 30
    assert liveness.grace_seconds() == 30


def test_the_worker_looks_for_silent_jobs_when_it_starts_and_every_minute(people):
    assert huey._startup["fail_silent_jobs_at_start"] is tasks.fail_silent_jobs_at_start
    periodic = [t for t in huey._registry.periodic_tasks if t.name.endswith("fail_silent_jobs")]
    assert len(periodic) == 1
    assert periodic[0].validate_datetime(datetime(2026, 1, 1, 3, 17))  # any minute
    silent, fresh = job_of(heard_ago=GRACE * 2), job_of(heard_ago=1)
    tasks.fail_silent_jobs_at_start()
    assert ImportJob.objects.get(pk=silent.pk).status == ImportJob.Status.FAILED
    assert ImportJob.objects.get(pk=fresh.pk).status == ImportJob.Status.RUNNING


def test_a_running_task_renews_its_heartbeat(people, settings, monkeypatch):
    settings.PARTNERFOLIO_IMPORT_WORKER_GRACE = 1  # a beat every 1/6 s
    beats: list[float] = []
    real = liveness.put_heartbeat

    def spy(job_id: int, at: float | None = None) -> None:
        real(job_id, at)
        beats.append(huey.get(liveness.heartbeat_key(job_id), peek=True)["at"])

    def slow_progress(job_id: int, done: int, total: int) -> None:
        if done == 25:  # the worker busy for a while, inside the import's transaction
            deadline = time.monotonic() + 30
            while len(beats) < 4 and time.monotonic() < deadline:
                time.sleep(0.05)

    monkeypatch.setattr(liveness, "put_heartbeat", spy)
    monkeypatch.setattr(tasks, "put_progress", slow_progress)
    confirm(client_for("mia"), organizations(40))
    assert len(beats) >= 4
    assert beats == sorted(beats)
    assert len(set(beats)) == len(beats)
    job = ImportJob.objects.get()
    assert job.status == ImportJob.Status.DONE
    assert huey.get(liveness.heartbeat_key(job.pk), peek=True) is None  # cleared at the end


# --- nothing half-written ----------------------------------------------------------------


class WorkerKilled(BaseException):
    """The worker's process ending where it stands (no except clause catches it)."""


def queued_job(rows: int = 40, **kwargs) -> ImportJob:
    return job_of(status=ImportJob.Status.QUEUED, rows=rows, **kwargs)


def test_a_worker_killed_in_the_middle_of_the_import_wrote_nothing(people, monkeypatch):
    job = queued_job()

    def killed(job_id: int, done: int, total: int) -> None:
        if done == 25:
            raise WorkerKilled

    monkeypatch.setattr(tasks, "put_progress", killed)
    with pytest.raises(WorkerKilled):
        tasks.import_spreadsheet.call_local(job.pk)
    job.refresh_from_db()
    assert (job.status, job.written) == (ImportJob.Status.RUNNING, False)
    assert PartnerOrganization.objects.count() == 0  # the 24 written before: rolled back

    liveness.put_heartbeat(job.pk, at=time.time() - GRACE - 1)
    assert liveness.import_jobs_fail_silent() == 1
    job.refresh_from_db()
    assert job.status == ImportJob.Status.FAILED
    assert job.summary.endswith("; nothing was written")


def test_records_committed_just_before_the_worker_stopped_are_reported_written(people, monkeypatch):
    job = queued_job()

    def killed_before_recording(job: ImportJob, fields: dict) -> None:
        raise WorkerKilled

    monkeypatch.setattr(tasks, "_finish", killed_before_recording)
    with pytest.raises(WorkerKilled):
        tasks.import_spreadsheet.call_local(job.pk)
    job.refresh_from_db()
    assert (job.status, job.written) == (ImportJob.Status.RUNNING, True)
    assert PartnerOrganization.objects.count() == 40

    liveness.put_heartbeat(job.pk, at=time.time() - GRACE - 1)
    html = client_for("mia").get(f"/spreadsheets/import/jobs/{job.pk}/").content.decode()
    job.refresh_from_db()
    assert job.status == ImportJob.Status.DONE
    assert "the worker stopped after writing the records" in job.summary
    assert "they are all in" in html
    assert "Run it again" not in html
    assert bytes(job.content) == b""
    assert not PendingImport.objects.exists()


def test_a_refused_import_whose_worker_stopped_is_not_reported_written(people, monkeypatch):
    job = job_of(status=ImportJob.Status.QUEUED)
    ImportJob.objects.filter(pk=job.pk).update(content=organizations(40, bad_row=17))

    def killed_before_recording(job: ImportJob, fields: dict) -> None:
        raise WorkerKilled

    monkeypatch.setattr(tasks, "_finish", killed_before_recording)
    with pytest.raises(WorkerKilled):
        tasks.import_spreadsheet.call_local(job.pk)
    assert ImportJob.objects.get(pk=job.pk).written is False  # rolled back with the rows
    assert PartnerOrganization.objects.count() == 0


def test_the_workers_own_outcome_replaces_a_wrong_guess_that_it_stopped(people, monkeypatch):
    job = queued_job()
    real = tasks.put_progress

    def storage_lost_the_beat(job_id: int, done: int, total: int) -> None:
        real(job_id, done, total)
        if done == 25:
            liveness.put_heartbeat(job_id, at=time.time() - GRACE - 1)
            assert liveness.import_jobs_fail_silent() == 1

    monkeypatch.setattr(tasks, "put_progress", storage_lost_the_beat)
    tasks.import_spreadsheet.call_local(job.pk)
    job.refresh_from_db()
    assert (job.status, job.failure, job.written) == (ImportJob.Status.DONE, "", True)
    assert job.result["counts"]["create"] == 40


# --- run it again ------------------------------------------------------------------------


def test_its_starter_runs_it_again_once(people):
    job = job_of(heard_ago=GRACE + 5)
    client = csrf_client("mia")
    html = client.get(f"/spreadsheets/import/jobs/{job.pk}/").content.decode()
    rerun = f"/spreadsheets/import/jobs/{job.pk}/rerun/"
    response = client.post(rerun, {"csrfmiddlewaretoken": token(html)})
    again = ImportJob.objects.exclude(pk=job.pk).get()
    assert response.status_code == 302
    assert response["Location"] == f"/spreadsheets/import/jobs/{again.pk}/"
    assert (again.status, again.user.username, again.rows_total) == ("done", "mia", 40)
    assert again.result["counts"]["create"] == 40
    assert PartnerOrganization.objects.count() == 40
    job.refresh_from_db()
    assert job.rerun_as == again
    assert bytes(job.content) == b""  # the new job took the file over

    old = client.get(f"/spreadsheets/import/jobs/{job.pk}/").content.decode()
    assert f'<a href="/spreadsheets/import/jobs/{again.pk}/">the new import</a>' in old
    assert "Run it again" not in old
    twice = client.post(rerun, {"csrfmiddlewaretoken": token(html)})
    assert twice["Location"] == f"/spreadsheets/import/jobs/{again.pk}/"
    assert ImportJob.objects.count() == 2
    assert PartnerOrganization.objects.count() == 40


@pytest.mark.parametrize(("person", "status"), [("ada", 403), ("max", 404), ("vic", 404)])
def test_only_its_starter_may_run_it_again(people, person, status):
    job = job_of(heard_ago=GRACE + 5)
    liveness.import_jobs_fail_silent()
    client = client_for(person)
    page = client.get(f"/spreadsheets/import/jobs/{job.pk}/")
    assert "Run it again" not in page.content.decode()
    assert client.post(f"/spreadsheets/import/jobs/{job.pk}/rerun/").status_code == status
    assert ImportJob.objects.count() == 1
    assert PartnerOrganization.objects.count() == 0


def test_running_it_again_needs_a_post_with_the_csrf_token_and_a_session(people):
    job = job_of(heard_ago=GRACE + 5)
    liveness.import_jobs_fail_silent()
    url = f"/spreadsheets/import/jobs/{job.pk}/rerun/"
    assert csrf_client("mia").post(url).status_code == 403
    assert client_for("mia").get(url).status_code == 405
    anonymous = Client().post(url)
    assert anonymous.status_code == 302
    assert "login" in anonymous["Location"]
    assert ImportJob.objects.count() == 1


@pytest.mark.parametrize("state", ["running", "done", "refused"])
def test_a_job_that_cannot_be_run_again_answers_409(people, state):
    if state == "running":
        job = job_of(heard_ago=1)
    elif state == "done":
        job = job_of(status=ImportJob.Status.DONE)
    else:
        confirm(client_for("mia"), organizations(30, bad_row=17))
        job = ImportJob.objects.get()
        assert job.failure == ImportJob.Failure.REFUSED
    response = client_for("mia").post(f"/spreadsheets/import/jobs/{job.pk}/rerun/")
    assert response.status_code == 409
    assert "only a job whose worker stopped or that met an error can be run again" in (
        response.content.decode()
    )
    assert ImportJob.objects.count() == 1


def test_a_job_that_met_an_error_keeps_its_file_and_can_be_run_again(people, monkeypatch):
    from partnerfolio.spreadsheets import planning

    real = planning.Planner.apply
    failing = {"once": True}

    def apply(self, record):
        if record.row == 25 and failing.pop("once", False):
            raise RuntimeError("database is locked")
        return real(self, record)

    monkeypatch.setattr(planning.Planner, "apply", apply)
    client = client_for("mia")
    response = confirm(client, organizations(30))
    job = ImportJob.objects.get()
    assert (job.status, job.failure) == (ImportJob.Status.FAILED, ImportJob.Failure.ERROR)
    assert "Run it again" in client.get(response["Location"]).content.decode()
    again = client.post(f"/spreadsheets/import/jobs/{job.pk}/rerun/")
    assert again.status_code == 302
    assert ImportJob.objects.get(rerun_of=job).status == ImportJob.Status.DONE
    assert PartnerOrganization.objects.count() == 30
