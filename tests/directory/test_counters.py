"""相談窓口: the counters are data, shown on area pages, on empty results and on 「相談したい」."""

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse

from demo.counters import load_demo_counters
from directory.models import ConsultationCounter, CounterKind, Region
from tests.factories import ResourceFactory, area, login_verified

pytestmark = pytest.mark.django_db


def test_the_reference_file_gives_every_region_and_area_its_counters_and_invents_no_number():
    for region in Region.objects.all():
        kinds = set(region.counters.values_list("kind", flat=True))
        assert kinds == {CounterKind.COORDINATORS, CounterKind.WELFARE_DIVISION}, region
    offices = ConsultationCounter.objects.filter(kind=CounterKind.BRANCH_OFFICE)
    assert offices.count() == 18
    haneda = offices.get(area=area("haneda"))
    assert (haneda.name, haneda.address) == ("羽田特別出張所", "東京都大田区羽田1-18-13")
    # Phone numbers and hours are not in the sources: blank for the ward to fill in.
    assert not ConsultationCounter.objects.exclude(phone="").exists()
    assert not ConsultationCounter.objects.exclude(hours="").exists()


def test_an_area_gets_its_own_and_its_regions_counters_nearest_first():
    names = [c.name for c in ConsultationCounter.objects.for_area(area("haneda"))]
    assert names == [
        "地域福祉コーディネーター（糀谷・羽田地域）",
        "羽田特別出張所",
        "糀谷・羽田地域福祉課",
    ]


def test_a_counter_belongs_to_a_region_or_an_area_not_both():
    both = ConsultationCounter(
        kind=CounterKind.COMMUNITY_CARE,
        name="両方の窓口",
        region=Region.objects.first(),
        area=area("haneda"),
    )
    with pytest.raises(ValidationError, match="どちらか一方"):
        both.full_clean()
    with pytest.raises(IntegrityError), transaction.atomic():
        both.save()


def test_the_area_page_lists_its_counters_with_a_call_link_or_a_placeholder(client, directory_page):
    ConsultationCounter.objects.filter(name="羽田特別出張所").update(
        phone="03-0000-9999", hours="平日 9時〜17時"
    )
    html = client.get(f"{directory_page.url}area/haneda/").content.decode()
    assert html.count(">羽田エリアの相談窓口</h2>") == 1 and html.count("羽田特別出張所</h3>") == 1
    assert '<a href="tel:0300009999">03-0000-9999</a>' in html and "平日 9時〜17時" in html
    assert "地域福祉コーディネーター（糀谷・羽田地域）" in html
    assert "準備中です" in html  # the coordinators' number is not filled in
    assert "大森地域福祉課" not in html


def test_an_empty_result_offers_the_counters_of_the_area_asked_about(client, directory_page):
    ResourceFactory(name="体操の会")
    html = client.get(
        directory_page.url, {"q": "ないものねだり", "area": "haneda"}
    ).content.decode()
    assert "見つかりませんでした" in html and "相談することもできます" in html
    assert "羽田特別出張所" in html
    anywhere = client.get(directory_page.url, {"q": "ないものねだり"}).content.decode()
    assert "羽田特別出張所" not in anywhere
    assert f'href="{reverse("consultation")}"' in anywhere


def test_the_consultation_page_lists_every_region_and_area(client, directory_page):
    response = client.get(reverse("consultation"))
    html = response.content.decode()
    assert response.status_code == 200
    for name in ("大森地域福祉課", "調布地域福祉課", "蒲田地域福祉課", "糀谷・羽田地域福祉課"):
        assert name in html
    for office in ConsultationCounter.objects.filter(kind=CounterKind.BRANCH_OFFICE):
        assert office.name in html and office.address in html
    assert 'href="#area-haneda"' in html and 'id="area-haneda"' in html
    assert '<meta name="description" content="大田区の相談窓口（' in html


def test_the_consultation_page_is_kept_and_a_changed_counter_reaches_the_next_visitor(client):
    url = reverse("consultation")
    assert client.get(url)["X-Page-Cache"] == "miss"
    assert client.get(url)["X-Page-Cache"] == "hit"
    counter = ConsultationCounter.objects.get(name="羽田特別出張所")
    counter.hours = "平日 8:30〜17:00（架空）"
    counter.save()
    response = client.get(url)
    assert response["X-Page-Cache"] == "miss"
    assert "平日 8:30〜17:00（架空）" in response.content.decode()


def test_every_page_links_to_the_consultation_page_from_its_footer(client, directory_page):
    listing = ResourceFactory()
    for url in ("/", directory_page.url, directory_page.resource_url(listing)):
        html = client.get(url).content.decode()
        footer = html[html.index('<footer class="site-footer">') :]
        assert f'<a href="{reverse("consultation")}">相談したい' in footer, url


def test_the_demo_fills_only_blanks_with_numbers_marked_fictional():
    ConsultationCounter.objects.filter(name="羽田特別出張所").update(phone="03-1111-2222")
    load_demo_counters()
    assert ConsultationCounter.objects.get(name="羽田特別出張所").phone == "03-1111-2222"
    for phone in ConsultationCounter.objects.exclude(name="羽田特別出張所").values_list(
        "phone", flat=True
    ):
        assert phone.startswith("03-0000-9") and phone.endswith("（架空）"), phone
    assert ConsultationCounter.objects.filter(kind=CounterKind.COMMUNITY_CARE).count() == 18
    before = list(ConsultationCounter.objects.values_list("pk", "phone", "hours"))
    assert load_demo_counters() == 0
    assert list(ConsultationCounter.objects.values_list("pk", "phone", "hours")) == before


def test_editors_edit_counters_in_the_admin(client, django_user_model):
    editor = django_user_model.objects.create_superuser("editor", "e@example.jp", "a-long-pass-1")
    login_verified(client, editor)
    counter = ConsultationCounter.objects.get(name="羽田特別出張所")
    url = reverse("wagtailsnippets_directory_consultationcounter:edit", args=[counter.pk])
    response = client.post(
        url,
        {
            "kind": counter.kind,
            "name": counter.name,
            "region": "",
            "area": counter.area_id,
            "phone": "03-0000-1234",
            "hours": "平日 8時30分〜17時",
            "address": counter.address,
            "note": counter.note,
            "sort_order": 1,
        },
    )
    assert response.status_code == 302
    counter.refresh_from_db()
    assert (counter.phone, counter.hours) == ("03-0000-1234", "平日 8時30分〜17時")
