"""Cohort statistics for the association: data, summary, publication safety, synthetic cohort."""
