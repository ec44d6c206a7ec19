"""Whether an error means the database is away for now (a dropped or refused connection, a
server shutting down, an exhausted pool) rather than a fault in the code: the request is
answered 503 and may be tried again; a consumer tries the event again without counting it
against its retries."""

from __future__ import annotations

import psycopg
from sqlalchemy import exc as sa_exc


def database_unavailable(error: BaseException) -> bool:
    if isinstance(error, sa_exc.TimeoutError | sa_exc.DisconnectionError):
        return True  # no pooled connection came free in time; one could not be made
    if isinstance(error, sa_exc.DBAPIError):
        return error.connection_invalidated or isinstance(error.orig, psycopg.OperationalError)
    return isinstance(error, psycopg.OperationalError)
