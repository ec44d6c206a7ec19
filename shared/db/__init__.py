"""Database plumbing: engines, a UTC datetime type, the unit of work, migrations."""
