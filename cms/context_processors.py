from django.conf import settings
from django.utils.functional import SimpleLazyObject

from directory.public.models import DirectoryIndexPage


def _directory_page():
    return DirectoryIndexPage.objects.live().first()


def municipality(request):
    """The site name, the municipality and the directory page (looked up only if used)."""
    return {
        "SITE_NAME": settings.SITE_NAME,
        "MUNICIPALITY": settings.MUNICIPALITY,
        "directory_page": SimpleLazyObject(_directory_page),
    }
