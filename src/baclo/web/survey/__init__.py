"""Association surveys: design, anonymous answers, CSV import/export, pooled patient summaries,
and the published (k-anonymous) cohort statistics of issue 7. docs/surveys.md explains it."""
