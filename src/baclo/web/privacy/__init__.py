"""A person's own data: export it all (JSON, CSV, FHIR), delete it all.

It reads every app that stores something about a person, so it sits above them all, just below
the API; its pages keep their names (``export``, ``delete_account``).
"""
