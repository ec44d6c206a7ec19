"""The embedded default: all three services in one process, on SQLite, with an in-process
transport that replays the outbox. For a newcomer or a small municipality: `make run`."""
