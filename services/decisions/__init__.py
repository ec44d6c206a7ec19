"""The decisions service: attendance, decisions, minutes approval and the DOCX documents.

It knows meetings and agendas only from the agenda service's events, kept as its own copy.
"""
