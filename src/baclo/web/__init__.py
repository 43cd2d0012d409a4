"""The Django web application of baclo: a thin shell over the domain core (docs/architecture.md,
Layers).

Apps: ``accounts`` (users, roles, API tokens), ``care`` (invitations, care links, plans, the
access log), ``journal`` (one entry per patient and day) and ``api`` (django-ninja, ``/api/v1/``).
Views and the API go through the same service functions (``journal.services``, ``care.services``,
``care.access``), which call the same domain functions as the CLI.
"""
