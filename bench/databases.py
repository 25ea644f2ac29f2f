"""The benchmarks' PostgreSQL database: made afresh (dropped if it is there) before a run."""

from __future__ import annotations


def fresh_postgres(url: str) -> None:
    """An empty database at `url` (postgres://user@host:port/name) on its server."""
    import dj_database_url
    import psycopg

    config = dj_database_url.parse(url)
    with psycopg.connect(
        host=config["HOST"],
        port=config["PORT"],
        user=config["USER"],
        dbname="postgres",
        autocommit=True,
    ) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{config["NAME"]}"')
        admin.execute(f'CREATE DATABASE "{config["NAME"]}"')
