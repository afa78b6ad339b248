"""A listing as coordinators see it: hidden ones and exact locations included, never a draft."""

from __future__ import annotations

from matching import selectors

from .base import WorkspaceView


class ResourceDetailView(WorkspaceView):
    def get(self, request, pk):
        resource = selectors.resource_get(user=request.user, pk=pk)
        return self.render(
            "matching/resource_detail.html",
            {"title": resource.name, "resource": resource},
        )
