"""Association surveys: design, anonymous answers, CSV import/export, pooled patient summaries,
and the published (k-anonymous) cohort statistics. docs/surveys.md explains it."""
