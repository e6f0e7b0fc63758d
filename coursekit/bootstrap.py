"""Bootstrap confidence intervals for any metric of one or more aligned arrays.

The idea: the test set is one sample of the applications the model will meet. Draw as many rows
as it has, *with replacement*, recompute the metric, and repeat; the spread of the recomputed
values shows how much the metric would move with another sample of the same size. The middle
95 % of them is a 95 % *percentile interval*.

Used in notebook 04 (metrics and expected cost) and notebook 05 (gaps between groups)::

    from coursekit.bootstrap import bootstrap_ci
    interval = bootstrap_ci(roc_auc_score, y_test, scores, description="ROC-AUC")
    print(interval)             # 0.775 (95% interval 0.745 to 0.803)
    interval.low, interval.high

Rows are resampled *jointly*: row ``i`` of every array stays together, so labels stay with their
scores (and with their group, for a fairness gap). A resample on which the metric is undefined
(e.g. ROC-AUC when the resample holds only one class) is skipped and counted, not fatal.
"""

from __future__ import annotations

import copy
import math
import warnings
from collections.abc import Callable
from dataclasses import dataclass, field

import numpy as np
from numpy.typing import ArrayLike
from sklearn.exceptions import UndefinedMetricWarning

from coursekit.features import RANDOM_STATE
from coursekit.progress import progress

MIN_RESAMPLES = 100  # fewer and the 2.5 % and 97.5 % percentiles rest on two or three values
MAX_SKIPPED_SHARE = 0.5  # beyond this the interval describes an unusual subset of resamples


@dataclass(frozen=True)
class Interval:
    """A metric's value on the full data and its bootstrap percentile interval.

    Attributes
    ----------
    estimate : the metric on the data as given (not the mean of the resamples).
    low, high : the interval's bounds.
    confidence : e.g. 0.95 for a 95 % interval.
    n_resamples : how many resamples were drawn.
    n_skipped : how many of them were skipped because the metric was undefined on them.
    values : the metric on every resample that was kept (for a histogram).
    rng_state : the random generator's state before the first resample, so that
        :func:`replay` can draw the very same resamples again (None for an interval made by
        hand).
    """

    estimate: float
    low: float
    high: float
    confidence: float
    n_resamples: int
    n_skipped: int = 0
    values: np.ndarray = field(default_factory=lambda: np.empty(0), repr=False, compare=False)
    rng_state: dict | None = field(default=None, repr=False, compare=False)

    @property
    def width(self) -> float:
        """``high - low``: how far apart the plausible values lie."""
        return self.high - self.low

    def contains(self, value: float) -> bool:
        """Whether ``value`` lies inside the interval (bounds included)."""
        return self.low <= value <= self.high

    def format(self, digits: int = 3) -> str:
        """E.g. ``"0.775 (95% interval 0.745 to 0.803)"``."""
        text = (
            f"{self.estimate:.{digits}f} ({self.confidence:.0%} interval "
            f"{self.low:.{digits}f} to {self.high:.{digits}f})"
        )
        if self.n_skipped:
            text += f" [{self.n_skipped} of {self.n_resamples} resamples skipped: undefined]"
        return text

    def __str__(self) -> str:
        return self.format()


_UNDEFINED = (ValueError, ZeroDivisionError, FloatingPointError, UndefinedMetricWarning)


def _evaluate(metric: Callable[..., float], arrays: list[np.ndarray]) -> float | None:
    """The metric on ``arrays`` as a float, or ``None`` where it is undefined."""
    try:
        return _evaluate_or_raise(metric, arrays)
    except _UNDEFINED:
        return None


def _evaluate_or_raise(metric: Callable[..., float], arrays: list[np.ndarray]) -> float | None:
    """The metric as a float; ``None`` for NaN or inf; the metric's own error propagates."""
    with warnings.catch_warnings():
        # scikit-learn warns (and returns 0 or NaN) where a metric is undefined: treat it as such
        warnings.simplefilter("error", UndefinedMetricWarning)
        with np.errstate(divide="ignore", invalid="ignore"):  # 0/0 gives NaN, handled below
            value = float(metric(*arrays))
    return value if math.isfinite(value) else None


def _validated(arrays: tuple[ArrayLike, ...]) -> list[np.ndarray]:
    if not arrays:
        raise ValueError(
            "Give the metric's inputs after it, e.g. bootstrap_ci(roc_auc_score, y_true, scores)."
        )
    converted = [np.asarray(a) for a in arrays]
    for position, array in enumerate(converted, start=1):
        if array.ndim == 0:
            raise ValueError(f"Array {position} is a single value; give one value per row.")
        if len(array) == 0:
            raise ValueError(f"Array {position} is empty; there is nothing to resample.")
    lengths = [len(a) for a in converted]
    if len(set(lengths)) > 1:
        raise ValueError(
            f"All arrays must have the same number of rows (they are resampled together), "
            f"got {lengths}."
        )
    return converted


def bootstrap_ci(
    metric: Callable[..., float],
    *arrays: ArrayLike,
    n_resamples: int = 1000,
    confidence: float = 0.95,
    seed: int | np.random.Generator = RANDOM_STATE,
    description: str = "bootstrap",
    show_progress: bool = True,
) -> Interval:
    """Percentile bootstrap interval of ``metric(*arrays)``.

    Parameters
    ----------
    metric : called as ``metric(*resampled_arrays)``, returns a number, e.g.
        ``roc_auc_score`` with arrays ``y_true, scores``.
    *arrays : one or more arrays (or pandas objects) with the same number of rows; rows are
        resampled jointly, along the first axis.
    n_resamples : how many resamples to draw; at least 100, 1000 is usual.
    confidence : the interval's coverage, strictly between 0 and 1 (0.95 → 2.5th to 97.5th
        percentile of the resampled metric).
    seed : an int or a ``numpy.random.Generator``; the same seed gives the same interval.
    description : the progress bar's label.
    show_progress : show a progress bar (off in tests or when called in a loop).

    Returns
    -------
    Interval : ``estimate``, ``low``, ``high`` and how many resamples were skipped.

    Raises
    ------
    ValueError : no arrays, empty or misaligned arrays, ``confidence`` outside (0, 1),
        ``n_resamples`` below 100, a metric undefined on the full data, or undefined on more
        than half of the resamples.
    TypeError : ``metric`` is not callable, or ``seed`` is neither an int nor a Generator.
    """
    if not callable(metric):
        raise TypeError(
            f"metric must be a function of the arrays, e.g. roc_auc_score; got {metric!r}."
        )
    data = _validated(arrays)
    if isinstance(n_resamples, bool) or not isinstance(n_resamples, int | np.integer):
        raise TypeError(f"n_resamples must be an int, got {n_resamples!r}.")
    if n_resamples < MIN_RESAMPLES:
        raise ValueError(
            f"n_resamples is {n_resamples}; use at least {MIN_RESAMPLES} (1000 is usual), or the "
            "interval's ends rest on a handful of resamples."
        )
    if not 0 < confidence < 1:
        raise ValueError(
            f"confidence must lie strictly between 0 and 1 (e.g. 0.95), got {confidence!r}."
        )
    if isinstance(seed, bool) or not isinstance(seed, int | np.integer | np.random.Generator):
        raise TypeError(
            f"seed must be an int or a numpy.random.Generator, got {type(seed).__name__}: "
            "an unseeded bootstrap gives a different interval on every run."
        )
    try:
        estimate = _evaluate_or_raise(metric, data)
    except UndefinedMetricWarning as warning:
        raise ValueError(
            f"The metric is undefined on the full data ({warning}); check the inputs, e.g. "
            "that y_true holds both classes."
        ) from warning
    except Exception as error:
        # the metric's own error (a shape bug in a learner's function, a wrong argument order)
        # is the one to see: name it, and keep it as the cause
        raise ValueError(
            f"The metric failed on the full data with {type(error).__name__}: {error}. "
            "Call it once on your arrays by hand to see why."
        ) from error
    if estimate is None:
        raise ValueError(
            "The metric is NaN or infinite on the full data; check the inputs, e.g. that "
            "y_true holds both classes and no group is empty."
        )

    rng = seed if isinstance(seed, np.random.Generator) else np.random.default_rng(seed)
    rng_state = copy.deepcopy(rng.bit_generator.state)
    n_rows = len(data[0])
    steps = range(n_resamples)
    values = []
    for _ in progress(steps, description) if show_progress else steps:
        rows = rng.integers(0, n_rows, size=n_rows)
        value = _evaluate(metric, [a[rows] for a in data])
        if value is not None:
            values.append(value)
    skipped = n_resamples - len(values)
    if skipped > MAX_SKIPPED_SHARE * n_resamples:
        raise ValueError(
            f"The metric was undefined on {skipped} of {n_resamples} resamples (e.g. only one "
            "class present); an interval from the rest would mislead. Use more rows, or a "
            "metric that is defined on small samples."
        )
    tail = (1 - confidence) / 2
    low, high = np.quantile(values, [tail, 1 - tail])
    return Interval(
        estimate=estimate,
        low=float(low),
        high=float(high),
        confidence=confidence,
        n_resamples=n_resamples,
        n_skipped=skipped,
        values=np.asarray(values),
        rng_state=rng_state,
    )


def replay(interval: Interval, metric: Callable[..., float], *arrays: ArrayLike) -> Interval:
    """``bootstrap_ci`` of ``metric(*arrays)`` on the very resamples that made ``interval``.

    The same seed, number of resamples and confidence, for another metric or other arrays: a
    checker uses it to recompute a learner's interval the right way, whatever seed they chose,
    and compare. Needs an interval that ``bootstrap_ci`` made (one made by hand has no state).
    """
    if not isinstance(interval, Interval) or interval.rng_state is None:
        raise ValueError(
            "replay needs an interval that bootstrap_ci made: it records the random state of "
            "its resamples, and an Interval made by hand does not."
        )
    state = copy.deepcopy(interval.rng_state)
    bit_generator = getattr(np.random, state["bit_generator"])()
    bit_generator.state = state
    return bootstrap_ci(
        metric,
        *arrays,
        n_resamples=interval.n_resamples,
        confidence=interval.confidence,
        seed=np.random.Generator(bit_generator),
        show_progress=False,
    )
