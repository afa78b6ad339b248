from django.urls import path

from . import views

app_name = "matching"

urlpatterns = [
    path("", views.DashboardView.as_view(), name="dashboard"),
    path("login/", views.LoginView.as_view(), name="login"),
    path("logout/", views.LogoutView.as_view(), name="logout"),
    path("clients/", views.ClientListView.as_view(), name="client_list"),
    path("clients/new/", views.ClientCreateView.as_view(), name="client_create"),
    path("clients/<str:case_code>/", views.ClientDetailView.as_view(), name="client_detail"),
    path("clients/<str:case_code>/edit/", views.ClientUpdateView.as_view(), name="client_update"),
    path(
        "clients/<str:case_code>/consent/", views.ClientConsentView.as_view(), name="client_consent"
    ),
    path(
        "clients/<str:case_code>/withdraw/",
        views.ClientWithdrawView.as_view(),
        name="client_withdraw",
    ),
    path("clients/<str:case_code>/close/", views.ClientCloseView.as_view(), name="client_close"),
    path(
        "clients/<str:case_code>/suggestions/",
        views.SuggestionListView.as_view(),
        name="client_suggestions",
    ),
    path(
        "clients/<str:case_code>/placements/new/",
        views.PlacementCreateView.as_view(),
        name="placement_create",
    ),
    path("clients/<str:case_code>/audit/", views.ClientAuditLogView.as_view(), name="client_audit"),
    path("clients/<str:case_code>/export/", views.ClientExportView.as_view(), name="client_export"),
    path("placements/<int:pk>/", views.PlacementDetailView.as_view(), name="placement_detail"),
    path(
        "placements/<int:pk>/transition/",
        views.PlacementTransitionView.as_view(),
        name="placement_transition",
    ),
    path("placements/<int:pk>/edit/", views.PlacementUpdateView.as_view(), name="placement_update"),
    path("follow-ups/", views.FollowUpListView.as_view(), name="follow_up_list"),
    path("follow-ups/<int:pk>/", views.FollowUpRecordView.as_view(), name="follow_up_record"),
    path("gaps/", views.GapListView.as_view(), name="gap_list"),
    path("gaps/new/", views.GapCreateView.as_view(), name="gap_create"),
    path("gaps/<int:pk>/", views.GapDetailView.as_view(), name="gap_detail"),
    path("gaps/<int:pk>/status/", views.GapTransitionView.as_view(), name="gap_transition"),
    path("gaps/<int:pk>/clients/", views.GapAddClientView.as_view(), name="gap_add_client"),
    path("indicators/", views.IndicatorsView.as_view(), name="indicators"),
    path("indicators/export.csv", views.IndicatorsExportView.as_view(), name="indicators_export"),
    path("listings/<int:pk>/", views.ResourceDetailView.as_view(), name="resource_detail"),
]
