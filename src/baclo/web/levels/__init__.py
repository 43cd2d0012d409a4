"""Measured plasma levels and the patient's individual pharmacokinetic estimate they give."""
