"""Who may use the coordinator workspace, and which areas they cover."""

from __future__ import annotations

from django.conf import settings
from django.db import models


class Role(models.TextChoices):
    COORDINATOR = "coordinator", "地域福祉コーディネーター"
    SUPERVISOR = "supervisor", "スーパーバイザー（区職員）"


class CoordinatorProfile(models.Model):
    """Gives a user the coordinator workspace and says which areas they cover.

    A coordinator covers every area of the regions assigned plus any single areas assigned;
    a supervisor covers every area. Users without a profile (CMS editors, group members) get
    nothing of the workspace.
    """

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="coordinator_profile",
        verbose_name="ユーザー",
    )
    role = models.CharField("役割", max_length=20, choices=Role.choices, default=Role.COORDINATOR)
    regions = models.ManyToManyField(
        "directory.Region",
        blank=True,
        related_name="+",
        verbose_name="担当する地域",
        help_text="地域を選ぶと、その地域のすべての特別出張所エリアを担当します。",
    )
    areas = models.ManyToManyField(
        "directory.Area",
        blank=True,
        related_name="+",
        verbose_name="担当する特別出張所エリア",
        help_text="地域単位でなく、個別のエリアを担当する場合に選びます。",
    )
    is_active = models.BooleanField(
        "有効",
        default=True,
        help_text="異動などで担当を外れたら無効にします（記録は残ります）。",
    )

    class Meta:
        verbose_name = "コーディネーターの担当"
        verbose_name_plural = "コーディネーターの担当"

    def __str__(self) -> str:
        return f"{self.user.get_username()}（{self.get_role_display()}）"

    @property
    def is_supervisor(self) -> bool:
        return self.role == Role.SUPERVISOR
