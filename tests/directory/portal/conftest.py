"""Personas for the group portal.

- ``alice`` is a member of 架空の会A (``org_a``), which runs ``listing_a``;
- ``bob`` is a member of 架空の会B (``org_b``), which runs ``listing_b``;
- ``reviewer`` is staff in the 地域資源の審査担当 group (created by migration 0008);
- ``proxy`` is a coordinator-like user with only ``directory.confirm_on_behalf``.
"""

import datetime as dt

import pytest
import time_machine
from django.contrib.auth.models import Group, Permission

from directory.models import Membership, ProblemReport
from directory.portal.moderation import REVIEWER_GROUP_NAME
from tests.factories import OrganizationFactory, ResourceFactory, ScheduleRuleFactory

NOW = dt.datetime(2026, 11, 27, 10, 0, tzinfo=dt.timezone(dt.timedelta(hours=9)))
PASSWORD = "a-long-password-1"


@pytest.fixture(autouse=True)
def frozen_time():
    with time_machine.travel(NOW, tick=False) as traveller:
        yield traveller


@pytest.fixture
def org_a(db):
    return OrganizationFactory(name="架空の会A")


@pytest.fixture
def org_b(db):
    return OrganizationFactory(name="架空の会B")


@pytest.fixture
def listing_a(org_a):
    resource = ResourceFactory(name="水曜サロンA", organization=org_a, phone="03-0000-0001")
    ScheduleRuleFactory(resource=resource)
    return resource


@pytest.fixture
def listing_b(org_b):
    resource = ResourceFactory(name="金曜サロンB", organization=org_b)
    ScheduleRuleFactory(resource=resource, weekdays=[4])
    return resource


@pytest.fixture
def report_a(listing_a):
    return ProblemReport.objects.create(
        resource=listing_a, kind="outdated", comment="開始時刻が違うようです"
    )


def make_user(django_user_model, username, **extra):
    return django_user_model.objects.create_user(
        username, f"{username}@example.jp", PASSWORD, **extra
    )


@pytest.fixture
def alice(django_user_model, org_a):
    user = make_user(django_user_model, "alice")
    Membership.objects.create(user=user, organization=org_a)
    return user


@pytest.fixture
def bob(django_user_model, org_b):
    user = make_user(django_user_model, "bob")
    Membership.objects.create(user=user, organization=org_b)
    return user


@pytest.fixture
def reviewer(django_user_model):
    user = make_user(django_user_model, "reviewer", is_staff=True)
    user.groups.add(Group.objects.get(name=REVIEWER_GROUP_NAME))
    return user


@pytest.fixture
def proxy(django_user_model):
    user = make_user(django_user_model, "proxy")
    user.user_permissions.add(Permission.objects.get(codename="confirm_on_behalf"))
    return user


def rule_form(**overrides):
    rule = {
        "frequency": "weekly",
        "weekdays": ["2"],
        "start_time": "13:30",
        "end_time": "15:30",
        "closed_over_new_year": "on",
    }
    rule.update(overrides)
    return rule


def portal_form(resource=None, rules=None, exceptions=None, **fields):
    """POST data for the portal's edit form (management forms included)."""
    rules = [rule_form()] if rules is None else rules
    exceptions = exceptions or []
    data = {
        "status": "active",
        "alert": "",
        "capacity": "",
        "phone": "03-0000-0001",
        "email": "",
        "website": "",
        "description_text": "",
        "schedule_rules-TOTAL_FORMS": str(len(rules)),
        "schedule_rules-INITIAL_FORMS": "0",
        "schedule_rules-MIN_NUM_FORMS": "0",
        "schedule_rules-MAX_NUM_FORMS": "1000",
        "schedule_exceptions-TOTAL_FORMS": str(len(exceptions)),
        "schedule_exceptions-INITIAL_FORMS": "0",
        "schedule_exceptions-MIN_NUM_FORMS": "0",
        "schedule_exceptions-MAX_NUM_FORMS": "1000",
    }
    if resource is not None:
        # Replace the existing rules: mark them deleted.
        existing = list(resource.schedule_rules.all())
        data["schedule_rules-TOTAL_FORMS"] = str(len(existing) + len(rules))
        data["schedule_rules-INITIAL_FORMS"] = str(len(existing))
        for i, old in enumerate(existing):
            data[f"schedule_rules-{i}-id"] = str(old.pk)
            data[f"schedule_rules-{i}-frequency"] = old.frequency
            data[f"schedule_rules-{i}-DELETE"] = "on"
        offset = len(existing)
    else:
        offset = 0
    for i, rule in enumerate(rules, start=offset):
        for key, value in rule.items():
            data[f"schedule_rules-{i}-{key}"] = value
    for i, exception in enumerate(exceptions):
        for key, value in exception.items():
            data[f"schedule_exceptions-{i}-{key}"] = value
    data.update(fields)
    return data
