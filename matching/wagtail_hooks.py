"""Two settings lists of the workspace in the CMS admin, for administrators only.

Only who covers which areas and the list of referral sources are managed here; no client data
ever appears in the Wagtail admin (clients, placements and gaps live in the workspace views under
/coordinator/). CMS editors get no permission on these models, so they do not see them.
"""

from wagtail import hooks
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from .models import CoordinatorProfile, ReferralSource


class CoordinatorProfileViewSet(SnippetViewSet):
    model = CoordinatorProfile
    icon = "user"
    menu_label = "コーディネーターの担当"
    list_display = ["user", "role", "is_active"]
    list_filter = ["role", "is_active"]


class ReferralSourceViewSet(SnippetViewSet):
    model = ReferralSource
    icon = "list-ul"
    menu_label = "紹介元"
    list_display = ["name", "slug", "sort_order"]
    ordering = ["sort_order", "name"]


class MatchingSettingsGroup(SnippetViewSetGroup):
    menu_label = "参加支援の設定"
    menu_icon = "cogs"
    menu_order = 300
    items = (CoordinatorProfileViewSet, ReferralSourceViewSet)


register_snippet(MatchingSettingsGroup)


@hooks.register("two_factor_required")
def coordinators_use_two_factor(user) -> bool:
    """Coordinators and supervisors hold 要配慮個人情報: a password alone is not enough."""
    return CoordinatorProfile.objects.filter(user=user).exists()
