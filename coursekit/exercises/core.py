"""Self-checking exercises: ``q.check(answer)``, ``q.hint()``, ``q.solution()``.

Modelled on Kaggle's learntools. A learner notebook starts each answer as the placeholder
``____``; ``check`` then says "not attempted yet" and how to start, and never raises. A wrong
answer gets a message that says *what* is wrong; a right one a short confirmation.

An exercise is an :class:`Exercise` that **declares its answers** (their names, and so their
count) and has a checker function. ``check`` matches what the learner passed against that
declaration (a missing, extra, misnamed, ``None`` or placeholder answer gets a message before
the checker runs), then calls the checker with the answers in the declared order. The checker
raises :class:`Incorrect` with a helpful message when something is wrong and returns a
confirmation (or ``None``) when all is right. Anything else the checker raises becomes a
message too, never a traceback.

Each ``exNN`` module ends with ``bind_exercises(globals(), NOTEBOOK)``, which names every
exercise after the variable that holds it (``q1 = Exercise(...)`` becomes ``exNN.q1``), so a key
is never typed twice and cannot disagree with its name.

The ``as_*`` functions turn a learner's answer into a plain value (a number, a fraction, a
count, a True/False, a list of names, a list of numbers) or explain, once for every exercise,
why it is not one: text instead of a number, a percentage instead of a fraction, a list of
names given as one string. :func:`check_number` compares a number with the right value and
names the mistake a wrong value most likely comes from.
"""

from __future__ import annotations

import decimal
import itertools
import json
import math
import numbers
import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any, Literal

import numpy as np
import pandas as pd

from coursekit.paths import repo_root
from coursekit.validation import plain

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


class AuthoringError(RuntimeError):
    """A course author's mistake in declaring an exercise (never a learner's)."""


Status = Literal["not_attempted", "incorrect", "correct"]


@dataclass(frozen=True)
class Outcome:
    """The result of checking one answer.

    ``crashed`` is True when the checker itself failed on the answer (a bug the tests look
    for); the learner still gets a message, never a traceback.
    """

    status: Status
    message: str
    crashed: bool = False

    @property
    def passed(self) -> bool:
        return self.status == "correct"


@dataclass(eq=False)
class Exercise:
    """One exercise of one notebook.

    Parameters
    ----------
    title : a few words naming the task.
    answers : the names of the answers ``check`` takes, in order, e.g. ``("precision",
        "recall")``: the variables the notebook's exercise cell sets.
    checker : called with the answers in that order; raises :class:`Incorrect` when something
        is wrong and may return a confirmation message.
    hint_text : a nudge towards the method that does not give the answer away.
    how_to_start : shown while an answer is still the placeholder ``____``.
    combined : optional, for an exercise with several answers: turns *one* answer that holds
        them all (e.g. a Series indexed by group) into the tuple of answers, or raises
        :class:`Incorrect`. Without it, one answer for several is refused with the right call.

    The key (``q1``), the module (``ex04``) and the notebook are set by :func:`bind_exercises`.
    """

    title: str
    answers: tuple[str, ...]
    checker: Callable[..., str | None]
    hint_text: str
    how_to_start: str
    combined: Callable[[Any], tuple] | None = None
    key: str = field(default="", init=False)
    module: str = field(default="", init=False)
    notebook: str = field(default="", init=False)

    def __post_init__(self) -> None:
        if isinstance(self.answers, str) or not self.answers:
            raise AuthoringError(
                f"answers must be a non-empty tuple of names, e.g. ('test_auc',); got "
                f"{self.answers!r} for '{self.title}'."
            )
        self.answers = tuple(self.answers)
        for name in self.answers:
            if not name.isidentifier():
                raise AuthoringError(f"answer name {name!r} of '{self.title}' is not a name.")

    # --- what the learner calls ------------------------------------------------------------

    @property
    def name(self) -> str:
        """``ex04.q1``: how the notebook refers to this exercise."""
        self._require_bound()
        return f"{self.module}.{self.key}"

    @property
    def call(self) -> str:
        """The check call the notebook makes, e.g. ``ex04.q1.check(precision, recall)``."""
        return f"{self.name}.check({', '.join(self.answers)})"

    def evaluate(self, *answers: Any, **named: Any) -> Outcome:
        """Check the answer(s) and return an :class:`Outcome`; never raises for bad answers."""
        self._require_bound()
        try:
            values = self._collect(answers, named)
        except Incorrect as wrong:
            return Outcome("incorrect", str(wrong))
        blank = [n for n, v in zip(self.answers, values, strict=True) if _holds_placeholder(v)]
        if blank:
            if len(blank) == len(values):
                return Outcome("not_attempted", f"Not attempted yet. {self.how_to_start}")
            verb = "is" if len(blank) == 1 else "are"
            return Outcome(
                "not_attempted",
                f"Not attempted yet: {listed(blank)} {verb} still ____. {self.how_to_start}",
            )
        for answer_name, value in zip(self.answers, values, strict=True):
            if value is None:
                return Outcome("incorrect", none_message(answer_name))
        try:
            confirmation = self.checker(*values)
        except Incorrect as wrong:
            return Outcome("incorrect", str(wrong))
        except Exception as error:  # noqa: BLE001 - a learner never sees a traceback
            return Outcome(
                "incorrect",
                f"The check could not use your answer ({type(error).__name__}: {error}). "
                f"{self.how_to_start}",
                crashed=True,
            )
        return Outcome("correct", confirmation or "Correct.")

    def check(self, *answers: Any, **named: Any) -> None:
        """Print whether the answer is right, and if not, what is wrong."""
        outcome = self.evaluate(*answers, **named)
        symbol = {"not_attempted": "✏️ ", "incorrect": "❌ Not yet:", "correct": "✅"}
        print(f"{self.key} ({self.title}) {symbol[outcome.status]} {outcome.message}")

    def hint(self) -> None:
        """Print the hint."""
        print(f"💡 Hint for {self.key}: {self.hint_text}")

    def solution(self) -> None:
        """Print the worked solution, read from ``solutions/<notebook>.ipynb``."""
        print(f"Solution for {self.key}:\n{self.solution_code()}")

    def solution_code(self) -> str:
        """The code between the solution markers of this exercise's cell in ``solutions/``.

        A copy of the course without that notebook (a facilitator removed ``solutions/`` before
        a workshop) gets a pointer to the hint. A solution notebook that exists but holds no
        such cell is the course's bug and raises :class:`LookupError`.
        """
        self._require_bound()
        path = repo_root() / "solutions" / f"{self.notebook}.ipynb"
        if not path.is_file():
            return (
                "The worked solutions are not in this copy of the course (your facilitator "
                "will hand them out). Try the hint: "
                f"{self.name}.hint()"
            )
        call = re.compile(rf"\b{re.escape(self.name)}\.check\(")
        for cell in json.loads(path.read_text(encoding="utf-8"))["cells"]:
            source = "".join(cell["source"])
            if cell["cell_type"] == "code" and call.search(source) and BEGIN_MARKER in source:
                return "\n".join(solution_blocks(source))
        raise LookupError(
            f"No cell in {path.name} both calls {self.name}.check(...) and holds a "
            f"'{BEGIN_MARKER}' block; put the worked answer and the check in one cell."
        )

    # --- matching the learner's call against the declaration ----------------------------------

    def _require_bound(self) -> None:
        if not self.key:
            raise AuthoringError(
                f"The exercise '{self.title}' was never bound: end its module with "
                "bind_exercises(globals(), NOTEBOOK)."
            )

    def _collect(self, answers: tuple, named: dict[str, Any]) -> tuple:
        """The answers in declared order, or :class:`Incorrect` saying how to call check."""
        unknown = [n for n in named if n not in self.answers]
        if unknown:
            raise Incorrect(
                f"{self.name}.check has no answer called {listed(unknown)}; it takes "
                f"{listed(self.answers)}. Call {self.call}."
            )
        if len(answers) == 1 and not named and len(self.answers) > 1 and self.combined:
            try:
                return tuple(self.combined(answers[0]))
            except Incorrect as wrong:
                raise Incorrect(f"{wrong} Call {self.call}.") from None
        values = dict(zip(self.answers, answers, strict=False))
        twice = [n for n in named if n in values]
        if twice:
            raise Incorrect(
                f"You gave {listed(twice)} twice, by position and by name. Call {self.call}."
            )
        values.update(named)
        expected, given = len(self.answers), len(answers) + len(named)
        if given == 0:
            raise Incorrect(f"Give check your answer: {self.call}.")
        if given > expected:
            raise Incorrect(
                f"{self.name} takes {_count(expected, 'answer')} ({listed(self.answers)}), but "
                f"you gave {given}. Call {self.call}."
            )
        missing = [n for n in self.answers if n not in values]
        if missing:
            one_holds_all = len(answers) == 1 and isinstance(answers[0], tuple | list)
            how = (
                " Pass them separately, not as one tuple or list."
                if one_holds_all and len(answers[0]) == expected
                else ""
            )
            raise Incorrect(
                f"{self.name} takes {_count(expected, 'answer')} ({listed(self.answers)}); "
                f"{listed(missing)} {'is' if len(missing) == 1 else 'are'} missing.{how} "
                f"Call {self.call}."
            )
        return tuple(values[n] for n in self.answers)


def bind_exercises(namespace: dict[str, Any], notebook: str) -> list[Exercise]:
    """Name every :class:`Exercise` in a module's ``namespace`` after its variable.

    Call it as the last line of ``coursekit/exercises/exNN.py``: ``bind_exercises(globals(),
    NOTEBOOK)``. ``q1 = Exercise(...)`` then answers to ``exNN.q1`` in the notebook, shows the
    solution of the cell that calls ``exNN.q1.check(...)``, and names itself so in messages.
    Returns the exercises in order.
    """
    module = str(namespace.get("__name__", "")).rsplit(".", 1)[-1]
    if not re.fullmatch(r"ex\d\d", module) or not notebook.startswith(f"{module[2:]}_"):
        raise AuthoringError(
            f"bind_exercises expects module exNN and notebook 'NN_name'; got module "
            f"{module!r} and notebook {notebook!r}."
        )
    bound = []
    for name, value in list(namespace.items()):
        if not isinstance(value, Exercise):
            continue
        if not re.fullmatch(r"q\d+", name):
            raise AuthoringError(f"{module}.{name}: name exercises q1, q2, ...")
        if value.key and (value.key, value.module) != (name, module):
            raise AuthoringError(f"{module}.{name} is already bound as {value.name}.")
        value.key, value.module, value.notebook = name, module, notebook
        bound.append(value)
    if not bound:
        raise AuthoringError(f"{module} defines no exercises to bind.")
    return bound


def unpack(keys: tuple[str, ...], what: str) -> Callable[[Any], tuple]:
    """An :class:`Exercise` ``combined`` that accepts the answers as one container.

    The container is a tuple, list, array or Series of ``len(keys)`` values in order, or a
    dict or Series indexed by exactly ``keys`` (e.g. a rate per group from ``groupby``).
    """

    def split(answer: Any) -> tuple:
        if isinstance(answer, Mapping | pd.Series) and not isinstance(answer, str):
            labels = answer.index if isinstance(answer, pd.Series) else list(answer)
            index = [str(plain(k)) for k in labels]
            if sorted(index) == sorted(keys):
                by_key = {str(plain(k)): v for k, v in answer.items()}
                return tuple(by_key[k] for k in keys)
            if isinstance(answer, Mapping) or not all(isinstance(k, int) for k in answer.index):
                raise Incorrect(
                    f"Your answer is {'keyed' if isinstance(answer, Mapping) else 'indexed'} by "
                    f"{listed(repr(k) for k in index)}; use {listed(repr(k) for k in keys)}, or "
                    "give the values one by one."
                )
        if isinstance(answer, tuple | list | np.ndarray | pd.Series) and len(answer) == len(keys):
            return tuple(np.asarray(answer, dtype=object).tolist())
        raise Incorrect(
            f"Give one {what} for each of {listed(keys)}, in that order, but you gave "
            f"{describe(answer)}."
        )

    return split


def _holds_placeholder(value: Any, depth: int = 2) -> bool:
    """``____`` (or ``...``) itself, or inside a tuple, list, set or dict of the answer."""
    if value is ____ or value is Ellipsis:
        return True
    if depth and isinstance(value, tuple | list | set | frozenset):
        return any(_holds_placeholder(v, depth - 1) for v in value)
    if depth and isinstance(value, dict):
        return any(_holds_placeholder(v, depth - 1) for v in value.values())
    return False


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


# --- describing values in messages -------------------------------------------------------


def describe(value: Any) -> str:
    """A short phrase for a learner's answer: ``"the text '5000'"``, ``"a list of 3 values"``."""
    if value is None:
        return "None"
    if isinstance(value, bool | np.bool_):
        return f"{bool(value)} (a True/False)"
    if isinstance(value, str):
        return f"the text {_shortened(str(value))!r}"
    if isinstance(value, numbers.Number | np.number):
        number = plain(value)
        shown = f"{number:.6g}" if isinstance(number, float) else repr(number)
        return f"the number {shown}"
    if isinstance(value, pd.DataFrame):
        return f"a DataFrame of {_count(len(value), 'row')} and {_count(value.shape[1], 'column')}"
    if isinstance(value, pd.Series):
        return f"a Series of {_count(len(value), 'value')}"
    if isinstance(value, np.ndarray):
        if value.ndim == 0:
            return f"a 0-d array holding {plain(value[()])!r}"
        return f"an array of shape {' × '.join(map(str, value.shape))}"
    if isinstance(value, list | tuple | set | frozenset):
        kind = type(value).__name__
        if not value:
            return f"an empty {kind}"
        shown = repr(plain(value))
        shown = shown if len(shown) <= 60 else shown[:57] + "..."
        return f"a {kind} of {_count(len(value), 'value')}: {shown}"
    if isinstance(value, dict):
        if not value:
            return "an empty dict"
        return f"a dict with keys {listed([repr(plain(k)) for k in list(value)[:6]])}"
    if callable(value):
        return f"the function {getattr(value, '__name__', type(value).__name__)}"
    kind = type(value).__name__
    return f"{'an' if kind[:1].lower() in 'aeiou' else 'a'} {kind}"


def _shortened(text: str, limit: int = 60) -> str:
    """``text`` cut to ``limit`` characters (with "...") so a message stays one line."""
    return text if len(text) <= limit else text[: limit - 3] + "..."


def none_message(what: str) -> str:
    """The message for an answer that is ``None``: almost always a missing ``return``."""
    return (
        f"{what} is None. That is what a function gives back when it has no `return` line, "
        "and what methods that change something in place return (list.sort(), "
        "df.drop(..., inplace=True)). Return or assign the value itself."
    )


def listed(names: Iterable[Any]) -> str:
    """``"a, b and c"``: names joined for a message."""
    names = [str(n) for n in names]
    if len(names) < 2:
        return names[0] if names else "nothing"
    return ", ".join(names[:-1]) + " and " + names[-1]


def _count(n: int, noun: str) -> str:
    return f"{n:,} {noun}{'' if n == 1 else 's'}"


# --- turning answers into plain values ---------------------------------------------------


def as_number(answer: Any, what: str) -> float:
    """A learner's answer as one finite float, or :class:`Incorrect` saying why it is not one.

    Accepts Python and NumPy numbers and 0-d arrays; refuses True/False, text (even text that
    looks like a number: ``'5000'``), containers and None, naming what was given.
    """
    if answer is None:
        raise Incorrect(none_message(what))
    if isinstance(answer, bool | np.bool_):
        raise Incorrect(f"{what} should be a number, but you gave {describe(answer)}.")
    if isinstance(answer, str):
        try:
            looks = float(answer)
        except ValueError:
            looks = None
        how = f": write {looks:g} without quotes" if looks is not None else ""
        raise Incorrect(f"{what} should be a number, but you gave {describe(answer)}{how}.")
    if isinstance(answer, np.ndarray) and answer.ndim == 0:
        answer = answer[()]
    if isinstance(answer, numbers.Real | np.integer | np.floating | decimal.Decimal):
        value = float(answer)
    else:
        single = isinstance(answer, list | tuple | np.ndarray | pd.Series) and len(answer) == 1
        take = "[0]" if isinstance(answer, list | tuple) else ".item()"
        how = f" Take the number out of it, e.g. with {take}." if single else ""
        raise Incorrect(f"{what} should be a single number, but you gave {describe(answer)}.{how}")
    if math.isnan(value):
        raise Incorrect(f"{what} is NaN: check for missing values or an empty selection.")
    if math.isinf(value):
        raise Incorrect(f"{what} is infinite: did something divide by zero?")
    return value


def as_count(answer: Any, what: str) -> int:
    """A whole, non-negative number (``5000`` or ``5000.0``), or :class:`Incorrect`."""
    value = as_number(answer, what)
    if not value.is_integer():
        raise Incorrect(f"{what} is {value:.10g}, but a count is a whole number.")
    if value < 0:
        raise Incorrect(f"{what} is {value:g}, but a count cannot be negative.")
    return int(value)


def as_fraction(answer: Any, what: str, *, expected: float | None = None) -> float:
    """A share between 0 and 1, or :class:`Incorrect`; a percentage is named as one.

    With ``expected``, a value above 1 is called a percentage only where dividing it by 100
    comes near the right share (1.3 is no percentage of 0.3).
    """
    value = as_number(answer, what)
    percentage = 1 < value <= 100
    if percentage and expected is not None and abs(value / 100 - expected) > 0.05:
        raise Incorrect(f"{what} is {value:g}, but a share lies between 0 and 1.")
    if percentage:
        raise Incorrect(
            f"{what} is {value:g}, which looks like a percentage. The course's shares (and "
            f"scikit-learn's) are fractions between 0 and 1: divide by 100."
        )
    if not 0 <= value <= 1:
        raise Incorrect(f"{what} is {value:g}, but a share lies between 0 and 1.")
    return value


def as_bool(answer: Any, what: str) -> bool:
    """True or False (NumPy's too, a 0-d array of one), or :class:`Incorrect` naming what was
    given instead."""
    if isinstance(answer, np.ndarray) and answer.ndim == 0 and answer.dtype == bool:
        answer = answer[()]
    if isinstance(answer, bool | np.bool_):
        return bool(answer)
    if answer is None:
        raise Incorrect(none_message(what))
    if isinstance(answer, str):
        raise Incorrect(
            f"{what} should be True or False, but you gave {describe(answer)}: write True or "
            "False without quotes."
        )
    if isinstance(answer, numbers.Number):
        raise Incorrect(
            f"{what} should be True or False, but you gave {describe(answer)}. Write True or "
            "False, or the comparison that decides it."
        )
    if isinstance(answer, np.ndarray | pd.Series | list | tuple):
        raise Incorrect(
            f"{what} should be one True or False, but you gave {describe(answer)}. Reduce "
            "it to one value (e.g. with .all() or .any()), or compare two numbers."
        )
    raise Incorrect(f"{what} should be True or False, but you gave {describe(answer)}.")


def spelling_slip(name: str, known: Iterable[str]) -> str | None:
    """The known name that ``name`` misspells by case or surrounding spaces, if any."""
    tidy = name.strip().casefold()
    return next((k for k in known if k != name and k.casefold() == tidy), None)


def as_name(
    answer: Any,
    what: str,
    *,
    known: Iterable[str],
    known_as: str = "a name the notebook uses",
    values_are: str = "the values",
    example: str = "'age'",
) -> str:
    """One name as text, spelt exactly as the notebook spells it, or :class:`Incorrect`.

    Names the near misses: the name in a list (or Index, or array) of one, a Series of values
    whose label is the name, a whole Series or table (``values_are`` says what its values
    are), a whole number (a position), another number (a value, not a name), and a known name
    with other capitals or spaces around it. Text that is no known name is returned as it
    is, for the checker to explain (an encoded input's name, say).
    """
    known = [str(k) for k in known]
    if isinstance(answer, np.ndarray) and answer.ndim == 0:
        answer = answer[()]
    if isinstance(answer, str):
        slip = spelling_slip(answer, known)
        if slip is not None and answer not in known:
            raise Incorrect(
                f"{answer!r} is not spelt as {known_as} is: names are compared exactly, as "
                f"pandas compares column names. It is written {slip!r}."
            )
        return str(answer)
    if isinstance(answer, pd.Series) and len(answer) == 1 and not isinstance(answer.iloc[0], str):
        raise Incorrect(
            f"{what} is a Series of one value, {describe(answer.iloc[0])}: the name you want is "
            "its label (the index), not its value."
        )
    sequence = isinstance(answer, list | tuple | np.ndarray | pd.Series | pd.Index)
    if sequence and len(answer) == 1 and isinstance(next(iter(answer)), str):
        raise Incorrect(
            f"{what} is {describe(answer)}: one name, but inside a container. Give the name "
            f"itself, as text ({what} = {example}): take it out with [0]."
        )
    if isinstance(answer, pd.Series | pd.DataFrame):
        raise Incorrect(
            f"{what} is {describe(answer)}: {values_are} themselves. Give one name as text, "
            f"e.g. {example}: the label of the entry you want."
        )
    if isinstance(answer, bool | np.bool_):
        raise Incorrect(
            f"{what} should be a name, e.g. {example}, but you gave {describe(answer)}."
        )
    if isinstance(answer, numbers.Integral | np.integer):
        raise Incorrect(
            f"{what} is {describe(answer)}, a position, not a name. Give the name at that "
            f"position, as text, e.g. {example}."
        )
    if isinstance(answer, numbers.Real | np.floating):
        raise Incorrect(
            f"{what} is {describe(answer)}: a value, not the name it belongs to. Give the "
            f"name as text, e.g. {example}."
        )
    raise Incorrect(
        f"{what} should be one name as text, e.g. {example}, but you gave {describe(answer)}."
    )


def as_names(
    answer: Any,
    what: str,
    *,
    known: Iterable[str] | None = None,
    known_as: str = "a name the notebook uses",
    example: str = "['age', 'income']",
) -> list[str]:
    """A list of names from a list, tuple, set, array, Series, Index or other iterable of
    strings (``dict.keys()``, ``map(...)``).

    Refuses one string (``'age'`` instead of ``['age']``), a dict, a 2-D array and items that
    are not text (a list nested in the list); with ``known``, also a name that is not among
    them (listing a few: a column of data passed for its name must not print every value).
    Order and duplicates are kept, so the checker decides whether either matters.
    """
    if isinstance(answer, str):
        raise Incorrect(
            f"{what} should be a list of names, e.g. {example}, but you gave one piece of "
            f"text, {_shortened(answer)!r}. Put the names in a list, even when there is only one."
        )
    if isinstance(answer, Mapping):
        raise Incorrect(
            f"{what} should be a list of names, e.g. {example}, but you gave a dict; its keys "
            "as a list would do."
        )
    iterable = isinstance(answer, Iterable) and not isinstance(answer, bytes)
    if isinstance(answer, pd.DataFrame) or not iterable:
        raise Incorrect(
            f"{what} should be a list of names, e.g. {example}, but you gave {describe(answer)}."
        )
    if isinstance(answer, np.ndarray) and answer.ndim != 1:
        raise Incorrect(f"{what} should be a flat list of names, but you gave {describe(answer)}.")
    items = sorted(answer, key=str) if isinstance(answer, set | frozenset) else list(answer)
    not_text = [plain(v) for v in items if not isinstance(v, str)]
    if not_text:
        raise Incorrect(
            f"{what} should hold names (text), but it holds "
            f"{listed(_shortened(repr(v)) for v in not_text[:3])}"
            + (f" (and {len(not_text) - 3} more)." if len(not_text) > 3 else ".")
        )
    names = [str(v) for v in items]
    if known is not None:
        known = [str(k) for k in known]
        unknown = list(dict.fromkeys(n for n in names if n not in known))
        slips = {n: spelling_slip(n, known) for n in unknown}
        slips = {n: k for n, k in slips.items() if k is not None}
        if slips:
            raise Incorrect(
                "Names are compared exactly, as pandas compares column names: "
                + "; ".join(f"{n!r} is written {k!r}" for n, k in slips.items())
                + "."
            )
        if unknown:
            shown = listed(repr(_shortened(n, 30)) for n in unknown[:3])
            if len(unknown) > 3:
                raise Incorrect(
                    f"{what} holds {len(unknown):,} values that are not {known_as}, e.g. "
                    f"{shown}: did you pass a column's values instead of names? Choose from: "
                    f"{', '.join(known)}."
                )
            raise Incorrect(
                f"{shown} {'is' if len(unknown) == 1 else 'are'} not {known_as}. Choose from: "
                f"{', '.join(known)}."
            )
    return names


def as_numbers(answer: Any, what: str, *, length: int | None = None) -> np.ndarray:
    """A 1-d float array from a list, tuple, array, Series or Index of numbers, or
    :class:`Incorrect`."""
    sequences = list | tuple | np.ndarray | pd.Series | pd.Index
    if isinstance(answer, str) or not isinstance(answer, sequences):
        expected = f"{length} numbers" if length else "numbers"
        raise Incorrect(
            f"{what} should be a list or array of {expected}, but you gave {describe(answer)}."
        )
    items = list(np.asarray(answer, dtype=object).ravel())
    values = [as_number(v, f"Each value of {what}") for v in items]
    if length is not None and len(values) != length:
        raise Incorrect(
            f"{what} should hold {_count(length, 'number')}, but it holds {len(values)}."
        )
    return np.array(values, dtype=float)


# --- comparing numbers -------------------------------------------------------------------

# Tests set this to a list to record what every check_number call compared (right value,
# tolerance, named mistakes), so that they can prove no named mistake lies within the tolerance
# of the right answer, where it could never be caught.
RECORDED_COMPARISONS: list[dict[str, Any]] | None = None


def coarse_rounding(value: Any, expected: Any, tolerance: float) -> str | None:
    """A sentence saying ``value`` is ``expected`` rounded too coarsely, or None.

    Works on numbers and on arrays alike (every element rounded to the same places). Names
    every number of places that gives the answer (1.3 is 1.2984 to one decimal and to two),
    and counts 0 places only for values of 10 or more: a share rounded to 0 or 1 is no
    rounding anybody does.
    """
    value, expected = np.asarray(value, dtype=float), np.asarray(expected, dtype=float)
    if value.shape != expected.shape:
        return None
    smallest = 0 if np.abs(expected).min() >= 10 else 1
    places = [
        d
        for d in range(smallest, 6)
        if np.abs(value - np.round(expected, d)).max() < 1e-12
        and np.abs(np.round(expected, d) - expected).max() > tolerance
    ]
    if not places:
        return None
    how = (
        _count(places[0], "decimal")
        if len(places) == 1
        else f"{places[0]} or {places[-1]} decimals"
    )
    return (
        f"That is the right value rounded to {how}, which is too coarse here (the check "
        f"allows ±{tolerance:g}): keep more decimals, or do not round."
    )


def check_number(
    answer: Any,
    expected: float,
    *,
    tolerance: float,
    what: str,
    mistakes: Iterable[tuple[float, str]] = (),
    otherwise: str = "Check your computation.",
    mistake_tolerance: float | None = None,
) -> float:
    """Compare a numeric answer with ``expected`` within an absolute ``tolerance``.

    ``mistakes`` pairs the value a common mistake produces with the explanation to give when
    the answer is that value (within ``mistake_tolerance``, by default the same tolerance: a
    wider one recognises a mistake computed another way or rounded, where the right answer
    must be given precisely). Where several mistakes produce that
    value, all of them are named, nearest first, so that a message never blames one mistake
    for another's result. An answer that is the right value rounded too coarsely is told so.
    ``otherwise`` is the advice for any other wrong value. Returns the answer as a float.
    """
    value = as_number(answer, what)
    if RECORDED_COMPARISONS is not None:
        mistakes = list(mistakes)
        RECORDED_COMPARISONS.append(
            {
                "what": what,
                "expected": float(expected),
                "tolerance": tolerance,
                "mistakes": [(float(v), why) for v, why in mistakes],
            }
        )
    if abs(value - expected) <= tolerance:
        return value
    radius = tolerance if mistake_tolerance is None else max(tolerance, mistake_tolerance)
    near = sorted(
        (abs(value - wrong), why) for wrong, why in mistakes if abs(value - float(wrong)) <= radius
    )
    reasons = list(dict.fromkeys(why for _, why in near))
    # The right value rounded too coarsely is named first, even where a mistake gives the
    # same value (0.882 rounded to 0.9 may also be some other ratio): both are possible.
    rounding = coarse_rounding(value, expected, tolerance)
    if rounding:
        reasons.insert(0, rounding)
    if len(reasons) == 1:
        raise Incorrect(f"{what} is {value:g}. {reasons[0]}")
    if reasons:
        raise Incorrect(
            f"{what} is {value:g}, which two or more mistakes give. " + " Or: ".join(reasons)
        )
    direction = "too high" if value > expected else "too low"
    raise Incorrect(f"{what} is {value:g}, which is {direction}. {otherwise}")


def check_fraction(
    answer: Any,
    expected: float,
    *,
    tolerance: float,
    what: str,
    mistakes: Iterable[tuple[float, str]] = (),
    otherwise: str = "Check your computation.",
    complement: str | None = (
        "That is 1 minus the answer: you computed the share of the other outcome."
    ),
    mistake_tolerance: float | None = None,
) -> float:
    """:func:`check_number` for a share: refuses percentages, and names ``1 - expected``.

    ``complement`` explains the answer ``1 - expected`` (the commonest slip with shares);
    pass ``None`` where the complement is itself a named mistake or cannot arise. A named
    mistake above 1 (a count given for a share, e.g. the number approved) is named before the
    answer is refused as no share at all.
    """
    value = as_number(answer, what)
    if value > 1:
        mistakes = list(mistakes)  # an answer this wrong may be consumed: it is no share
        counts = [(wrong, why) for wrong, why in mistakes if abs(value - float(wrong)) <= tolerance]
        if counts:
            check_number(value, math.inf, tolerance=tolerance, what=what, mistakes=counts)
    value = as_fraction(value, what, expected=expected)
    # Where 1 - expected lies within the tolerance of expected, the slip cannot be told apart.
    distinct = abs((1 - expected) - expected) > tolerance
    extra = [(1 - expected, complement)] if complement and distinct else []
    return check_number(
        value,
        expected,
        tolerance=tolerance,
        what=what,
        mistakes=itertools.chain(mistakes, extra),  # still lazy: a right answer costs nothing
        otherwise=otherwise,
        mistake_tolerance=mistake_tolerance,
    )
