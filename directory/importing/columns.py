"""The columns of an import file and the listing fields each one sets."""

from __future__ import annotations

from dataclasses import dataclass

from directory.models import (
    FOOD_FIELDS,
    VOLUNTEER_FIELDS,
    AccessibilityFeature,
    Audience,
    Category,
    Language,
    Resource,
)


@dataclass(frozen=True)
class Column:
    key: str
    header: str
    required: bool = False
    help: str = ""
    example: str = ""


def field_label(name: str) -> str:
    """The listing field's label as the admin form shows it."""
    return str(Resource._meta.get_field(name).verbose_name)


COLUMNS: list[Column] = [
    Column(
        "external_id",
        "外部ID",
        True,
        "取り込みで照合するための番号。行ごとに違う値にします。",
        "OTA-0001",
    ),
    Column(
        "kind",
        field_label("kind"),
        True,
        "居場所 / サロン・通いの場 / フード支援 / ボランティア募集",
        "サロン・通いの場",
    ),
    Column("name", field_label("name"), True, "", "水曜いきいきサロン"),
    Column(
        "name_kana",
        field_label("name_kana"),
        True,
        "ひらがな か カタカナ",
        "すいようびいきいきさろん",
    ),
    Column(
        "summary",
        field_label("summary"),
        True,
        "一覧に出る1〜2文",
        "お茶を飲みながらおしゃべりする会です。",
    ),
    Column(
        "description",
        field_label("description"),
        False,
        "改行で段落を分けます",
        "どなたでも気軽にどうぞ。",
    ),
    Column("easy_japanese_summary", field_label("easy_japanese_summary")),
    Column(
        "categories",
        field_label("categories"),
        False,
        "名前を「、」で区切って複数",
        "おしゃべり・交流、介護予防",
    ),
    Column("audiences", field_label("audiences"), False, "名前を「、」で区切って複数", "高齢の方"),
    Column("languages", field_label("languages"), False, "名前を「、」で区切って複数", "日本語"),
    Column(
        "accessibility_features",
        field_label("accessibility_features"),
        False,
        "名前を「、」で区切って複数",
        "車いすで入れる",
    ),
    Column("area", field_label("area"), True, "特別出張所エリアの名前（例: 大森西）", "大森西"),
    Column("town", field_label("town"), False, "登録済みの町丁目の名前"),
    Column("venue", field_label("venue"), False, "", "大森西区民活動施設 2階和室"),
    Column(
        "address",
        field_label("address"),
        False,
        "「正確な場所を公開」では必須",
        "東京都大田区大森西2-16-2",
    ),
    Column("latitude", field_label("latitude"), False, "空欄なら住所から求めます", "35.576557"),
    Column("longitude", field_label("longitude"), False, "空欄なら住所から求めます", "139.730251"),
    Column(
        "location_privacy",
        field_label("location_privacy"),
        False,
        "正確 / おおよそ / 非公開（空欄は正確）",
        "正確",
    ),
    Column("access", field_label("access"), False, "", "京急線 梅屋敷駅から徒歩5分"),
    Column(
        "schedule",
        "開催日時",
        False,
        "例: 毎週水曜 13:30-15:30、毎月第2・第4火曜 10:00-12:00（祝日休み）。複数は改行か「／」で",
        "毎週水曜 13:30-15:30（祝日・年末年始休み）",
    ),
    Column("valid_from", "開催期間の開始日", False, "空欄なら制限なし", ""),
    Column("valid_until", "開催期間の終了日", False, "空欄なら制限なし", ""),
    Column("cancelled_dates", "休みの日", False, "日付を「、」で区切って複数", ""),
    Column("cost", "費用", True, "「無料」または金額と説明", "1回100円（お茶代）"),
    Column("capacity", field_label("capacity"), False, "人数。決まっていなければ空欄", "20"),
    Column("booking_required", field_label("booking_required"), False, "はい / いいえ", "いいえ"),
    Column("how_to_apply", field_label("how_to_apply"), False, "", "当日直接会場へ"),
    Column("tour_welcome", field_label("tour_welcome"), False, "はい / いいえ", "はい"),
    Column("companion_welcome", field_label("companion_welcome"), False, "はい / いいえ", "はい"),
    Column("newcomer_welcome", field_label("newcomer_welcome"), False, "はい / いいえ", "はい"),
    Column("phone", field_label("phone"), False, "", "03-0000-0000"),
    Column("email", field_label("email")),
    Column("website", field_label("website")),
    Column(
        "organization",
        field_label("organization"),
        False,
        "団体名。未登録なら新しく登録します",
        "大森西二丁目町会",
    ),
    Column(
        "status", field_label("status"), False, "開催中 / 休止中 / 終了（空欄は開催中）", "開催中"
    ),
    Column("alert", field_label("alert")),
    Column("confirmed_on", field_label("confirmed_on"), False, "例: 2026-11-01", "2026-11-01"),
    Column("confirmed_by", field_label("confirmed_by"), False, "", "団体代表（電話で確認）"),
    Column("eligibility_documents", field_label("eligibility_documents"), False, "フード支援のみ"),
    Column("what_to_bring", field_label("what_to_bring"), False, "フード支援のみ"),
    Column("food_booking", field_label("food_booking"), False, "フード支援のみ"),
    Column("volunteer_tasks", field_label("volunteer_tasks"), False, "ボランティア募集のみ"),
    Column("time_commitment", field_label("time_commitment"), False, "ボランティア募集のみ"),
    Column("skills_wanted", field_label("skills_wanted"), False, "ボランティア募集のみ"),
]
BY_HEADER = {c.header: c for c in COLUMNS}
BY_KEY = {c.key: c for c in COLUMNS}
REQUIRED = {c.key for c in COLUMNS if c.required}
COORDINATES = {field_label("latitude"), field_label("longitude")}
TEXT_FIELDS = [
    "name",
    "name_kana",
    "summary",
    "easy_japanese_summary",
    "venue",
    "address",
    "access",
    "how_to_apply",
    "phone",
    "email",
    "website",
    "alert",
    "confirmed_by",
    *FOOD_FIELDS,
    *VOLUNTEER_FIELDS,
]
# Text read in its NFKC form (full-width digits and letters become half-width).
NORMALISED_TEXT_FIELDS = {"phone", "email", "website"}
FLAG_FIELDS = ["booking_required", "tour_welcome", "companion_welcome", "newcomer_welcome"]
M2M_FIELDS = {
    "categories": Category,
    "audiences": Audience,
    "languages": Language,
    "accessibility_features": AccessibilityFeature,
}
# Foreign keys whose rows are known to exist (Wagtail's own, and the ones the import looked up
# by name); validating them again would cost a query per row each.
KNOWN_FOREIGN_KEYS = [
    "latest_revision",
    "live_revision",
    "locked_by",
    "area",
    "town",
    "organization",
]
# The listing fields each column sets (compared to tell an unchanged row).
SCALAR_KEYS = {
    **{name: {name} for name in TEXT_FIELDS + FLAG_FIELDS},
    **{
        name: {name}
        for name in (
            "description",
            "kind",
            "location_privacy",
            "status",
            "capacity",
            "confirmed_on",
            "area",
            "town",
            "organization",
        )
    },
    "is_free": {"cost"},
    "cost": {"cost"},
    "latitude": {"latitude", "longitude", "address"},
    "longitude": {"latitude", "longitude", "address"},
}


def header_for(name: str) -> str:
    """The column header under which a problem with the listing field ``name`` is reported."""
    if name in ("is_free", "cost"):
        return "費用"
    column = BY_KEY.get(name)
    return column.header if column else field_label(name)
