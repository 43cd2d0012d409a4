"""Clinical safety in the web app: alerts from the core rules, questionnaires, triage, audit page.

The rules themselves live in :mod:`baclo.safety` (pure functions); this app only builds the
patient's state from the database, stores what the rules find, and shows it to the patient (crisis
panel, one-tap suggestions) and to the linked prescriber (triage, acknowledgement).
"""
