"""Self-checking exercises, one module per notebook (``ex00``, ``ex01``, …).

In a notebook::

    from coursekit.exercises import ____, ex01
    answer = ____
    ex01.q1.check(answer)   # "Not attempted yet" until ____ is replaced
    ex01.q1.hint()
    ex01.q1.solution()
"""

from coursekit.exercises.core import Exercise, Incorrect, Outcome, ____

__all__ = ["Exercise", "Incorrect", "Outcome", "____"]
