"""Writes for the group portal: invitations, submissions for moderation, confirmations,
problem reports and freshness reminders."""

from __future__ import annotations

import datetime as dt
import logging
import secrets

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import IntegrityError, transaction
from django.utils import timezone
from wagtail.log_actions import log
from wagtail.models import WorkflowState

from directory.models import (
    ConfirmationMethod,
    FreshnessReminder,
    Invitation,
    Membership,
    Organization,
    ProblemReport,
    ProblemStatus,
    Resource,
)
from directory.models.portal import invitation_token_hash
from directory.spam import rate_limit_allows, rate_limit_count

from . import notifications
from .selectors import stale_filter

logger = logging.getLogger(__name__)


# --- membership -------------------------------------------------------------------------------


def invitation_create(*, organization: Organization, email: str, invited_by) -> Invitation:
    """Store an invitation (only the token's hash) and email the one-time link."""
    token = secrets.token_urlsafe(32)
    invitation = Invitation.objects.create(
        organization=organization,
        email=email.strip(),
        token_hash=invitation_token_hash(token),
        invited_by=invited_by,
    )
    notifications.send_invitation(email=invitation.email, organization=organization, token=token)
    return invitation


@transaction.atomic
def invitation_accept(*, invitation: Invitation, user=None, password: str = ""):
    """Make the invited person a member and use up the invitation.

    With ``user`` (someone already signed in) the membership is added to that account; without,
    a new account is created with the invitation's email as its username and ``password``.
    Returns the user.
    """
    invitation = Invitation.objects.select_for_update().get(pk=invitation.pk)
    if invitation.accepted_at is not None or invitation.expires_at <= timezone.now():
        raise ValueError("この招待は使用済みか、期限が切れています。")
    if user is None:
        User = get_user_model()
        user = User(username=invitation.email[:150], email=invitation.email)
        user.set_password(password)
        user.save()
    Membership.objects.get_or_create(user=user, organization=invitation.organization)
    invitation.accepted_at = timezone.now()
    invitation.accepted_by = user
    invitation.save(update_fields=["accepted_at", "accepted_by"])
    log(instance=invitation.organization, action="directory.member_join", user=user)
    return user


def membership_remove(*, membership: Membership, removed_by) -> None:
    """Remove a person from an organisation (their account stays, their other groups too)."""
    organization = membership.organization
    username = membership.user.get_username()
    membership.delete()
    log(
        instance=organization,
        action="directory.member_remove",
        user=removed_by,
        data={"username": username},
    )


# --- submissions ------------------------------------------------------------------------------


def _start_moderation(*, resource: Resource, user) -> None:
    """Put the latest revision in front of the reviewers (restarting a rejected or pending one)."""
    current = (
        WorkflowState.objects.for_instance(resource)
        .filter(status__in=[WorkflowState.STATUS_IN_PROGRESS, WorkflowState.STATUS_NEEDS_CHANGES])
        .first()
    )
    if current is not None:
        current.cancel(user=user)
    workflow = resource.get_workflow()
    if workflow is None:
        logger.warning("No moderation workflow for listings; %s stays a draft.", resource.pk)
        return
    workflow.start(resource, user)


@transaction.atomic
def resource_submit_changes(*, resource: Resource, user) -> Resource:
    """Save an edited listing (schedule rules and cancellations included) as a new revision and
    submit it for moderation. The live row keeps the approved version until a reviewer approves.

    ``resource`` is the unsaved, edited object (e.g. from ``form.save(commit=False)``).
    """
    resource.save_revision(user=user, log_action=True)
    _start_moderation(resource=resource, user=user)
    notifications.notify_staff_submission(resource=resource, user=user, is_new=False)
    return resource


@transaction.atomic
def resource_propose(*, resource: Resource, organization: Organization, user) -> Resource:
    """Create a new listing for ``organization`` as an unpublished draft and submit it."""
    resource.organization = organization
    resource.live = False
    resource.confirmed_on = timezone.localdate()
    resource.confirmed_by = _confirmer_label(user, ConfirmationMethod.PORTAL)
    resource.save()
    log(instance=resource, action="wagtail.create", user=user)
    resource.save_revision(user=user, log_action=True)
    _start_moderation(resource=resource, user=user)
    notifications.notify_staff_submission(resource=resource, user=user, is_new=True)
    return resource


# --- confirmation ----------------------------------------------------------------------------


def _confirmer_label(user, method: str) -> str:
    name = user.get_full_name() or user.get_username()
    if method == ConfirmationMethod.PORTAL:
        return f"{name}（団体）"[:100]
    return f"{name}（{ConfirmationMethod(method).label}で確認）"[:100]


def resource_confirm(
    *, resource: Resource, user, method: str = ConfirmationMethod.PORTAL, note: str = ""
) -> None:
    """Record today as the 情報確認日 and who confirmed it, without moderation.

    Updates only those columns of the live row (and clears a re-confirmation flag), so a pending
    draft is neither published nor lost. Logged as ``directory.confirm``.
    """
    today = timezone.localdate()
    label = _confirmer_label(user, method)
    Resource.objects.filter(pk=resource.pk).update(
        confirmed_on=today,
        confirmed_by=label,
        reconfirmation_requested_at=None,
        reconfirmation_reason="",
    )
    log(
        instance=resource,
        action="directory.confirm",
        user=user,
        data={"confirmed_on": today.isoformat(), "method": str(method), "note": note[:500]},
    )


# --- problem reports -------------------------------------------------------------------------


RATE_SCOPE = "portal:problem-report"


def problem_report_allowed(*, ip: str) -> bool:
    """Whether this address may send another report this hour (the address is only hashed)."""
    return rate_limit_allows(scope=RATE_SCOPE, ip=ip, limit=settings.PROBLEM_REPORT_RATE_LIMIT)


def problem_report_create(*, resource: Resource, kind: str, comment: str, ip: str) -> ProblemReport:
    """Queue a visitor's report for staff and count it against the address's hourly limit."""
    rate_limit_count(scope=RATE_SCOPE, ip=ip)
    report = ProblemReport.objects.create(resource=resource, kind=kind, comment=comment.strip())
    notifications.notify_staff_problem_report(report=report)
    return report


def problem_report_answer(*, report: ProblemReport, user, reply: str) -> ProblemReport:
    """The group's 「対応しました」: record its reply, mark the report done and tell staff."""
    report.group_reply = reply.strip()
    report.group_replied_at = timezone.now()
    report.group_replied_by = user
    report.status = ProblemStatus.DONE
    report.save(
        update_fields=[
            "group_reply",
            "group_replied_at",
            "group_replied_by",
            "status",
            "updated_at",
        ]
    )
    notifications.notify_staff_problem_answered(report=report, user=user)
    return report


# --- freshness -------------------------------------------------------------------------------


def freshness_period_start(*, resource: Resource, today: dt.date, days: int) -> dt.date | None:
    """The day the listing's current stale period began, or None if it is not stale."""
    base = resource.confirmed_on or timezone.localdate(resource.created_at)
    age = (today - base).days
    if age <= days:
        return None
    return base + dt.timedelta(days=(age // days) * days)


def freshness_reminders_send(*, today: dt.date | None = None) -> int:
    """Email the members of every stale listing once per stale period; returns how many
    listings were reminded. A second run in the same period sends nothing."""
    today = today or timezone.localdate()
    days = settings.FRESHNESS_DAYS
    sent = 0
    cutoff = today - dt.timedelta(days=days)
    candidates = (
        Resource.objects.filter(live=True, organization__isnull=False)
        .exclude(status="ended")
        .filter(stale_filter(cutoff=cutoff))
        .select_related("organization")
    )
    for resource in candidates:
        period_start = freshness_period_start(resource=resource, today=today, days=days)
        if period_start is None:
            continue
        recipients = notifications.member_recipients(resource.organization)
        if not recipients:
            continue
        try:
            with transaction.atomic():
                FreshnessReminder.objects.create(
                    resource=resource, period_start=period_start, recipient_count=len(recipients)
                )
        except IntegrityError:
            continue  # already reminded in this period
        notifications.send_freshness_reminder(resource=resource, recipients=recipients, days=days)
        sent += 1
    return sent
