"""How a view says that its response is the same for every anonymous visitor (and may be kept)."""

from __future__ import annotations

from django.http import HttpResponse

ATTRIBUTE = "public_for_everyone"


def public_response(response: HttpResponse) -> HttpResponse:
    """Mark ``response`` as public: the page cache may keep it for anonymous visitors (it still
    checks that nothing in it belongs to one visitor)."""
    setattr(response, ATTRIBUTE, True)
    return response


def is_public(response: HttpResponse) -> bool:
    return getattr(response, ATTRIBUTE, False)
