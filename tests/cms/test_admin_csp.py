"""The Wagtail admin renders no inline script for the Content-Security-Policy to block: the
widgets Wagtail starts with one (date and time inputs, InlinePanel, choosers) carry their
initialiser in data attributes instead (cms/admin_csp.py), for static/js/admin-widgets.js to call.
tests/browser/test_admin_csp.py shows them working in a browser."""

import json
import re
from html.parser import HTMLParser

import pytest
from django.conf import settings
from django.urls import reverse

from directory.models import Invitation
from tests.cms.test_security_headers import inline_scripts
from tests.factories import ResourceFactory, ScheduleRuleFactory, login_verified

pytestmark = pytest.mark.django_db

ADMIN_WIDGETS_JS = settings.BASE_DIR / "static" / "js" / "admin-widgets.js"


class InitialiserParser(HTMLParser):
    def __init__(self):
        super().__init__()
        self.found: list[tuple[str, dict, dict]] = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if "data-admin-init" in attrs:
            config = json.loads(attrs.get("data-admin-init-config") or "{}")
            self.found.append((attrs["data-admin-init"], config, attrs))


def initialisers(html: str) -> list[tuple[str, dict, dict]]:
    """(initialiser, its options, the element's attributes) for every element the page leaves
    for admin-widgets.js to start."""
    parser = InitialiserParser()
    parser.feed(html)
    return parser.found


@pytest.fixture
def editor(client, django_user_model, home_page):
    user = django_user_model.objects.create_superuser(
        "editor", "editor@example.jp", "a-long-password-1"
    )
    login_verified(client, user)
    return client


@pytest.fixture
def admin_paths(home_page):
    resource = ResourceFactory()
    ScheduleRuleFactory(resource=resource)
    invitation = Invitation.objects.create(
        organization=resource.organization, email="member@example.jp"
    )
    snippet = "wagtailsnippets_directory_{}:{}".format
    return [
        reverse("wagtailadmin_home"),
        reverse("wagtailadmin_explore_root"),
        reverse("wagtailadmin_explore", args=[home_page.pk]),
        reverse("wagtailadmin_pages:edit", args=[home_page.pk]),
        reverse("wagtailadmin_pages:add", args=["cms", "standardpage", home_page.pk]),
        reverse("wagtailadmin_pages:copy", args=[home_page.pk]),
        reverse("wagtailadmin_pages:move", args=[home_page.pk]),
        reverse("wagtailadmin_pages:history", args=[home_page.pk]),
        reverse(snippet("resource", "list")),
        reverse(snippet("resource", "add")),
        reverse(snippet("resource", "edit"), args=[resource.pk]),
        reverse(snippet("resource", "history"), args=[resource.pk]),
        reverse(snippet("organization", "edit"), args=[resource.organization.pk]),
        reverse(snippet("town", "add")),
        reverse(snippet("invitation", "edit"), args=[invitation.pk]),
        reverse(snippet("problemreport", "list")),
        reverse("wagtailsnippets_matching_coordinatorprofile:add"),
        reverse("wagtailadmin_workflows:add"),
        reverse("wagtailadmin_reports:locked_pages"),
        reverse("wagtailadmin_reports:workflow"),
        reverse("wagtailadmin_reports:workflow_tasks"),
        reverse("wagtailadmin_reports:site_history"),
        reverse("wagtailadmin_reports:aging_pages"),
        reverse("directory_import"),
        reverse("directory_stale_resources"),
        reverse("wagtailforms:index"),
        reverse("wagtailredirects:add"),
        reverse("wagtailsites:add"),
        reverse("wagtailusers_users:index"),
        reverse("wagtailusers_groups:add"),
        reverse("wagtailimages:index"),
        reverse("wagtaildocs:index"),
    ]


def test_admin_pages_render_no_inline_script_and_keep_the_strict_policy(editor, admin_paths):
    for path in admin_paths:
        response = editor.get(path)
        assert response.status_code == 200, path
        assert inline_scripts(response.content.decode()) == [], path
        script_src = re.search(r"script-src ([^;]+)", response["Content-Security-Policy"])
        assert "'unsafe-inline'" not in script_src.group(1), path


def test_every_initialiser_the_admin_names_is_one_admin_widgets_js_calls(editor, admin_paths):
    known = set(re.findall(r"^    (\w+): ", ADMIN_WIDGETS_JS.read_text(), re.MULTILINE))
    named = {
        name
        for path in admin_paths
        for name, _, _ in initialisers(editor.get(path).content.decode())
    }
    assert named <= known
    assert {
        "initDateChooser",
        "initTimeChooser",
        "initDateTimeChooser",
        "InlinePanel",
        "PageChooser",
        "SnippetChooser",
        "createTaskChooser",
    } <= named


def test_a_listing_form_leaves_its_widgets_initialisers_with_wagtails_options(editor):
    resource = ResourceFactory()
    ScheduleRuleFactory(resource=resource)
    url = reverse("wagtailsnippets_directory_resource:edit", args=[resource.pk])
    found = initialisers(editor.get(url).content.decode())

    by_field = {attrs.get("name"): (name, config) for name, config, attrs in found}
    modal_url = reverse("wagtailsnippetchoosers_directory_area:choose")
    assert by_field["area"] == ("SnippetChooser", {"modalUrl": modal_url})
    assert by_field["confirmed_on"] == ("initDateChooser", {"dayOfWeekStart": 0, "format": "Y-m-d"})
    assert by_field["schedule_rules-0-start_time"] == (
        "initTimeChooser",
        {"format": "H:i", "formatTime": "H:i"},
    )
    # The empty form an InlinePanel copies for 「ルールを追加」 carries them too.
    assert by_field["schedule_rules-__prefix__-date"][0] == "initDateChooser"
    panels = [config for name, config, _ in found if name == "InlinePanel"]
    assert [p["formsetPrefix"] for p in panels] == [
        "id_schedule_rules",
        "id_schedule_exceptions",
    ]
