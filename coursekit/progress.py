"""Progress bars for long loops that keep stored notebook outputs identical run to run."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import TypeVar

from tqdm.auto import tqdm

T = TypeVar("T")

# No elapsed time or rate in the bar: strict nbval compares the bar's text.
BAR_FORMAT = "{desc}: {percentage:3.0f}%|{bar}| {n_fmt}/{total_fmt}"


def progress(iterable: Iterable[T], description: str, total: int | None = None) -> Iterator[T]:
    """Wrap a loop in a progress bar (a widget in Jupyter, text in a terminal).

    Parameters
    ----------
    iterable : what the loop runs over.
    description : a few words shown before the bar, e.g. ``"bootstrap"``.
    total : the number of steps, when ``len(iterable)`` does not work (a generator).
    """
    if not description:
        raise ValueError("Give the progress bar a description, e.g. 'bootstrap'.")
    return iter(tqdm(iterable, desc=description, total=total, bar_format=BAR_FORMAT))
