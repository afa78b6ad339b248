"""「つながりたい」: a resident's request becomes an intake for the area's coordinators only —
encrypted, audited, rate-limited, never shown back, kept only as long as the retention allows."""

import datetime as dt
from io import StringIO

import pytest
import time_machine
from django.core.cache import cache
from django.core.management import call_command
from django.db import connection
from django.test import Client as Browser
from django.urls import reverse

from matching.fields import PREFIX
from matching.models import (
    AuditAction,
    AuditEntry,
    AuditObjectType,
    Client,
    ClientStatus,
    Intake,
    IntakeStatus,
)
from matching.public_forms import consent_text
from tests.factories import ResourceFactory, login_verified
from tests.matching.conftest import NOW
from tests.matching.factories import area

pytestmark = pytest.mark.django_db

NAME = "架空 花子"
PHONE = "03-0000-7777"
WISHES = "母が家にこもりがちで、近くで人と話せる場所をさがしています。"


@pytest.fixture(autouse=True)
def _fresh_rate_limits():
    cache.clear()
    yield
    cache.clear()


def request_data(**overrides) -> dict:
    data = {
        "requester": "family",
        "area": area("omori-nishi").pk,
        "wishes": WISHES,
        "name": NAME,
        "contact_method": "phone",
        "contact": PHONE,
        "contact_time": "平日の午後",
        "on_behalf_consent": "on",
        "consent": "on",
        "website": "",
    }
    data.update(overrides)
    return data


def send(client, **overrides):
    return client.post(reverse("connect:request"), request_data(**overrides))


def raw(column: str, pk: int) -> str:
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {column} FROM matching_intake WHERE id = %s", [pk])  # noqa: S608
        return cursor.fetchone()[0]


def test_anyone_can_open_the_form_with_its_consent_text_and_the_area_chosen(client):
    response = client.get(reverse("connect:request"), {"area": "haneda"})
    html = response.content.decode()
    assert response.status_code == 200
    assert consent_text() in html
    assert f'<option value="{area("haneda").pk}" selected>' in html
    assert '<meta name="description" content="大田区の地域福祉コーディネーターに' in html
    assert "no-store" in response["Cache-Control"] or "no-cache" in response["Cache-Control"]


def test_the_form_is_never_kept_so_each_visitor_gets_their_own_token():
    tokens = set()
    for _ in range(2):
        response = Browser().get(reverse("connect:request"))
        assert "X-Page-Cache" not in response
        tokens.add(response.content.decode().split('name="csrfmiddlewaretoken" value="')[1][:20])
    assert len(tokens) == 2


def test_a_family_member_sends_a_request_and_is_told_who_will_call_and_when(client):
    response = send(client)
    assert response.status_code == 302 and response["Location"] == reverse("connect:done")
    intake = Intake.objects.get()
    assert (intake.area, intake.requester, intake.status) == (
        area("omori-nishi"),
        "family",
        IntakeStatus.NEW,
    )
    assert (intake.name, intake.contact, intake.wishes) == (NAME, PHONE, WISHES)
    assert intake.consent_text == consent_text() and intake.on_behalf_consent

    done = client.get(reverse("connect:done")).content.decode()
    assert "受け付けました" in done
    assert "大森地域の地域福祉コーディネーター（大森西エリアの担当）から、3日以内" in done
    assert "電話でご連絡します" in done
    for personal in (NAME, PHONE, WISHES, "平日の午後"):
        assert personal not in done
    # The confirmation is shown once; a reload goes back to the form.
    assert client.get(reverse("connect:done"))["Location"] == reverse("connect:request")


def test_the_request_is_encrypted_at_rest_and_its_arrival_audited_without_the_sender():
    send(Browser(REMOTE_ADDR="198.51.100.7"))
    intake = Intake.objects.get()
    for column, plain in [("name", NAME), ("contact", PHONE), ("wishes", WISHES)]:
        stored = raw(column, intake.pk)
        assert stored.startswith(PREFIX) and plain not in stored, column
    entry = AuditEntry.objects.get(object_type=AuditObjectType.INTAKE)
    assert (entry.action, entry.object_id, entry.ip_address) == (
        AuditAction.CREATE,
        str(intake.pk),
        None,
    )
    assert entry.user.username == "system-public-form" and not entry.user.is_active
    assert NAME not in entry.detail and "omori" not in entry.detail


@pytest.mark.parametrize(
    "overrides, message",
    [
        ({"consent": ""}, "同意の欄にチェックを入れてください"),
        ({"area": ""}, "エリアを選んでください"),
        ({"wishes": ""}, "相談したいことを書いてください"),
        ({"contact": "0300"}, "電話番号は 03-1234-5678 のように"),
        ({"contact_method": "email", "contact": "hanako@"}, "メールアドレスの形が正しくありません"),
        ({"on_behalf_consent": ""}, "ご本人の了解を得てから"),
        ({"wishes": "あ" * 1001}, "1000"),
    ],
)
def test_bad_input_gets_a_japanese_message_and_nothing_is_saved(client, overrides, message):
    response = send(client, **overrides)
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not Intake.objects.exists() and not AuditEntry.objects.exists()


def test_a_person_asking_for_themselves_needs_no_on_behalf_tick_and_may_use_email(client):
    send(
        client,
        requester="self",
        on_behalf_consent="",
        contact_method="email",
        contact="hanako@example.jp",
    )
    assert Intake.objects.get().contact == "hanako@example.jp"


def test_a_bot_filling_the_hidden_field_is_told_nothing_and_nothing_is_saved(client):
    response = send(client, website="http://spam.example/")
    assert response.status_code == 302
    assert not Intake.objects.exists()


def test_one_address_may_send_only_a_few_requests_an_hour(client, settings):
    settings.INTAKE_RATE_LIMIT = 2
    assert send(client).status_code == 302
    assert send(client).status_code == 302
    third = send(client)
    assert third.status_code == 400
    assert "短い時間に多くの申込が送られました" in third.content.decode()
    assert Intake.objects.count() == 2
    with time_machine.travel(NOW + dt.timedelta(hours=2)):
        assert send(client).status_code == 302


def test_only_the_areas_coordinators_see_the_intake(client, coordinator_omori, coordinator_kamata):
    send(client)
    intake = Intake.objects.get()
    detail = reverse("matching:intake_detail", args=[intake.pk])

    login_verified(client, coordinator_kamata)
    assert NAME not in client.get(reverse("matching:intake_list")).content.decode()
    assert client.get(detail).status_code == 404

    login_verified(client, coordinator_omori)
    listing = client.get(reverse("matching:intake_list")).content.decode()
    assert f"受付 {intake.pk}" in listing and "家族" in listing
    assert NAME not in listing  # the list holds no personal text
    page = client.get(detail).content.decode()
    assert NAME in page and PHONE in page and WISHES in page
    assert AuditEntry.objects.filter(
        user=coordinator_omori, action=AuditAction.VIEW, object_type=AuditObjectType.INTAKE
    ).exists()


def test_the_workspace_menu_counts_open_intakes(client, coordinator_omori):
    send(client)
    send(client, area=area("haneda").pk)
    login_verified(client, coordinator_omori)
    html = client.get(reverse("matching:dashboard")).content.decode()
    assert '受付<span class="badge-count">1<' in html


def test_anonymous_visitors_are_sent_to_the_login_page(client):
    send(client)
    intake = Intake.objects.get()
    for url in (
        reverse("matching:intake_list"),
        reverse("matching:intake_detail", args=[intake.pk]),
        reverse("matching:intake_convert", args=[intake.pk]),
    ):
        assert reverse("matching:login") in client.get(url)["Location"]


def test_a_coordinator_records_the_call_and_closes_the_intake(client, coordinator_omori):
    send(client)
    intake = Intake.objects.get()
    login_verified(client, coordinator_omori)
    url = reverse("matching:intake_detail", args=[intake.pk])
    response = client.post(url, {"status": "closed", "note": "電話で地域包括支援センターを案内"})
    assert response.status_code == 302
    intake.refresh_from_db()
    assert (intake.status, intake.closed_on, intake.handled_by) == (
        IntakeStatus.CLOSED,
        NOW.date(),
        coordinator_omori,
    )
    assert raw("note", intake.pk).startswith(PREFIX)
    assert AuditEntry.objects.filter(action=AuditAction.UPDATE, detail="status=closed").exists()
    bad = client.post(url, {"status": "converted", "note": ""})
    assert bad.status_code == 400
    intake.refresh_from_db()
    assert intake.status == IntakeStatus.CLOSED


def test_an_intake_becomes_a_client_that_keeps_where_it_came_from(client, coordinator_omori):
    send(client, requester="minsei")
    intake = Intake.objects.get()
    login_verified(client, coordinator_omori)
    url = reverse("matching:intake_convert", args=[intake.pk])
    form = client.get(url).context["form"]
    assert form.initial["area"] == area("omori-nishi") and form.initial["wishes"] == WISHES
    assert form.initial["referral_source"].slug == "minsei-iin"

    response = client.post(
        url,
        {
            "area": area("omori-nishi").pk,
            "age_band": "80plus",
            "wishes": WISHES,
            "referral_source": form.initial["referral_source"].pk,
            "referred_on": "2026-11-27",
            "coordinator": coordinator_omori.pk,
        },
    )
    new = Client.objects.get()
    assert response["Location"] == reverse("matching:client_detail", args=[new.case_code])
    intake.refresh_from_db()
    assert (intake.client, intake.status) == (new, IntakeStatus.CONVERTED)
    page = client.get(response["Location"]).content.decode()
    assert f'href="{reverse("matching:intake_detail", args=[intake.pk])}"' in page
    assert NAME not in page  # the client record stays pseudonymous
    # Only once.
    assert client.get(url)["Location"] == response["Location"]
    assert client.post(url, {"area": area("omori-nishi").pk}).status_code == 200
    assert Client.objects.count() == 1


def test_retention_clears_old_requests_that_never_became_a_client(client, supervisor, settings):
    settings.MATCHING_INTAKE_RETENTION_DAYS = 30
    with time_machine.travel(NOW - dt.timedelta(days=40)):
        send(client)
        send(client, area=area("haneda").pk)
    send(client, area=area("kamata-nishi").pk)
    old, converted, recent = Intake.objects.order_by("pk")
    converted_client = Client.objects.create(
        case_code="OTA-2026-9999",
        area=converted.area,
        referral_source_id=1,
        referred_on=NOW.date(),
        created_by=supervisor,
    )
    Intake.objects.filter(pk=converted.pk).update(
        client=converted_client, status=IntakeStatus.CONVERTED
    )

    out = StringIO()
    call_command("apply_retention", stdout=out)
    assert "受付 1 件" in out.getvalue()
    old.refresh_from_db()
    assert (old.name, old.contact, old.contact_time, old.wishes) == ("", "", "", "")
    assert old.anonymised_on == NOW.date() and old.area == area("omori-nishi")
    for kept in (converted, recent):
        kept.refresh_from_db()
        assert kept.name == NAME and kept.anonymised_on is None
    assert (
        AuditEntry.objects.filter(
            action=AuditAction.ANONYMISE, object_type=AuditObjectType.INTAKE
        ).count()
        == 1
    )

    # A converted request goes with its client when the client is anonymised.
    Client.objects.filter(pk=converted_client.pk).update(
        status=ClientStatus.CLOSED, closed_on=dt.date(2019, 1, 1)
    )
    call_command("apply_retention", stdout=StringIO())
    converted.refresh_from_db()
    assert converted.name == "" and converted.anonymised_on == NOW.date()


def test_nothing_of_a_request_reaches_public_pages_or_open_data(client, directory_page):
    ResourceFactory(name="ふれあいサロン")
    send(client)
    for url in (
        "/",
        directory_page.url,
        f"{directory_page.url}area/omori-nishi/",
        reverse("consultation"),
        "/api/open-data/resources.csv",
        "/api/hsds/services/",
    ):
        response = client.get(url)
        raw_body = b"".join(response.streaming_content) if response.streaming else response.content
        body = raw_body.decode()
        assert response.status_code == 200, url
        for personal in (NAME, PHONE, WISHES):
            assert personal not in body, (url, personal)


def test_public_pages_lead_to_the_request_form(client, directory_page):
    area_page = client.get(f"{directory_page.url}area/omori-nishi/").content.decode()
    assert f'href="{reverse("connect:request")}?area=omori-nishi"' in area_page
    empty = client.get(directory_page.url, {"q": "ないものねだり"}).content.decode()
    assert f'href="{reverse("connect:request")}"' in empty
    assert (
        f'href="{reverse("connect:request")}"'
        in client.get(reverse("consultation")).content.decode()
    )
