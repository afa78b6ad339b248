"""The HSDS API as a client sees it: what a listing becomes, privacy, filters, errors, CORS."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext

from directory.api.ids import derived_id, row_id, row_pk
from directory.api.taxonomies import CATEGORY, category_term
from directory.models import (
    Category,
    Frequency,
    Kind,
    Language,
    LocationPrivacy,
    ScheduleException,
    Status,
)
from tests.factories import OrganizationFactory, ResourceFactory, ScheduleRuleFactory, area

pytestmark = pytest.mark.django_db

API = "/api/hsds"
JST = dt.timezone(dt.timedelta(hours=9))
FRIDAY = dt.datetime(2026, 11, 27, 10, 0, tzinfo=JST)


def services(client, **params) -> dict:
    response = client.get(f"{API}/services", params)
    assert response.status_code == 200, response.content
    return response.json()


def names(body: dict) -> list[str]:
    return [item.get("name") or item["service"]["name"] for item in body["contents"]]


def service(client, resource) -> dict:
    response = client.get(f"{API}/services/{row_id('service', resource.pk)}")
    assert response.status_code == 200, response.content
    return response.json()


# --- what a listing becomes --------------------------------------------------------------------


@time_machine.travel(FRIDAY, tick=False)
def test_schedules_become_rrule_parts_with_times_in_japan_time(client, directory_page):
    resource = ResourceFactory(name="火曜サロン")
    ScheduleRuleFactory(resource=resource, weekdays=[2])
    ScheduleRuleFactory(
        resource=resource,
        frequency=Frequency.MONTHLY_NTH_WEEKDAY,
        weekdays=[1],
        week_positions=[2, 4],
        closed_on_holidays=True,
    )
    ScheduleRuleFactory(
        resource=resource,
        frequency=Frequency.MONTHLY_NTH_WEEKDAY,
        weekdays=[4],
        week_positions=[-1],
    )
    ScheduleRuleFactory(
        resource=resource,
        frequency=Frequency.MONTHLY_DAY,
        weekdays=[],
        month_day=15,
        valid_from=dt.date(2026, 4, 1),
        valid_until=dt.date(2027, 3, 31),
    )
    ScheduleRuleFactory(
        resource=resource,
        frequency=Frequency.ONCE,
        weekdays=[],
        date=dt.date(2026, 12, 29),
        start_time=dt.time(10, 0),
        end_time=dt.time(12, 0),
    )
    ScheduleException.objects.create(resource=resource, date=dt.date(2026, 12, 2))

    weekly, nth, last, monthly, once = service(client, resource)["schedules"]

    assert weekly["freq"] == "WEEKLY" and weekly["byday"] == "WE"
    assert weekly["opens_at"] == "13:30+09:00" and weekly["closes_at"] == "15:30+09:00"
    assert weekly["description"] == "毎週水曜 13:30〜15:30"
    assert weekly["notes"] == "2026年12月2日（水）は休み"
    assert nth["freq"] == "MONTHLY" and nth["byday"] == "2TU,4TU"
    assert nth["description"] == "毎月第2・第4火曜 13:30〜15:30（祝日休み）"
    assert "notes" not in nth
    assert last["byday"] == "-1FR"
    assert monthly["bymonthday"] == "15" and "byday" not in monthly
    assert (monthly["valid_from"], monthly["valid_to"]) == ("2026-04-01", "2027-03-31")
    assert (monthly["dtstart"], monthly["until"]) == ("2026-04-01", "2027-03-31")
    assert once["count"] == 1 and once["byday"] == "TU" and once["dtstart"] == "2026-12-29"
    assert once["valid_from"] == once["valid_to"] == "2026-12-29"
    assert once["description"] == "2026年12月29日（火） 10:00〜12:00"
    assert all(s["timezone"] == 9 for s in (weekly, nth, last, monthly, once))


def test_costs_languages_contacts_and_areas_are_filled(client, directory_page):
    org = OrganizationFactory(name="架空の町会")
    free = ResourceFactory(name="無料の会", organization=org, phone="03-0000-0001")
    paid = ResourceFactory(
        name="有料の会", is_free=False, cost="1回100円（お茶代）", email="cafe@example.jp"
    )
    mixed = ResourceFactory(name="食堂", is_free=False, cost="こども無料、大人300円")
    paid.languages.set(Language.objects.filter(slug__in=["ja", "easy-ja", "jsl"]))
    paid.save()

    body = service(client, free)
    assert body["cost_options"] == [
        {
            "id": derived_id("cost_option", body["id"]),
            "service_id": body["id"],
            "option": "無料",
            "currency": "JPY",
            "amount": 0,
        }
    ]
    assert body["fees_description"] == "無料"
    assert body["phones"][0]["number"] == "03-0000-0001"
    assert body["contacts"][0]["name"] == "架空の町会"
    assert body["contacts"][0]["phones"][0]["number"] == "03-0000-0001"
    assert body["organization"]["name"] == "架空の町会"
    (served,) = body["service_areas"]
    assert served["uri"] == f"http://testserver{directory_page.url}area/omori-nishi/"
    assert served["name"] == "大田区 大森西"

    body = service(client, paid)
    assert body["cost_options"][0]["amount"] == 100
    assert body["cost_options"][0]["amount_description"] == "1回100円（お茶代）"
    assert body["contacts"][0]["email"] == "cafe@example.jp"
    languages = {lang["name"]: lang for lang in body["languages"]}
    assert languages["日本語"]["code"] == "ja"
    assert languages["手話"]["code"] == "jsl"
    assert "code" not in languages["やさしい日本語"]

    assert "amount" not in service(client, mixed)["cost_options"][0]


def test_categories_audiences_kind_and_welcome_flags_become_attributes(client, directory_page):
    go = Category.objects.get(slug="go-shogi")
    resource = ResourceFactory(kind=Kind.SALON, categories=[go], tour_welcome=True)
    attributes = service(client, resource)["attributes"]
    terms = {(a["link_type"], a["taxonomy_term"]["code"]) for a in attributes}
    assert terms == {("kind", "salon"), ("category", "go-shogi"), ("participation", "tour_welcome")}
    assert all(a["link_id"] == row_id("service", resource.pk) for a in attributes)


def test_status_maps_to_hsds_status(client, directory_page):
    statuses = {}
    for status in Status:
        resource = ResourceFactory(status=status)
        statuses[status] = service(client, resource)["status"]
    assert statuses == {
        Status.ACTIVE: "active",
        Status.PAUSED: "temporarily closed",
        Status.ENDED: "defunct",
    }


def test_ids_are_stable_uuids_that_name_their_kind():
    assert row_id("service", 42) == row_id("service", 42)
    assert row_pk("service", row_id("service", 42)) == 42
    assert row_pk("organization", row_id("service", 42)) is None
    assert row_pk("service", "not-a-uuid") is None
    assert row_pk("service", derived_id("service", 42)) is None


# --- privacy ----------------------------------------------------------------------------------


def test_drafts_and_hidden_listings_never_appear(client, directory_page):
    ResourceFactory(name="公開中の会")
    draft = ResourceFactory(name="下書きの会", live=False)
    hidden = ResourceFactory(name="非公開の会", location_privacy=LocationPrivacy.HIDDEN)
    assert names(services(client)) == ["公開中の会"]
    for path in ("/service_at_locations", "/organizations"):
        assert client.get(f"{API}{path}").json()["total_items"] == 1
    for resource in (draft, hidden):
        assert client.get(f"{API}/services/{row_id('service', resource.pk)}").status_code == 404
        sal = row_id("service_at_location", resource.pk)
        assert client.get(f"{API}/service_at_locations/{sal}").status_code == 404


def test_unpublished_changes_of_a_live_listing_stay_out(client, directory_page):
    resource = ResourceFactory(name="公開版の名前")
    resource.name = "下書きの名前"
    resource.save_revision()
    assert names(services(client)) == ["公開版の名前"]
    assert service(client, resource)["name"] == "公開版の名前"


def test_a_group_whose_only_listing_is_hidden_is_not_published(client, directory_page):
    shelter = OrganizationFactory(name="非公開の団体")
    ResourceFactory(organization=shelter, location_privacy=LocationPrivacy.HIDDEN)
    ResourceFactory(organization=OrganizationFactory(name="公開の団体"))
    body = client.get(f"{API}/organizations").json()
    assert [o["name"] for o in body["contents"]] == ["公開の団体"]
    url = f"{API}/organizations/{row_id('organization', shelter.pk)}"
    assert client.get(url).status_code == 404


def test_an_approximate_location_is_given_at_area_level_only(client, directory_page):
    resource = ResourceFactory(
        location_privacy=LocationPrivacy.APPROXIMATE,
        venue="代表者の自宅",
        access="梅屋敷駅から徒歩5分",
    )
    body = client.get(f"{API}/service_at_locations/{row_id('service_at_location', resource.pk)}")
    location = body.json()["location"]
    assert location["name"] == "大森西エリア"
    assert location["location_type"] == "physical"
    assert not {"latitude", "longitude", "addresses", "transportation"} & set(location)
    text = body.content.decode()
    for secret in ("大森西2-16-2", "35.576557", "139.730251", "代表者の自宅", "梅屋敷"):
        assert secret not in text


def test_an_exact_location_has_its_point_and_address(client, directory_page):
    resource = ResourceFactory(venue="区民活動施設 2階", access="梅屋敷駅から徒歩5分")
    location = service(client, resource)["service_at_locations"][0]["location"]
    assert (location["latitude"], location["longitude"]) == (35.576557, 139.730251)
    assert location["addresses"][0]["address_1"] == "大森西2-16-2"
    assert location["addresses"][0]["city"] == "大田区"
    assert location["addresses"][0]["state_province"] == "東京都"
    assert location["name"] == "区民活動施設 2階"
    assert location["transportation"] == "梅屋敷駅から徒歩5分"


# --- filters ----------------------------------------------------------------------------------


def test_filters_are_cumulative(client, directory_page):
    go = Category.objects.get(slug="go-shogi")
    org = OrganizationFactory()
    ResourceFactory(name="大森西の囲碁", kind=Kind.SALON, categories=[go], organization=org)
    ResourceFactory(name="大森西の居場所", kind=Kind.PLACE, organization=org)
    ResourceFactory(name="蒲田の囲碁", kind=Kind.SALON, categories=[go], area=area("kamata-nishi"))
    term = category_term(go).id
    org_id = row_id("organization", org.pk)

    assert names(services(client, kind="salon")) == ["大森西の囲碁", "蒲田の囲碁"]
    assert names(services(client, kind="salon", area="omori-nishi")) == ["大森西の囲碁"]
    assert names(services(client, taxonomy_term_id=term)) == ["大森西の囲碁", "蒲田の囲碁"]
    assert names(services(client, taxonomy_term_id=term, organization_id=org_id)) == [
        "大森西の囲碁"
    ]
    assert names(services(client, taxonomy_id=CATEGORY.id, region="kamata")) == ["蒲田の囲碁"]
    assert names(services(client, organization_id=org_id, kind="volunteer")) == []


def test_modified_after_keeps_listings_changed_since(client, directory_page):
    with time_machine.travel(dt.datetime(2026, 4, 1, 12, 0, tzinfo=JST)):
        ResourceFactory(name="古い会")
    with time_machine.travel(dt.datetime(2026, 6, 1, 12, 0, tzinfo=JST)):
        ResourceFactory(name="新しい会")
    assert names(services(client, modified_after="2026-05-01")) == ["新しい会"]
    assert names(services(client, modified_after="2026-06-01T12:00:00+09:00")) == ["新しい会"]
    assert names(services(client, modified_after="2026-06-01T03:00:01Z")) == []


def test_search_uses_the_sites_japanese_search(client, directory_page):
    ResourceFactory(name="子ども食堂ひまわり", name_kana="こどもしょくどうひまわり")
    ResourceFactory(name="囲碁クラブ", name_kana="いごくらぶ")
    assert names(services(client, search="食堂")) == ["子ども食堂ひまわり"]
    assert names(services(client, search="食堂", kind="volunteer")) == []


def test_service_at_locations_near_a_point_come_nearest_first_within_proximity(
    client, directory_page
):
    # From the point: 近い会 ~0.1 km, the 大森東 office ~1.8 km, 遠い会 ~4.4 km.
    ResourceFactory(
        name="遠い会",
        area=area("kamata-nishi"),
        address="東京都大田区西蒲田7-1-1",
        latitude=Decimal("35.545000"),
        longitude=Decimal("139.700000"),
    )
    ResourceFactory(name="近い会")
    ResourceFactory(
        name="エリアだけの会",
        location_privacy=LocationPrivacy.APPROXIMATE,
        area=area("omori-higashi"),
    )
    point = {"lat": "35.576", "lng": "139.730"}
    body = client.get(f"{API}/service_at_locations", point).json()
    assert names(body) == ["近い会", "エリアだけの会", "遠い会"]
    body = client.get(f"{API}/service_at_locations", {**point, "proximity": "2500"}).json()
    assert names(body) == ["近い会", "エリアだけの会"]
    assert body["total_items"] == 2
    body = client.get(
        f"{API}/service_at_locations", {**point, "proximity": "2500", "kind": "salon"}
    )
    assert body.json()["total_items"] == 0


def test_pages_follow_the_hsds_envelope(client, directory_page):
    for n in range(5):
        ResourceFactory(name=f"会{n}", name_kana=f"かい{n}")
    body = services(client, per_page=2, page=3)
    assert {k: v for k, v in body.items() if k != "contents"} == {
        "total_items": 5,
        "total_pages": 3,
        "page_number": 3,
        "size": 1,
        "first_page": False,
        "last_page": True,
        "empty": False,
    }
    assert names(body) == ["会4"]
    assert services(client, size=2)["total_pages"] == 3
    past = services(client, per_page=2, page=9)
    assert past["empty"] is True and past["contents"] == [] and past["last_page"] is True


def test_a_page_costs_the_same_number_of_queries_whatever_its_size(client, directory_page):
    for _ in range(12):
        resource = ResourceFactory(categories=[Category.objects.get(slug="chat")])
        ScheduleRuleFactory(resource=resource)
    services(client)  # the first request of a process also reads the site record
    counts = []
    for size in (2, 12):
        with CaptureQueriesContext(connection) as queries:
            assert len(services(client, per_page=size)["contents"]) == size
        counts.append(len(queries))
    assert counts[0] == counts[1]


# --- errors and CORS --------------------------------------------------------------------------


@pytest.mark.parametrize(
    "path, params, parameter",
    [
        ("/services", {"page": "0"}, "page"),
        ("/services", {"page": "abc"}, "page"),
        ("/services", {"per_page": "100000"}, "per_page"),
        ("/services", {"size": "100000"}, "size"),
        ("/services", {"per_page": "0"}, "per_page"),
        ("/services", {"modified_after": "yesterday"}, "modified_after"),
        ("/services", {"modified_after": "2026-13-01"}, "modified_after"),
        ("/services", {"modified_after": "0001-01-01"}, "modified_after"),
        ("/services", {"modified_after": "9999-12-31T23:59:59-12:00"}, "modified_after"),
        ("/services", {"area": "atlantis"}, "area"),
        ("/services", {"kind": "party"}, "kind"),
        ("/services", {"region": "nowhere"}, "region"),
        ("/services", {"full": "maybe"}, "full"),
        ("/services", {"format": "xml"}, "format"),
        ("/services", {"organization_id": "123"}, "organization_id"),
        (
            "/services",
            {"taxonomy_term_id": "00000000-0000-0000-0000-000000000000"},
            "taxonomy_term_id",
        ),
        ("/services", {"taxonomy_id": "x"}, "taxonomy_id"),
        ("/services", {"search": "あ" * 201}, "search"),
        ("/service_at_locations", {"lat": "35.57"}, "lng"),
        ("/service_at_locations", {"lng": "139.7"}, "lat"),
        ("/service_at_locations", {"lat": "35.57", "lng": "139.7", "proximity": "-1"}, "proximity"),
        ("/service_at_locations", {"lat": "north", "lng": "139.7"}, "lat"),
        ("/service_at_locations", {"lat": "nan", "lng": "139.7"}, "lat"),
        ("/service_at_locations", {"lat": "95", "lng": "139.7"}, "lat"),
        ("/service_at_locations", {"proximity": "500"}, "proximity"),
        ("/service_at_locations", {"postcode": "144-0000"}, "postcode"),
        ("/service_at_locations", {"area": "atlantis"}, "area"),
        ("/organizations", {"page": "-1"}, "page"),
        ("/organizations", {"full_service": "perhaps"}, "full_service"),
        ("/taxonomies", {"per_page": "201"}, "per_page"),
        ("/taxonomy_terms", {"taxonomy_id": "nope"}, "taxonomy_id"),
        ("/taxonomy_terms", {"parent_id": "nope"}, "parent_id"),
    ],
)
def test_bad_parameters_get_a_400_in_japanese_and_english(
    client, directory_page, path, params, parameter
):
    response = client.get(f"{API}{path}", params)
    assert response.status_code == 400
    assert response["Access-Control-Allow-Origin"] == "*"
    body = response.json()
    assert body["status"] == 400
    error = next(e for e in body["errors"] if e["parameter"] == parameter)
    assert any("\u3040" <= ch <= "\u30ff" for ch in error["message"])
    assert error["message_en"].isascii()


def test_every_bad_parameter_is_reported_at_once(client, directory_page):
    body = client.get(f"{API}/services", {"page": "0", "kind": "x", "area": "y"}).json()
    assert {e["parameter"] for e in body["errors"]} == {"page", "kind", "area"}


@pytest.mark.parametrize(
    "path",
    [
        "/services/not-an-id",
        "/services/00000000-0000-0000-0000-000000000000",
        "/service_at_locations/x",
        "/organizations/x",
        "/taxonomies/x",
        "/taxonomy_terms/x",
        "/no_such_endpoint",
    ],
)
def test_unknown_ids_and_paths_get_a_json_404(client, directory_page, path):
    response = client.get(f"{API}{path}")
    assert response.status_code == 404
    assert response.json()["errors"][0]["message_en"]
    assert response["Access-Control-Allow-Origin"] == "*"


def test_an_organization_id_is_not_a_service_id(client, directory_page):
    resource = ResourceFactory()
    url = f"{API}/services/{row_id('organization', resource.organization_id)}"
    assert client.get(url).status_code == 404


def test_the_api_is_readable_from_any_origin_and_read_only(client, directory_page):
    ResourceFactory()
    response = client.get(f"{API}/services", HTTP_ORIGIN="https://example.org")
    assert response["Access-Control-Allow-Origin"] == "*"
    preflight = client.options(
        f"{API}/services",
        HTTP_ORIGIN="https://example.org",
        HTTP_ACCESS_CONTROL_REQUEST_METHOD="GET",
    )
    assert preflight.status_code == 204
    assert "GET" in preflight["Access-Control-Allow-Methods"]
    response = client.post(f"{API}/services", {})
    assert response.status_code == 405
    assert response.json()["errors"][0]["parameter"] == "method"
    # Nothing outside the API becomes readable cross-origin.
    assert "Access-Control-Allow-Origin" not in client.get(directory_page.url)
