import pytest

from tests.factories import login_verified


@pytest.fixture
def editor(client, django_user_model):
    """A client signed in as an administrator (all permissions) with a verified second factor."""
    user = django_user_model.objects.create_superuser(
        "editor", "editor@example.jp", "a-long-password-1"
    )
    login_verified(client, user)
    return client
