"""The 「道順」 link of a listing's page: it opens the phone's maps app (or the web map).

Exact locations get directions to their point. Approximate ones only get a map of their area
(around the area's office), labelled so, never their own point; hidden ones never reach a page.
"""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import urlencode

from directory.models import LocationPrivacy, Resource

DIRECTIONS_URL = "https://www.google.com/maps/dir/"
PLACE_URL = "https://www.google.com/maps/search/"


@dataclass(frozen=True)
class MapsLink:
    url: str
    label: str
    note: str = ""


def _coordinates(point: tuple[float, float]) -> str:
    return f"{point[0]:.6f},{point[1]:.6f}"


def maps_link(resource: Resource) -> MapsLink | None:
    """The link for ``resource``'s page, or ``None`` when it has no public point."""
    if resource.location_privacy == LocationPrivacy.APPROXIMATE:
        area = resource.area
        return MapsLink(
            url=PLACE_URL + "?" + urlencode({"api": 1, "query": _coordinates(area.office_point)}),
            label=f"{area.name}エリアの地図",
            note=f"場所は公開していません。地図は{area.name}特別出張所のあたりを示します。",
        )
    point = resource.public_point
    if point is None:
        return None
    return MapsLink(
        url=DIRECTIONS_URL + "?" + urlencode({"api": 1, "destination": _coordinates(point)}),
        label="道順",
    )
