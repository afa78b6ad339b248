"""CSV exports of the public listings (docs/open-data.md describes every column).

- ``resources.csv``: one row per listing in the layout of the 自治体標準オープンデータセット
  (全国地方公共団体コード, ID, 地方公共団体名, 名称, 名称_カナ … Japanese headers, dates as
  YYYY-MM-DD, katakana readings);
- ``resources-full.csv``: every public field, with English column names, for developers.

Both follow the same privacy rules as the public pages and the API: drafts and hidden listings are
never exported, and an approximate listing has no address, venue, access or coordinates.
Files are UTF-8 with CRLF line ends, streamed row by row; ``?bom=1`` adds a byte-order mark so
that Excel opens them as UTF-8.
"""

from __future__ import annotations

import csv
from collections.abc import Callable, Iterator

from django.conf import settings
from django.http import StreamingHttpResponse
from django.utils import timezone

from directory.models import LocationPrivacy, Resource

from . import hsds
from .http import open_data_view
from .ids import row_id
from .params import Params
from .selectors import related, resources_for_api

Column = tuple[str, Callable[[Resource, hsds.Links], object]]
CHUNK = 500
BOM = "\ufeff"


def katakana(text: str) -> str:
    """ひらがな → カタカナ (the standard dataset's 名称_カナ is katakana)."""
    return "".join(chr(ord(c) + 0x60) if "ぁ" <= c <= "ゖ" else c for c in text)


def _exact(resource: Resource, value):
    return value if resource.location_privacy == LocationPrivacy.EXACT else ""


def _names(resource: Resource, name: str, sep: str = "、") -> str:
    return sep.join(item.name for item in related(resource, name))


def _slugs(resource: Resource, name: str) -> str:
    return "|".join(item.slug for item in related(resource, name))


def _yes(value: bool) -> str:
    return "1" if value else "0"


def _date(value) -> str:
    return value.isoformat() if value else ""


def _schedule(resource: Resource, links: hsds.Links) -> str:
    """The listing's schedule_description(), from the prefetched rules."""
    return "、".join(rule.describe() for rule in related(resource, "schedule_rules"))


def _url(resource: Resource, links: hsds.Links) -> str:
    return resource.website or links.resource_url(resource) or ""


def _remarks(resource: Resource, links: hsds.Links) -> str:
    notes = [
        label
        for flag, label in (
            (resource.tour_welcome, "見学可"),
            (resource.companion_welcome, "同行歓迎"),
            (resource.newcomer_welcome, "初めての方歓迎"),
        )
        if flag
    ]
    if resource.location_privacy == LocationPrivacy.APPROXIMATE:
        notes.append("場所はエリアまで公開（くわしい場所は問合せ先へ）")
    return "。".join(notes)


def _municipality() -> str:
    return f"{settings.MUNICIPALITY['prefecture']}{settings.MUNICIPALITY['name']}"


STANDARD_COLUMNS: list[Column] = [
    ("全国地方公共団体コード", lambda r, links: settings.MUNICIPALITY["code"]),
    ("ID", lambda r, links: r.pk),
    ("地方公共団体名", lambda r, links: _municipality()),
    ("名称", lambda r, links: r.name),
    ("名称_カナ", lambda r, links: katakana(r.name_kana)),
    ("種別", lambda r, links: r.get_kind_display()),
    ("活動分類", lambda r, links: _names(r, "categories")),
    ("説明", lambda r, links: r.summary),
    ("地域", lambda r, links: r.area.region.name),
    ("特別出張所エリア", lambda r, links: r.area.name),
    ("住所", lambda r, links: _exact(r, r.address)),
    ("方書", lambda r, links: _exact(r, r.venue)),
    ("緯度", lambda r, links: _exact(r, r.latitude if r.latitude is not None else "")),
    ("経度", lambda r, links: _exact(r, r.longitude if r.longitude is not None else "")),
    ("アクセス", lambda r, links: _exact(r, r.access)),
    ("電話番号", lambda r, links: r.phone),
    ("メールアドレス", lambda r, links: r.email),
    ("URL", _url),
    ("開催日時", _schedule),
    ("対象者", lambda r, links: _names(r, "audiences")),
    ("料金（基本）", lambda r, links: r.cost_display),
    ("定員", lambda r, links: r.capacity if r.capacity is not None else ""),
    ("申込の要否", lambda r, links: "要" if r.booking_required else "不要"),
    ("申込方法", lambda r, links: r.how_to_apply),
    ("対応言語", lambda r, links: _names(r, "languages")),
    ("バリアフリー情報", lambda r, links: _names(r, "accessibility_features")),
    ("運営団体", lambda r, links: r.organization.name if r.organization else ""),
    ("活動状況", lambda r, links: r.get_status_display()),
    ("お知らせ", lambda r, links: r.alert),
    ("備考", _remarks),
    ("情報確認日", lambda r, links: _date(r.confirmed_on)),
]

FULL_COLUMNS: list[Column] = [
    ("id", lambda r, links: r.pk),
    ("hsds_service_id", lambda r, links: row_id("service", r.pk)),
    ("page_url", lambda r, links: links.resource_url(r) or ""),
    ("kind", lambda r, links: r.kind),
    ("kind_label", lambda r, links: r.get_kind_display()),
    ("name", lambda r, links: r.name),
    ("name_kana", lambda r, links: r.name_kana),
    ("summary", lambda r, links: r.summary),
    ("description", lambda r, links: hsds.plain_text(r.description)),
    ("easy_japanese_summary", lambda r, links: r.easy_japanese_summary),
    ("categories", lambda r, links: _slugs(r, "categories")),
    ("category_names", lambda r, links: _names(r, "categories", "|")),
    ("audiences", lambda r, links: _slugs(r, "audiences")),
    ("audience_names", lambda r, links: _names(r, "audiences", "|")),
    ("languages", lambda r, links: _slugs(r, "languages")),
    ("accessibility", lambda r, links: _slugs(r, "accessibility_features")),
    ("region", lambda r, links: r.area.region.slug),
    ("area_code", lambda r, links: r.area.code),
    ("area", lambda r, links: r.area.slug),
    ("area_name", lambda r, links: r.area.name),
    ("location_privacy", lambda r, links: r.location_privacy),
    ("venue", lambda r, links: _exact(r, r.venue)),
    ("address", lambda r, links: _exact(r, r.address)),
    ("latitude", lambda r, links: _exact(r, r.latitude if r.latitude is not None else "")),
    ("longitude", lambda r, links: _exact(r, r.longitude if r.longitude is not None else "")),
    ("access", lambda r, links: _exact(r, r.access)),
    ("schedule", _schedule),
    ("is_free", lambda r, links: _yes(r.is_free)),
    ("cost", lambda r, links: r.cost),
    ("capacity", lambda r, links: r.capacity if r.capacity is not None else ""),
    ("booking_required", lambda r, links: _yes(r.booking_required)),
    ("how_to_apply", lambda r, links: r.how_to_apply),
    ("tour_welcome", lambda r, links: _yes(r.tour_welcome)),
    ("companion_welcome", lambda r, links: _yes(r.companion_welcome)),
    ("newcomer_welcome", lambda r, links: _yes(r.newcomer_welcome)),
    ("phone", lambda r, links: r.phone),
    ("email", lambda r, links: r.email),
    ("website", lambda r, links: r.website),
    ("organization", lambda r, links: r.organization.name if r.organization else ""),
    (
        "hsds_organization_id",
        lambda r, links: row_id("organization", r.organization_id) if r.organization_id else "",
    ),
    ("status", lambda r, links: r.status),
    ("alert", lambda r, links: r.alert),
    ("eligibility_documents", lambda r, links: r.eligibility_documents),
    ("what_to_bring", lambda r, links: r.what_to_bring),
    ("food_booking", lambda r, links: r.food_booking),
    ("volunteer_tasks", lambda r, links: r.volunteer_tasks),
    ("time_commitment", lambda r, links: r.time_commitment),
    ("skills_wanted", lambda r, links: r.skills_wanted),
    ("confirmed_on", lambda r, links: _date(r.confirmed_on)),
    ("confirmed_by", lambda r, links: r.confirmed_by),
    ("updated_at", lambda r, links: timezone.localtime(r.updated_at).isoformat()),
]


class _Echo:
    """A file-like object whose write() hands the line back, for streaming csv.writer output."""

    def write(self, value: str) -> str:
        return value


def export_rows(columns: list[Column], links: hsds.Links, *, bom: bool = False) -> Iterator[str]:
    """The CSV text line by line: header first, then every public listing in reading order."""
    writer = csv.writer(_Echo())
    yield (BOM if bom else "") + writer.writerow([header for header, _ in columns])
    # iterator() with a chunk size keeps memory flat and still prefetches per chunk.
    for resource in resources_for_api().iterator(chunk_size=CHUNK):
        yield writer.writerow([value(resource, links) for _, value in columns])


def _csv_response(request, columns: list[Column], name: str) -> StreamingHttpResponse:
    params = Params(request.GET)
    bom = params.boolean("bom", False)
    params.raise_if_invalid()
    response = StreamingHttpResponse(
        # The links are taken now, while the request is served: the rows are written later.
        (line.encode("utf-8") for line in export_rows(columns, hsds.site_links(), bom=bom)),
        content_type="text/csv; charset=utf-8",
    )
    filename = f"{settings.MUNICIPALITY['code']}_{name}.csv"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@open_data_view
def resources_csv(request):
    return _csv_response(request, STANDARD_COLUMNS, "tsunagari_resources")


@open_data_view
def resources_full_csv(request):
    return _csv_response(request, FULL_COLUMNS, "tsunagari_resources_full")
