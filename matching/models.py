"""Matching (参加支援): clients, placements, follow-ups and resource gaps — to come.

This app may import from `directory`; `directory` and `cms` never import from here.
"""
