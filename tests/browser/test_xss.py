"""An XSS payload in every text field of a listing and of its organisation never runs, on any
public page that shows them: home, the directory list with its map, the map popup, the detail
page, the area page, the printable area sheet and search results for the payload itself."""

from __future__ import annotations

import html
from urllib.parse import urlencode

from django.db import models
from playwright.sync_api import expect

from directory.models import Organization, Resource
from tests.browser.test_map import offline
from tests.factories import OrganizationFactory, ResourceFactory, ScheduleRuleFactory, area

PAYLOADS = [
    '<img src=x onerror="window.__xss=1">',
    '"><script>window.__xss=1</script>',
    "<svg/onload=window.__xss=1>",  # short enough for 電話番号 (30 characters)
]
NOT_TEXT = {"external_id", "reconfirmation_reason"}


def hostile_text(field: models.Field) -> str:
    """The longest mix of payloads that fits the field."""
    limit = field.max_length or 10_000
    for text in (PAYLOADS[0] + PAYLOADS[1], PAYLOADS[0], PAYLOADS[2]):
        if len(text) <= limit:
            return text
    raise AssertionError(f"no payload fits {field.name}")


def hostile_fields(model) -> dict[str, str]:
    """Every free-text field an editor or group member can fill in."""
    return {
        field.name: hostile_text(field)
        for field in model._meta.concrete_fields
        if isinstance(field, models.CharField | models.TextField)
        and field.editable
        and not field.choices
        and not isinstance(field, models.EmailField | models.URLField | models.SlugField)
        and not field.unique
        and field.name not in NOT_TEXT
        and field.name != "description"
    }


def make_hostile_listing() -> Resource:
    organisation = OrganizationFactory(
        **hostile_fields(Organization), description=PAYLOADS[0] + PAYLOADS[1]
    )
    resource = ResourceFactory(
        organization=organisation,
        area=area("omori-nishi"),
        # Rich text as the editor stores it: the payload typed into Draftail arrives escaped.
        description=f"<p>{html.escape(PAYLOADS[0] + PAYLOADS[1])}</p>",
        **hostile_fields(Resource),
    )
    ScheduleRuleFactory(resource=resource)  # 毎週水曜: "next date" in the popup, list badges
    return resource


# The CSP would block an injected handler anyway; this proves the page escaped the text, so the
# payload never became an element in the first place (defence in depth, not CSP alone).
# JSON data blocks (<script type="application/json">, json_script) hold the text as data.
INJECTED = """() => [...document.querySelectorAll('[onerror], [onload], script:not([type="application/json"])')]
    .filter(el => (el.outerHTML || '').includes('__xss')).length"""


def assert_nothing_ran(page, dialogs: list[str], where: str) -> None:
    assert page.evaluate("() => window.__xss") is None, f"payload ran on {where}"
    assert page.evaluate(INJECTED) == 0, f"payload became markup on {where}"
    assert dialogs == [], f"a dialog opened on {where}: {dialogs}"


def test_a_hostile_listing_never_runs_script_on_any_public_page(site, desktop):
    url, directory = site
    resource = make_hostile_listing()
    assert len(hostile_fields(Resource)) >= 10  # the payload really is everywhere
    offline(desktop)
    dialogs: list[str] = []
    desktop.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))

    pages = {
        "home": "/",
        "detail": directory.resource_url(resource),
        "area page": directory.area_url(resource.area),
        "area print sheet": directory.area_print_url(resource.area),
        "search for the payload": f"{directory.url}?{urlencode({'q': PAYLOADS[0]})}",
        "search for the script payload": f"{directory.url}?{urlencode({'q': PAYLOADS[1]})}",
    }
    for where, path in pages.items():
        desktop.goto(url + path)
        desktop.wait_for_load_state("load")
        assert_nothing_ran(desktop, dialogs, where)

    # The detail page shows the payload as text, so it really was rendered.
    desktop.goto(url + directory.resource_url(resource))
    expect(desktop.get_by_role("heading", level=1)).to_contain_text(PAYLOADS[0])

    # The directory list with its map, and the popup a click on the marker opens.
    desktop.goto(url + directory.url)
    desktop.locator("#resource_map .map-marker").first.click()
    popup = desktop.locator(".leaflet-popup-content")
    expect(popup).to_contain_text("次回")
    expect(popup).to_contain_text(PAYLOADS[0])
    assert_nothing_ran(desktop, dialogs, "the map popup")
