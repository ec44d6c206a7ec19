"""The base of every input schema at an API or form edge.

Importing it switches marshmallow's messages to Danish first, so that validators built
in schema classes (some format their message when created) speak Danish too.
"""

from __future__ import annotations

from marshmallow import Schema, pre_load

from shared import danish_messages

danish_messages.apply()


class InputSchema(Schema):
    """Strips surrounding whitespace from every top-level string before validation."""

    @pre_load
    def strip_strings(self, data, **kwargs):
        if isinstance(data, dict):
            return {k: v.strip() if isinstance(v, str) else v for k, v in data.items()}
        return data
