"""What the agenda service knows of the minutes, from the decisions service's events:
their state (approved, being corrected) and the approved decisions and attendance the
meeting pages show with the agenda."""
