"""coursekit: the helper package of the responsible-ML course.

Plumbing lives here (data loading, features, models, metrics, exercise checks) so that the
notebooks can show the idea being taught and nothing else. Every module at this level is one a
notebook imports; the tools that build the course (learner notebooks, slides, website,
benchmark) live apart in :mod:`coursekit.authoring`.
"""

from coursekit.data import DataFileError, load_german_credit, load_loans, load_prepared_loans
from coursekit.paths import data_dir, repo_root

__all__ = [
    "DataFileError",
    "data_dir",
    "load_german_credit",
    "load_loans",
    "load_prepared_loans",
    "repo_root",
]
__version__ = "0.1.0"
