"""Listings, groups and vocabularies as HSDS 3.0 objects: plain functions that build dicts.

Only what a public page may show goes out. The callers pass listings from
``Resource.objects.public()`` (published, not hidden); the location of an ``approximate`` listing
is given at area level only: a name and description naming the area, no coordinates, no street
address, no venue and no access directions (HSDS makes all of these optional, and a point without
a way to flag it as approximate would be read as the venue).

Each function expects the related rows to be prefetched (see ``selectors.resources_for_api``), so
a page of any size costs a fixed number of queries.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from html import unescape

from django.conf import settings
from django.utils import timezone
from django.utils.encoding import iri_to_uri
from django.utils.html import strip_tags

from directory.absolute_urls import site_root
from directory.dates import japanese_date
from directory.models import (
    Area,
    Frequency,
    LocationPrivacy,
    Organization,
    Resource,
    ScheduleException,
    ScheduleRule,
    Status,
)
from directory.public.models import DirectoryIndexPage

from .ids import derived_id, row_id
from .selectors import related
from .taxonomies import resource_terms

HSDS_VERSION = "3.0"
STATUS = {
    Status.ACTIVE: "active",
    Status.PAUSED: "temporarily closed",
    Status.ENDED: "defunct",
}
BYDAY = ["MO", "TU", "WE", "TH", "FR", "SA", "SU"]
_YEN = re.compile(r"([0-9０-９][0-9０-９,，]*)\s*円")
_BLOCK_END = re.compile(r"</(p|h\d|li|blockquote)>|<br\s*/?>", re.IGNORECASE)
_LANGUAGE_CODE = re.compile(r"^[a-z]{2,3}$")


@dataclass(frozen=True)
class Links:
    """Absolute URLs of public pages, on the site's address (``directory.absolute_urls``)."""

    site_url: str
    directory_path: str | None

    def resource_url(self, resource: Resource) -> str | None:
        if self.directory_path is None:
            return None
        return f"{self.site_url}{self.directory_path}{resource.pk}/"

    def area_uri(self, area: Area) -> str:
        """The area's persistent URI: its public area page (a URN when the site has no
        directory page)."""
        if self.directory_path is None:
            return f"urn:jp-lg:{settings.MUNICIPALITY['code']}:area:{area.code}"
        return f"{self.site_url}{self.directory_path}area/{area.slug}/"


def site_links() -> Links:
    """The links of this site (one query for the directory page)."""
    page = DirectoryIndexPage.objects.live().first()
    path = page.get_url_parts()[2] if page is not None and page.get_url_parts() else None
    return Links(site_root(), path)


def plain_text(html: str) -> str:
    """Rich text as plain text, one line per paragraph or list item."""
    text = unescape(strip_tags(_BLOCK_END.sub("\n", html or "")))
    return "\n".join(line.strip() for line in text.splitlines() if line.strip())


def utc_offset() -> tuple[str, float]:
    """The site's UTC offset as text ("+09:00") and as hours (9), for schedule times."""
    offset = timezone.localtime().utcoffset() or dt.timedelta(0)
    minutes = int(offset.total_seconds() // 60)
    sign = "+" if minutes >= 0 else "-"
    text = f"{sign}{abs(minutes) // 60:02d}:{abs(minutes) % 60:02d}"
    hours = minutes / 60
    return text, int(hours) if hours == int(hours) else hours


def _compact(data: dict, keep: tuple[str, ...] = ()) -> dict:
    """``data`` without empty optional values (an empty string is not a valid uri or email)."""
    return {k: v for k, v in data.items() if k in keep or v not in (None, "", [])}


def url_or_none(value: str) -> str | None:
    return iri_to_uri(value) if value else None


# --- schedules ---------------------------------------------------------------------------------


def _time(value: dt.time | None, offset: str) -> str | None:
    return f"{value:%H:%M}{offset}" if value is not None else None


def schedule_rrule(rule: ScheduleRule) -> dict:
    """The RFC 5545 parts of ``rule``: 毎週水曜 → WEEKLY/WE, 第2・第4火曜 → MONTHLY/2TU,4TU,
    最終金曜 → MONTHLY/-1FR, 毎月15日 → MONTHLY/15, a single date → WEEKLY with COUNT=1."""
    days = [BYDAY[d] for d in rule.weekdays]
    if rule.frequency == Frequency.WEEKLY:
        return {"freq": "WEEKLY", "interval": 1, "wkst": "MO", "byday": ",".join(days)}
    if rule.frequency == Frequency.MONTHLY_NTH_WEEKDAY:
        positions = sorted(rule.week_positions, key=lambda p: 99 if p < 0 else p)
        byday = ",".join(f"{p}{day}" for day in days for p in positions)
        return {"freq": "MONTHLY", "interval": 1, "byday": byday}
    if rule.frequency == Frequency.MONTHLY_DAY:
        return {"freq": "MONTHLY", "interval": 1, "bymonthday": str(rule.month_day)}
    if rule.date is None:
        return {}
    # HSDS 3.0 has no single-date frequency: one WEEKLY occurrence starting on that date.
    return {
        "freq": "WEEKLY",
        "count": 1,
        "byday": BYDAY[rule.date.weekday()],
        "dtstart": rule.date.isoformat(),
        "until": rule.date.isoformat(),
    }


def schedule(
    rule: ScheduleRule, service_id: str, changes: list[ScheduleException], offset: tuple[str, float]
) -> dict:
    """One HSDS schedule; ``changes`` are the listing's coming one-off changes on this rule's
    dates, told in ``notes`` (「2026年12月10日（木）は休み」)."""
    text_offset, hours = offset
    once = rule.frequency == Frequency.ONCE
    valid_from = rule.date if once else rule.valid_from
    valid_to = rule.date if once else rule.valid_until
    notes = []
    for change in changes:
        if change.cancelled:
            notes.append(f"{japanese_date(change.date)}は休み")
        else:
            when = _time(change.start_time, "")
            notes.append(
                f"{japanese_date(change.date)}は変更"
                + (f"（{when}〜）" if when else "")
                + (f": {change.note}" if change.note else "")
            )
    data = {
        "id": row_id("schedule", rule.pk),
        "service_id": service_id,
        "valid_from": valid_from.isoformat() if valid_from else None,
        "valid_to": valid_to.isoformat() if valid_to else None,
        "dtstart": rule.valid_from.isoformat() if rule.valid_from and not once else None,
        "until": rule.valid_until.isoformat() if rule.valid_until and not once else None,
        "timezone": hours,
        **schedule_rrule(rule),
        "opens_at": _time(rule.start_time, text_offset),
        "closes_at": _time(rule.end_time, text_offset),
        "description": rule.describe(),
        "notes": "、".join(notes),
    }
    return _compact(data)


def rule_changes(
    rule: ScheduleRule, exceptions: list[ScheduleException]
) -> list[ScheduleException]:
    return [e for e in exceptions if next(rule.dates_between(e.date, e.date), None) is not None]


# --- the parts of a service --------------------------------------------------------------------


def phone(number: str, owner_key: str, owner_id: str, kind: str) -> dict:
    return {
        "id": derived_id("phone", kind, owner_id),
        owner_key: owner_id,
        "number": number,
        "type": "voice",
    }


def service_phones(resource: Resource, service_id: str) -> list[dict]:
    return [phone(resource.phone, "service_id", service_id, "service")] if resource.phone else []


def contacts(resource: Resource, service_id: str) -> list[dict]:
    """The listing's 問合せ先 as one contact named after the group that runs it."""
    if not (resource.phone or resource.email):
        return []
    contact_id = derived_id("contact", service_id)
    name = resource.organization.name if resource.organization else resource.name
    return [
        _compact(
            {
                "id": contact_id,
                "service_id": service_id,
                "name": name,
                "email": resource.email,
                "phones": [phone(resource.phone, "contact_id", contact_id, "contact")]
                if resource.phone
                else [],
            }
        )
    ]


def languages(resource: Resource, service_id: str) -> list[dict]:
    """Languages with an ISO 639 code when the slug is one (ja, en, zh, ko, vi, tl, ne, jsl)."""
    return [
        _compact(
            {
                "id": derived_id("language", service_id, language.pk),
                "service_id": service_id,
                "name": language.name,
                "code": language.slug if _LANGUAGE_CODE.match(language.slug) else None,
                "note": None if _LANGUAGE_CODE.match(language.slug) else language.name,
            }
        )
        for language in related(resource, "languages")
    ]


def yen_amount(text: str) -> int | None:
    """The amount when ``text`` names exactly one price in yen and nothing free
    (「1回100円（お茶代）」 → 100; 「こども無料、大人300円」 → None: the text says it)."""
    amounts = _YEN.findall(text)
    if len(amounts) != 1 or "無料" in text:
        return None
    digits = amounts[0].translate(str.maketrans("０１２３４５６７８９", "0123456789", ",，"))
    return int(digits)


def cost_options(resource: Resource, service_id: str) -> list[dict]:
    option_id = derived_id("cost_option", service_id)
    if resource.is_free:
        return [
            {
                "id": option_id,
                "service_id": service_id,
                "option": "無料",
                "currency": "JPY",
                "amount": 0,
            }
        ]
    if not resource.cost:
        return []
    return [
        _compact(
            {
                "id": option_id,
                "service_id": service_id,
                "option": resource.cost,
                "currency": "JPY",
                "amount": yen_amount(resource.cost),
                "amount_description": resource.cost,
            }
        )
    ]


def service_areas(resource: Resource, service_id: str, links: Links) -> list[dict]:
    area = resource.area
    return [
        {
            "id": derived_id("service_area", service_id),
            "service_id": service_id,
            "name": f"{settings.MUNICIPALITY['name']} {area.name}",
            "description": f"{area.region.name}地域 {area.name}特別出張所エリア",
            "uri": links.area_uri(area),
        }
    ]


def attributes(resource: Resource, service_id: str) -> list[dict]:
    return [
        {
            "id": derived_id("attribute", service_id, term.id),
            "link_id": service_id,
            "link_type": term.taxonomy.key,
            "link_entity": "service",
            "taxonomy_term_id": term.id,
            "taxonomy_term": term.as_hsds(),
        }
        for term in resource_terms(resource)
    ]


def required_documents(resource: Resource, service_id: str) -> list[dict]:
    if not resource.eligibility_documents:
        return []
    return [
        {
            "id": derived_id("required_document", service_id),
            "service_id": service_id,
            "document": resource.eligibility_documents,
        }
    ]


def location(resource: Resource) -> dict:
    """Where the listing meets, as much as its location privacy allows."""
    location_id = row_id("location", resource.pk)
    accessibility = [
        {
            "id": derived_id("accessibility", location_id, feature.pk),
            "location_id": location_id,
            "description": feature.name,
        }
        for feature in related(resource, "accessibility_features")
    ]
    if resource.location_privacy != LocationPrivacy.EXACT:
        return _compact(
            {
                "id": location_id,
                "location_type": "physical",
                "name": f"{resource.area.name}エリア",
                "description": resource.public_address,
                "accessibility": accessibility,
            }
        )
    prefecture, city = settings.MUNICIPALITY["prefecture"], settings.MUNICIPALITY["name"]
    street = resource.address.removeprefix(prefecture).removeprefix(city).strip()
    address = {
        "id": derived_id("address", location_id),
        "location_id": location_id,
        "address_1": street or resource.address,
        "city": city,
        "region": resource.area.name,
        "state_province": prefecture,
        # HSDS requires the field; listings do not record a postal code.
        "postal_code": "",
        "country": "JP",
        "address_type": "physical",
    }
    return _compact(
        {
            "id": location_id,
            "location_type": "physical",
            "name": resource.venue or resource.name,
            "description": resource.address,
            "transportation": resource.access,
            "latitude": float(resource.latitude) if resource.latitude is not None else None,
            "longitude": float(resource.longitude) if resource.longitude is not None else None,
            "addresses": [address] if resource.address else [],
            "accessibility": accessibility,
        }
    )


def service_at_location(resource: Resource, links: Links, *, include_service: bool) -> dict:
    service_id = row_id("service", resource.pk)
    data = {
        "id": row_id("service_at_location", resource.pk),
        "service_id": service_id,
        "location_id": row_id("location", resource.pk),
        "description": resource.venue if resource.shows_exact_location else "",
        "location": location(resource),
    }
    if include_service:
        data["service"] = service(resource, links, include_locations=False)
    return _compact(data, keep=("location",))


# --- top-level objects -------------------------------------------------------------------------


def service_brief(resource: Resource) -> dict:
    """The one-to-one fields a client needs to know a service exists (organization lists)."""
    return {
        "id": row_id("service", resource.pk),
        "name": resource.name,
        "status": STATUS[resource.status],
    }


def service(
    resource: Resource,
    links: Links,
    *,
    full: bool = True,
    include_locations: bool = True,
    include_organization: bool = True,
    offset: tuple[str, float] | None = None,
) -> dict:
    """A listing as an HSDS service; ``full=False`` gives only the one-to-one fields."""
    service_id = row_id("service", resource.pk)
    details = plain_text(resource.description)
    # Editors often open the description with the summary; say it once.
    description = details if resource.summary in details else f"{resource.summary}\n\n{details}"
    eligibility = "、".join(a.name for a in related(resource, "audiences")) if full else ""
    data = {
        "id": service_id,
        "organization_id": row_id("organization", resource.organization_id)
        if resource.organization_id
        else None,
        "name": resource.name,
        "alternate_name": resource.name_kana,
        "description": description,
        "url": url_or_none(resource.website) or links.resource_url(resource),
        "email": resource.email,
        "status": STATUS[resource.status],
        "application_process": "\n".join(
            part
            for part in (
                "申込が必要です。" if resource.booking_required else "",
                resource.how_to_apply,
                resource.food_booking,
            )
            if part
        ),
        "fees_description": resource.cost_display,
        "eligibility_description": "\n".join(
            part
            for part in (
                f"対象: {eligibility}" if eligibility else "",
                resource.eligibility_documents,
            )
            if part
        ),
        "alert": resource.alert,
        "assured_date": resource.confirmed_on.isoformat() if resource.confirmed_on else None,
        "last_modified": timezone.localtime(resource.updated_at).isoformat(),
    }
    if not full:
        return _compact(data)
    offset = offset or utc_offset()
    today = timezone.localdate()
    coming = [e for e in related(resource, "schedule_exceptions") if e.date >= today]
    data.update(
        {
            "phones": service_phones(resource, service_id),
            "schedules": [
                schedule(rule, service_id, rule_changes(rule, coming), offset)
                for rule in related(resource, "schedule_rules")
            ],
            "service_areas": service_areas(resource, service_id, links),
            "languages": languages(resource, service_id),
            "cost_options": cost_options(resource, service_id),
            "required_documents": required_documents(resource, service_id),
            "contacts": contacts(resource, service_id),
            "attributes": attributes(resource, service_id),
        }
    )
    if include_locations:
        data["service_at_locations"] = [service_at_location(resource, links, include_service=False)]
    if include_organization and resource.organization is not None:
        data["organization"] = organization(resource.organization)
    return _compact(data)


def organization(org: Organization, services: list[dict] | None = None) -> dict:
    """A group as an HSDS organization; ``services`` are already serialised."""
    org_id = row_id("organization", org.pk)
    data = {
        "id": org_id,
        "name": org.name,
        "alternate_name": org.name_kana,
        "description": org.description,
        "email": org.email,
        "website": url_or_none(org.website),
        "phones": [phone(org.phone, "organization_id", org_id, "organization")]
        if org.phone
        else [],
        "services": services,
    }
    return _compact(data, keep=("description",))


def api_root(openapi_url: str, profile_url: str) -> dict:
    return {"version": HSDS_VERSION, "profile": profile_url, "openapi_url": openapi_url}
