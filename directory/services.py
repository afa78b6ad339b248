"""Writes to the directory that other parts of the site (the matching module) may ask for."""

from django.utils import timezone

from directory.models import Resource


def resource_request_reconfirmation(*, resource: Resource, reason: str) -> None:
    """Flag a listing for staff to re-confirm (e.g. a placement failed because it was out of date).

    Updates only the flag columns of the live row, so a pending draft or revision is untouched.
    """
    Resource.objects.filter(pk=resource.pk).update(
        reconfirmation_requested_at=timezone.now(), reconfirmation_reason=reason[:100]
    )
