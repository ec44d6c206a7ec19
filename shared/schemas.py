"""The base of every input schema at an API or form edge.

Importing it switches marshmallow's messages to Danish first, so that validators built
in schema classes (some format their message when created) speak Danish too.
"""

from __future__ import annotations

from marshmallow import Schema, ValidationError, post_load, pre_load

from shared import danish_messages
from shared.control_characters import forbidden_in
from shared.dates import dates_out_of_range

danish_messages.apply()


class InputSchema(Schema):
    """Refuses control characters in any string it is given, however deeply nested (see
    shared.control_characters), and strips surrounding whitespace from every top-level
    string before validation."""

    @pre_load
    def refuse_control_characters_and_strip(self, data, **kwargs):
        errors = forbidden_in(data)
        if errors:
            raise ValidationError(errors)
        if isinstance(data, dict):
            return {k: v.strip() if isinstance(v, str) else v for k, v in data.items()}
        return data

    @post_load
    def refuse_dates_out_of_range(self, data, **kwargs):
        """Every date and date-time lies in shared.dates' range, however deeply nested."""
        errors = dates_out_of_range(data)
        if errors:
            raise ValidationError(errors)
        return data
