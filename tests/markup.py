"""Checks on rendered HTML that several test modules share."""

from __future__ import annotations

import re


def described_by_without_target(page: str) -> list[str]:
    """The ids named in any ``aria-describedby`` of ``page`` that no element carries."""
    ids = set(re.findall(r'\sid="([^"]+)"', page))
    named = (
        token
        for value in re.findall(r'aria-describedby="([^"]*)"', page)
        for token in value.split()
    )
    return sorted({token for token in named if token not in ids})
