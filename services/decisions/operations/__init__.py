"""The decisions service layer: attendance, decisions and minutes approval."""
