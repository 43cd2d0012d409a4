"""baclo: plan, simulate, track and keep safe a high-dose baclofen treatment.

The domain core (``pk``, ``protocols``, ``questionnaires``, ``journal``, ``safety``,
``stats``, ``alcohol``) is pure, typed Python with no Django import; ``cli`` and ``web``
are thin shells over it.

baclo assists patients and prescribers. It does not prescribe.
"""

__version__ = "0.1.0"
