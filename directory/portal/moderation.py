"""The moderation workflow that portal submissions go through.

``ensure_moderation_workflow`` takes an app registry so that the data migration can pass its
historical models, and the browser tests (which flush the database) can put the workflow back.
"""

from __future__ import annotations

from django.contrib.auth.management import create_permissions

WORKFLOW_NAME = "団体の更新の審査"
TASK_NAME = "地域資源の審査"
REVIEWER_GROUP_NAME = "地域資源の審査担当"
# What reviewers need in the admin: the admin itself and the listings' change/publish rights.
REVIEWER_PERMISSIONS = [
    ("wagtailadmin", "admin", "access_admin"),
    ("directory", "resource", "view_resource"),
    ("directory", "resource", "change_resource"),
    ("directory", "resource", "publish_resource"),
    ("directory", "resource", "lock_resource"),
    ("directory", "resource", "unlock_resource"),
    ("directory", "problemreport", "view_problemreport"),
    ("directory", "problemreport", "change_problemreport"),
    ("directory", "invitation", "view_invitation"),
    ("directory", "invitation", "add_invitation"),
    ("directory", "membership", "view_membership"),
    ("directory", "membership", "delete_membership"),
]


def ensure_moderation_workflow(apps) -> None:
    """Create the reviewers' group, the workflow and its assignment to listings; safe to repeat."""
    # Permissions and content types are normally created after migrate; the group needs them now.
    for app_config in apps.get_app_configs():
        # Historical app configs have no models module, which create_permissions() skips.
        original = getattr(app_config, "models_module", None)
        app_config.models_module = original or True
        try:
            create_permissions(app_config, apps=apps, verbosity=0)
        finally:
            app_config.models_module = original

    ContentType = apps.get_model("contenttypes", "ContentType")
    Permission = apps.get_model("auth", "Permission")
    Group = apps.get_model("auth", "Group")
    Workflow = apps.get_model("wagtailcore", "Workflow")
    WorkflowTask = apps.get_model("wagtailcore", "WorkflowTask")
    WorkflowContentType = apps.get_model("wagtailcore", "WorkflowContentType")
    GroupApprovalTask = apps.get_model("wagtailcore", "GroupApprovalTask")

    group, _ = Group.objects.get_or_create(name=REVIEWER_GROUP_NAME)
    for app_label, model, codename in REVIEWER_PERMISSIONS:
        content_type, _ = ContentType.objects.get_or_create(app_label=app_label, model=model)
        # Wagtail adds publish/lock/unlock and access_admin after migrate on a fresh database.
        permission, _ = Permission.objects.get_or_create(
            content_type=content_type, codename=codename, defaults={"name": codename}
        )
        group.permissions.add(permission)

    task = GroupApprovalTask.objects.filter(name=TASK_NAME).first()
    if task is None:
        task_type, _ = ContentType.objects.get_or_create(
            app_label="wagtailcore", model="groupapprovaltask"
        )
        task = GroupApprovalTask.objects.create(
            name=TASK_NAME, active=True, content_type_id=task_type.pk
        )
    task.groups.add(group)

    workflow, _ = Workflow.objects.get_or_create(name=WORKFLOW_NAME, defaults={"active": True})
    WorkflowTask.objects.get_or_create(workflow=workflow, task=task, defaults={"sort_order": 0})
    resource_type, _ = ContentType.objects.get_or_create(app_label="directory", model="resource")
    WorkflowContentType.objects.update_or_create(
        content_type=resource_type, defaults={"workflow": workflow}
    )
