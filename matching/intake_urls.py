"""The public 「つながりたい」 form, mounted outside /coordinator/ (cms/urls.py)."""

from django.urls import path

from .views.public import IntakeDoneView, IntakeRequestView

app_name = "connect"

urlpatterns = [
    path("", IntakeRequestView.as_view(), name="request"),
    path("done/", IntakeDoneView.as_view(), name="done"),
]
