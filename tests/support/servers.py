"""Throwaway PostgreSQL databases and RabbitMQ vhosts on the local servers, for one test run."""

from __future__ import annotations

import os
import subprocess
import uuid

import psycopg
from psycopg import sql

PG_ADMIN_URL = os.environ.get("UDVALG_TEST_PG", "postgresql://postgres@127.0.0.1:5432/postgres")
RABBIT_HOST = os.environ.get("UDVALG_TEST_RABBIT_HOST", "127.0.0.1:5672")

RUN_ID = uuid.uuid4().hex[:8]


def _admin() -> psycopg.Connection:
    return psycopg.connect(PG_ADMIN_URL, autocommit=True)


def database_url(name: str) -> str:
    base, _, _ = PG_ADMIN_URL.rpartition("/")
    return f"{base}/{name}"


def create_database(name: str, template: str | None = None) -> str:
    with _admin() as conn:
        query = sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name))
        if template:
            query = sql.SQL("CREATE DATABASE {} TEMPLATE {}").format(sql.Identifier(name), sql.Identifier(template))
        conn.execute(query)
    return database_url(name)


def drop_database(name: str) -> None:
    with _admin() as conn:
        conn.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name)))


def _rabbitmqctl(*args: str) -> None:
    subprocess.run(["rabbitmqctl", "-q", *args], check=True, capture_output=True, timeout=60)


def create_vhost(name: str) -> str:
    _rabbitmqctl("add_vhost", name)
    _rabbitmqctl("set_permissions", "-p", name, "guest", ".*", ".*", ".*")
    return f"amqp://guest:guest@{RABBIT_HOST}/{name}"


def delete_vhost(name: str) -> None:
    _rabbitmqctl("delete_vhost", name)
