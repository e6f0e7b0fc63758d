"""Input checks shared by the course's helpers: one place, one message for each kind of mistake.

Every helper that takes decisions, outcomes, costs or a table calls these, so that the same bad
input gets the same clear message (naming the parameter, what it received and the fix)
wherever a learner passes it.
"""

from __future__ import annotations

import math
import numbers
from collections.abc import Iterable
from typing import Any

import numpy as np
import pandas as pd
from numpy.typing import ArrayLike


def plain(value: Any) -> Any:
    """``value`` with NumPy and pandas scalars turned into plain Python, for messages.

    ``np.float64(0.5)`` becomes ``0.5`` and ``[np.str_('A')]`` becomes ``['A']``, so a message
    never shows a learner NumPy's reprs.
    """
    if isinstance(value, np.generic):
        return value.item()
    if isinstance(value, np.ndarray | pd.Series | pd.Index):
        return [plain(v) for v in np.asarray(value).tolist()]
    if isinstance(value, list):
        return [plain(v) for v in value]
    if isinstance(value, tuple):  # a namedtuple (e.g. scipy's results) becomes a plain tuple
        return tuple(plain(v) for v in value)
    if isinstance(value, set | frozenset):
        return sorted((plain(v) for v in value), key=str)
    if isinstance(value, dict):
        return {plain(k): plain(v) for k, v in value.items()}
    return value


def binary_array(values: ArrayLike, name: str, *, allow_empty: bool = False) -> np.ndarray:
    """``values`` as a 1-D int array of 0/1, or a ValueError that says what is wrong.

    Refused: a 2-D input (e.g. the two columns of ``predict_proba``), an empty one, missing
    values, and anything but 0 and 1 (True/False count as 1/0), such as scores.
    """
    if isinstance(values, pd.DataFrame):
        raise ValueError(
            f"{name} must be one column of 0/1, but it is a DataFrame with "
            f"{values.shape[1]} columns; pick the column, e.g. frame['approved']."
        )
    array = np.asarray(values)
    if array.ndim != 1:
        hint = " (predict_proba gives two columns: take [:, 1] and a threshold)" * (array.ndim == 2)
        raise ValueError(
            f"{name} must be a 1-D array of 0/1, one value per applicant, got shape "
            f"{array.shape}{hint}."
        )
    if array.size == 0 and not allow_empty:
        raise ValueError(f"{name} is empty; there is nothing to measure.")
    missing = pd.isna(array)
    if missing.any():
        raise ValueError(
            f"{name} has {int(missing.sum())} missing value(s); drop or fill those rows "
            "first: a metric over an unknown outcome or decision is undefined."
        )
    try:
        valid = np.isin(array, (0, 1)).all() and not np.issubdtype(array.dtype, np.str_)
    except TypeError:
        valid = False
    if not valid:
        found = sorted(map(str, set(pd.unique(array).tolist()) - {0, 1}))[:5]
        raise ValueError(
            f"{name} must hold only 0 and 1, found {found}. For model scores, decide first: "
            "(scores >= threshold).astype(int)."
        )
    return array.astype(int)


def same_length(**arrays: np.ndarray) -> None:
    """A ValueError naming each array's length unless they are all the same."""
    lengths = {name: len(array) for name, array in arrays.items()}
    if len(set(lengths.values())) > 1:
        raise ValueError(f"The inputs need one value per applicant; got lengths {lengths}.")


def positive_cost(value: float, name: str) -> float:
    """A cost as a positive, finite float, or a ValueError (bools, NaN, inf, ≤ 0 refused)."""
    if isinstance(value, bool) or not isinstance(value, numbers.Real):
        raise ValueError(f"{name} must be a positive number of cost units, got {plain(value)!r}.")
    number = float(value)
    if not math.isfinite(number) or number <= 0:
        raise ValueError(
            f"{name} must be a positive, finite number of cost units, got {plain(value)!r}: an "
            "error that costs nothing (or less) is not an error the threshold should avoid."
        )
    return number


class MissingColumnsError(KeyError, ValueError):
    """A table lacks the columns a helper needs (a KeyError, as pandas raises, and a
    ValueError, as the course's other bad-input errors are)."""

    def __str__(self) -> str:  # KeyError would quote the message
        return str(self.args[0]) if self.args else ""


def require_columns(table: object, columns: Iterable[str], what: str, fix: str = "") -> None:
    """A :class:`MissingColumnsError` naming the columns ``what`` needs that ``table`` lacks.

    ``fix`` says where a right table comes from, e.g. "Pass coursekit.load_loans()."
    """
    if not isinstance(table, pd.DataFrame):
        raise TypeError(
            f"{what} needs a pandas DataFrame, got {type(table).__name__}. {fix}".strip()
        )
    missing = [c for c in columns if c not in table.columns]
    if missing:
        raise MissingColumnsError(
            f"{what} needs the column(s) {missing}, which the table lacks (it has "
            f"{list(table.columns)}). {fix}".strip()
        )
