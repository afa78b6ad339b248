"""A member who forgot their password gets a one-time link by e-mail; the page says the same
whether or not the address is registered, and staff accounts are not reset from the portal."""

import re

import pytest
from django.core import mail
from django.urls import reverse

pytestmark = pytest.mark.django_db

NEW_PASSWORD = "another-long-password-9"


def ask_for_a_link(client, email):
    return client.post(reverse("portal:password_reset"), {"email": email})


def test_a_member_resets_their_password_with_the_link_once(client, alice):
    assert "パスワードを忘れたとき" in client.get(reverse("portal:login")).content.decode()
    response = ask_for_a_link(client, "alice@example.jp")
    assert response.status_code == 302
    assert response.url == reverse("portal:password_reset_done")
    (email,) = mail.outbox
    assert email.to == ["alice@example.jp"] and "パスワードの再設定" in email.subject
    path = re.search(r"https?://[^/\s]+(/portal/password-reset/\S+/)", email.body).group(1)
    form_page = client.get(path, follow=True)
    assert "新しいパスワードを決める" in form_page.content.decode()
    set_url = form_page.redirect_chain[-1][0] if form_page.redirect_chain else path
    response = client.post(set_url, {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD})
    assert response.url == reverse("portal:password_reset_complete")
    alice.refresh_from_db()
    assert alice.check_password(NEW_PASSWORD)
    # The link is spent.
    client.logout()
    assert "このリンクは使えません" in client.get(path, follow=True).content.decode()


def test_the_answer_is_the_same_for_unknown_addresses_and_nothing_is_sent(client, alice):
    known = ask_for_a_link(client, "alice@example.jp")
    mail.outbox.clear()
    unknown = ask_for_a_link(client, "nobody@example.jp")
    assert (unknown.status_code, unknown.url) == (known.status_code, known.url)
    assert mail.outbox == []


def test_staff_and_non_members_get_no_link_from_the_portal(client, reviewer, django_user_model):
    django_user_model.objects.create_user("someone", "someone@example.jp", "a-long-password-1")
    ask_for_a_link(client, "reviewer@example.jp")
    ask_for_a_link(client, "someone@example.jp")
    assert mail.outbox == []


def test_a_weak_or_mismatched_new_password_is_refused_in_japanese(client, alice):
    ask_for_a_link(client, "alice@example.jp")
    path = re.search(r"https?://[^/\s]+(/portal/password-reset/\S+/)", mail.outbox[0].body).group(1)
    set_url = client.get(path, follow=True).redirect_chain[-1][0]
    response = client.post(set_url, {"new_password1": "short", "new_password2": "other"})
    assert response.status_code == 200
    assert 'role="alert"' in response.content.decode()
    alice.refresh_from_db()
    assert alice.check_password("a-long-password-1")
