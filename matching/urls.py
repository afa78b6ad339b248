from django.urls import path

from .views import (
    accounts,
    activities,
    clients,
    dashboard,
    follow_ups,
    gaps,
    indicators,
    intakes,
    listings,
    placements,
)

app_name = "matching"

urlpatterns = [
    path("", dashboard.DashboardView.as_view(), name="dashboard"),
    path("login/", accounts.LoginView.as_view(), name="login"),
    path("logout/", accounts.LogoutView.as_view(), name="logout"),
    path("intakes/", intakes.IntakeListView.as_view(), name="intake_list"),
    path("intakes/<int:pk>/", intakes.IntakeDetailView.as_view(), name="intake_detail"),
    path("intakes/<int:pk>/client/", intakes.IntakeConvertView.as_view(), name="intake_convert"),
    path("clients/", clients.ClientListView.as_view(), name="client_list"),
    path("clients/new/", clients.ClientCreateView.as_view(), name="client_create"),
    path("clients/<str:case_code>/", clients.ClientDetailView.as_view(), name="client_detail"),
    path("clients/<str:case_code>/edit/", clients.ClientUpdateView.as_view(), name="client_update"),
    path(
        "clients/<str:case_code>/consent/",
        clients.ClientConsentView.as_view(),
        name="client_consent",
    ),
    path(
        "clients/<str:case_code>/withdraw/",
        clients.ClientWithdrawView.as_view(),
        name="client_withdraw",
    ),
    path("clients/<str:case_code>/close/", clients.ClientCloseView.as_view(), name="client_close"),
    path(
        "clients/<str:case_code>/suggestions/",
        placements.SuggestionListView.as_view(),
        name="client_suggestions",
    ),
    path(
        "clients/<str:case_code>/placements/new/",
        placements.PlacementCreateView.as_view(),
        name="placement_create",
    ),
    path(
        "clients/<str:case_code>/audit/", clients.ClientAuditLogView.as_view(), name="client_audit"
    ),
    path(
        "clients/<str:case_code>/export/", clients.ClientExportView.as_view(), name="client_export"
    ),
    path("placements/<int:pk>/", placements.PlacementDetailView.as_view(), name="placement_detail"),
    path(
        "placements/<int:pk>/transition/",
        placements.PlacementTransitionView.as_view(),
        name="placement_transition",
    ),
    path(
        "placements/<int:pk>/edit/",
        placements.PlacementUpdateView.as_view(),
        name="placement_update",
    ),
    path("follow-ups/", follow_ups.FollowUpListView.as_view(), name="follow_up_list"),
    path("follow-ups/<int:pk>/", follow_ups.FollowUpRecordView.as_view(), name="follow_up_record"),
    path("gaps/", gaps.GapListView.as_view(), name="gap_list"),
    path("gaps/new/", gaps.GapCreateView.as_view(), name="gap_create"),
    path("gaps/<int:pk>/", gaps.GapDetailView.as_view(), name="gap_detail"),
    path("gaps/<int:pk>/status/", gaps.GapTransitionView.as_view(), name="gap_transition"),
    path("gaps/<int:pk>/share/", gaps.GapShareView.as_view(), name="gap_share"),
    path("gaps/<int:pk>/clients/", gaps.GapAddClientView.as_view(), name="gap_add_client"),
    path("activities/", activities.ActivityListView.as_view(), name="activity_list"),
    path(
        "activities/new/<str:kind>/",
        activities.ActivityCreateView.as_view(),
        name="activity_create",
    ),
    path("indicators/", indicators.IndicatorsView.as_view(), name="indicators"),
    path(
        "indicators/export.csv", indicators.IndicatorsExportView.as_view(), name="indicators_export"
    ),
    path("indicators/plan/", indicators.PlanIndicatorsView.as_view(), name="plan_indicators"),
    path(
        "indicators/plan/export.csv",
        indicators.PlanIndicatorsExportView.as_view(),
        name="plan_indicators_export",
    ),
    path("listings/<int:pk>/", listings.ResourceDetailView.as_view(), name="resource_detail"),
]
