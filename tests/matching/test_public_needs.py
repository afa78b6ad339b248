"""「こんな場が求められています」: shareable open gaps in aggregate only — never free text, case
codes, exact counts or a group smaller than the threshold."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from directory.models import Audience, Category
from matching import services
from matching.models import AuditEntry
from matching.public_needs import count_band, public_needs_for_area
from tests.factories import login_verified
from tests.matching.factories import ClientFactory, ResourceGapFactory, area

pytestmark = pytest.mark.django_db

HOSTILE = '<script>alert("x")</script> OTA-2026-0042 山田花子さん 090-1234-5678 夫のDVから避難中'


def gap(*, category="chat", audience="older-people", weekdays=(2,), shareable=True, **kw):
    g = ResourceGapFactory(
        area=kw.pop("area_", area("magome")),
        category=Category.objects.get(slug=category) if category else None,
        audience=Audience.objects.get(slug=audience) if audience else None,
        weekdays=list(weekdays),
        times_of_day=[1],
        description=HOSTILE,
        **kw,
    )
    g.shareable = shareable
    g.save()
    return g


def test_count_bands_start_at_the_threshold():
    assert [count_band(n, threshold=3) for n in (3, 4, 5, 9, 10, 19, 20, 99)] == [
        "3〜4件",
        "3〜4件",
        "5〜9件",
        "5〜9件",
        "10〜19件",
        "10〜19件",
        "20件以上",
        "20件以上",
    ]


def test_a_group_reaching_the_threshold_is_listed_with_its_band_days_and_times():
    for _ in range(3):
        gap()
    gap(weekdays=(4,))
    (need,) = public_needs_for_area(area=area("magome"), threshold=3)
    assert (need.category, need.audience, need.band) == ("おしゃべり・交流", "高齢の方", "3〜4件")
    assert need.weekdays == ["水"] and need.times == ["午後"]  # 木 was asked once only


def test_small_groups_fold_into_their_category_then_into_other_fields_or_vanish():
    gap(audience="older-people")
    gap(audience="young-people")
    gap(audience="parents")  # three audiences, one each: 交流 for any audience
    gap(category="music")
    gap(category="crafts")  # one each: not shown, even as 「その他の分野」 (2 < 3)
    needs = public_needs_for_area(area=area("magome"), threshold=3)
    assert [(n.category, n.audience, n.band) for n in needs] == [
        ("おしゃべり・交流", "対象を問わず", "3〜4件")
    ]
    assert needs[0].weekdays == ["水"]


def test_only_open_shareable_gaps_in_the_area_count():
    for _ in range(2):
        gap()
    gap(shareable=False)
    gap(status="created")
    gap(area_=area("haneda"))
    assert public_needs_for_area(area=area("magome"), threshold=3) == []


def test_the_public_page_never_shows_free_text_case_codes_or_small_cells(client):
    linked = ClientFactory()
    for _ in range(3):
        gap().clients.add(linked)
    gap(category="music")  # alone: below the threshold
    page = client.get(reverse("needs:area", args=["magome"])).content.decode()
    assert "おしゃべり・交流" in page and "3〜4件" in page
    for secret in ("<script>alert", "OTA-2026-0042", "山田", "090-1234", "DV", linked.case_code):
        assert secret not in page
    assert "歌・音楽" not in page
    index = client.get(reverse("needs:index")).content.decode()
    assert "馬込</a> · 寄せられた声 3〜4件" in index and "羽田</a></li>" in index
    assert client.get(reverse("needs:area", args=["nowhere"])).status_code == 404


def test_a_coordinator_marks_a_gap_shareable_from_its_page_and_it_is_audited(
    client, coordinator_omori, coordinator_kamata
):
    g = gap(shareable=False)
    login_verified(client, coordinator_kamata)
    assert (
        client.post(reverse("matching:gap_share", args=[g.pk]), {"shareable": "1"}).status_code
        == 404
    )
    client.logout()
    login_verified(client, coordinator_omori)
    response = client.post(reverse("matching:gap_share", args=[g.pk]), {"shareable": "1"})
    assert response.status_code == 302
    g.refresh_from_db()
    assert g.shareable
    assert AuditEntry.objects.filter(object_id=str(g.pk), detail="shareable=1").exists()
    page = client.get(reverse("matching:gap_detail", args=[g.pk])).content.decode()
    assert "公開ページで知らせるのをやめる" in page


def test_sharing_is_refused_outside_the_actors_areas(kamata):
    g = gap(shareable=False)
    with pytest.raises(ValidationError, match="担当していない"):
        services.resource_gap_share(actor=kamata, gap=g, shareable=True)
    g.refresh_from_db()
    assert not g.shareable


def test_an_area_page_of_the_directory_links_to_its_needs(client, directory_page):
    page = client.get(f"{directory_page.url}area/magome/").content.decode()
    assert f'href="{reverse("needs:area", args=["magome"])}"' in page
