"""The prescriber's patients: the list of linked patients and one patient for the consultation.

These pages put together what the apps below know about a patient (the plan, the journal, the
drug levels), so they sit above them all; their URLs keep the ``care`` names
(``care:patients``, ``care:patient``), composed in the root URLs.
"""
