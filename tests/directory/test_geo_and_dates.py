import datetime as dt

import pytest
from geopy.distance import geodesic

from directory.dates import fiscal_months, fiscal_year, japanese_date, month_end
from directory.geo import approximate_km, bounding_box, geodesic_km, is_within_km

KAMATA = (35.5623, 139.7161)


@pytest.mark.parametrize("km", [0.1, 1.0, 5.0, 20.0])
@pytest.mark.parametrize("bearing", range(0, 360, 15))
def test_the_bounding_box_holds_every_point_at_the_radius(km, bearing):
    edge = geodesic(kilometers=km).destination(KAMATA, bearing)
    assert bounding_box(KAMATA, km).contains((edge.latitude, edge.longitude))


def test_the_bounding_box_is_only_a_little_larger_than_the_radius():
    box = bounding_box(KAMATA, 2.0)
    assert geodesic_km(KAMATA, (box.north, KAMATA[1])) == pytest.approx(2.0 * 1.01, abs=0.01)
    assert not box.contains((box.north + 0.0001, KAMATA[1]))


@pytest.mark.parametrize("km, expected", [(0.998, True), (1.002, False), (0.5, True), (3, False)])
def test_a_point_is_within_the_radius_by_its_geodesic(km, expected):
    found = geodesic(kilometers=km).destination(KAMATA, 45)
    point = (found.latitude, found.longitude)
    assert is_within_km(KAMATA, point, approximate_km(KAMATA, point), 1.0) is expected


def test_a_japanese_date_has_its_weekday_unless_asked_not_to():
    assert japanese_date(dt.date(2026, 11, 27)) == "2026年11月27日（金）"
    assert japanese_date(dt.date(2026, 4, 1), weekday=False) == "2026年4月1日"


@pytest.mark.parametrize(
    "day, year",
    [(dt.date(2026, 4, 1), 2026), (dt.date(2027, 3, 31), 2026), (dt.date(2026, 3, 31), 2025)],
)
def test_the_fiscal_year_starts_in_april(day, year):
    assert fiscal_year(day) == year


def test_the_months_of_a_fiscal_year_run_from_april_to_march():
    months = fiscal_months(2026)
    assert (months[0], months[-1]) == (dt.date(2026, 4, 1), dt.date(2027, 3, 1))
    assert month_end(months[-1]) == dt.date(2027, 3, 31)
    assert month_end(dt.date(2026, 12, 1)) == dt.date(2026, 12, 31)
