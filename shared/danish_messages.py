"""Danish texts for marshmallow's built-in validation messages.

API clients show these to secretaries, so they must be Danish like everything a user
reads. Applied once, by shared.schemas.
"""

from __future__ import annotations

from marshmallow import Schema, fields, validate

_FIELD_MESSAGES: dict[type[fields.Field], dict[str, str]] = {
    fields.Field: {
        "required": "Feltet skal udfyldes.",
        "null": "Feltet må ikke være tomt.",
        "validator_failed": "Ugyldig værdi.",
    },
    fields.String: {"invalid": "Skal være en tekst.", "invalid_utf8": "Ugyldig tekst."},
    fields.Integer: {"invalid": "Skal være et helt tal.", "too_large": "Tallet er for stort."},
    fields.Number: {"invalid": "Skal være et tal.", "too_large": "Tallet er for stort."},
    fields.Boolean: {"invalid": "Skal være sand eller falsk."},
    fields.Date: {"invalid": "Ugyldig dato (brug ÅÅÅÅ-MM-DD).", "format": "Ugyldig dato."},
    fields.DateTime: {"invalid": "Ugyldigt tidspunkt.", "format": "Ugyldigt tidspunkt."},
    fields.AwareDateTime: {"invalid_awareness": "Tidspunktet skal have tidszone."},
    fields.Time: {"invalid": "Ugyldigt klokkeslæt (brug TT:MM).", "format": "Ugyldigt klokkeslæt."},
    fields.UUID: {"invalid_uuid": "Ugyldigt id."},
    fields.Email: {"invalid": "Ugyldig e-mailadresse."},
    fields.List: {"invalid": "Skal være en liste."},
    fields.Dict: {"invalid": "Skal være et objekt."},
    fields.Nested: {"type": "Skal være et objekt."},
}

_VALIDATOR_MESSAGES = {
    validate.Length: {
        "message_min": "Skal være mindst {min} tegn.",
        "message_max": "Må højst være {max} tegn.",
        "message_all": "Skal være mellem {min} og {max} tegn.",
        "message_equal": "Skal være præcis {equal} tegn.",
    },
    # Range fills in {min_op}/{max_op} first, so the bounds need double braces.
    validate.Range: {
        "message_min": "Skal være {min_op} {{min}}.",
        "message_max": "Skal være {max_op} {{max}}.",
        "message_all": "Skal være {min_op} {{min}} og {max_op} {{max}}.",
        "message_gte": "mindst",
        "message_gt": "større end",
        "message_lte": "højst",
        "message_lt": "mindre end",
    },
    validate.OneOf: {"default_message": "Skal være en af: {choices}."},
    validate.Regexp: {"default_message": "Har ikke det rigtige format."},
    validate.Email: {"default_message": "Ugyldig e-mailadresse."},
    validate.Equal: {"default_message": "Skal være {other}."},
}


def apply() -> None:
    for field_class, messages in _FIELD_MESSAGES.items():
        field_class.default_error_messages = {**field_class.default_error_messages, **messages}
    for validator_class, messages in _VALIDATOR_MESSAGES.items():
        for attribute, message in messages.items():
            setattr(validator_class, attribute, message)
    Schema._default_error_messages = {
        "type": "Ugyldige data: forventede et objekt.",
        "unknown": "Ukendt felt.",
    }
