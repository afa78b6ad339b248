"""Staff invite people by email; the one-time link sets a password and makes them members."""

import datetime as dt
import re

import pytest
import time_machine
from django.core import mail
from django.urls import reverse

from directory.models import Invitation, Membership
from directory.portal import services
from tests.factories import login_verified

pytestmark = pytest.mark.django_db


def invite(reviewer, organization, email="carol@example.jp"):
    invitation = services.invitation_create(
        organization=organization, email=email, invited_by=reviewer
    )
    link = re.search(r"http\S+/portal/invitations/(\S+)/", mail.outbox[-1].body)
    return invitation, link.group(1)


def test_staff_invite_from_the_admin_and_only_a_hash_of_the_token_is_stored(
    client, reviewer, org_a
):
    login_verified(client, reviewer)
    response = client.post(
        reverse("wagtailsnippets_directory_invitation:add"),
        {"organization": org_a.pk, "email": "carol@example.jp"},
    )
    assert response.status_code == 302
    invitation = Invitation.objects.get()
    token = re.search(r"/portal/invitations/(\S+)/", mail.outbox[0].body).group(1)
    assert token not in invitation.token_hash and len(invitation.token_hash) == 64
    assert mail.outbox[0].to == ["carol@example.jp"]


def test_the_invited_person_sets_a_password_and_is_logged_in(client, reviewer, org_a):
    _, token = invite(reviewer, org_a)
    url = reverse("portal:invitation_accept", args=[token])
    weak = client.post(url, {"password1": "12345", "password2": "12345"})
    assert weak.status_code == 400 and "短すぎ" in weak.content.decode()
    response = client.post(url, {"password1": PASSWORD2, "password2": PASSWORD2})
    assert response.status_code == 302
    membership = Membership.objects.get()
    assert membership.organization == org_a and membership.user.email == "carol@example.jp"
    assert client.get(reverse("portal:dashboard")).status_code == 200
    # One time only.
    client.logout()
    assert client.get(url).status_code == 404


PASSWORD2 = "kaede-no-ki-2026"


def test_an_invitation_expires(client, reviewer, org_a, settings):
    _, token = invite(reviewer, org_a)
    with time_machine.travel(dt.datetime(2026, 12, 5, tzinfo=dt.UTC)):
        response = client.get(reverse("portal:invitation_accept", args=[token]))
    assert response.status_code == 404


def test_one_person_may_belong_to_several_organisations(client, alice, reviewer, org_b):
    _, token = invite(reviewer, org_b, email=alice.email)
    client.force_login(alice)
    response = client.post(reverse("portal:invitation_accept", args=[token]))
    assert response.status_code == 302
    assert set(alice.portal_memberships.values_list("organization__name", flat=True)) == {
        "架空の会A",
        "架空の会B",
    }


def test_staff_remove_a_member(client, alice, reviewer, listing_a):
    membership = Membership.objects.get(user=alice)
    login_verified(client, reviewer)
    response = client.post(
        reverse("wagtailsnippets_directory_membership:delete", args=[membership.pk])
    )
    assert response.status_code == 302
    assert not Membership.objects.exists()
    client.force_login(alice)
    assert client.get(reverse("portal:resource_detail", args=[listing_a.pk])).status_code == 404


def test_staff_see_invitations_and_members_in_the_admin(client, alice, reviewer, org_a):
    invite(reviewer, org_a)
    login_verified(client, reviewer)
    invitations = client.get(reverse("wagtailsnippets_directory_invitation:list"))
    assert "carol@example.jp" in invitations.content.decode()
    assert "未登録" in invitations.content.decode()
    members = client.get(reverse("wagtailsnippets_directory_membership:list"))
    assert "alice" in members.content.decode()
