"""The workspace's home: follow-ups due and the coordinator's recent clients."""

from __future__ import annotations

from urllib.parse import urlencode

from matching import selectors
from matching.models import AuditAction, AuditObjectType, ClientStatus

from .base import WorkspaceView


class DashboardView(WorkspaceView):
    title = "ホーム"

    def get(self, request):
        due = selectors.follow_up_due(user=request.user, today=self.today)
        clients = selectors.client_list(user=request.user).filter(status=ClientStatus.ACTIVE)
        # The count links to the client list filtered the same way, so both say the same number
        # (the unfiltered list also holds closed and withdrawn clients and colleagues' clients).
        list_filter = {"status": ClientStatus.ACTIVE}
        if not self.scope.is_supervisor:
            clients = clients.filter(coordinator=request.user)
            list_filter["coordinator"] = request.user.pk
        recent = list(clients.order_by("-updated_at")[:10])
        self.audit(AuditAction.LIST, AuditObjectType.FOLLOW_UP, detail="dashboard")
        return self.render(
            "matching/dashboard.html",
            {
                "due": due,
                "recent_clients": recent,
                "active_count": clients.count(),
                "active_query": urlencode(list_filter),
                "team_overdue": selectors.follow_up_overdue_by_coordinator(
                    user=request.user, today=self.today
                ),
            },
        )
