"""Walk the admin as staff do: every admin URL reachable from the admin home (links and the
sidebar's menu), then every snippet index searched in Japanese and English. No page may answer
with a server error, on SQLite and on PostgreSQL."""

from __future__ import annotations

import html
import re
from collections import Counter, deque
from urllib.parse import urlsplit

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse
from wagtail.snippets.models import get_snippet_models

from directory.models import ProblemKind, ProblemReport, Resource, Status
from directory.portal import services as portal
from directory.portal.moderation import REVIEWER_GROUP_NAME
from directory.services import resource_request_reconfirmation
from tests.factories import (
    OrganizationFactory,
    ResourceFactory,
    ScheduleRuleFactory,
    login_verified,
)

pytestmark = pytest.mark.django_db

# Links in pages (href) and in the sidebar's menu, which is JSON in a <script> element.
LINK_RE = re.compile(r'(?:href="|"url":\s*")(/admin/[^"#]*)')
# Leaving the admin, a file download rather than a page, or the bulk actions' base URLs, which
# the bar completes with the selected ids (bulk actions have tests of their own).
SKIPPED = re.compile(r"^/admin/(logout/|bulk/|.*[?&]export=)")
MAX_PAGES = 600
# Pages of one kind (edit/17/, edit/18/, a list with ?p=2 or ?ordering=…) differ only in their
# rows: three of each kind are walked.
MAX_PER_KIND = 3
ID_RE = re.compile(r"/\d+/")
QUERIES = ["食堂", "こどもしょくどう", "サロン", "salon", "English", "%_'\""]


@pytest.fixture
def data(django_user_model):
    """A little of everything staff meet: live, draft, hidden, pending and flagged listings, a
    group with a member and an invitation, a problem report."""
    org = OrganizationFactory(
        name="子ども食堂を支える会", name_kana="こどもしょくどうをささえるかい"
    )
    live = ResourceFactory(name="子ども食堂ひまわり", organization=org, phone="03-0000-0001")
    ScheduleRuleFactory(resource=live)
    ResourceFactory(name="地域食堂あおぞら（下書き）", live=False, organization=org)
    ResourceFactory(name="ほっとサロン", location_privacy="hidden", status=Status.PAUSED)
    member = django_user_model.objects.create_user("member", "member@example.jp", "a-long-pass-1")
    org.memberships.create(user=member)
    live.alert = "今月は休みです"
    portal.resource_submit_changes(resource=live, user=member)
    portal.invitation_create(organization=org, email="new@example.jp", invited_by=None)
    ProblemReport.objects.create(resource=live, kind=ProblemKind.OUTDATED, comment="電話が違う")
    resource_request_reconfirmation(resource=live, reason="情報が古い")
    return live


@pytest.fixture
def reviewer(client, django_user_model):
    user = django_user_model.objects.create_user(
        "reviewer", "reviewer@example.jp", "a-long-pass-1", is_staff=True
    )
    user.groups.add(Group.objects.get(name=REVIEWER_GROUP_NAME))
    login_verified(client, user)
    return client


def crawl(client, start: str = "/admin/") -> dict[str, int]:
    """GET every admin URL reachable from ``start`` (bounded); returns the status of each."""
    seen: dict[str, int] = {}
    kinds: Counter[str] = Counter()
    queue = deque([start])
    queued = {start}
    while queue and len(seen) < MAX_PAGES:
        url = queue.popleft()
        response = client.get(url)
        seen[url] = response.status_code
        if response.status_code != 200 or "html" not in response.get("Content-Type", ""):
            continue
        for link in LINK_RE.findall(response.content.decode()):
            link = html.unescape(link).replace("\\u0026", "&")
            kind = ID_RE.sub("/N/", urlsplit(link).path)
            if link in queued or SKIPPED.match(link) or kinds[kind] >= MAX_PER_KIND:
                continue
            kinds[kind] += 1
            queued.add(link)
            queue.append(link)
    return seen


def server_errors(statuses: dict[str, int]) -> dict[str, int]:
    return {url: status for url, status in statuses.items() if status >= 500}


def snippet_searches() -> list[str]:
    urls = []
    for model in get_snippet_models():
        index = reverse(model.snippet_viewset.get_url_name("list"))
        urls += [f"{index}?q={query}" for query in QUERIES]
    for model in (Resource, Resource.organization.field.related_model):
        chooser = reverse(f"{model.snippet_viewset.get_chooser_admin_url_namespace()}:choose")
        urls += [f"{chooser}?q={query}" for query in QUERIES]
    return urls


def test_staff_reach_every_admin_page_from_the_home_without_a_server_error(editor, data):
    statuses = crawl(editor)
    assert len(statuses) > 100, sorted(statuses)  # the walk really went through the admin
    assert server_errors(statuses) == {}
    assert set(statuses.values()) <= {200, 302}  # no broken link either
    assert any(url.startswith("/admin/snippets/directory/resource/") for url in statuses)
    print(f"\nadmin crawl (superuser): {len(statuses)} URLs, {Counter(statuses.values())}")


def test_reviewers_reach_their_pages_without_a_server_error(reviewer, data):
    statuses = crawl(reviewer)
    assert len(statuses) > 10, sorted(statuses)
    assert server_errors(statuses) == {}
    assert set(statuses.values()) <= {200, 302}
    print(f"\nadmin crawl (reviewer): {len(statuses)} URLs, {Counter(statuses.values())}")


def test_every_snippet_index_and_chooser_answers_japanese_and_english_searches(editor, data):
    urls = snippet_searches()
    statuses = {url: editor.get(url).status_code for url in urls}
    assert server_errors(statuses) == {}
    assert set(statuses.values()) == {200}
    page = editor.get(reverse("wagtailsnippets_directory_resource:list"), {"q": "食堂"})
    assert "子ども食堂ひまわり" in page.content.decode()
