"""The starting list of referral sources (紹介元), from matching/data/ — used by migration 0002.

After loading they are ordinary rows: another municipality edits them rather than the code.
"""

import json
from pathlib import Path

DATA = Path(__file__).resolve().parent / "data"


def load_referral_sources(model) -> None:
    """Create or update the referral sources; safe to run again. ``model`` is ReferralSource."""
    items = json.loads((DATA / "referral_sources.json").read_text(encoding="utf-8"))
    for order, (name, slug) in enumerate(items, start=1):
        model.objects.update_or_create(slug=slug, defaults={"name": name, "sort_order": order})
