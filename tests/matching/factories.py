"""Factories for the matching tests: fictional clients with consent, in 大森西 by default."""

import datetime as dt

import factory

from directory.models import Area
from matching.models import (
    Client,
    ConsentMethod,
    ConsentScope,
    FollowUp,
    Placement,
    ReferralSource,
    ResourceGap,
)
from tests.factories import ResourceFactory


def area(slug: str = "omori-nishi") -> Area:
    return Area.objects.get(slug=slug)


class ClientFactory(factory.django.DjangoModelFactory):
    """An active client with consent, referred on 2026-10-01, in 大森西 unless told otherwise."""

    class Meta:
        model = Client
        skip_postgeneration_save = True

    case_code = factory.Sequence(lambda n: f"OTA-2026-{9000 + n:04d}")
    area = factory.LazyFunction(area)
    referral_source = factory.LazyFunction(lambda: ReferralSource.objects.get(slug="minsei-iin"))
    referred_on = dt.date(2026, 10, 1)
    consent_given_on = dt.date(2026, 10, 1)
    consent_scope = ConsentScope.HOST
    consent_method = ConsentMethod.WRITTEN
    created_by = factory.SubFactory("tests.matching.factories.UserFactory")

    @factory.post_generation
    def interests(self, create, extracted, **kwargs):
        if create and extracted:
            self.interests.set(extracted)

    @factory.post_generation
    def audiences(self, create, extracted, **kwargs):
        if create and extracted:
            self.audiences.set(extracted)


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "cms.User"
        django_get_or_create = ("username",)
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")


class PlacementFactory(factory.django.DjangoModelFactory):
    """A 提案 placement made on 2026-10-05."""

    class Meta:
        model = Placement

    client = factory.SubFactory(ClientFactory)
    resource = factory.SubFactory(ResourceFactory)
    proposed_on = dt.date(2026, 10, 5)
    coordinator = factory.SelfAttribute("client.created_by")


class FollowUpFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = FollowUp

    placement = factory.SubFactory(PlacementFactory)
    offset_days = 14
    due_on = dt.date(2026, 11, 1)


class ResourceGapFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ResourceGap

    area = factory.LazyFunction(area)
    reason = "none"
    description = "平日の夜に若者が一人で行ける静かな居場所（架空）"
    opened_on = dt.date(2026, 10, 10)
    created_by = factory.SubFactory(UserFactory)
