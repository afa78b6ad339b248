"""The admin's search boxes (index pages and choosers) through the site's own Japanese search,
instead of Wagtail's search backend, which cannot split Japanese (and failed on these models)."""

from __future__ import annotations

from collections.abc import Callable

from django import forms
from django.db.models import QuerySet
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms.choosers import BaseFilterForm
from wagtail.snippets.views.chooser import (
    ChooseResultsView,
    ChooseView,
    SnippetChooserViewSet,
)
from wagtail.snippets.views.snippets import IndexView

from directory.search.backends import search_resources_for_staff
from directory.search.organizations import search_organizations

from .export import ResourceSpreadsheetMixin

Search = Callable[[QuerySet, str], QuerySet]


def search_listings(queryset: QuerySet, query: str) -> QuerySet:
    """Listings of ``queryset`` matching ``query``, best first; drafts and hidden ones included."""
    return search_resources_for_staff(queryset, query).queryset


class StaffSearchIndexView(IndexView):
    """A snippet index whose ``?q=`` goes through ``search`` (best first, unless the staff
    member picked a column to sort by)."""

    search: Search

    @cached_property
    def is_searchable(self) -> bool:
        return bool(self.index_results_url)

    def search_queryset(self, queryset: QuerySet) -> QuerySet:
        if not self.is_searching:
            return queryset
        results = type(self).search(queryset, self.search_query)
        if self.is_explicitly_ordered:
            results = results.order_by(*queryset.query.order_by)
        return results


class StaffSearchFilterForm(BaseFilterForm):
    """The chooser modal's search box (as Wagtail's ``SearchFilterMixin``), through ``search``."""

    search: Search
    q = forms.CharField(
        label=_("Search term"),
        widget=forms.TextInput(attrs={"placeholder": _("Search")}),
        required=False,
    )

    def filter(self, objects: QuerySet) -> QuerySet:
        objects = super().filter(objects)
        query = self.cleaned_data.get("q")
        if query:
            objects = type(self).search(objects, query)
            self.is_searching = True
            self.search_query = query
        return objects


def chooser_viewset_class(search: Search) -> type[SnippetChooserViewSet]:
    """A snippet chooser whose search box goes through ``search``."""
    form = type("StaffSearchFilterForm", (StaffSearchFilterForm,), {"search": staticmethod(search)})
    return type(
        "StaffSearchChooserViewSet",
        (SnippetChooserViewSet,),
        {
            "choose_view_class": type("ChooseView", (ChooseView,), {"filter_form_class": form}),
            "choose_results_view_class": type(
                "ChooseResultsView", (ChooseResultsView,), {"filter_form_class": form}
            ),
        },
    )


class ResourceIndexView(ResourceSpreadsheetMixin, StaffSearchIndexView):
    search = staticmethod(search_listings)

    def get_base_queryset(self) -> QuerySet:
        return super().get_base_queryset().select_related("area", "organization")


class OrganizationIndexView(StaffSearchIndexView):
    search = staticmethod(search_organizations)

    def get_base_queryset(self) -> QuerySet:
        return super().get_base_queryset().select_related("area")


ResourceChooserViewSet = chooser_viewset_class(search_listings)
OrganizationChooserViewSet = chooser_viewset_class(search_organizations)
