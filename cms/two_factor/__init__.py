"""Two-factor authentication: an authenticator app (TOTP) plus single-use recovery codes,
built on django-otp.

Who must use it is decided by ``is_required``: everyone who can open the Wagtail admin (CMS
staff) and everyone an app declares through the ``two_factor_required`` hook (the matching
workspace declares its coordinators and supervisors). Everyone else — group members in the
portal — may turn it on. ``TwoFactorMiddleware`` holds a user who has signed in with a password
at the code page (or, for a required user without an app yet, at the enrolment page) until a
code has verified the session. docs/security.md describes the flow for staff.
"""

from wagtail import hooks


def is_required(user) -> bool:
    if not user.is_authenticated:
        return False
    if user.has_perm("wagtailadmin.access_admin"):
        return True
    return any(check(user) for check in hooks.get_hooks("two_factor_required"))
