"""The calendar part's service layer: every change runs here, inside a unit of work."""
