"""Settings shared by the whole suite.

Hypothesis explores new random examples on every local run. CI (``.ci/run`` sets ``BACLO_CI``)
loads the derandomized profile instead: the examples are a fixed function of each test, so a
commit that passed stays green and a failure is reproducible from the commit alone; exploring
stays the job of the local runs (``make test``), which found every counterexample so far.
"""

from __future__ import annotations

import os

from hypothesis import settings

settings.register_profile("ci", derandomize=True)
if os.environ.get("BACLO_CI"):
    settings.load_profile("ci")
