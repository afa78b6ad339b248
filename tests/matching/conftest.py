"""Personas for the coordinator workspace.

- ``coordinator_omori`` covers the 大森 region (6 areas), ``coordinator_kamata`` the 蒲田 region;
- ``supervisor`` sees every area;
- ``editor`` is CMS staff with Wagtail admin access but no workspace role;
- ``group_member`` belongs to a community group (portal user) and has no workspace role;
- ``anonymous`` is nobody.
"""

import datetime as dt

import pytest
import time_machine
from django.contrib.auth.models import Group, Permission

from directory.models import Region
from matching.models import Role
from matching.services import Actor, coordinator_assign
from tests.matching.factories import UserFactory

# A Friday in fiscal year 2026, after the clients' referral dates used in the tests.
NOW = dt.datetime(2026, 11, 27, 10, 0, tzinfo=dt.timezone(dt.timedelta(hours=9)))
TODAY = NOW.date()


@pytest.fixture(autouse=True)
def frozen_time():
    with time_machine.travel(NOW, tick=False) as traveller:
        yield traveller


@pytest.fixture
def coordinator_omori(db):
    user = UserFactory(username="coord_omori")
    coordinator_assign(user=user, regions=[Region.objects.get(slug="omori")])
    return user


@pytest.fixture
def coordinator_kamata(db):
    user = UserFactory(username="coord_kamata")
    coordinator_assign(user=user, regions=[Region.objects.get(slug="kamata")])
    return user


@pytest.fixture
def supervisor(db):
    user = UserFactory(username="supervisor")
    coordinator_assign(user=user, role=Role.SUPERVISOR)
    return user


@pytest.fixture
def editor(db):
    user = UserFactory(username="editor", is_staff=True)
    group, _ = Group.objects.get_or_create(name="Editors")
    group.permissions.add(Permission.objects.get(codename="access_admin"))
    user.groups.add(group)
    return user


@pytest.fixture
def group_member(db):
    user = UserFactory(username="group_member")
    group, _ = Group.objects.get_or_create(name="団体メンバー（架空の会）")
    user.groups.add(group)
    return user


@pytest.fixture
def anonymous():
    return None


@pytest.fixture
def omori(coordinator_omori):
    return Actor(user=coordinator_omori, ip_address="192.0.2.10")


@pytest.fixture
def kamata(coordinator_kamata):
    return Actor(user=coordinator_kamata, ip_address="192.0.2.20")


@pytest.fixture
def boss(supervisor):
    return Actor(user=supervisor, ip_address="192.0.2.30")
