"""The admin's bulk import page, used from the outside as ward staff would."""

from __future__ import annotations

import io

import pytest
from django.contrib.auth.models import Group, Permission
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import load_workbook

from directory.models import Resource
from tests.directory.test_importing import csv_bytes, row
from tests.factories import login_verified

pytestmark = pytest.mark.django_db

URL = "/admin/directory/import/"


def staff(django_user_model, username: str, *codenames: str):
    user = django_user_model.objects.create_user(username, password="a-long-password-1")
    group = Group.objects.create(name=f"{username}-group")
    group.permissions.add(
        Permission.objects.get(codename="access_admin"),
        *Permission.objects.filter(content_type__app_label="directory", codename__in=codenames),
    )
    user.groups.add(group)
    return user


@pytest.fixture
def clerk(client, django_user_model):
    """May add and change listings, not publish them."""
    login_verified(client, staff(django_user_model, "clerk", "add_resource", "change_resource"))
    return client


@pytest.fixture
def publisher(client, django_user_model):
    user = staff(
        django_user_model, "publisher", "add_resource", "change_resource", "publish_resource"
    )
    login_verified(client, user)
    return client


@pytest.fixture
def viewer(client, django_user_model):
    """Can open the admin but not add listings."""
    login_verified(client, staff(django_user_model, "viewer"))
    return client


def upload(client, rows, action="check", publish=False, name="listings.csv"):
    data = {"file": SimpleUploadedFile(name, csv_bytes(rows)), "action": action}
    if publish:
        data["publish"] = "on"
    return client.post(URL, data)


def test_anonymous_users_are_sent_to_log_in(client):
    response = client.get(URL)
    assert response.status_code == 302 and "/admin/login/" in response["Location"]
    response = client.get(f"{URL}template.csv")
    assert response.status_code == 302 and "/admin/login/" in response["Location"]


def test_staff_without_the_add_permission_are_turned_away(viewer):
    for url in (URL, f"{URL}template.csv", f"{URL}template.xlsx"):
        response = viewer.get(url)
        assert response.status_code == 302
        assert response["Location"] == reverse("wagtailadmin_home")
    assert (
        "/admin/directory/import/" not in viewer.get(reverse("wagtailadmin_home")).content.decode()
    )
    assert upload(viewer, [row(1)], action="import").status_code == 302
    assert not Resource.objects.exists()


def test_the_page_is_in_the_menu_and_offers_the_templates(clerk):
    html = clerk.get(reverse("wagtailadmin_home")).content.decode()
    assert '"url": "/admin/directory/import/"' in html  # the sidebar menu's data
    response = clerk.get(URL)
    assert response.status_code == 200
    html = response.content.decode()
    assert "template.xlsx" in html and "template.csv" in html
    assert 'name="publish"' not in html  # a clerk cannot publish

    response = clerk.get(f"{URL}template.csv")
    assert response["Content-Disposition"] == 'attachment; filename="resources_template.csv"'
    assert response.content.startswith(b"\xef\xbb\xbf\xe5\xa4\x96\xe9\x83\xa8ID")  # BOM + 外部ID
    response = clerk.get(f"{URL}template.xlsx")
    sheet = load_workbook(io.BytesIO(response.content)).worksheets[0]
    assert sheet["A1"].value == "外部ID" and sheet.max_row == 2


def test_checking_a_file_shows_what_would_happen_and_writes_nothing(clerk):
    response = upload(clerk, [row(1), row(2)])
    html = response.content.decode()
    assert response.status_code == 200
    assert "確認の結果（まだ書き込んでいません）" in html
    assert "新規 2 件" in html
    assert not Resource.objects.exists()


def test_importing_creates_drafts_that_the_clerk_cannot_publish(clerk):
    response = upload(clerk, [row(1), row(2)], action="import", publish=True)
    html = response.content.decode()
    assert "取り込みました" in html and "新規 2 件" in html
    assert Resource.objects.count() == 2
    assert not Resource.objects.filter(live=True).exists()  # the publish field was not offered


def test_a_publisher_can_import_and_publish(publisher):
    assert 'name="publish"' in publisher.get(URL).content.decode()
    upload(publisher, [row(1)], action="import", publish=True)
    assert Resource.objects.public().count() == 1


def test_a_file_with_errors_lists_them_and_imports_nothing(clerk):
    response = upload(clerk, [row(1), row(2, 緯度="35.900000"), row(3, 種類="カフェ")], "import")
    html = response.content.decode()
    assert "誤りがあります（何も取り込んでいません）" in html
    assert "3行目「緯度」" in html and "4行目「種類」" in html
    assert not Resource.objects.exists()


def test_a_file_that_is_not_a_spreadsheet_is_refused_politely(clerk):
    response = clerk.post(
        URL, {"file": SimpleUploadedFile("notes.txt", b"hello"), "action": "import"}
    )
    assert response.status_code == 200
    assert "CSV（.csv）か Excel（.xlsx）のファイルを選んでください。" in response.content.decode()
    response = upload(clerk, [row(1)], name="broken.xlsx")
    assert "Excel ファイル（.xlsx）として読み取れません。" in response.content.decode()
