"""The site's URLs plus ``/bench/ceiling/``: a view that does nothing, through every middleware."""

from django.http import HttpResponse
from django.urls import include, path


def ceiling(request):
    return HttpResponse("ok", content_type="text/plain")


urlpatterns = [path("bench/ceiling/", ceiling), path("", include("cms.urls"))]
