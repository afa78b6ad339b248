"""A listing's edit page in the admin: the model's panels, with notices of open problem reports
and re-confirmation requests placed beside the fields they concern (活動状況, 情報確認, 問合せ先)."""

from __future__ import annotations

from wagtail.admin.panels import FieldPanel, ObjectList, Panel, TabbedInterface

from directory.models import ProblemKind, Resource

from . import selectors

# Which problems concern which field: a notice goes just before the panel holding the field.
CONCERNS = {
    "status": (ProblemKind.CLOSED, ProblemKind.OTHER),
    "confirmed_on": (ProblemKind.OUTDATED,),
    "phone": (ProblemKind.UNREACHABLE,),
}


class AttentionPanel(Panel):
    """Open problem reports of ``kinds`` (and, with ``reconfirmation``, the re-confirmation
    request) of the listing being edited; shows nothing when there are none."""

    def __init__(self, kinds=(), reconfirmation: bool = False, **kwargs):
        super().__init__(**kwargs)
        self.kinds = tuple(kinds)
        self.reconfirmation = reconfirmation

    def clone_kwargs(self):
        return {
            **super().clone_kwargs(),
            "kinds": self.kinds,
            "reconfirmation": self.reconfirmation,
        }

    class BoundPanel(Panel.BoundPanel):
        template_name = "directory/staff/attention_panel.html"

        def __init__(self, **kwargs):
            super().__init__(**kwargs)
            attention = None
            if self.instance is not None and self.instance.pk:
                # One read per edit page, shared by the notices of its tabs.
                cache = getattr(self.request, "__dict__", {}).setdefault("_listing_attention", {})
                if self.instance.pk not in cache:
                    cache[self.instance.pk] = selectors.resource_attention(
                        resource_id=self.instance.pk
                    )
                attention = cache[self.instance.pk]
            self.reports = [
                r for r in (attention.reports if attention else []) if r.kind in self.panel.kinds
            ]
            self.attention = attention if self.panel.reconfirmation else None

        def is_shown(self) -> bool:
            return bool(self.reports) or bool(
                self.attention and self.attention.reconfirmation_requested_at
            )

        def get_context_data(self, parent_context=None):
            context = super().get_context_data(parent_context)
            context["reports"] = self.reports
            context["attention"] = self.attention
            return context


def panel_fields(panel) -> set[str]:
    """The names of the fields a panel (or its children) edits."""
    if isinstance(panel, FieldPanel):
        return {panel.field_name}
    return {name for child in getattr(panel, "children", ()) for name in panel_fields(child)}


def with_attention(panels: list) -> list:
    """``panels`` with an ``AttentionPanel`` before each panel holding a field in CONCERNS."""
    result = []
    for panel in panels:
        fields = panel_fields(panel)
        kinds = [kind for field in fields for kind in CONCERNS.get(field, ())]
        if kinds:
            result.append(AttentionPanel(kinds=kinds, reconfirmation="confirmed_on" in fields))
        result.append(panel)
    return result


def resource_edit_handler() -> TabbedInterface:
    """The model's tabs (``Resource.edit_handler``) with the notices added."""
    return TabbedInterface(
        [
            ObjectList(with_attention(list(tab.children)), heading=tab.heading)
            for tab in Resource.edit_handler.children
        ]
    )
