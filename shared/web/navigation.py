"""The secretariat's navigation, one list for every service's pages.

A page of any service plugs in by adding one `NavLink` here: the base template shows
the links the caller's role may use and marks the one the current page belongs to.
"""

from __future__ import annotations

from dataclasses import dataclass

from flask import current_app, request

from shared.auth.principal import Principal

SECRETARIAT = frozenset({"secretary"})
PLATFORM = frozenset({"admin"})


@dataclass(frozen=True)
class NavLink:
    label: str
    service: str
    path: str
    roles: frozenset[str]
    # Further paths of this service whose pages belong to the link's section.
    also: tuple[str, ...] = ()

    @property
    def href(self) -> str:
        return f"/{self.service}{self.path}"


SECRETARIAT_NAV: tuple[NavLink, ...] = (
    NavLink("Møder", "agenda", "/sekretariat/", SECRETARIAT | PLATFORM),
    NavLink("Udvalg og medlemmer", "agenda", "/sekretariat/udvalg/", SECRETARIAT, also=("/sekretariat/medlemmer/",)),
    NavLink("Brugere", "agenda", "/sekretariat/brugere/", SECRETARIAT),
    NavLink("Virksomhedspris", "awards", "/sekretariat/", SECRETARIAT),
    NavLink("Husstil", "agenda", "/sekretariat/husstil/", SECRETARIAT | PLATFORM),
    NavLink("Word-skabelon", "decisions", "/sekretariat/skabelon/", SECRETARIAT),
    NavLink("Kommuner", "agenda", "/admin/kommuner/", PLATFORM),
    NavLink("E-mails", "agenda", "/sekretariat/e-mails", SECRETARIAT | PLATFORM),
)


@dataclass(frozen=True)
class NavEntry:
    label: str
    href: str
    current: bool


def secretariat_nav(principal: Principal) -> list[NavEntry]:
    """The links the caller may use; the longest one the current address starts with is
    the current page's section."""
    links = [link for link in SECRETARIAT_NAV if principal.role in link.roles]
    # Compared within this service: the prefix it is mounted under differs between set-ups.
    service = current_app.extensions["udvalg.runtime"].name
    matching = [(len(path), index) for index, link in enumerate(links) if link.service == service
                for path in (link.path, *link.also) if request.path.startswith(path)]
    current = links[max(matching)[1]] if matching else None
    return [NavEntry(link.label, link.href, link is current) for link in links]
