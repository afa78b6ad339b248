from django.conf import settings
from django.conf.urls.static import static as file_urlpatterns
from django.contrib.staticfiles.urls import staticfiles_urlpatterns
from django.templatetags.static import static
from django.urls import include, path
from django.utils.functional import lazy
from django.views.generic import RedirectView, TemplateView
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.documents import urls as wagtaildocs_urls

urlpatterns = [
    # Browsers ask for /favicon.ico by themselves (feeds, JSON, the admin); pages link it.
    path("favicon.ico", RedirectView.as_view(url=lazy(static, str)("favicon.ico"))),
    path("robots.txt", TemplateView.as_view(template_name="robots.txt", content_type="text/plain")),
    path(settings.WAGTAIL_ADMIN_PATH, include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    path("account/", include("cms.two_factor.urls")),
    path("coordinator/", include("matching.urls")),
    # 「こんな場が求められています」: open needs per area, in aggregate only (docs/matching.md).
    path("needs/", include("matching.public_urls")),
    # 「つながりたい」: the public request form feeding the coordinators' 受付 (a view of matching).
    path("tsunagaritai/", include("matching.intake_urls")),
    # Open data: the HSDS 3.0 API (/api/hsds/) and CSV exports (/api/open-data/).
    path("api/", include("directory.api.urls")),
    # The group portal: members keep their organisations' listings current (docs/portal.md).
    path("portal/", include("directory.portal.urls")),
    # 「相談したい」: the counters of every region and area, linked from every page's footer.
    path("soudan/", include("directory.public.urls")),
]

if settings.DEBUG:
    urlpatterns += staticfiles_urlpatterns()
    urlpatterns += file_urlpatterns(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)

urlpatterns += [path("", include(wagtail_urls))]
