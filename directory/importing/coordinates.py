"""Coordinates for rows that give an address but no point."""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal

from directory.geocoding import place_lookup

from .cells import coordinate
from .results import ImportResult

Geocode = Callable[[str], tuple[float, float] | None]  # address → (latitude, longitude)


def geocode_address(address: str) -> tuple[float, float] | None:
    """The point of a listing's address through the project's geocoder, or None.

    The one place the import asks for coordinates. Only precise matches count: a match on just
    the beginning of the address (the area or station name) would pin the listing somewhere
    else, so it is treated as "not found" and the listing is imported without a point.
    """
    found = place_lookup(address)
    if not found.found or found.partial:
        return None
    return found.location.latitude, found.location.longitude


def fill_coordinates(
    line: int, scalars: dict, current: dict | None, geocode: Geocode, result: ImportResult
) -> None:
    """Fill missing coordinates from the address: keep the stored point when the address
    did not change, otherwise ask the geocoder (and count the row as placed or not)."""
    current = current or {}
    latitude = scalars.get("latitude", current.get("latitude"))
    longitude = scalars.get("longitude", current.get("longitude"))
    if latitude is not None or longitude is not None:
        return
    address = scalars.get("address", current.get("address", ""))
    if not address:
        return
    if current.get("address") == address and current.get("latitude") is not None:
        scalars["latitude"] = Decimal(current["latitude"])
        scalars["longitude"] = Decimal(current["longitude"])
        return
    point = geocode(address)
    if point is None:
        result.not_geocoded.append(line)
        return
    result.geocoded += 1
    latitude, longitude = point
    scalars["latitude"] = coordinate(Decimal(str(latitude)))
    scalars["longitude"] = coordinate(Decimal(str(longitude)))
