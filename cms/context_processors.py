from django.conf import settings


def municipality(request):
    """The site name and municipality for every template."""
    return {"SITE_NAME": settings.SITE_NAME, "MUNICIPALITY": settings.MUNICIPALITY}
