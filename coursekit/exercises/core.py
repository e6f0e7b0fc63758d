"""Self-checking exercises: ``q.check(answer)``, ``q.hint()``, ``q.solution()``.

Modelled on Kaggle's learntools. A learner notebook starts each answer as the placeholder
``____``; ``check`` then says "not attempted yet" and how to start, never raises. A wrong answer
gets a message that says *what* is wrong; a right one a short confirmation.

An exercise is a :class:`Exercise` with a checker function. The checker receives the learner's
answer(s), raises :class:`Incorrect` with a helpful message when something is wrong, and
returns a confirmation (or ``None``) when all is right.
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any, Literal

from coursekit.paths import repo_root

BEGIN_MARKER = "# BEGIN SOLUTION"
END_MARKER = "# END SOLUTION"


class _Placeholder:
    """The blank a learner replaces with an answer (printed as ``____``)."""

    _instance: _Placeholder | None = None

    def __new__(cls) -> _Placeholder:
        if cls._instance is None:
            cls._instance = super().__new__(cls)
        return cls._instance

    def __repr__(self) -> str:
        return "____"

    def __bool__(self) -> bool:
        return False


____ = _Placeholder()


class Incorrect(Exception):
    """Raised by a checker; its message tells the learner what is wrong."""


Status = Literal["not_attempted", "incorrect", "correct"]


@dataclass(frozen=True)
class Outcome:
    """The result of checking one answer."""

    status: Status
    message: str

    @property
    def passed(self) -> bool:
        return self.status == "correct"


@dataclass
class Exercise:
    """One exercise of one notebook.

    Parameters
    ----------
    key : the name the notebook uses, e.g. ``"q1"`` in ``ex01.q1.check(...)``.
    notebook : the notebook's file stem, e.g. ``"01_first_pipeline"``.
    title : a few words naming the task.
    checker : called with the answer(s); raises :class:`Incorrect` when wrong and may return
        a confirmation message.
    hint_text : a nudge that does not give the answer away.
    how_to_start : shown when the answer is still the placeholder ``____``.
    """

    key: str
    notebook: str
    title: str
    checker: Callable[..., str | None]
    hint_text: str
    how_to_start: str

    def evaluate(self, *answers: Any) -> Outcome:
        """Check the answer(s) and return an :class:`Outcome`; never raises for bad answers."""
        if not answers or any(_is_placeholder(a) for a in answers):
            return Outcome("not_attempted", f"Not attempted yet. {self.how_to_start}")
        try:
            confirmation = self.checker(*answers)
        except Incorrect as wrong:
            return Outcome("incorrect", str(wrong))
        return Outcome("correct", confirmation or "Correct.")

    def check(self, *answers: Any) -> None:
        """Print whether the answer is right, and if not, what is wrong."""
        outcome = self.evaluate(*answers)
        symbol = {"not_attempted": "✏️ ", "incorrect": "❌ Not yet:", "correct": "✅"}
        print(f"{self.key} ({self.title}) {symbol[outcome.status]} {outcome.message}")

    def hint(self) -> None:
        """Print the hint."""
        print(f"💡 Hint for {self.key}: {self.hint_text}")

    def solution(self) -> None:
        """Print the worked solution, read from ``solutions/<notebook>.ipynb``."""
        print(f"Solution for {self.key}:\n{self.solution_code()}")

    def solution_code(self) -> str:
        """The code between the solution markers of this exercise's cell in ``solutions/``."""
        path = repo_root() / "solutions" / f"{self.notebook}.ipynb"
        if not path.is_file():
            return (
                "The worked solutions are not in this copy of the course (your facilitator "
                "will hand them out). Try the hint: "
                f"{self.key}.hint()"
            )
        call = re.compile(rf"\b{re.escape(self.key)}\.check\(")
        for cell in json.loads(path.read_text(encoding="utf-8"))["cells"]:
            source = "".join(cell["source"])
            if cell["cell_type"] == "code" and call.search(source) and BEGIN_MARKER in source:
                return "\n".join(solution_blocks(source))
        raise LookupError(
            f"No cell in {path.name} both calls {self.key}.check(...) and holds a "
            f"'{BEGIN_MARKER}' block; put the worked answer and the check in one cell."
        )


def _is_placeholder(answer: Any) -> bool:
    return answer is ____ or answer is Ellipsis


def solution_blocks(source: str) -> list[str]:
    """The code between each BEGIN/END SOLUTION pair of a cell's source."""
    blocks, current = [], None
    for line in source.splitlines():
        if line.strip() == BEGIN_MARKER:
            current = []
        elif line.strip() == END_MARKER and current is not None:
            blocks.append("\n".join(current))
            current = None
        elif current is not None:
            current.append(line)
    return blocks


# --- building blocks for checkers -------------------------------------------------------


def check_number(
    answer: Any,
    expected: float,
    *,
    tolerance: float,
    what: str,
    mistakes: Iterable[tuple[float, str]] = (),
    otherwise: str = "Check your computation.",
) -> float:
    """Compare a numeric answer with ``expected`` within an absolute ``tolerance``.

    ``mistakes`` pairs a value a common mistake produces with the explanation to give when
    the answer is that value (within the same tolerance; the nearest such mistake explains);
    ``otherwise`` is the advice for any other wrong value. Returns the answer as a float.
    """
    value = as_number(answer, what)
    if abs(value - expected) <= tolerance:
        return value
    # A right answer returns above, so a mistake equal to the right value never fires. Where
    # several mistakes lie within the tolerance, the nearest one explains.
    near = [(abs(value - wrong), why) for wrong, why in mistakes if abs(value - wrong) <= tolerance]
    if near:
        raise Incorrect(f"{what} is {value:g}. {min(near, key=lambda m: m[0])[1]}")
    direction = "too high" if value > expected else "too low"
    raise Incorrect(f"{what} is {value:g}, which is {direction}. {otherwise}")


def as_number(answer: Any, what: str) -> float:
    """Turn a learner's answer into a float, or explain why it is not a number."""
    if isinstance(answer, bool):
        raise Incorrect(f"{what} should be a number, but you gave True/False.")
    try:
        value = float(answer)
    except (TypeError, ValueError):
        raise Incorrect(
            f"{what} should be a single number, but you gave a {type(answer).__name__}."
        ) from None
    if math.isnan(value):
        raise Incorrect(f"{what} is NaN: check for missing values or an empty selection.")
    return value
