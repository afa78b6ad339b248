"""Rendering a public page (a page cache miss) costs the same number of queries at any size."""

import datetime as dt
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from directory.models import Audience, Category, Kind, LocationPrivacy, ScheduleException
from tests.factories import OrganizationFactory, ResourceFactory, ScheduleRuleFactory, area

pytestmark = pytest.mark.django_db

AREAS = ("omori-nishi", "kamata-nishi", "haneda")
KINDS = list(Kind)


def populate(count: int, start: int) -> None:
    """``count`` listings with everything a card, a detail page and the open data show."""
    categories = list(Category.objects.all()[:3])
    audiences = list(Audience.objects.all()[:2])
    for n in range(start, start + count):
        listing = ResourceFactory(
            name=f"会{n:03d}",
            name_kana=f"かい{n:03d}",
            kind=KINDS[n % len(KINDS)],
            area=area(AREAS[n % len(AREAS)]),
            organization=OrganizationFactory(),
            location_privacy=LocationPrivacy.APPROXIMATE if n % 5 == 0 else LocationPrivacy.EXACT,
            latitude=Decimal("35.576557") + Decimal(n) / 100000,
            categories=categories,
            audiences=audiences,
        )
        ScheduleRuleFactory(resource=listing, weekdays=[n % 7])
        ScheduleException.objects.create(
            resource=listing, date=dt.date.today() + dt.timedelta(days=3), cancelled=True
        )


def queries(client, url: str) -> int:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
        assert response.status_code == 200, url
        if response.streaming:
            b"".join(response.streaming_content)
    return len(captured.captured_queries)


def test_every_public_page_costs_the_same_queries_with_3_or_43_listings(
    client, directory_page, settings, django_assert_max_num_queries
):
    settings.PAGE_CACHE_ENABLED = False  # what a miss costs
    populate(3, 0)
    detail = ResourceFactory(name="くわしい会", categories=list(Category.objects.all()[:4]))
    ScheduleRuleFactory(resource=detail)
    base = directory_page.url
    omori = directory_page.area_url(area("omori-nishi"))
    urls = [
        "/",
        base,
        f"{base}?kind=place&weekday=2&time_of_day=afternoon&this_week=on",
        f"{base}?q=会",
        f"{base}?near=蒲田駅&within=5",
        f"{base}markers/",
        omori,
        f"{omori}markers/",
        directory_page.area_print_url(area("omori-nishi")),
        directory_page.resource_url(detail),
        f"{directory_page.resource_url(detail)}next-date/",
        "/api/hsds/services",
        "/api/hsds/service_at_locations",
        "/api/hsds/organizations",
        "/api/open-data/resources.csv",
    ]
    for url in urls:  # first requests fill per-process caches (site root, content types)
        queries(client, url)
    small = {url: queries(client, url) for url in urls}
    populate(40, 3)
    for url in urls:
        with django_assert_max_num_queries(small[url], info=url):
            client.get(url)
    assert {url: queries(client, url) for url in urls} == small
