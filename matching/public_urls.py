"""Public pages of the matching app (no login): 「こんな場が求められています」."""

from django.urls import path

from .views import public_needs

app_name = "needs"

urlpatterns = [
    path("", public_needs.PublicNeedsIndexView.as_view(), name="index"),
    path("<slug:slug>/", public_needs.PublicNeedsAreaView.as_view(), name="area"),
]
