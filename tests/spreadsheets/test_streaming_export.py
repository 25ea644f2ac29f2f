"""Exports of many partnerships: streamed, read a chunk at a time, the same files as
before; over the limit written by the worker for the person who asked alone.

The queue runs in immediate mode here where the worker's run is part of the story.
"""

from __future__ import annotations

import io
from collections.abc import Iterator
from datetime import timedelta

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from partnerfolio.accounts.models import User
from partnerfolio.notifications.queue import huey
from partnerfolio.partnerships import selectors, services
from partnerfolio.partnerships.models import Partnership
from partnerfolio.spreadsheets import export_jobs, exporting, streaming
from partnerfolio.spreadsheets.models import ExportJob, ExportPart
from tests.partnerships.conftest import example

pytestmark = pytest.mark.django_db

FILES = ("cloud-cosell-alliance.json", "hybrid-pilot-ready.json")


@pytest.fixture(autouse=True)
def immediate_queue() -> Iterator[None]:
    before = huey.immediate
    huey.immediate = True
    yield
    huey.immediate = before


@pytest.fixture
def world(db) -> dict[str, int]:
    records = {}
    for name in FILES:
        p = services.partnership_import(actor="test", document=example(name))
        records[p.name] = p.pk
    for i in range(4):
        p = services.partnership_import(
            actor="test",
            document={
                "name": f"Plain {i} =cmd",
                "type": "tactical",
                "partners": [{"name": f"Org {i % 2}", "sector": "private"}],
                "engagements": [{"on": "2026-10-01", "kind": "check_in", "summary": "-x"}],
            },
        )
        records[p.name] = p.pk
    secret = services.partnership_import(
        actor="test", document={"name": "Cobalt secret", "partners": [{"name": "Cobalt Co"}]}
    )
    Partnership.objects.filter(pk=secret.pk).update(confidential=True)
    records["Cobalt secret"] = secret.pk
    User.objects.create_superuser(username="ada", password="x" * 16, email="")
    User.objects.create_superuser(username="abe", password="x" * 16, email="")
    User.objects.create_user(username="vic", password="x" * 16, role="viewer")
    return records


def client_for(person: str) -> Client:
    client = Client()
    client.force_login(User.objects.get(username=person))
    return client


def body(response) -> bytes:
    return b"".join(response.streaming_content)


def _ids(person: str = "ada") -> list[int]:
    from partnerfolio.accounts import access

    visible = access.visible_partnerships(User.objects.get(username=person))
    return list(visible.order_by("name").values_list("id", flat=True))


def _cells(data: bytes) -> list[tuple[str, list[tuple]]]:
    from openpyxl import load_workbook

    book = load_workbook(io.BytesIO(data), read_only=True)
    return [(s.title, list(s.iter_rows(values_only=True))) for s in book.worksheets]


def test_the_portfolio_csv_streams_the_very_file_written_whole_before(world):
    response = client_for("ada").get("/spreadsheets/export/portfolio.csv")
    assert response.status_code == 200
    assert response.streaming
    before = exporting.csv_bytes(exporting.wide_columns(), list(exporting.record_rows(_ids())))
    assert body(response) == before
    assert b"Cobalt secret" in before


def test_a_viewers_streamed_csv_leaves_out_what_they_may_not_see(world):
    response = client_for("vic").get("/spreadsheets/export/portfolio.csv")
    data = body(response)
    assert b"Cobalt" not in data
    rows = list(exporting.record_rows(_ids("vic")))
    assert data == exporting.csv_bytes(exporting.wide_columns(), rows)


def test_the_list_csv_streams_the_rows_of_the_list(world):
    from partnerfolio.spreadsheets.export_views import filtered

    response = client_for("ada").get("/spreadsheets/export/partnerships.csv?type=tactical")
    assert response.streaming
    request = type("R", (), {"GET": {"type": "tactical"}, "user": User.objects.get(username="ada")})
    rows = list(exporting.list_rows(filtered(request)))
    assert body(response) == exporting.csv_bytes(exporting.LIST_COLUMNS, rows)
    assert b"Plain 0" in body(client_for("ada").get("/spreadsheets/export/partnerships.csv"))


def test_the_portfolio_workbook_has_the_sheets_and_cells_of_before(world):
    response = client_for("ada").get("/spreadsheets/export/portfolio.xlsx")
    assert response.streaming
    before = exporting.records_xlsx(list(exporting.record_rows(_ids())))
    assert _cells(body(response)) == _cells(before)


def test_an_empty_portfolio_gives_the_same_empty_files(db):
    User.objects.create_superuser(username="ada", password="x" * 16, email="")
    client = client_for("ada")
    assert _cells(body(client.get("/spreadsheets/export/portfolio.xlsx"))) == _cells(
        exporting.records_xlsx([])
    )
    assert body(client.get("/spreadsheets/export/portfolio.csv")) == exporting.csv_bytes(
        exporting.wide_columns(), []
    )


def test_the_list_is_read_a_chunk_at_a_time(world, monkeypatch):
    """Two partnerships a chunk: their partners are fetched per chunk, so the rows of all
    the partnerships are never loaded at once."""
    monkeypatch.setattr(streaming, "CHUNK", 2)
    client = client_for("ada")
    with CaptureQueriesContext(connection) as queries:
        data = body(client.get("/spreadsheets/export/partnerships.csv"))
    partners = [q for q in queries if 'FROM "partnerships_partnershippartner"' in q["sql"]]
    assert len(partners) == 4  # 7 partnerships, 2 a chunk
    assert data.count(b"\r\n") == 8


def test_the_records_are_loaded_a_chunk_at_a_time(world, monkeypatch):
    monkeypatch.setattr(streaming, "CHUNK", 3)
    loaded: list[int] = []
    real = selectors.snapshots

    def counting(ids, recent=None):
        loaded.append(len(list(ids)))
        return real(ids, recent)

    monkeypatch.setattr(selectors, "snapshots", counting)
    body(client_for("ada").get("/spreadsheets/export/portfolio.csv"))
    assert loaded == [3, 3, 1]


@pytest.fixture
def low_limit(settings) -> None:
    settings.PARTNERFOLIO_EXPORT_INLINE_ROWS = 3


def test_an_export_over_the_limit_is_prepared_then_downloads_for_its_owner(world, low_limit):
    client = client_for("ada")
    response = client.get("/spreadsheets/export/portfolio.csv")
    assert response.status_code == 302
    job = ExportJob.objects.get()
    assert response["Location"] == f"/spreadsheets/export/jobs/{job.pk}/"
    page = client.get(response["Location"]).content.decode()
    assert "Ready" in page
    download = client.get(f"/spreadsheets/export/jobs/{job.pk}/file/")
    assert download.status_code == 200
    assert download["Content-Disposition"] == 'attachment; filename="portfolio.csv"'
    expected = exporting.csv_bytes(exporting.wide_columns(), list(exporting.record_rows(_ids())))
    assert body(download) == expected
    assert int(download["Content-Length"]) == len(expected)


@pytest.mark.parametrize("other", ["abe", "vic"])
def test_another_person_gets_404_for_the_job_and_its_file(world, low_limit, other):
    client_for("ada").get("/spreadsheets/export/portfolio.xlsx")
    job = ExportJob.objects.get()
    assert job.status == ExportJob.Status.DONE
    for url in (
        f"/spreadsheets/export/jobs/{job.pk}/",
        f"/spreadsheets/export/jobs/{job.pk}/file/",
    ):
        assert client_for(other).get(url).status_code == 404
        assert client_for("ada").get(url).status_code == 200


@pytest.mark.django_db(transaction=True)  # the data revision is read committed
def test_while_the_worker_has_not_run_the_page_says_it_is_being_prepared(
    world, low_limit, monkeypatch
):
    queued: list[int] = []
    task = export_jobs.export_file
    monkeypatch.setattr(export_jobs, "export_file", queued.append)
    client = client_for("ada")
    first = client.get("/spreadsheets/export/partnerships.xlsx?type=tactical")
    again = client.get("/spreadsheets/export/partnerships.xlsx?type=tactical")
    assert first["Location"] == again["Location"]
    job = ExportJob.objects.get()
    assert queued == [job.pk]  # asked twice, queued once
    page = client.get(first["Location"]).content.decode()
    assert "Being prepared" in page
    assert '<meta http-equiv="refresh"' in page  # refreshes itself without JavaScript
    assert client.get(f"/spreadsheets/export/jobs/{job.pk}/file/").status_code == 404
    task.call_local(job.pk)  # the worker runs it
    page = client.get(first["Location"]).content.decode()
    assert "Ready" in page
    assert "refresh" not in page.split("</head>")[0]
    rows = _cells(body(client.get(f"/spreadsheets/export/jobs/{job.pk}/file/")))
    assert [r[0] for r in rows[0][1][1:]] == [
        "Plain 0 =cmd",
        "Plain 1 =cmd",
        "Plain 2 =cmd",
        "Plain 3 =cmd",
    ]


@pytest.mark.django_db(transaction=True)
def test_a_write_after_the_job_makes_the_next_request_a_new_job(world, low_limit):
    client = client_for("ada")
    client.get("/spreadsheets/export/portfolio.csv")
    client.get("/spreadsheets/export/portfolio.csv")
    assert ExportJob.objects.count() == 1
    services.partnership_import(actor="test", document={"name": "Zeta"})
    client.get("/spreadsheets/export/portfolio.csv")
    newest = ExportJob.objects.order_by("-pk").first()
    assert ExportJob.objects.count() == 2
    assert b"Zeta" in body(client.get(f"/spreadsheets/export/jobs/{newest.pk}/file/"))


def test_a_viewers_job_holds_only_what_they_may_see(world, low_limit):
    client = client_for("vic")
    client.get("/spreadsheets/export/portfolio.json")
    job = ExportJob.objects.get()
    import zipfile

    archive = zipfile.ZipFile(
        io.BytesIO(body(client.get(f"/spreadsheets/export/jobs/{job.pk}/file/")))
    )
    assert len(archive.namelist()) == 6
    assert not any("cobalt" in n for n in archive.namelist())


def test_an_export_is_kept_a_limited_time(world, low_limit):
    client = client_for("ada")
    client.get("/spreadsheets/export/portfolio.csv")
    job = ExportJob.objects.get()
    assert ExportPart.objects.filter(job=job).exists()
    old = job.created_at - timedelta(hours=export_jobs.KEEP_HOURS, minutes=1)
    ExportJob.objects.filter(pk=job.pk).update(created_at=old)
    assert client.get(f"/spreadsheets/export/jobs/{job.pk}/file/").status_code == 404
    assert not ExportPart.objects.exists()


def test_the_limit_has_a_default_and_a_setting(settings):
    assert export_jobs.inline_rows() == 5_000
    settings.PARTNERFOLIO_EXPORT_INLINE_ROWS = 7
    assert export_jobs.inline_rows() == 7


def test_the_export_task_is_registered_for_the_worker():
    assert export_jobs.export_file.task_class in huey._registry._registry.values()


def test_the_list_names_a_partnerships_partners_by_name(world):
    services.partnership_import(
        actor="test",
        document={"name": "Two partners", "partners": [{"name": "Zeta Co"}, {"name": "Alpha Co"}]},
    )
    data = body(client_for("ada").get("/spreadsheets/export/partnerships.csv?q=Two+partners"))
    assert data.count(b"\r\n") == 2
    assert b'Two partners,"Alpha Co; Zeta Co",' in data  # quoted: it holds a semicolon
