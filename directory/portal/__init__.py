"""The group portal at /portal/: members keep their organisations' listings current."""
