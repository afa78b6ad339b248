import pytest

from cms.setup import ensure_site_pages


@pytest.fixture
def home_page(db):
    return ensure_site_pages()


@pytest.fixture
def directory_page(home_page):
    from directory.models import DirectoryIndexPage

    return DirectoryIndexPage.objects.get()
