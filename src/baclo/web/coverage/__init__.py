"""The timing card: the craving-coverage model (:mod:`baclo.coverage`) on the patient's charts
page and the prescriber's patient page, and "apply to my plan" for a timing suggestion."""
