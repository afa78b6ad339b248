"""The public site: the directory page and its routes, the list filters, "near me" and the maps.

A Django app of its own (``PublicSiteConfig``) so that its page model loads above the data core;
this file imports nothing, since Django imports an app package before any model exists.
"""
