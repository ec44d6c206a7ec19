"""Danish holidays and placing a year's meetings by rule: plain rules, no database."""

from __future__ import annotations

from datetime import date, time

import pytest

from services.agenda.calendar.domain.holidays import days_off, easter_sunday, public_holidays
from services.agenda.calendar.domain.rollover import MeetingRule, carry_date, nth_weekday, plan_year
from services.agenda.calendar.operations.rollover import shift_years

WEDNESDAY, THURSDAY = 2, 3


@pytest.mark.parametrize("year, sunday", [(2020, date(2020, 4, 12)), (2021, date(2021, 4, 4)),
                                          (2024, date(2024, 3, 31)), (2025, date(2025, 4, 20)),
                                          (2038, date(2038, 4, 25))])
def test_easter_sunday_matches_the_almanac(year, sunday):
    assert easter_sunday(year) == sunday


def test_the_holidays_of_2020_follow_easter_and_include_store_bededag():
    holidays = public_holidays(2020)
    assert holidays[date(2020, 4, 9)] == "Skærtorsdag"
    assert holidays[date(2020, 5, 8)] == "Store bededag"
    assert holidays[date(2020, 5, 21)] == "Kristi himmelfartsdag"
    assert holidays[date(2020, 6, 1)] == "2. pinsedag"
    assert len(holidays) == 11


def test_store_bededag_is_no_holiday_from_2024():
    assert "Store bededag" in public_holidays(2023).values()
    assert "Store bededag" not in public_holidays(2024).values()


def test_closing_days_count_only_when_asked_for():
    assert days_off(2024)[date(2024, 6, 5)] == "Grundlovsdag"
    assert date(2024, 6, 5) not in days_off(2024, include_closing_days=False)


def test_nth_weekday_finds_the_second_and_the_last_wednesday():
    assert nth_weekday(2020, 1, WEDNESDAY, 2) == date(2020, 1, 8)
    assert nth_weekday(2020, 1, WEDNESDAY, -1) == date(2020, 1, 29)
    assert nth_weekday(2020, 2, WEDNESDAY, 1) == date(2020, 2, 5)


def test_second_wednesday_at_1630_without_july_gives_eleven_meetings():
    plan = plan_year(2021, MeetingRule(weekday=WEDNESDAY, ordinal=2, start_time=time(16, 30), place="Rådhuset"))
    assert [m.date for m in plan.meetings][:3] == [date(2021, 1, 13), date(2021, 2, 10), date(2021, 3, 10)]
    assert len(plan.meetings) == 11
    assert 7 not in {m.date.month for m in plan.meetings}
    assert [(s.month, s.reason) for s in plan.skipped] == [(7, "Sommerferie")]
    assert all(m.start_time == time(16, 30) and m.place == "Rådhuset" for m in plan.meetings)


def test_a_meeting_on_a_holiday_moves_to_the_same_weekday_a_week_later():
    # 2025: 1 January (nytårsdag) is the first Wednesday.
    plan = plan_year(2025, MeetingRule(weekday=WEDNESDAY, ordinal=1, start_time=time(16, 30), place="Rådhuset"))
    january = plan.meetings[0]
    assert (january.date, january.moved_from, january.reason) == (date(2025, 1, 8), date(2025, 1, 1), "Nytårsdag")
    assert january.note == "Flyttet fra 01-01-2025 (Nytårsdag) til ugen efter."


def test_kristi_himmelfartsdag_moves_the_second_thursday_of_may_2021():
    plan = plan_year(2021, MeetingRule(weekday=THURSDAY, ordinal=2, start_time=time(15), place="Rådhuset"))
    may = next(m for m in plan.meetings if m.date.month == 5)
    assert (may.moved_from, may.date, may.reason) == (date(2021, 5, 13), date(2021, 5, 20), "Kristi himmelfartsdag")


def test_a_meeting_moves_a_week_earlier_when_a_week_later_leaves_the_month():
    # 2026: the last Thursday of December is nytårsaftensdag, and the one before juleaftensdag.
    plan = plan_year(2026, MeetingRule(weekday=THURSDAY, ordinal=-1, start_time=time(15), place="Rådhuset"))
    december = plan.meetings[-1]
    assert (december.moved_from, december.date) == (date(2026, 12, 31), date(2026, 12, 17))
    assert december.note == "Flyttet fra 31-12-2026 (Nytårsaftensdag) til ugen før."


def test_grundlovsdag_moves_a_meeting_only_when_closing_days_count():
    rule = {"weekday": WEDNESDAY, "ordinal": 1, "start_time": time(16, 30), "place": "Rådhuset"}
    june = next(m for m in plan_year(2024, MeetingRule(**rule)).meetings if m.date.month == 6)
    assert june.date == date(2024, 6, 12)
    kept = [m for m in plan_year(2024, MeetingRule(**rule, include_closing_days=False)).meetings if m.date.month == 6]
    assert kept[0].date == date(2024, 6, 5)


def test_without_holiday_skipping_the_rule_is_kept_to_the_letter():
    plan = plan_year(2025, MeetingRule(weekday=WEDNESDAY, ordinal=1, start_time=time(16, 30), place="Rådhuset",
                                       skip_holidays=False, skip_months=frozenset()))
    assert plan.meetings[0].date == date(2025, 1, 1) and len(plan.meetings) == 12


def test_the_rule_describes_itself_in_danish():
    rule = MeetingRule(weekday=WEDNESDAY, ordinal=2, start_time=time(16, 30), place="Rådhuset",
                       skip_months=frozenset({7, 12}))
    assert rule.describe() == "anden onsdag i måneden kl. 16:30, ikke i juli og december"


def test_an_impossible_rule_is_refused():
    with pytest.raises(ValueError):
        MeetingRule(weekday=7, ordinal=2, start_time=time(16), place="Rådhuset")
    with pytest.raises(ValueError):
        MeetingRule(weekday=2, ordinal=5, start_time=time(16), place="Rådhuset")


def test_carried_dates_keep_day_and_month_and_29_february_becomes_the_28th():
    assert carry_date(date(2020, 12, 31), 2021) == date(2021, 12, 31)
    assert carry_date(date(2020, 2, 29), 2021) == date(2021, 2, 28)


def test_years_in_a_carried_title_move_along_but_distant_years_stay():
    assert shift_years("Beskæftigelsesplan 2021 godkendes", 1, 2020) == "Beskæftigelsesplan 2022 godkendes"
    assert shift_years("Virksomhedspris 2019 overrækkes", 1, 2020) == "Virksomhedspris 2020 overrækkes"
    assert shift_years("Lov fra 1998 og plan 2020", 1, 2020) == "Lov fra 1998 og plan 2021"

