from django.urls import path

from . import account_views, report_views, views

app_name = "portal"

urlpatterns = [
    path("", views.DashboardView.as_view(), name="dashboard"),
    path("login/", views.PortalLoginView.as_view(), name="login"),
    path("logout/", views.PortalLogoutView.as_view(), name="logout"),
    path(
        "password-reset/",
        account_views.PortalPasswordResetView.as_view(),
        name="password_reset",
    ),
    path(
        "password-reset/sent/",
        account_views.PortalPasswordResetDoneView.as_view(),
        name="password_reset_done",
    ),
    path(
        "password-reset/<uidb64>/<token>/",
        account_views.PortalPasswordResetConfirmView.as_view(),
        name="password_reset_confirm",
    ),
    path(
        "password-reset/complete/",
        account_views.PortalPasswordResetCompleteView.as_view(),
        name="password_reset_complete",
    ),
    path(
        "invitations/<str:token>/",
        views.InvitationAcceptView.as_view(),
        name="invitation_accept",
    ),
    # The public 「情報の誤りを報告」 form of every listing page posts here (no sign-in).
    path("report/<int:pk>/", views.problem_report_create, name="problem_report"),
    path("resources/<int:pk>/", views.ResourceDetailView.as_view(), name="resource_detail"),
    path("resources/<int:pk>/edit/", views.ResourceUpdateView.as_view(), name="resource_update"),
    path(
        "resources/<int:pk>/preview/",
        views.ResourcePreviewView.as_view(),
        name="resource_preview",
    ),
    path(
        "resources/<int:pk>/confirm/",
        views.ResourceConfirmView.as_view(),
        name="resource_confirm",
    ),
    path(
        "resources/<int:pk>/reports/<int:report_pk>/answer/",
        report_views.ProblemReportAnswerView.as_view(),
        name="problem_report_answer",
    ),
    path(
        "resources/<int:pk>/confirm-on-behalf/",
        views.ResourceConfirmOnBehalfView.as_view(),
        name="resource_confirm_on_behalf",
    ),
    path(
        "organizations/<int:organization_pk>/new/",
        views.ResourceProposeView.as_view(),
        name="resource_propose",
    ),
    path(
        "organizations/<int:organization_pk>/new/preview/",
        views.ResourceProposePreviewView.as_view(),
        name="resource_propose_preview",
    ),
]
