"""Right and wrong answers for the exercises of notebook 10 (see tests/test_exercises.py)."""

from coursekit.exercises import ex10

CASES = {
    "ex10.q2": (
        lambda: round(ex10._q2_facts()["right"], 3),
        [
            (lambda: ex10._q2_facts()["reversed"], "deciles of the production batch"),
            (lambda: ex10._q2_facts()["percent"], "fractions"),
            (lambda: ex10._q2_facts()["log10"], "natural log"),
            (lambda: ex10._q2_facts()["dropped"], "outer bins open"),
            (lambda: float("inf"), "empty"),
            (lambda: float("nan"), "empty in both"),
            (lambda: 0.05, "too low"),
        ],
    ),
    "ex10.q1": (
        lambda: ["fnr_gap"],
        [
            (lambda: [], "Something fails"),
            (lambda: ["roc_auc", "fnr_gap"], "does not depend on the threshold"),
            (lambda: ["selection_gap", "fnr_gap"], "['selection_gap'] passes"),
            (lambda: "fnr_gap", "list of names"),
            (lambda: ["auc"], "not a check of the gate"),
        ],
    ),
}
