"""The benchmark server's WSGI entry point, loaded once by gunicorn's master (``--preload``).

Django imports the URL configuration, hence every view module and what they import (scipy,
weasyprint: about 3 s on the benchmark machine), on the first request a worker serves. Measured
that way, a short run records only the workers' start: every client waits on that first request,
and nothing completes before the run ends. Loading everything here, before the workers fork,
measures the steady state, as a long-running production server is.
"""

from django.core.wsgi import get_wsgi_application
from django.db import connections
from django.urls import get_resolver

application = get_wsgi_application()
get_resolver().url_patterns  # noqa: B018 - imports every view before the fork
connections.close_all()  # each worker opens its own database connection
