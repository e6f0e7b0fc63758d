"""coursekit: the helper package of the responsible-ML course.

Plumbing lives here (data loading, exercise checks, notebook building, benchmarks) so that the
notebooks can show the idea being taught and nothing else.
"""

from coursekit.data import DataFileError, load_german_credit, load_loans
from coursekit.paths import data_dir, repo_root

__all__ = ["DataFileError", "data_dir", "load_german_credit", "load_loans", "repo_root"]
__version__ = "0.1.0"
