"""The demo command: fictional workspace data so that every screen shows something."""

import io

import pytest
from django.core.management import CommandError, call_command
from django_otp.plugins.otp_totp.models import TOTPDevice

from demo.matching import DEMO_USERS
from directory.models import Area, Category, Kind
from matching.models import Client, FollowUp, GapStatus, Placement, ResourceGap, Stage
from tests.factories import ResourceFactory, ScheduleRuleFactory

pytestmark = pytest.mark.django_db
DEMO_USERNAMES = [name for name, _, _ in DEMO_USERS]


@pytest.fixture
def listings():
    """A few published listings in every area, standing in for load_demo_data."""
    cats = list(Category.objects.all())
    for i, area in enumerate(Area.objects.all()):
        for k, kind in enumerate(Kind.values):
            ScheduleRuleFactory(
                resource=ResourceFactory(
                    area=area,
                    kind=kind,
                    categories=[cats[(i + k) % len(cats)]],
                    latitude=None,
                    longitude=None,
                    address="",
                    location_privacy="approximate",
                )
            )


def run():
    out = io.StringIO()
    call_command("load_demo_matching", stdout=out)
    return out.getvalue()


def test_it_refuses_to_run_outside_development(settings, listings):
    settings.DEBUG = False
    with pytest.raises(CommandError, match="DEBUG=True"):
        run()
    assert not Client.objects.exists()


def test_it_needs_the_directory_demo_data_first(settings):
    settings.DEBUG = True
    with pytest.raises(CommandError, match="load_demo_data"):
        run()


def test_it_fills_every_screen_once_and_prints_the_demo_login(settings, listings):
    settings.DEBUG = True
    output = run()
    assert "coord_omori" in output and "tsunagari-coord-2026" in output
    # Every demo coordinator can get past two-factor authentication with `make demo-code`.
    assert TOTPDevice.objects.filter(
        confirmed=True, user__username__in=DEMO_USERNAMES
    ).count() == len(DEMO_USERNAMES)
    stages = set(Placement.objects.values_list("stage", flat=True))
    assert stages == set(Stage.values)
    assert set(Client.objects.values_list("status", flat=True)) == {"active", "withdrawn", "closed"}
    assert set(ResourceGap.objects.values_list("status", flat=True)) == set(GapStatus.values)
    assert FollowUp.objects.filter(done_on__isnull=True, cancelled=False).exists()
    assert FollowUp.objects.filter(outcome="continuing", offset_days=91).exists()
    assert {c.area.region.slug for c in Client.objects.select_related("area__region")} == {
        "omori",
        "chofu",
        "kamata",
        "kojiya-haneda",
    }
    counts = (Client.objects.count(), Placement.objects.count(), ResourceGap.objects.count())
    again = run()
    assert "作成済み" in again and "coord_omori" in again
    assert (
        Client.objects.count(),
        Placement.objects.count(),
        ResourceGap.objects.count(),
    ) == counts
