"""Public forms beside the directory's FilterSet."""

from __future__ import annotations

import math
from dataclasses import dataclass

from django import forms
from django.conf import settings
from django.http import QueryDict

from directory.geo import approximate_km
from directory.geocoding import MAX_QUERY_LENGTH, PlaceLookup, place_lookup

WITHIN_CHOICES = [
    ("", "指定しない"),
    ("0.5", "500m以内"),
    ("1", "1km以内"),
    ("2", "2km以内"),
    ("3", "3km以内"),
    ("5", "5km以内"),
]
WITHIN_LABELS = {float(value): label for value, label in WITHIN_CHOICES if value}
# A browser position farther than this from the municipality's centre is not "near" anything.
MAX_BROWSER_DISTANCE_KM = 50
BROWSER_LABEL = "現在地"


@dataclass(frozen=True)
class Origin:
    """Where a "near me" search measures from."""

    label: str
    point: tuple[float, float]
    note: str = ""
    # The browser's own position (「現在地から探す」), not a place typed in.
    is_browser: bool = False


class NearForm(forms.Form):
    """ "Near me": a typed place (station, area, town, address) or the browser's position.

    A typed place wins over ``lat``/``lng``, which a page may still carry from an earlier
    「現在地から探す」. After ``is_valid()``, ``origin`` is the point to sort from (or ``None``), and
    ``lookup`` holds what the geocoder said about a typed place (with suggestions when unknown).
    """

    near = forms.CharField(
        label="駅名・住所・エリア名",
        required=False,
        max_length=MAX_QUERY_LENGTH,
        widget=forms.TextInput(
            attrs={
                "placeholder": "例: 蒲田駅、大森西、大森西二丁目",
                "autocomplete": "off",
                "enterkeyhint": "search",
            }
        ),
    )
    within = forms.TypedChoiceField(
        label="距離",
        choices=WITHIN_CHOICES,
        coerce=float,
        empty_value=None,
        required=False,
    )
    lat = forms.CharField(required=False, widget=forms.HiddenInput)
    lng = forms.CharField(required=False, widget=forms.HiddenInput)

    origin: Origin | None = None
    lookup: PlaceLookup | None = None

    def clean(self):
        data = super().clean()
        place = data.get("near") or ""
        if place:
            self.lookup = place_lookup(place)
            self.origin = self._origin_from_lookup(self.lookup)
        elif data.get("lat") or data.get("lng"):
            self.origin = self._origin_from_browser(data.get("lat", ""), data.get("lng", ""))
        if data.get("within") is not None and self.origin is None and not self.errors:
            self.add_error(
                "within",
                "距離でしぼりこむには、駅名・住所を入力するか「現在地から探す」を使ってください。",
            )
        return data

    def _origin_from_lookup(self, lookup: PlaceLookup) -> Origin | None:
        if not lookup.found:
            message = f"「{lookup.query}」の場所が見つかりませんでした。"
            if lookup.service_unavailable:
                message += (
                    "住所の検索サービスにつながらなかったため、駅名やエリア名でお試しください。"
                )
            else:
                message += "駅名（例: 蒲田駅）、エリア名（例: 大森西）、町名（例: 大森西二丁目）でお試しください。"
            self.add_error("near", message)
            return None
        location = lookup.location
        note = ""
        if lookup.partial:
            note = f"「{lookup.query}」の正確な位置がわからないため、{location.address}の位置を基準にしています"
        return Origin(location.address, (location.latitude, location.longitude), note)

    def _origin_from_browser(self, lat: str, lng: str) -> Origin | None:
        try:
            point = (float(lat), float(lng))
        except ValueError:
            point = None
        if (
            point is None
            or not all(math.isfinite(c) for c in point)
            or not (-90 <= point[0] <= 90 and -180 <= point[1] <= 180)
        ):
            self.add_error(
                None,
                "現在地の緯度・経度を読み取れませんでした。もう一度「現在地から探す」を押すか、"
                "駅名や住所を入力してください。",
            )
            return None
        if approximate_km(settings.MUNICIPALITY["center"], point) > MAX_BROWSER_DISTANCE_KM:
            self.add_error(
                None,
                f"現在地が{settings.MUNICIPALITY['name']}から遠いため、近い順に並べられません。"
                "駅名や住所を入力してください。",
            )
            return None
        return Origin(BROWSER_LABEL, point, is_browser=True)

    @property
    def within_km(self) -> float | None:
        return self.cleaned_data.get("within") if self.is_valid() else None

    @property
    def summary(self) -> str:
        """「「蒲田駅」から近い順（2km以内）」 for the results heading, or ""."""
        if not self.is_valid() or self.origin is None:
            return ""
        text = f"「{self.origin.label}」から近い順"
        if self.within_km is not None:
            text += f"（{WITHIN_LABELS.get(self.within_km, f'{self.within_km:g}km以内')}）"
        return text

    def suggestion_links(self, params: QueryDict) -> list[tuple[str, str]]:
        """Each suggested place with the page's query string changed to search from it."""
        if self.lookup is None or self.lookup.found:
            return []
        links = []
        for name in self.lookup.suggestions:
            query = params.copy()
            for key in ("near", "lat", "lng", "page"):
                query.pop(key, None)
            query["near"] = name
            links.append((name, query.urlencode()))
        return links
