"""The consultation report: one patient over a period, as a PDF for the prescriber and the patient.

``content`` gathers the numbers (plan, days, weeks, side effects, questionnaires, alerts, the
concentration curve of today's split) from the same services as the pages; ``figures`` draws
them with matplotlib; ``pdf`` renders the template with WeasyPrint; ``views`` serves
``/patients/<id>/report.pdf`` (a linked prescriber, access logged) and ``/me/report.pdf`` (the
patient themself).
"""
