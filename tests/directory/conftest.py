import pytest
from django.core.management import call_command
from django.db import transaction

from tests.factories import login_verified


@pytest.fixture(scope="class")
def demo_data(django_db_setup, django_db_blocker):
    """The demo listings, loaded once for the class that uses them; each test's own transaction
    nests inside this one, which is rolled back after the class."""
    with django_db_blocker.unblock(), transaction.atomic():
        call_command("load_demo_data", verbosity=0)
        yield
        transaction.set_rollback(True)


@pytest.fixture
def editor(client, django_user_model):
    """A client signed in as an administrator (all permissions) with a verified second factor."""
    user = django_user_model.objects.create_superuser(
        "editor", "editor@example.jp", "a-long-password-1"
    )
    login_verified(client, user)
    return client
