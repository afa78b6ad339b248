"""Factories for tests: a valid, published listing by default."""

import datetime as dt
from decimal import Decimal

import factory

from directory.models import Area, Frequency, Organization, Resource, ScheduleRule


def area(slug: str = "omori-nishi") -> Area:
    return Area.objects.get(slug=slug)


class OrganizationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organization

    name = factory.Sequence(lambda n: f"架空の会{n}")
    name_kana = factory.Sequence(lambda n: f"かくうのかい{n}")


class ResourceFactory(factory.django.DjangoModelFactory):
    """A live, exact-location, free 居場所 in 大森西 unless told otherwise."""

    class Meta:
        model = Resource
        skip_postgeneration_save = True

    name = factory.Sequence(lambda n: f"ふれあいの場{n}")
    name_kana = factory.Sequence(lambda n: f"ふれあいのば{n}")
    summary = "だれでも気軽に立ち寄れる場所です。"
    area = factory.LazyFunction(area)
    address = "東京都大田区大森西2-16-2"
    latitude = Decimal("35.576557")
    longitude = Decimal("139.730251")
    is_free = True
    organization = factory.SubFactory(OrganizationFactory)
    live = True
    confirmed_on = factory.LazyFunction(lambda: dt.date(2026, 11, 1))

    # ParentalManyToManyField keeps its values in memory until the listing is saved again.
    @factory.post_generation
    def categories(self, create, extracted, **kwargs):
        if create and extracted:
            self.categories.set(extracted)
            self.save()

    @factory.post_generation
    def audiences(self, create, extracted, **kwargs):
        if create and extracted:
            self.audiences.set(extracted)
            self.save()


class ScheduleRuleFactory(factory.django.DjangoModelFactory):
    """毎週水曜 13:30〜15:30 unless told otherwise."""

    class Meta:
        model = ScheduleRule

    resource = factory.SubFactory(ResourceFactory)
    frequency = Frequency.WEEKLY
    weekdays = [2]
    start_time = dt.time(13, 30)
    end_time = dt.time(15, 30)
    closed_over_new_year = False


def totp_device(user):
    """The user's confirmed authenticator app (two-factor authentication), made if missing."""
    from django_otp.plugins.otp_totp.models import TOTPDevice

    device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
    return device or TOTPDevice.objects.create(user=user, name="認証アプリ", confirmed=True)


def totp_code(device) -> str:
    """The code the person's app shows now — or, if that one was already used (django-otp
    refuses a code twice), the next one, which the device's tolerance still accepts. When even
    that one is used (several sign-ins within one 30-second step), wait for the next step, as a
    person would, instead of typing a code the server must refuse."""
    import time

    from django_otp.oath import TOTP

    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    unused = device.last_t + 1
    accepted_until = totp.t() + device.tolerance
    if unused > accepted_until:
        next_step = (unused - device.tolerance - device.drift) * device.step + device.t0
        time.sleep(max(0.0, next_step - time.time()) + 0.05)
    totp.time = max(time.time(), unused * device.step + device.t0)
    return f"{totp.token():0{device.digits}d}"


def login_verified(client, user) -> None:
    """``client.force_login`` plus a session a second factor has verified, as after the code
    page: what staff and coordinators need to get past TwoFactorMiddleware."""
    from django_otp import DEVICE_ID_SESSION_KEY

    client.force_login(user)
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = totp_device(user).persistent_id
    session.save()
