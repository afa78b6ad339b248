"""Permissions tested from the outside: every workspace URL, every persona.

Anonymous users are sent to the login page, users without a workspace role (CMS editors, group
members) are refused, and a coordinator of another region gets 404 for a foreign client's records
— the same answer as for a record that does not exist.
"""

import ast
import datetime as dt
from pathlib import Path

import pytest
from django.urls import reverse

from matching import services
from matching.models import Stage
from matching.services import Actor
from matching.urls import urlpatterns
from tests.factories import ResourceFactory, login_verified
from tests.matching.factories import ClientFactory, ResourceGapFactory, area

pytestmark = pytest.mark.django_db

ROOT = Path(__file__).resolve().parents[2]
PUBLIC = {"login", "logout"}
# Path parameters that point at a client's records: a foreign coordinator must get 404.
CLIENT_SCOPED = {"case_code", "placement", "follow_up", "gap", "intake"}


@pytest.fixture
def kamata_records(coordinator_kamata):
    """A client of the 蒲田 region with a started placement, its follow-ups and a gap."""
    actor = Actor(user=coordinator_kamata)
    client = ClientFactory(area=area("kamata-nishi"), referred_on=dt.date(2026, 7, 1))
    listing = ResourceFactory(area=area("kamata-nishi"))
    placement = services.placement_propose(
        actor=actor, client=client, resource=listing, proposed_on=dt.date(2026, 7, 10)
    )
    placement = services.placement_transition(
        actor=actor,
        placement=placement,
        to_stage=Stage.STARTED,
        version=1,
        on_date=dt.date(2026, 8, 1),
    )
    gap = ResourceGapFactory(area=area("kamata-nishi"))
    gap.clients.add(client)
    intake = services.intake_submit(
        data={
            "area": area("kamata-nishi"),
            "requester": "self",
            "name": "架空 太郎",
            "contact_method": "phone",
            "contact": "03-0000-7777",
            "wishes": "話せる場所をさがしています。",
        },
        consent_text="同意します。",
        ip="192.0.2.99",
    )
    return {
        "case_code": client.case_code,
        "placement": placement.pk,
        "follow_up": placement.follow_ups.first().pk,
        "gap": gap.pk,
        "listing": listing.pk,
        "intake": intake.pk,
    }


def kind_of_pk(name: str) -> str:
    for prefix, kind in (
        ("placement_", "placement"),
        ("follow_up_", "follow_up"),
        ("gap_", "gap"),
        ("resource_", "listing"),
        ("intake_", "intake"),
    ):
        if name.startswith(prefix):
            return kind
    raise AssertionError(f"no test object for the <pk> of URL {name!r}: add one to the walk")


def accepts_post(name: str) -> bool:
    pattern = next(p for p in urlpatterns if p.name == name)
    return hasattr(pattern.callback.view_class, "post")


def workspace_urls(records):
    """(name, url, scoped) for every URL pattern of the workspace except login/logout."""
    found = []
    for pattern in urlpatterns:
        if pattern.name in PUBLIC:
            continue
        kwargs, scoped = {}, False
        for param in pattern.pattern.converters:
            if param == "case_code":
                kwargs[param], kind = records["case_code"], "case_code"
            elif param == "pk":
                kind = kind_of_pk(pattern.name)
                kwargs[param] = records[kind]
            elif param == "kind":  # the kind of activity record a form is for
                kwargs[param], kind = "contact", "activity"
            else:
                raise AssertionError(f"unknown path parameter {param!r} in {pattern.name!r}")
            scoped = scoped or kind in CLIENT_SCOPED
        found.append((pattern.name, reverse(f"matching:{pattern.name}", kwargs=kwargs), scoped))
    return found


def test_the_walk_covers_every_workspace_url(kamata_records):
    names = {name for name, _, _ in workspace_urls(kamata_records)}
    assert names | PUBLIC == {p.name for p in urlpatterns}
    assert len(names) >= 20


def test_anonymous_users_are_sent_to_the_login_page_from_every_url(client, kamata_records):
    login = reverse("matching:login")
    for name, url, _ in workspace_urls(kamata_records):
        for method in (client.get, client.post):
            response = method(url)
            assert response.status_code == 302, (name, method.__name__)
            assert response["Location"].startswith(f"{login}?next="), name


@pytest.mark.parametrize("persona", ["editor", "group_member"])
def test_editors_and_group_members_get_nothing_from_any_url(
    client, kamata_records, persona, request
):
    login_verified(client, request.getfixturevalue(persona))
    for name, url, _ in workspace_urls(kamata_records):
        for method in (client.get, client.post):
            response = method(url)
            assert response.status_code == 403, (persona, name, method.__name__)
            assert kamata_records["case_code"] not in response.content.decode()


def test_a_coordinator_of_another_region_gets_404_for_a_foreign_client(
    client, kamata_records, coordinator_omori
):
    login_verified(client, coordinator_omori)
    scoped = [(name, url) for name, url, is_scoped in workspace_urls(kamata_records) if is_scoped]
    assert len(scoped) >= 12
    for name, url in scoped:
        response = client.get(url)
        assert response.status_code == 404, name
        assert kamata_records["case_code"] not in response.content.decode()
        # A page that takes no POST answers 405 to every POST, whoever's record it is.
        assert client.post(url).status_code == (404 if accepts_post(name) else 405), name


def test_the_owning_coordinator_can_open_every_url(client, kamata_records, coordinator_kamata):
    login_verified(client, coordinator_kamata)
    for name, url, _ in workspace_urls(kamata_records):
        response = client.get(url)
        if name in {"client_audit", "client_export"}:
            assert response.status_code == 403  # supervisors only
        else:
            assert response.status_code in (200, 302), name


def test_a_supervisor_can_open_every_url(client, kamata_records, supervisor):
    login_verified(client, supervisor)
    for name, url, _ in workspace_urls(kamata_records):
        assert client.get(url).status_code in (200, 302), name


def test_foreign_clients_never_appear_in_lists_boards_or_indicators(
    client, kamata_records, coordinator_omori
):
    login_verified(client, coordinator_omori)
    for name in ("dashboard", "client_list", "follow_up_list", "gap_list", "indicators"):
        page = client.get(reverse(f"matching:{name}"), {"all": "1"}).content.decode()
        assert kamata_records["case_code"] not in page, name
    export = client.get(reverse("matching:indicators_export")).content.decode("utf-8-sig")
    assert "蒲田西" not in export


def test_the_login_page_is_the_only_page_open_to_anonymous_users(client):
    assert client.get(reverse("matching:login")).status_code == 200


def imports_of(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module)
    return names


@pytest.mark.parametrize("package", ["directory", "cms"])
def test_directory_and_cms_never_import_matching(package):
    offenders = [
        str(path.relative_to(ROOT))
        for path in (ROOT / package).rglob("*.py")
        if any(name == "matching" or name.startswith("matching.") for name in imports_of(path))
    ]
    assert offenders == []
    templates = [
        str(path.relative_to(ROOT))
        for path in (ROOT / package).rglob("*.html")
        if "matching:" in path.read_text(encoding="utf-8")
    ]
    assert templates == []


def test_the_import_check_would_catch_an_import(tmp_path):
    sample = tmp_path / "sample.py"
    sample.write_text("def f():\n    from matching.models import Client\n", encoding="utf-8")
    assert "matching.models" in imports_of(sample)


def test_cms_editors_cannot_reach_the_workspace_settings_in_the_admin(client, editor):
    login_verified(client, editor)
    for model in ("coordinatorprofile", "referralsource"):
        response = client.get(f"/admin/snippets/matching/{model}/")
        assert response.status_code in (302, 403), model


def test_administrators_manage_who_covers_which_areas_in_the_admin(client):
    from tests.matching.factories import UserFactory

    admin = UserFactory(username="admin", is_staff=True, is_superuser=True)
    login_verified(client, admin)
    assert client.get("/admin/snippets/matching/coordinatorprofile/").status_code == 200
    assert "紹介元" in client.get("/admin/snippets/matching/referralsource/").content.decode()
