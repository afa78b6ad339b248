"""The anonymous page cache: public pages and open data, kept whole and invalidated on change.

Imports nothing here: Django imports an app package before any model exists (docs/performance.md).
"""
