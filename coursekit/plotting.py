"""One plot style for the whole course: readable on a projector, the same in every notebook."""

from __future__ import annotations

import matplotlib as mpl

COURSE_STYLE = {
    "figure.dpi": 100,
    "font.size": 13,
    "axes.titlesize": 15,
    "axes.titleweight": "bold",
    "axes.labelsize": 13,
    "xtick.labelsize": 12,
    "ytick.labelsize": 12,
    "legend.fontsize": 12,
    "axes.spines.top": False,
    "axes.spines.right": False,
    "axes.grid": True,
    "grid.alpha": 0.3,
}


def use_course_style() -> None:
    """Apply the course's plot style (larger fonts, light grid, no top/right frame)."""
    mpl.rcParams.update(COURSE_STYLE)
