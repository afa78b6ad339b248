"""The listings' spreadsheet export, one definition for the index's export buttons and the bulk
action 「CSVで書き出す」: labels rather than codes, and a CSV Excel opens in Japanese."""

from __future__ import annotations

from wagtail.admin.views.mixins import SpreadsheetExportMixin

BOM = "\ufeff".encode()


class ResourceSpreadsheetMixin(SpreadsheetExportMixin):
    list_export = [
        "id",
        "external_id",
        "name",
        "name_kana",
        "get_kind_display",
        "area",
        "organization",
        "address",
        "latitude",
        "longitude",
        "get_location_privacy_display",
        "get_status_display",
        "phone",
        "email",
        "website",
        "confirmed_on",
        "confirmed_by",
        "reconfirmation_reason",
        "live",
    ]
    export_headings = {
        "get_kind_display": "種類",
        "get_location_privacy_display": "場所の公開",
        "get_status_display": "活動状況",
        "live": "公開中",
    }
    export_filename = "resources"

    def stream_csv(self, queryset):
        """UTF-8 with a byte order mark, or Excel in Japanese reads the file as Shift_JIS (the
        rows come encoded)."""
        rows = super().stream_csv(queryset)
        yield BOM + next(rows)
        yield from rows
