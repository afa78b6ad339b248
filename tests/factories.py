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
