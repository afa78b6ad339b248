import pytest

from cms.setup import ensure_site_pages


@pytest.fixture
def home_page(db):
    return ensure_site_pages()


@pytest.fixture
def directory_page(home_page):
    from directory.public.models import DirectoryIndexPage

    return DirectoryIndexPage.objects.get()


@pytest.fixture(autouse=True)
def _reference_data_after_flush(request):
    """Tests on a committed database (live server, threads, other processes) flush every table
    afterwards, including the areas, vocabularies and page root that migrations load. Put them
    back before such a test, so the order tests run in never matters."""
    marker = request.node.get_closest_marker("django_db")
    transactional = (marker is not None and marker.kwargs.get("transaction")) or any(
        name in request.fixturenames for name in ("transactional_db", "live_server")
    )
    if not transactional:
        return
    request.getfixturevalue("transactional_db")
    from django.apps import apps

    from directory.models import Area
    from directory.reference_data import load_consultation_counters, load_reference_data

    if not Area.objects.exists():
        load_reference_data(lambda name: apps.get_model("directory", name))
        load_consultation_counters(lambda name: apps.get_model("directory", name))
    # Wagtail's migrations create the root collection of images and documents.
    from wagtail.models import Collection

    if not Collection.objects.exists():
        Collection.add_root(name="Root")
    # The caches live in database tables that flushing leaves alone (lockouts, rate limits, pages).
    from django.core.cache import caches

    for alias in ("default", "pages"):
        caches[alias].clear()
