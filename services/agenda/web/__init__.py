"""The agenda service's pages (server-rendered, Danish): login, the secretariat's work on
meetings and agendas, and the public portal."""

from services.agenda.calendar import pages as calendar_pages
from services.agenda.notices import pages as notice_pages
from services.agenda.web import account, house_style, platform, portal, secretariat, setup, users

PAGES = (account.bp, secretariat.bp, setup.bp, users.bp, house_style.bp, platform.bp, portal.bp, *calendar_pages.PAGES,
         *notice_pages.PAGES)
