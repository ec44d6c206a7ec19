"""The awards service's own settings, read from the environment (see deploy/README.md)."""

from __future__ import annotations

import os
from dataclasses import dataclass
from typing import Any

MAX_ATTACHMENT_BYTES = 10 * 1024 * 1024


@dataclass(frozen=True)
class AwardsOptions:
    # Per client (IP address), for posting the public nomination form; "N per minute;M per hour".
    nomination_rate_limit: str = "10 per minute;60 per hour"
    # Months after a round ends until its nominators' contact data is deleted.
    personal_data_months: int = 6

    @classmethod
    def from_env(cls, **overrides) -> AwardsOptions:
        env = os.environ
        values: dict[str, Any] = {
            "nomination_rate_limit": env.get("AWARDS_NOMINATION_RATE_LIMIT", cls.nomination_rate_limit),
            "personal_data_months": int(env.get("AWARDS_PERSONAL_DATA_MONTHS", cls.personal_data_months)),
        }
        values.update(overrides)
        return cls(**values)
