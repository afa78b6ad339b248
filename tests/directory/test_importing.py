"""Bulk import (directory/importing/ and manage.py import_resources): all rows or none."""

from __future__ import annotations

import csv
import datetime as dt
import io
from decimal import Decimal

import pytest
from django.contrib.auth.models import Permission
from django.core.exceptions import PermissionDenied
from django.core.management import CommandError, call_command
from openpyxl import Workbook, load_workbook
from wagtail.models import ModelLogEntry, Revision

from directory import importing
from directory.importing import (
    COLUMNS,
    ImportFileError,
    parse_rule,
    parse_schedule,
    resource_import,
    template_csv,
    template_xlsx,
    writing,
)
from directory.models import (
    Frequency,
    LocationPrivacy,
    Organization,
    Resource,
    ScheduleException,
    ScheduleRule,
    Town,
)
from directory.search.backends import search_resources
from directory.search.models import ResourceSearchDocument
from tests.factories import area

pytestmark = pytest.mark.django_db

HEADERS = [
    "外部ID",
    "種類",
    "名称",
    "名称のよみがな",
    "ひとこと紹介",
    "特別出張所エリア",
    "住所",
    "緯度",
    "経度",
    "開催日時",
    "休みの日",
    "費用",
    "対象",
    "活動分類",
    "運営団体",
    "見学可",
    "情報確認日",
]


def row(n: int = 1, **overrides) -> dict:
    values = {
        "外部ID": f"OTA-{n:04d}",
        "種類": "サロン・通いの場",
        "名称": f"水曜いきいきサロン{n}",
        "名称のよみがな": "すいようびいきいきさろん",
        "ひとこと紹介": "お茶を飲みながらおしゃべりする会です。",
        "特別出張所エリア": "大森西",
        "住所": "東京都大田区大森西2-16-2",
        "緯度": "35.576557",
        "経度": "139.730251",
        "開催日時": "毎週水曜 13:30-15:30（祝日休み）",
        "休みの日": "",
        "費用": "1回100円（お茶代）",
        "対象": "高齢の方、どなたでも",
        "活動分類": "おしゃべり・交流",
        "運営団体": "大森西二丁目町会（架空）",
        "見学可": "はい",
        "情報確認日": "2026/11/01",
    }
    values.update(overrides)
    return values


def csv_bytes(rows: list[dict], headers=HEADERS, encoding="utf-8") -> bytes:
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer)
    writer.writerow(headers)
    for values in rows:
        writer.writerow([values.get(h, "") for h in headers])
    return buffer.getvalue().encode(encoding)


def run(rows: list[dict], **kwargs) -> importing.ImportResult:
    kwargs.setdefault("geocode", lambda address: None)
    return resource_import(data=csv_bytes(rows), filename="listings.csv", **kwargs)


def messages(result) -> list[str]:
    return [str(e) for e in result.errors]


# --- creating ----------------------------------------------------------------------------------


def test_new_rows_become_drafts_with_their_schedule_categories_and_history():
    result = run([row(1), row(2, 開催日時="毎月第2・第4火曜 10:00〜12:00\n毎月15日 14:00-16:00")])
    assert result.ok, messages(result)
    assert (result.created, result.updated, result.unchanged, result.written) == (2, 0, 0, True)
    first = Resource.objects.get(external_id="OTA-0001")
    assert not first.live and first.has_unpublished_changes
    assert first.latest_revision is not None and first.live_revision is None
    assert first.latest_revision.content["name"] == "水曜いきいきサロン1"
    assert first.cost == "1回100円（お茶代）" and not first.is_free
    assert first.tour_welcome and first.confirmed_on == dt.date(2026, 11, 1)
    assert first.organization.name == "大森西二丁目町会（架空）"
    assert {a.slug for a in first.audiences.all()} == {"older-people", "anyone"}
    assert first.schedule_description() == "毎週水曜 13:30〜15:30（祝日休み）"
    second = Resource.objects.get(external_id="OTA-0002")
    assert second.schedule_description() == ("毎月第2・第4火曜 10:00〜12:00、毎月15日 14:00〜16:00")
    assert ModelLogEntry.objects.filter(object_id=str(first.pk), action="wagtail.create").exists()
    assert Organization.objects.filter(name="大森西二丁目町会（架空）").count() == 1
    # Drafts stay off the public site; staff find them in the admin's search.
    assert not Resource.objects.public().exists()
    assert ResourceSearchDocument.objects.filter(resource=first).exists()


def test_with_publish_new_rows_go_live_and_become_searchable():
    result = run([row(1, 名称="子ども食堂ひまわり")], publish=True)
    assert result.ok and result.published == 1
    resource = Resource.objects.get()
    assert resource.live and not resource.has_unpublished_changes
    assert resource.live_revision_id == resource.latest_revision_id
    assert resource.first_published_at is not None
    assert ModelLogEntry.objects.filter(
        object_id=str(resource.pk), action="wagtail.publish"
    ).exists()
    found = search_resources(Resource.objects.public(), "食堂").queryset
    assert list(found) == [resource]
    # Its next dates are there for the date filters and the cards (毎週水曜).
    assert resource.next_occurrence().date.weekday() == 2


def test_an_excel_file_with_real_date_and_number_cells_imports():
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(HEADERS)
    values = row(1)
    values.update({"緯度": 35.576557, "経度": 139.730251, "情報確認日": dt.datetime(2026, 11, 1)})
    sheet.append([values[h] for h in HEADERS])
    buffer = io.BytesIO()
    workbook.save(buffer)
    result = resource_import(data=buffer.getvalue(), filename="一覧.xlsx", geocode=lambda a: None)
    assert result.ok, messages(result)
    resource = Resource.objects.get()
    assert resource.latitude == Decimal("35.576557")
    assert resource.confirmed_on == dt.date(2026, 11, 1)


def test_a_shift_jis_csv_saved_by_excel_imports():
    data = csv_bytes([row(1)], encoding="cp932")
    result = resource_import(data=data, filename="list.csv", geocode=lambda a: None)
    assert result.ok, messages(result)
    assert Resource.objects.get().name == "水曜いきいきサロン1"


def test_the_downloadable_templates_import_as_they_are():
    rows = list(csv.reader(io.StringIO(template_csv().decode("utf-8-sig"))))
    assert rows[0] == [c.header for c in COLUMNS] and len(rows) == 2
    result = resource_import(
        data=template_csv(), filename="template.csv", dry_run=True, geocode=lambda a: None
    )
    assert result.ok, messages(result)
    sheet = load_workbook(io.BytesIO(template_xlsx())).worksheets[0]
    assert [c.value for c in sheet[1]] == [c.header for c in COLUMNS]
    result = resource_import(
        data=template_xlsx(), filename="template.xlsx", dry_run=True, geocode=lambda a: None
    )
    assert result.ok, messages(result)
    assert not Resource.objects.exists()


# --- all or nothing ----------------------------------------------------------------------------


def test_one_bad_row_imports_nothing_and_names_the_row():
    result = run([row(1), row(2, 緯度="35.900000"), row(3)])
    assert not result.ok and not result.written
    assert messages(result) == [
        "3行目「緯度」: 緯度・経度が大田区の範囲外です（緯度 35.5〜35.64、経度 139.65〜139.83）。"
        "緯度と経度を入れ替えていないか確認してください。"
    ]
    assert not Resource.objects.exists()
    assert not Organization.objects.exists()


def test_every_problem_is_reported_at_once_with_row_numbers():
    result = run(
        [
            row(1, 種類="カフェ"),
            row(2, 特別出張所エリア="品川"),
            row(3, 開催日時="ときどき"),
            row(4, 費用=""),
            row(5, 名称のよみがな="Suiyou!"),
            row(6, 活動分類="おしゃべり・交流、未知の活動"),
            row(7, 開催日時="毎週水曜 15:30-13:30"),
            row(8, 外部ID="OTA-0001"),
            row(9, 情報確認日="来週"),
            row(10, 住所="", 緯度="", 経度=""),
        ]
    )
    found = messages(result)
    lines = [e.line for e in result.errors]
    assert lines == sorted(lines) and set(lines) == set(range(2, 12))
    text = "\n".join(found)
    assert "2行目「種類」: 「カフェ」は選べません" in text
    assert "3行目「特別出張所エリア」: 「品川」というエリアはありません" in text
    assert "4行目「開催日時」: 開催日時「ときどき」を読み取れません" in text
    assert "5行目「費用」: 費用を入力してください" in text
    assert "6行目「名称のよみがな」" in text
    assert "7行目「活動分類」: 「未知の活動」は登録されていません" in text
    assert "8行目「開催日時」: 終了時刻は開始時刻より後にしてください。" in text
    assert "9行目「外部ID」: 「OTA-0001」は2行目と同じです" in text
    assert "10行目「情報確認日」" in text
    assert "11行目「住所」: 「正確な場所を公開」にするには住所が必要です" in text
    assert not Resource.objects.exists()


def test_a_row_with_an_unreadable_cell_still_gets_its_other_problems_reported():
    result = run([row(1, 種類="カフェ", 緯度="35.900000", 名称="")])
    assert [(e.line, e.header) for e in result.errors] == [(2, "種類"), (2, "名称"), (2, "緯度")]


def test_an_error_while_writing_leaves_nothing_behind(monkeypatch):
    existing = run([row(1)], publish=True)
    assert existing.ok
    before = (Resource.objects.count(), Revision.objects.count(), ModelLogEntry.objects.count())

    def fail(*args, **kwargs):
        raise RuntimeError("disk full")

    # New rows are written first, then the update of OTA-0001 fails.
    monkeypatch.setattr(writing, "_update", fail)
    with pytest.raises(RuntimeError):
        run([row(1, 名称="変更した名前"), row(2), row(3)], publish=True)
    assert (Resource.objects.count(), Revision.objects.count(), ModelLogEntry.objects.count()) == (
        before
    )
    assert Resource.objects.get().name == "水曜いきいきサロン1"
    assert not Organization.objects.exclude(name="大森西二丁目町会（架空）").exists()


def test_a_dry_run_reports_what_would_happen_and_writes_nothing():
    run([row(1)])
    result = run([row(1, 名称="新しい名前"), row(2)], dry_run=True)
    assert result.ok and not result.written
    assert (result.created, result.updated) == (1, 1)
    assert Resource.objects.get().latest_revision.content["name"] == "水曜いきいきサロン1"


def test_bad_headers_and_empty_files_are_refused():
    result = resource_import(data=csv_bytes([row(1)], HEADERS + ["色"]), filename="a.csv")
    assert messages(result) == [
        "1行目: 「色」という列はありません。テンプレートの列名を使ってください。"
    ]
    headers = [h for h in HEADERS if h != "名称"]
    result = resource_import(data=csv_bytes([row(1)], headers), filename="a.csv")
    assert messages(result) == ["1行目: 必須の列「名称」がありません。"]
    result = resource_import(data=csv_bytes([]), filename="a.csv")
    assert messages(result) == ["2行目: 取り込む行がありません。"]
    with pytest.raises(ImportFileError):
        resource_import(data=b"%PDF-1.4", filename="a.pdf")
    with pytest.raises(ImportFileError):
        resource_import(data=b"not a zip", filename="a.xlsx")


# --- re-importing ------------------------------------------------------------------------------


def test_importing_the_same_file_again_changes_nothing():
    rows = [row(1), row(2, 開催日時="毎月最終金曜 18:00-20:00", 休みの日="2026/12/25")]
    assert run(rows).ok
    assert run(rows, publish=True).published == 2
    counts = (Revision.objects.count(), ModelLogEntry.objects.count())
    updated_at = list(Resource.objects.order_by("pk").values_list("updated_at", flat=True))
    for publish in (False, True):
        result = run(rows, publish=publish)
        assert (result.created, result.updated, result.unchanged, result.published) == (0, 0, 2, 0)
    assert (Revision.objects.count(), ModelLogEntry.objects.count()) == counts
    assert list(Resource.objects.order_by("pk").values_list("updated_at", flat=True)) == updated_at


def test_re_importing_drafts_changes_nothing_until_asked_to_publish():
    rows = [row(1)]
    assert run(rows).created == 1
    revisions = Revision.objects.count()
    assert run(rows).unchanged == 1
    assert Revision.objects.count() == revisions
    result = run(rows, publish=True)
    assert result.published == 1 and result.unchanged == 0
    assert Resource.objects.public().count() == 1


def test_a_changed_row_of_a_live_listing_becomes_a_draft_revision_unless_published():
    assert run([row(1)], publish=True).ok
    resource = Resource.objects.get()
    result = run([row(1, 名称="名前を変えたサロン", 費用="無料")])
    assert (result.updated, result.created) == (1, 0)
    resource.refresh_from_db()
    assert resource.name == "水曜いきいきサロン1"  # the live version is untouched
    assert resource.has_unpublished_changes
    draft = resource.get_latest_revision_as_object()
    assert draft.name == "名前を変えたサロン" and draft.is_free and draft.cost == ""
    assert ModelLogEntry.objects.filter(object_id=str(resource.pk), action="wagtail.edit").exists()

    result = run([row(1, 名称="名前を変えたサロン", 費用="無料")], publish=True)
    assert result.updated == 0 and result.published == 1
    resource.refresh_from_db()
    assert resource.name == "名前を変えたサロン" and resource.is_free
    assert not resource.has_unpublished_changes


def test_a_changed_schedule_replaces_the_rules_and_keeps_one_off_time_changes():
    assert run([row(1, 休みの日="2026/12/23")], publish=True).ok
    resource = Resource.objects.get()
    ScheduleException.objects.create(
        resource=resource,
        date=dt.date(2026, 12, 30),
        cancelled=False,
        start_time=dt.time(10, 0),
        note="時間変更",
    )
    result = run([row(1, 開催日時="毎週木曜 10:00-12:00", 休みの日="2027-01-07")], publish=True)
    assert result.ok and result.published == 1
    resource = Resource.objects.get()
    assert resource.schedule_description() == "毎週木曜 10:00〜12:00"
    assert {o.date.weekday() for o in resource.occurrences.all()} == {3}
    assert {(e.date, e.cancelled) for e in resource.schedule_exceptions.all()} == {
        (dt.date(2026, 12, 30), False),
        (dt.date(2027, 1, 7), True),
    }


def test_columns_left_out_of_the_file_leave_those_fields_alone():
    assert run([row(1)], publish=True).ok
    Resource.objects.update(phone="03-0000-9999")
    headers = ["外部ID", "名称"]
    data = csv_bytes([{"外部ID": "OTA-0001", "名称": "名前だけ変更"}], headers)
    result = resource_import(data=data, filename="a.csv", publish=True)
    assert messages(result) == [
        f"1行目: 必須の列「{h}」がありません。"
        for h in ("種類", "名称のよみがな", "ひとこと紹介", "特別出張所エリア", "費用")
    ]
    headers = [h for h in HEADERS if h not in ("活動分類", "見学可")] + ["電話番号"]
    result = resource_import(
        data=csv_bytes([row(1, 電話番号="03-0000-1111")], headers), filename="a.csv", publish=True
    )
    assert result.published == 1
    resource = Resource.objects.get()
    assert resource.phone == "03-0000-1111"
    assert resource.tour_welcome and resource.categories.count() == 1


# --- geocoding ---------------------------------------------------------------------------------


def test_missing_coordinates_come_from_the_projects_geocoder():
    Town.objects.create(
        name="大森西二丁目",
        area=area("omori-nishi"),
        latitude=Decimal("35.575000"),
        longitude=Decimal("139.729000"),
    )
    result = resource_import(
        data=csv_bytes(
            [
                row(1, 緯度="", 経度=""),
                row(2, 住所="東京都大田区大森西5-1-1", 緯度="", 経度=""),
            ]
        ),
        filename="a.csv",
    )
    assert result.ok, messages(result)
    assert (result.geocoded, result.not_geocoded) == (1, [3])
    first, second = Resource.objects.order_by("external_id")
    assert (first.latitude, first.longitude) == (Decimal("35.575000"), Decimal("139.729000"))
    # Only the area matched (「大森西」): no point rather than the wrong one.
    assert second.latitude is None
    assert "求められなかった行 1 行（3行目）" in result.summary()


def test_a_stored_point_is_kept_when_the_address_did_not_change():
    calls = []

    def geocode(address):
        calls.append(address)
        return (35.57, 139.72)

    rows = [row(1, 緯度="", 経度="")]
    assert run(rows, publish=True, geocode=geocode).ok
    assert run(rows, publish=True, geocode=geocode).unchanged == 1
    assert calls == ["東京都大田区大森西2-16-2"]


# --- schedules ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text, expected",
    [
        ("毎週水曜 13:30-15:30", dict(frequency="weekly", weekdays=[2])),
        ("毎週月・木曜日 10時～12時", dict(frequency="weekly", weekdays=[0, 3])),
        ("毎週 土 ９：００〜１１：３０", dict(frequency="weekly", weekdays=[5])),
        ("毎月第2・第4火曜 13:30〜15:30", dict(frequency="monthly_nth", week_positions=[2, 4])),
        ("第1、3土曜 10:00-", dict(frequency="monthly_nth", week_positions=[1, 3], weekdays=[5])),
        ("毎月最終金曜 18:00-20:00", dict(frequency="monthly_nth", week_positions=[-1])),
        ("毎月15日 10:00-12:00", dict(frequency="monthly_day", month_day=15)),
        ("2026/12/29 10:00-12:00", dict(frequency="once", date=dt.date(2026, 12, 29))),
        ("2026年12月29日（火） 10:00〜12:00", dict(frequency="once", date=dt.date(2026, 12, 29))),
        (
            "毎週水曜 13:30-15:30（祝日・年末年始休み）",
            dict(closed_on_holidays=True, closed_over_new_year=True),
        ),
        ("毎週水曜（年末年始休み）", dict(closed_on_holidays=False, closed_over_new_year=True)),
    ],
)
def test_schedules_are_read_the_way_a_ward_clerk_writes_them(text, expected):
    rule = parse_rule(text)
    for key, value in expected.items():
        assert rule[key] == value, key


@pytest.mark.parametrize("text", ["ときどき", "毎週 13:00", "毎月第6火曜", "毎週水曜 25:00-26:00"])
def test_unreadable_schedules_say_how_to_write_them(text):
    with pytest.raises(importing.CellError, match="書き方の例"):
        parse_rule(text)


def test_every_rule_the_site_describes_reads_back_the_same():
    rules = [
        ScheduleRule(frequency=Frequency.WEEKLY, weekdays=[0, 2], start_time=dt.time(9, 0)),
        ScheduleRule(
            frequency=Frequency.MONTHLY_NTH_WEEKDAY,
            weekdays=[1],
            week_positions=[2, -1],
            start_time=dt.time(13, 30),
            end_time=dt.time(15, 0),
            closed_on_holidays=True,
            closed_over_new_year=True,
        ),
        ScheduleRule(frequency=Frequency.MONTHLY_DAY, month_day=1, closed_over_new_year=True),
        ScheduleRule(
            frequency=Frequency.ONCE, date=dt.date(2027, 1, 9), closed_over_new_year=False
        ),
    ]
    text = "、".join(r.describe() for r in rules)  # as the CSV export's 開催日時 column
    parsed = parse_schedule(text)
    assert [ScheduleRule(**p).describe() for p in parsed] == [r.describe() for r in rules]


# --- permissions and the command ---------------------------------------------------------------


def test_permissions_of_the_importing_user_apply(django_user_model):
    user = django_user_model.objects.create_user("clerk", password="a-long-password-1")
    with pytest.raises(PermissionDenied):
        run([row(1)], user=user)
    user.user_permissions.add(Permission.objects.get(codename="add_resource"))
    user = django_user_model.objects.get(pk=user.pk)
    with pytest.raises(PermissionDenied):
        run([row(1)], user=user, publish=True)
    result = run([row(1)], user=user)
    assert result.ok
    assert Resource.objects.get().latest_revision.user == user
    result = run([row(1, 名称="変更")], user=user)
    assert messages(result) == ["2行目「外部ID」: 既存の地域資源を更新する権限がありません。"]


def test_the_command_imports_with_a_progress_bar(tmp_path):
    path = tmp_path / "listings.csv"
    path.write_bytes(csv_bytes([row(n) for n in range(1, 4)]))
    out = io.StringIO()
    call_command("import_resources", str(path), "--publish", stdout=out)
    text = out.getvalue()
    assert "検証 [##############################] 3/3 行" in text
    assert "新規 3 件" in text
    assert Resource.objects.public().count() == 3


def test_the_command_lists_every_bad_row_and_writes_nothing(tmp_path):
    path = tmp_path / "listings.csv"
    path.write_bytes(csv_bytes([row(1), row(2, 種類="カフェ")]))
    err = io.StringIO()
    with pytest.raises(CommandError, match="1 件の誤りがあるため、何も取り込みませんでした"):
        call_command("import_resources", str(path), stdout=io.StringIO(), stderr=err)
    assert "3行目「種類」" in err.getvalue()
    assert not Resource.objects.exists()


def test_the_command_dry_run_writes_nothing(tmp_path):
    path = tmp_path / "listings.csv"
    path.write_bytes(csv_bytes([row(1)]))
    out = io.StringIO()
    call_command("import_resources", str(path), "--dry-run", stdout=out)
    assert "確認のみのため、何も書き込んでいません" in out.getvalue()
    assert not Resource.objects.exists()


def test_an_approximate_listing_can_be_imported_without_an_address():
    headers = HEADERS + ["場所の公開"]
    data = csv_bytes([row(1, 住所="", 緯度="", 経度="", **{"場所の公開": "おおよそ"})], headers)
    result = resource_import(data=data, filename="a.csv", publish=True)
    assert result.ok, messages(result)
    assert Resource.objects.get().location_privacy == LocationPrivacy.APPROXIMATE
