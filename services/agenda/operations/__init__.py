"""The agenda service layer: every state change runs here, inside a unit of work, and
announces itself as an event in the same transaction."""
