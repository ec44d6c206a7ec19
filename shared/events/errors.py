"""The error of an event that does not keep the contract."""

from __future__ import annotations


class InvalidEvent(Exception):
    """An envelope or its data does not match the contract: retrying will not help."""

    # Why a consumer gives it up, as its dead letter says.
    reason = "invalid"
