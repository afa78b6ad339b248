"""Japanese-aware search over listings, behind one interface with two backends (docs/search.md).

The site calls ``backends.search_resources(queryset, query)``; indexing follows every save and
delete of a listing through the receivers in ``receivers.py`` (connected by ``apps.SearchConfig``);
``manage.py search_index --rebuild`` recreates the indexes. This package is a Django app, so this
file imports nothing: Django imports it before any model is loaded.
"""
