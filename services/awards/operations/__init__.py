"""The awards service layer: rounds, nominations, scoring, closing, personal data."""
