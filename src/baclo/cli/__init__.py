"""The ``baclo`` command line: a thin shell that parses, calls the domain core and renders.

Each command lives in its own module of this package and is registered in :mod:`baclo.cli.app`.
"""

from baclo.cli.app import app, main

__all__ = ["app", "main"]
