"""Plain rules of the decisions service, tested without Flask or a database."""
