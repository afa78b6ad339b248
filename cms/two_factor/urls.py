from django.urls import path

from . import views

app_name = "account"

urlpatterns = [
    path("two-factor/", views.ManageView.as_view(), name="two_factor"),
    path("two-factor/verify/", views.VerifyView.as_view(), name="two_factor_verify"),
    path("two-factor/setup/", views.SetupView.as_view(), name="two_factor_setup"),
    path("logout/", views.LogoutView.as_view(), name="logout"),
]
