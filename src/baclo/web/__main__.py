"""``python -m baclo.web ARGS`` is this project's ``manage.py``."""

from __future__ import annotations

import os
import sys

from django.core.management import execute_from_command_line


def main(argv: list[str] | None = None) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "baclo.web.settings")
    execute_from_command_line(["baclo-web", *(sys.argv[1:] if argv is None else argv)])


if __name__ == "__main__":
    main()
