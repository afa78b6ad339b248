"""Geocoding what a resident types (directory/geocoding.py). Nothing here touches the network:
the GSI geocoder is tested through a fake geopy adapter, the edge of the world."""

from decimal import Decimal

import pytest
from django.core.cache import cache
from django.core.exceptions import ImproperlyConfigured
from geopy.adapters import BaseSyncAdapter
from geopy.exc import GeocoderServiceError, GeocoderUnavailable
from geopy.extra.rate_limiter import RateLimiter
from geopy.geocoders.base import Geocoder

from directory import geocoding
from directory.geocoding import (
    GazetteerGeocoder,
    GSIAddressSearch,
    build_gsi_lookup,
    normalize,
    place_lookup,
)
from directory.models import Town
from tests.factories import area

pytestmark = pytest.mark.django_db

KAMATA = (35.562517, 139.716032)
OMORI_NISHI_OFFICE = (35.576557, 139.730251)


def point(location) -> tuple[float, float]:
    return (location.latitude, location.longitude)


class FakeGSI(BaseSyncAdapter):
    """geopy adapter that answers like GSI's address search and remembers what was asked."""

    calls: list[str] = []
    answer: object = []

    def __init__(self, *, proxies=None, ssl_context=None):
        super().__init__(proxies=proxies, ssl_context=ssl_context)

    def get_json(self, url, *, timeout, headers):
        type(self).calls.append(url)
        if isinstance(self.answer, Exception):
            raise self.answer
        return self.answer

    def get_text(self, url, *, timeout, headers):
        raise NotImplementedError


def feature(title: str, lat: float, lng: float) -> dict:
    return {
        "geometry": {"coordinates": [lng, lat], "type": "Point"},
        "type": "Feature",
        "properties": {"addressCode": "", "title": title},
    }


@pytest.fixture(autouse=True)
def fresh_cache_and_fake_gsi():
    cache.clear()
    FakeGSI.calls = []
    FakeGSI.answer = []
    yield
    cache.clear()


@pytest.fixture
def gsi(settings, monkeypatch):
    """GEOCODER=gsi with the real rate limiter and cache in front of a fake GSI."""
    settings.GEOCODER = "gsi"
    lookup = build_gsi_lookup(adapter_factory=FakeGSI)
    monkeypatch.setattr(geocoding, "gsi_lookup", lambda: lookup)
    monkeypatch.setattr(RateLimiter, "_sleep", lambda self, seconds: None)
    return lookup


@pytest.mark.parametrize(
    "query", ["蒲田", "蒲田駅", "かまた", "カマタ", "ｶﾏﾀ", "Kamata", " 蒲田 駅 "]
)
def test_the_gazetteer_finds_a_station_by_name_reading_or_with_the_eki_suffix(query):
    location = GazetteerGeocoder().geocode(query)
    assert location.address == "蒲田駅"
    assert point(location) == KAMATA


@pytest.mark.parametrize(
    "query", ["大森西特別出張所", "大森西", "おおもりにし", "大森西出張所", "東京都大田区大森西"]
)
def test_the_gazetteer_finds_an_area_office_from_the_area_rows(query):
    location = GazetteerGeocoder().geocode(query)
    assert location.address == "大森西特別出張所"
    assert point(location) == OMORI_NISHI_OFFICE


def test_an_area_office_moves_when_its_row_changes():
    office = area("omori-nishi")
    office.office_latitude, office.office_longitude = Decimal("35.580000"), Decimal("139.731000")
    office.save()
    assert point(GazetteerGeocoder().geocode("大森西")) == (35.58, 139.731)


def test_a_bare_name_means_the_station_and_a_suffix_chooses():
    gazetteer = GazetteerGeocoder()
    assert gazetteer.geocode("田園調布").address == "田園調布駅"
    assert gazetteer.geocode("田園調布駅").address == "田園調布駅"
    assert gazetteer.geocode("田園調布特別出張所").address == "田園調布特別出張所"


def test_spelling_variants_of_ke_and_no_find_the_station():
    gazetteer = GazetteerGeocoder()
    assert gazetteer.geocode("雪ヶ谷大塚").address == "雪が谷大塚駅"
    assert gazetteer.geocode("鵜ノ木駅").address == "鵜の木駅"


def test_stations_just_outside_the_ward_are_known_too():
    assert GazetteerGeocoder().geocode("川崎駅").address == "川崎駅"


@pytest.mark.parametrize(
    "query",
    [
        "大森西二丁目",
        "大森西2丁目",
        "大森西２丁目",
        "おおもりにしにちょうめ",
        "大森西2-16-2",
        "大森西２－１６－２",
    ],
)
def test_a_town_row_with_coordinates_is_found_by_name_reading_or_address(query):
    Town.objects.create(
        name="大森西二丁目",
        name_kana="おおもりにしにちょうめ",
        area=area("omori-nishi"),
        latitude=Decimal("35.575000"),
        longitude=Decimal("139.729000"),
    )
    location = GazetteerGeocoder().geocode(query)
    assert (location.address, point(location)) == ("大森西二丁目", (35.575, 139.729))


def test_a_town_without_coordinates_is_not_a_place():
    Town.objects.create(name="大森西三丁目", area=area("omori-nishi"))
    assert GazetteerGeocoder().geocode("大森西三丁目") is None


def test_an_address_in_an_area_falls_back_to_the_area_office_and_says_so():
    assert GazetteerGeocoder().geocode("大森西5-1-1") is None  # not an exact name
    lookup = place_lookup("大森西5-1-1")
    assert lookup.found and lookup.partial
    assert lookup.location.address == "大森西特別出張所"


def test_an_unknown_place_comes_back_with_suggestions_not_an_error():
    lookup = place_lookup("かまだ")
    assert not lookup.found
    assert "蒲田駅" in lookup.suggestions
    assert len(lookup.suggestions) <= 5
    nothing = place_lookup("ほげほげ町")
    assert not nothing.found and nothing.suggestions == []


def test_a_partial_name_suggests_the_places_that_contain_it():
    assert {"蒲田駅", "京急蒲田駅"} <= set(
        place_lookup("蒲").suggestions + place_lookup("京急蒲").suggestions
    )


@pytest.mark.parametrize(
    "query", ["", "   ", "x" * 500, "'; DROP TABLE directory_area; --", ".*[](){}"]
)
def test_odd_queries_find_nothing_quietly(query):
    assert not place_lookup(query).found


def test_normalisation_folds_width_kana_numerals_and_suffixes():
    assert normalize("ＪＲ　カマタ駅") == "jrかまた"
    assert normalize("大森西十二丁目") == "大森西12丁目"
    assert normalize("東京都大田区大森西特別出張所") == "大森西"


def test_the_gazetteer_is_a_geopy_geocoder_that_never_uses_the_network():
    gazetteer = GazetteerGeocoder()
    assert isinstance(gazetteer, Geocoder)
    with pytest.raises(GeocoderServiceError):
        gazetteer.adapter.get_json("https://example.com/", timeout=1, headers={})


def test_the_gsi_geocoder_parses_features_and_drops_places_outside_the_bounds():
    FakeGSI.answer = [
        feature("山形県東根市蒲田", 38.43, 140.39),  # another 蒲田, far away
        feature("東京都大田区蒲田五丁目", 35.5625, 139.7160),
        {"type": "Feature", "geometry": None},  # malformed: skipped
    ]
    gsi = GSIAddressSearch(bounds=((35.47, 139.62), (35.67, 139.86)), adapter_factory=FakeGSI)
    location = gsi.geocode("東京都大田区蒲田5丁目")
    assert (location.address, point(location)) == ("東京都大田区蒲田五丁目", (35.5625, 139.716))
    assert FakeGSI.calls == [
        "https://msearch.gsi.go.jp/address-search/AddressSearch?q="
        "%E6%9D%B1%E4%BA%AC%E9%83%BD%E5%A4%A7%E7%94%B0%E5%8C%BA%E8%92%B2%E7%94%B05%E4%B8%81%E7%9B%AE"
    ]
    assert len(gsi.geocode("蒲田", exactly_one=False)) == 1


def test_the_gsi_geocoder_returns_none_for_no_match_and_rejects_a_strange_answer():
    gsi = GSIAddressSearch(adapter_factory=FakeGSI)
    assert gsi.geocode("どこにもない") is None
    FakeGSI.answer = {"error": "unexpected"}
    with pytest.raises(GeocoderServiceError):
        gsi.geocode("大森西")


def test_a_second_gsi_lookup_of_the_same_query_is_answered_from_the_cache(gsi):
    FakeGSI.answer = [feature("東京都大田区大森西二丁目", 35.575, 139.729)]
    first, second = gsi("東京都大田区大森西2-16-2"), gsi("東京都大田区大森西2-16-2")
    assert point(first) == point(second) == (35.575, 139.729)
    assert second.address == "東京都大田区大森西二丁目"
    assert len(FakeGSI.calls) == 1
    # A miss is remembered too, so a repeated unknown address does not ask GSI again.
    FakeGSI.answer = []
    assert gsi("東京都大田区どこか") is None and gsi("東京都大田区どこか") is None
    assert len(FakeGSI.calls) == 2


def test_gsi_lookups_are_spaced_by_the_rate_limiter(settings, monkeypatch):
    waits = []
    monkeypatch.setattr(RateLimiter, "_sleep", lambda self, seconds: waits.append(seconds))
    lookup = build_gsi_lookup(adapter_factory=FakeGSI)
    lookup("東京都大田区蒲田1丁目")
    lookup("東京都大田区蒲田2丁目")  # a different query, straight after the first
    assert len(FakeGSI.calls) == 2
    assert waits and 0 < waits[0] <= 1.0


def test_with_gsi_configured_station_names_still_come_from_the_gazetteer(gsi):
    assert place_lookup("蒲田駅").location.address == "蒲田駅"
    assert FakeGSI.calls == []


def test_with_gsi_configured_an_address_is_searched_inside_the_municipality(gsi):
    FakeGSI.answer = [feature("東京都大田区大森西二丁目", 35.575, 139.729)]
    lookup = place_lookup("大森西2-16-2")
    assert lookup.found and not lookup.partial
    assert point(lookup.location) == (35.575, 139.729)
    tokyo_ota = "q=%E6%9D%B1%E4%BA%AC%E9%83%BD%E5%A4%A7%E7%94%B0%E5%8C%BA"  # 東京都大田区
    assert tokyo_ota in FakeGSI.calls[0]


def test_when_gsi_is_down_the_gazetteer_answers_and_nothing_breaks(gsi):
    FakeGSI.answer = GeocoderUnavailable("connection refused")
    lookup = place_lookup("大森西5-1-1")
    assert lookup.service_unavailable
    assert lookup.location.address == "大森西特別出張所" and lookup.partial
    unknown = place_lookup("どこにもない町")
    assert not unknown.found and unknown.service_unavailable


def test_an_unknown_geocoder_setting_fails_fast(settings):
    settings.GEOCODER = "nominatim"
    with pytest.raises(ImproperlyConfigured):
        place_lookup("蒲田")
