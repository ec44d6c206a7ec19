"""Udvalg's services. Each is self-contained: none imports another."""
