"""The awards service's pages: the public award pages and nomination form, the
secretariat's review, and the committee members' scoring."""

from services.awards.web import filters, public, scoring, secretariat

PAGES = (filters.bp, public.bp, public.form_bp, secretariat.bp, scoring.bp)
