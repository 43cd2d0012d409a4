"""Treatment planning: titration protocols, the plan engine, daily split, taper, calendar.

Pure domain code (no Django): the CLI (``baclo plan``, ``split``, ``taper``, ``protocols``) and
the web app call these functions. See docs/planning.md.
"""
