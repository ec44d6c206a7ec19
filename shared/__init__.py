"""Udvalg's common library: events, bus, database, API and auth plumbing.

Imports no service: services depend on it, never the other way round.
"""
