"""Agenda rules as plain Python: no Flask, no database."""
