"""Names that Django, Wagtail, libraries and templates call by name, for the dead-code check.

vulture (.ci/dead_code.py) reads this file as code that uses each name; nothing imports it.
Conventions that cover many names (management commands, app configs, middleware, form
``clean_*`` methods, pytest hooks) are patterns in pyproject.toml's [tool.vulture] instead.
"""

# ruff: noqa: B018, F821

# Named in settings or found by Wagtail through the database.
municipality  # cms/context_processors.py: TEMPLATES' context processor
CustomRendition  # the renditions of WAGTAILIMAGES_IMAGE_MODEL
StandardPage  # a page type editors add in the admin

# Django's class-based views, model fields and query expressions.
_.form_valid
_.get_queryset
_.get_success_url
_.get_default_redirect_url
_.extra_email_context  # PasswordResetView reads it (directory/portal/account_views.py)
_.from_db_value
_.as_sqlite
_.as_postgresql

# Wagtail's admin views, menu items and previews.
_.get_breadcrumbs_items
_.get_success_message
_.save_instance
_.delete_action
_.is_shown
_.get_preview_template
_.get_preview_context
_.is_searchable  # a listing view's search box (directory/staff/)
_.search_queryset
_.check_perm  # Wagtail's bulk actions (directory/staff/bulk_actions.py)
_.execute_action

# django-filter: methods named in a filter's method="…".
_.filter_keyword
_.filter_by_meeting
_.filter_state  # directory/staff/filters.py
_.filter_unconfirmed_days
_.filter_problem
_.filter_reconfirmation

# Libraries' interfaces: geopy's adapter, html.parser.
_.get_text
_.handle_starttag

# Properties that only templates read.
_.upcoming_dates  # directory and matching resource_detail.html
_.fields_display  # directory/components/resource_card.html
_.is_pending  # matching/placement_detail.html
_.config_json  # directory/components/map.html (the map's data-map attribute)
_.truncated  # directory/components/results.html (bounded pagination)
_.shown_count  # directory/components/results.html
_.filter_count  # directory/components/filter_form.html
_.contact_phone  # directory resource_detail.html and area_print.html
