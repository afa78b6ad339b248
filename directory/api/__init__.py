"""Open data: the HSDS 3.0 API (/api/hsds/) and the CSV exports (/api/open-data/)."""
