"""Mail bodies from Jinja templates, outside any web request (a worker writes them).

Each mail is a pair of templates, `<name>.txt` and `<name>.html`, extending the shared
layouts `mail/layout.txt` and `mail/layout.html`. HTML is autoescaped; the plain text is
not (it is not HTML).
"""

from __future__ import annotations

from pathlib import Path

from flask.helpers import get_debug_flag
from jinja2 import ChoiceLoader, Environment, FileSystemLoader, StrictUndefined, select_autoescape

from shared.danish import clock, long_date, long_meeting_datetime, short_date

SHARED_TEMPLATES = Path(__file__).parent / "templates"


class MailTemplates:
    def __init__(self, *folders: Path, auto_reload: bool | None = None) -> None:
        self._environment = Environment(
            # Looking at every template file for changes on each render is for development.
            auto_reload=get_debug_flag() if auto_reload is None else auto_reload,
            loader=ChoiceLoader([FileSystemLoader(str(folder)) for folder in (*folders, SHARED_TEMPLATES)]),
            autoescape=select_autoescape(enabled_extensions=("html",), default_for_string=False),
            undefined=StrictUndefined,
            trim_blocks=True,
            lstrip_blocks=True,
            keep_trailing_newline=True,
        )
        self._environment.filters.update(long_date=long_date, short_date=short_date, clock=clock,
                                         meeting_time=long_meeting_datetime)

    def render(self, name: str, **context) -> tuple[str, str]:
        """The plain text and the HTML of mail `name`."""
        context = {"recipient_name": "", "settings_url": None, "unsubscribe_url": None, **context}
        text = self._environment.get_template(f"{name}.txt").render(**context)
        html = self._environment.get_template(f"{name}.html").render(**context)
        return text, html
