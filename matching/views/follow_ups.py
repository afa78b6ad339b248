"""Follow-ups (フォローアップ): the list of those due, and recording one."""

from __future__ import annotations

from django.contrib import messages
from django.shortcuts import redirect

from matching import selectors
from matching.forms import FollowUpRecordForm
from matching.models import AuditAction, AuditObjectType
from matching.services import follow_up_record

from .base import WorkspaceView


class FollowUpListView(WorkspaceView):
    title = "フォローアップ"

    def get(self, request):
        everyone = request.GET.get("all") == "1"
        due = selectors.follow_up_due(user=request.user, today=self.today, everyone=everyone)
        self.audit(AuditAction.LIST, AuditObjectType.FOLLOW_UP)
        return self.render("matching/follow_up_list.html", {"due": due, "everyone": everyone})


class FollowUpRecordView(WorkspaceView):
    def respond(self, follow_up, form):
        return self.render(
            "matching/follow_up_form.html",
            {
                "title": f"フォローアップの記録（{follow_up.placement.client.case_code}）",
                "follow_up": follow_up,
                "placement": follow_up.placement,
                "form": form,
            },
        )

    def get(self, request, pk):
        follow_up = selectors.follow_up_get(user=request.user, pk=pk)
        self.audit(
            AuditAction.VIEW, AuditObjectType.FOLLOW_UP, follow_up.pk, follow_up.placement.client
        )
        return self.respond(follow_up, FollowUpRecordForm(initial={"done_on": self.today}))

    def post(self, request, pk):
        follow_up = selectors.follow_up_get(user=request.user, pk=pk)
        form = FollowUpRecordForm(request.POST)
        saved = self.submit(
            form, lambda data: follow_up_record(actor=self.actor, follow_up=follow_up, **data)
        )
        if saved:
            messages.success(request, "フォローアップを記録しました。")
            return redirect("matching:placement_detail", pk=follow_up.placement_id)
        return self.respond(follow_up, form)
