"""The public site's pages outside the directory page's routes (which DirectoryIndexPage serves)."""

from django.urls import path

from . import views

urlpatterns = [path("", views.consultation, name="consultation")]
