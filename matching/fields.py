"""Model fields the matching module needs.

Free-text notes about a client are 要配慮個人情報. They are plain text columns for now; every such
column is a ``SensitiveTextField`` so that encryption at rest (a later issue) is one class swap
here plus a data migration, not a hunt through the models.
"""

from django.db import models


class SensitiveTextField(models.TextField):
    """Free text that may hold personal information about a client (strengths, notes …).

    Never log it, never put it in a URL, never export it. Kept as a TextField subclass so that the
    column type and migrations stay those of a TextField until encryption replaces it.
    """

    description = "Sensitive free text"
