"""WTForms forms of the agenda pages; every FlaskForm carries its CSRF token."""

from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import EmailField, PasswordField
from wtforms.validators import DataRequired, Email, Length


class LoginForm(FlaskForm):
    email = EmailField("E-mail", validators=[DataRequired("Skriv din e-mail."), Email("Skriv en gyldig e-mail."),
                                            Length(max=254)])
    password = PasswordField("Adgangskode", validators=[DataRequired("Skriv din adgangskode."), Length(max=500)])


class ConfirmForm(FlaskForm):
    """A form with only its CSRF token: for buttons that change something (log ud, offentliggør)."""
