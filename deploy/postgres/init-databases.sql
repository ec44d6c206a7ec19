-- Runs once, when the postgres container starts on an empty data volume
-- (docker-entrypoint-initdb.d), as the superuser POSTGRES_USER.
--
-- One database per service; the application role "udvalg" owns all three. Its password
-- comes from the container's environment (UDVALG_DB_PASSWORD), read with psql's \getenv
-- (psql 15+), so no secret is written in this file. If the variable is missing the
-- CREATE ROLE below fails and the container stops with an error instead of starting
-- with a passwordless role.

\set ON_ERROR_STOP on
\getenv udvalg_db_password UDVALG_DB_PASSWORD

CREATE ROLE udvalg LOGIN PASSWORD :'udvalg_db_password';

CREATE DATABASE udvalg_agenda OWNER udvalg;
CREATE DATABASE udvalg_decisions OWNER udvalg;
CREATE DATABASE udvalg_awards OWNER udvalg;

-- Only the owner (and superusers) may connect.
REVOKE CONNECT, TEMPORARY ON DATABASE udvalg_agenda FROM PUBLIC;
REVOKE CONNECT, TEMPORARY ON DATABASE udvalg_decisions FROM PUBLIC;
REVOKE CONNECT, TEMPORARY ON DATABASE udvalg_awards FROM PUBLIC;
