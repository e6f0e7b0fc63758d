"""Every checker accepts the right answer, rejects plausible wrong ones, and never raises.

The answers live in ``tests/exercise_cases/exNN.py``, one file per notebook, each defining
``CASES = {"exNN.qK": (right_answer_factory, [(wrong_answer_factory, words), ...])}``: the
wrong answer must be rejected with a message containing ``words``. A factory for an exercise
whose check takes several answers (``q.check(precision, recall)``) returns them as a tuple.
"""

import importlib
import importlib.util
import pkgutil
from pathlib import Path

import pytest

import coursekit.exercises
from coursekit.exercises import Exercise, ____
from coursekit.exercises.core import Incorrect, check_number, solution_blocks

CASE_DIR = Path(__file__).parent / "exercise_cases"


def load_cases() -> dict:
    cases = {}
    for path in sorted(CASE_DIR.glob("ex*.py")):
        spec = importlib.util.spec_from_file_location(f"exercise_cases_{path.stem}", path)
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
        overlap = set(cases) & set(module.CASES)
        assert not overlap, f"{path.name} repeats {overlap}"
        cases.update(module.CASES)
    return cases


CASES = load_cases()


def as_answers(value) -> tuple:
    """A factory's result as the positional answers of ``check``."""
    return value if isinstance(value, tuple) else (value,)


def all_exercises() -> dict[str, Exercise]:
    found = {}
    for module_info in pkgutil.iter_modules(coursekit.exercises.__path__):
        if not module_info.name.startswith("ex"):
            continue
        module = importlib.import_module(f"coursekit.exercises.{module_info.name}")
        for name, value in vars(module).items():
            if isinstance(value, Exercise):
                found[f"{module_info.name}.{name}"] = value
    return found


EXERCISES = all_exercises()


def test_every_exercise_has_test_cases():
    assert set(EXERCISES) == set(CASES), "add right and wrong answers for new exercises"


@pytest.mark.parametrize("name", sorted(CASES))
def test_right_answer_is_accepted(name):
    right, _ = CASES[name]
    outcome = EXERCISES[name].evaluate(*as_answers(right()))
    assert outcome.status == "correct", outcome.message


@pytest.mark.parametrize(
    "name, wrong, words",
    [(name, wrong, words) for name, (_, wrongs) in CASES.items() for wrong, words in wrongs],
)
def test_plausible_wrong_answer_is_rejected_with_a_reason(name, wrong, words):
    outcome = EXERCISES[name].evaluate(*as_answers(wrong()))
    assert outcome.status == "incorrect"
    assert words in outcome.message


@pytest.mark.parametrize("name", sorted(CASES))
def test_placeholder_means_not_attempted_and_says_how_to_start(name, capsys):
    exercise = EXERCISES[name]
    outcome = exercise.evaluate(____)
    assert outcome.status == "not_attempted"
    assert exercise.how_to_start in outcome.message
    exercise.check(____)  # prints, never raises
    assert "Not attempted yet" in capsys.readouterr().out


@pytest.mark.parametrize("name", sorted(CASES))
def test_hint_and_solution_are_shown(name, capsys):
    exercise = EXERCISES[name]
    exercise.hint()
    exercise.solution()
    out = capsys.readouterr().out
    assert exercise.hint_text in out
    assert exercise.solution_code().strip()
    assert "BEGIN SOLUTION" not in exercise.solution_code()


def test_solution_without_solutions_folder_points_to_the_hint(monkeypatch, tmp_path):
    monkeypatch.setattr("coursekit.exercises.core.repo_root", lambda: tmp_path)
    assert "hint()" in EXERCISES["ex00.q1"].solution_code()


def test_check_number_explains_non_numbers_and_nan():
    with pytest.raises(Incorrect, match="True/False"):
        check_number(True, 1.0, tolerance=0.1, what="x")
    with pytest.raises(Incorrect, match="a list"):
        check_number([1], 1.0, tolerance=0.1, what="x")
    assert check_number(1.05, 1.0, tolerance=0.1, what="x") == 1.05


def test_check_number_lets_the_nearest_mistake_explain():
    mistakes = [(0.50, "far"), (0.52, "near")]
    with pytest.raises(Incorrect, match="near"):
        check_number(0.515, 0.9, tolerance=0.02, what="x", mistakes=mistakes)
    # a listed mistake equal to the right value never fires: right answers return first
    assert check_number(0.9, 0.9, tolerance=0.01, what="x", mistakes=[(0.9, "wrong")]) == 0.9


def test_placeholder_is_falsy_and_prints_as_blank():
    assert not ____
    assert repr(____) == "____"


def test_solution_blocks_extracts_each_block():
    source = (
        "a = 1\n# BEGIN SOLUTION\nb = 2\n# END SOLUTION\n"
        "c = 3\n# BEGIN SOLUTION\nd = 4\n# END SOLUTION"
    )
    assert solution_blocks(source) == ["b = 2", "d = 4"]
