"""Open data under /api/: the HSDS 3.0 API (/api/hsds/) and CSV exports (/api/open-data/)."""

from django.urls import path, re_path

from . import open_data, views

app_name = "api"

# HSDS paths have no trailing slash; one is accepted too.
hsds = [
    path("hsds/", views.api_root, name="hsds-root"),
    path("hsds/openapi.json", views.openapi_document, name="hsds-openapi"),
    path("hsds/schemas/<path:path>", views.schema_file, name="hsds-schema"),
    re_path(r"^hsds/services/?$", views.service_list, name="hsds-services"),
    re_path(r"^hsds/services/(?P<id>[^/]+)/?$", views.service_detail, name="hsds-service"),
    re_path(
        r"^hsds/service_at_locations/?$",
        views.service_at_location_list,
        name="hsds-service-at-locations",
    ),
    re_path(
        r"^hsds/service_at_locations/(?P<id>[^/]+)/?$",
        views.service_at_location_detail,
        name="hsds-service-at-location",
    ),
    re_path(r"^hsds/organizations/?$", views.organization_list, name="hsds-organizations"),
    re_path(
        r"^hsds/organizations/(?P<id>[^/]+)/?$",
        views.organization_detail,
        name="hsds-organization",
    ),
    re_path(r"^hsds/taxonomies/?$", views.taxonomy_list, name="hsds-taxonomies"),
    re_path(r"^hsds/taxonomies/(?P<id>[^/]+)/?$", views.taxonomy_detail, name="hsds-taxonomy"),
    re_path(r"^hsds/taxonomy_terms/?$", views.taxonomy_term_list, name="hsds-taxonomy-terms"),
    re_path(
        r"^hsds/taxonomy_terms/(?P<id>[^/]+)/?$",
        views.taxonomy_term_detail,
        name="hsds-taxonomy-term",
    ),
    re_path(r"^hsds/(?P<path>.*)$", views.unknown_endpoint),
]

open_data_patterns = [
    path("open-data/resources.csv", open_data.resources_csv, name="open-data-resources"),
    path(
        "open-data/resources-full.csv",
        open_data.resources_full_csv,
        name="open-data-resources-full",
    ),
]

urlpatterns = [*hsds, *open_data_patterns]
