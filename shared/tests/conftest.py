"""Fixtures of the shared bus tests (the servers' fixtures come from tests.support.fixtures)."""

from __future__ import annotations

from collections.abc import Callable, Iterator

import pytest

from shared.tests.miniservice import MiniService


@pytest.fixture
def make_service(fresh_database) -> Iterator[Callable[[], MiniService]]:
    """Factory: a MiniService on its own fresh PostgreSQL database."""
    services: list[MiniService] = []

    def make() -> MiniService:
        service = MiniService(fresh_database())
        services.append(service)
        return service

    yield make
    for service in services:
        service.dispose()


@pytest.fixture
def service(make_service) -> MiniService:
    return make_service()
