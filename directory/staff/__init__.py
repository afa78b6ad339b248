"""The ward staff's side of the Wagtail admin: listings and organisations found through the site's
own Japanese search, filtered and sorted, moderated and acted on in bulk, and a staff home of
dashboard panels. Registered from ``directory/wagtail_hooks.py``; see docs/admin.md.
"""
