"""CSV exports: the public listings in the standard open-data layout and in full."""

from __future__ import annotations

import csv
import datetime as dt
import io

import pytest

from directory.api import open_data
from directory.api.ids import row_id
from directory.models import Audience, LocationPrivacy
from tests.factories import ResourceFactory, ScheduleRuleFactory

pytestmark = pytest.mark.django_db

STANDARD = "/api/open-data/resources.csv"
FULL = "/api/open-data/resources-full.csv"


def download(client, url: str, **params) -> tuple[bytes, list[dict]]:
    response = client.get(url, params)
    assert response.status_code == 200
    assert response.streaming
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Access-Control-Allow-Origin"] == "*"
    raw = b"".join(response.streaming_content)
    text = raw.decode("utf-8-sig")
    return raw, list(csv.DictReader(io.StringIO(text, newline="")))


def test_the_standard_layout_carries_the_municipality_and_the_listing(client, directory_page):
    resource = ResourceFactory(
        name="水曜いきいきサロン",
        name_kana="すいようびいきいきさろん",
        phone="03-0000-0001",
        capacity=20,
        booking_required=True,
        how_to_apply="前日までに電話で",
        tour_welcome=True,
        confirmed_on=dt.date(2026, 11, 1),
        audiences=[Audience.objects.get(slug="older-people")],
    )
    ScheduleRuleFactory(resource=resource)
    raw, rows = download(client, STANDARD)
    assert not raw.startswith(b"\xef\xbb\xbf")
    assert list(rows[0])[:5] == [
        "全国地方公共団体コード",
        "ID",
        "地方公共団体名",
        "名称",
        "名称_カナ",
    ]
    assert rows == [
        {
            "全国地方公共団体コード": "131113",
            "ID": str(resource.pk),
            "地方公共団体名": "東京都大田区",
            "名称": "水曜いきいきサロン",
            "名称_カナ": "スイヨウビイキイキサロン",
            "種別": "居場所",
            "活動分類": "",
            "説明": "だれでも気軽に立ち寄れる場所です。",
            "地域": "大森",
            "特別出張所エリア": "大森西",
            "住所": "東京都大田区大森西2-16-2",
            "方書": "",
            "緯度": "35.576557",
            "経度": "139.730251",
            "アクセス": "",
            "電話番号": "03-0000-0001",
            "メールアドレス": "",
            "URL": f"http://testserver{directory_page.url}{resource.pk}/",
            "開催日時": "毎週水曜 13:30〜15:30",
            "対象者": "高齢の方",
            "料金（基本）": "無料",
            "定員": "20",
            "申込の要否": "要",
            "申込方法": "前日までに電話で",
            "対応言語": "",
            "バリアフリー情報": "",
            "運営団体": resource.organization.name,
            "活動状況": "開催中",
            "お知らせ": "",
            "備考": "見学可",
            "情報確認日": "2026-11-01",
        }
    ]


def test_bom_is_added_for_excel_only_when_asked(client, directory_page):
    ResourceFactory()
    for url in (STANDARD, FULL):
        raw, _ = download(client, url, bom="1")
        assert raw.startswith(b"\xef\xbb\xbf")
        assert b"\r\n" in raw
    response = client.get(STANDARD, {"bom": "perhaps"})
    assert response.status_code == 400
    assert response.json()["errors"][0]["parameter"] == "bom"


def test_exports_follow_the_privacy_rules(client, directory_page):
    ResourceFactory(name="下書きの会", live=False)
    ResourceFactory(name="非公開の会", location_privacy=LocationPrivacy.HIDDEN)
    ResourceFactory(
        name="エリアだけの会",
        location_privacy=LocationPrivacy.APPROXIMATE,
        venue="代表者の自宅",
        access="梅屋敷駅から徒歩5分",
    )
    raw, rows = download(client, STANDARD)
    assert [r["名称"] for r in rows] == ["エリアだけの会"]
    (row,) = rows
    assert row["住所"] == row["緯度"] == row["経度"] == row["方書"] == row["アクセス"] == ""
    assert row["特別出張所エリア"] == "大森西"
    assert "エリアまで公開" in row["備考"]
    raw, rows = download(client, FULL)
    assert [r["name"] for r in rows] == ["エリアだけの会"]
    for secret in (
        "大森西2-16-2".encode(),
        b"35.576557",
        "代表者の自宅".encode(),
        "梅屋敷".encode(),
    ):
        assert secret not in raw


def test_the_full_export_names_fields_in_english_and_links_to_the_api(client, directory_page):
    resource = ResourceFactory(is_free=False, cost="1回100円")
    _, (row,) = download(client, FULL)
    assert row["hsds_service_id"] == row_id("service", resource.pk)
    assert row["is_free"] == "0" and row["cost"] == "1回100円"
    assert row["area"] == "omori-nishi" and row["region"] == "omori"
    assert row["location_privacy"] == "exact"


def test_every_listing_is_exported_once_across_chunks(client, directory_page, monkeypatch):
    monkeypatch.setattr(open_data, "CHUNK", 2)
    made = [ResourceFactory(name=f"会{n}", name_kana=f"かい{n}") for n in range(5)]
    for resource in made:
        ScheduleRuleFactory(resource=resource)
    _, rows = download(client, STANDARD)
    assert [r["名称"] for r in rows] == [f"会{n}" for n in range(5)]
    assert all(r["開催日時"] == "毎週水曜 13:30〜15:30" for r in rows)
