"""The coordinator workspace (/coordinator/): thin views over selectors and services.

Every view needs a signed-in user with a workspace role: anonymous users go to the login page,
users without a role (CMS editors, group members) get 403, and a record outside the user's areas
is 404 exactly like a record that does not exist. Every read of a client, placement, follow-up or
gap is written to the audit log here; writes are audited by the services.

One module per sub-domain (``clients``, ``intakes``, ``placements``, ``follow_ups``, ``gaps``,
``indicators``, ``dashboard``, ``accounts``) over ``base.WorkspaceView``; ``matching/urls.py`` names
them. Two are public, with no sign-in and mounted outside /coordinator/: ``public``, the
「つながりたい」 form residents fill in (``matching/intake_urls.py``), and ``public_needs``,
「こんな場が求められています」 (``matching/public_urls.py``).
"""
