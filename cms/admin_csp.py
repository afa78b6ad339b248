"""The Wagtail admin under the site's Content-Security-Policy, which runs no inline script.

Wagtail 8 still starts some widgets with an inline ``<script>``: the date and time inputs,
InlinePanel and the chooser widgets (page, snippet, image, document, task). Here each one leaves
the call in data attributes instead — ``data-admin-init`` names the initialiser,
``data-admin-init-config`` holds its JSON options — and static/js/admin-widgets.js (loaded on
every admin page, registered in cms/wagtail_hooks.py) makes the call: for the page as it loads and for HTML
the admin inserts later (a new InlinePanel form, a chooser modal's content). The date and time
inputs and InlinePanel are template overrides in cms/templates/wagtailadmin/; chooser widgets
build their script in Python, so ``BaseChooser.render`` is replaced below.
"""

import json

from wagtail.admin.widgets import BaseChooser
from wagtail.admin.widgets.workflows import AdminTaskChooser

wagtail_chooser_render = BaseChooser.render


def render_chooser(self, name, value, attrs=None, renderer=None):
    """``BaseChooser.render`` without its inline script: the hidden input that holds the chosen
    id carries the widget's JS constructor and options instead."""
    try:
        id_ = attrs["id"]
    except (KeyError, TypeError) as e:
        raise TypeError("BaseChooser cannot be rendered without an 'id' attribute") from e
    if type(self).render_js_init not in (
        BaseChooser.render_js_init,
        AdminTaskChooser.render_js_init,
    ):
        # A chooser with a start-up script of its own (no installed app has one): Wagtail's
        # render, whose script the CSP blocks and the browser console reports.
        return wagtail_chooser_render(self, name, value, attrs, renderer)
    value_data = self.get_value_data(value)
    if isinstance(self, AdminTaskChooser):
        initialiser, options = "createTaskChooser", {}
    else:
        initialiser = self.js_constructor
        options = self.get_js_init_options(id_, name, value_data)
    attrs = {**attrs, "data-admin-init": initialiser, "data-admin-init-config": json.dumps(options)}
    return self.render_html(name, value_data, attrs)  # a template: escaped, and marked safe


def install() -> None:
    """Called at start-up (``CmsConfig.ready``); a second call changes nothing."""
    if BaseChooser.render is render_chooser:
        return
    BaseChooser.render = render_chooser
