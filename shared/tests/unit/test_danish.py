"""shared.danish: dates and times as Danish municipalities write them, whatever the
machine's locale."""

from __future__ import annotations

import locale
from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

import pytest

from shared.danish import (
    clock,
    decimal,
    kroner,
    long_date,
    long_meeting_datetime,
    month_name,
    short_date,
    weekday_name,
)

COPENHAGEN = ZoneInfo("Europe/Copenhagen")


def test_long_meeting_datetime_writes_the_day_without_a_leading_zero():
    assert long_meeting_datetime(datetime(2020, 1, 8, 16, 30, tzinfo=COPENHAGEN)) == \
        "Onsdag d. 8. januar 2020 kl. 16:30"


def test_long_meeting_datetime_converts_to_the_given_zone():
    utc = datetime(2020, 1, 8, 15, 30, tzinfo=UTC)
    assert long_meeting_datetime(utc, "Europe/Copenhagen") == "Onsdag d. 8. januar 2020 kl. 16:30"
    summer = datetime(2020, 6, 30, 14, 0, tzinfo=UTC)
    assert long_meeting_datetime(summer, COPENHAGEN) == "Tirsdag d. 30. juni 2020 kl. 16:00"


def test_long_meeting_datetime_of_a_date_has_no_time():
    assert long_meeting_datetime(date(2020, 4, 15)) == "Onsdag d. 15. april 2020"


def test_short_date_has_day_month_year_with_dashes_and_leading_zeros():
    assert short_date(date(2020, 1, 8)) == "08-01-2020"
    assert short_date(datetime(2019, 12, 31, 23, 0)) == "31-12-2019"


def test_long_date_has_no_leading_zero_and_a_lower_case_month():
    assert long_date(date(2020, 1, 8)) == "8. januar 2020"
    assert long_date(date(2020, 5, 21)) == "21. maj 2020"


@pytest.mark.parametrize(("day", "name"), [
    (date(2020, 1, 6), "mandag"), (date(2020, 1, 7), "tirsdag"), (date(2020, 1, 8), "onsdag"),
    (date(2020, 1, 9), "torsdag"), (date(2020, 1, 10), "fredag"), (date(2020, 1, 11), "lørdag"),
    (date(2020, 1, 12), "søndag"),
])
def test_every_weekday_has_its_danish_name(day, name):
    assert weekday_name(day) == name


def test_every_month_has_its_danish_name():
    assert [month_name(m) for m in range(1, 13)] == [
        "januar", "februar", "marts", "april", "maj", "juni",
        "juli", "august", "september", "oktober", "november", "december"]
    assert month_name(date(2020, 10, 1)) == "oktober"


def test_month_thirteen_is_refused():
    with pytest.raises(ValueError):
        month_name(13)


def test_clock_is_hours_and_minutes():
    assert clock(datetime(2020, 1, 8, 9, 5)) == "09:05"


def test_names_do_not_depend_on_the_machine_locale():
    before = locale.setlocale(locale.LC_TIME)
    try:
        locale.setlocale(locale.LC_TIME, "C")
        assert long_meeting_datetime(datetime(2020, 1, 8, 16, 30)) == "Onsdag d. 8. januar 2020 kl. 16:30"
    finally:
        locale.setlocale(locale.LC_TIME, before)



def test_amounts_and_decimals_are_written_the_danish_way():
    assert kroner(10000) == "10.000 kr." and kroner(950) == "950 kr." and kroner(1250000) == "1.250.000 kr."
    assert decimal(22.333) == "22,3" and decimal(7, 2) == "7,00"
