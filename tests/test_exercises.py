"""Every checker accepts its right answers, rejects plausible wrong ones, and never raises.

The answers live in ``tests/exercise_cases/exNN.py``, one file per notebook, each defining
``CASES = {"exNN.qK": (right, [(wrong_answer_factory, words), ...])}``. ``right`` is a factory
of the right answer, or a list of factories: the right answer in each legitimate form a learner
may give it (a list, an array, a Series; another solver or seed where the prompt allows it).
Each wrong answer must be rejected with a message containing ``words``. A factory for an
exercise whose check takes several answers (``q.check(precision, recall)``) returns them as a
tuple; to pass one tuple as one answer, return ``((a, b),)``.

Beyond the cases, every exercise is fed what any learner may pass by accident: nothing, one
answer too many, an unknown keyword, ``None``, ``____`` and a set of values of the wrong type
in each answer's place. Each gets a message, never a traceback, and none is accepted.
"""

import importlib
import importlib.util
import pkgutil
import re
from pathlib import Path

import nbformat
import numpy as np
import pandas as pd
import pytest

import coursekit.exercises
from coursekit.exercises import core
from coursekit.exercises.core import (
    AuthoringError,
    Exercise,
    Incorrect,
    ____,
    bind_exercises,
    check_number,
    solution_blocks,
)
from coursekit.paths import repo_root

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


def right_factories(name: str) -> list:
    right, _ = CASES[name]
    return right if isinstance(right, list) else [right]


def all_exercises() -> dict[str, Exercise]:
    found = {}
    for module_info in pkgutil.iter_modules(coursekit.exercises.__path__):
        if not re.fullmatch(r"ex\d\d", module_info.name):
            continue
        module = importlib.import_module(f"coursekit.exercises.{module_info.name}")
        for name, value in vars(module).items():
            if isinstance(value, Exercise):
                found[f"{module_info.name}.{name}"] = value
    return found


EXERCISES = all_exercises()
NAMES = sorted(EXERCISES)


def assert_no_crash(outcome, what):
    assert not outcome.crashed, f"{what}: the checker itself failed: {outcome.message}"


def test_every_exercise_has_test_cases():
    assert set(EXERCISES) == set(CASES), "add right and wrong answers for new exercises"


def test_every_exercise_is_bound_to_the_name_that_holds_it():
    for name, exercise in EXERCISES.items():
        assert exercise.name == name
        assert exercise.notebook.startswith(name[2:4] + "_")


@pytest.mark.parametrize(
    "name, form",
    [(name, i) for name in sorted(CASES) for i in range(len(right_factories(name)))],
)
def test_right_answer_is_accepted_in_every_legitimate_form(name, form):
    answers = as_answers(right_factories(name)[form]())
    outcome = EXERCISES[name].evaluate(*answers)
    assert_no_crash(outcome, name)
    assert outcome.status == "correct", outcome.message


@pytest.mark.parametrize(
    "name, wrong, words",
    [(name, wrong, words) for name, (_, wrongs) in CASES.items() for wrong, words in wrongs],
)
def test_plausible_wrong_answer_is_rejected_with_a_reason(name, wrong, words):
    outcome = EXERCISES[name].evaluate(*as_answers(wrong()))
    assert_no_crash(outcome, name)
    assert outcome.status == "incorrect", outcome.message
    assert words in outcome.message


@pytest.mark.parametrize("name", sorted(CASES))
def test_no_named_mistake_hides_within_the_tolerance_of_the_right_answer(name, monkeypatch):
    """A mistake whose value lies within the tolerance of the right one can never be caught."""
    recorded: list = []
    monkeypatch.setattr(core, "RECORDED_COMPARISONS", recorded)
    outcome = EXERCISES[name].evaluate(*as_answers(right_factories(name)[0]()))
    assert outcome.status == "correct", outcome.message
    for comparison in recorded:
        for value, why in comparison["mistakes"]:
            assert abs(value - comparison["expected"]) > comparison["tolerance"], (
                f"{comparison['what']}: the mistake '{why[:60]}...' gives {value:.6g}, within "
                f"±{comparison['tolerance']} of the right {comparison['expected']:.6g}"
            )


@pytest.mark.parametrize("name", NAMES)
def test_placeholder_means_not_attempted_and_says_how_to_start(name, capsys):
    exercise = EXERCISES[name]
    blank = (____,) * len(exercise.answers)
    outcome = exercise.evaluate(*blank)
    assert outcome.status == "not_attempted"
    assert exercise.how_to_start in outcome.message
    exercise.check(*blank)  # prints, never raises
    assert "Not attempted yet" in capsys.readouterr().out


@pytest.mark.parametrize("name", NAMES)
def test_one_placeholder_left_is_named(name):
    exercise = EXERCISES[name]
    if len(exercise.answers) == 1:
        return
    answers = list(as_answers(right_factories(name)[0]()))
    answers[-1] = ____
    outcome = exercise.evaluate(*answers)
    assert outcome.status == "not_attempted"
    assert exercise.answers[-1] in outcome.message


@pytest.mark.parametrize("name", NAMES)
def test_missing_extra_and_unknown_answers_get_the_right_call(name):
    exercise = EXERCISES[name]
    answers = as_answers(right_factories(name)[0]())
    attempts = {
        "nothing": ((), {}),
        "one too many": ((*answers, 0.5), {}),
        "an unknown keyword": (answers, {"answer": 1}),
    }
    if len(answers) > 1:
        attempts["one too few"] = (answers[:-1], {})
    for what, (positional, named) in attempts.items():
        outcome = exercise.evaluate(*positional, **named)
        assert_no_crash(outcome, f"{name} with {what}")
        assert outcome.status == "incorrect", f"{name} accepted {what}"
        assert exercise.call in outcome.message, f"{name}, {what}: {outcome.message}"


@pytest.mark.parametrize("name", NAMES)
def test_answers_by_keyword_work_like_answers_by_position(name):
    exercise = EXERCISES[name]
    answers = as_answers(right_factories(name)[0]())
    named = dict(zip(exercise.answers, answers, strict=True))
    assert exercise.evaluate(**named).status == "correct"


NUMPY_REPR = re.compile(r"\bnp\.(float|int|uint|str_|bool|True_|False_)\w*\(|array\(\[")


def junk():
    """Values of the wrong type that a learner may pass by accident."""
    return {
        "an object": object(),
        "text": "0.5",
        "an empty list": [],
        "an empty dict": {},
        "an empty DataFrame": pd.DataFrame(),
        "an empty array": np.array([]),
        "NaN": float("nan"),
        "a negative number": -1,
        "a huge number": 10**9,
        "True": True,
        "a function": lambda *args: None,
        "a nested list": [[1, 2], [3]],
    }


def _is_empty_sequence(value) -> bool:
    return isinstance(value, list | tuple | set | np.ndarray) and len(value) == 0


@pytest.mark.parametrize("name", NAMES)
def test_none_and_wrong_types_get_a_message_not_a_traceback(name):
    exercise = EXERCISES[name]
    right = as_answers(right_factories(name)[0]())
    for position, answer_name in enumerate(exercise.answers):
        none = list(right)
        none[position] = None
        outcome = exercise.evaluate(*none)
        assert outcome.status == "incorrect" and "return" in outcome.message, outcome.message
        for what, value in junk().items():
            if isinstance(right[position], bool | np.bool_) and isinstance(value, bool):
                continue  # True may be the right verdict
            if _is_empty_sequence(right[position]) and _is_empty_sequence(value):
                continue  # an empty list may be the right list ("no check fails")
            answers = list(right)
            answers[position] = value
            outcome = exercise.evaluate(*answers)
            assert_no_crash(outcome, f"{name} with {what} as {answer_name}")
            assert outcome.status == "incorrect", f"{name} accepted {what} as {answer_name}"
            assert not NUMPY_REPR.search(outcome.message), f"a NumPy repr: {outcome.message}"


@pytest.mark.parametrize("name", NAMES)
def test_hint_and_solution_are_shown_and_the_solution_is_real(name, capsys):
    exercise = EXERCISES[name]
    exercise.hint()
    exercise.solution()
    out = capsys.readouterr().out
    assert exercise.hint_text in out
    path = repo_root() / "solutions" / f"{exercise.notebook}.ipynb"
    assert path.is_file(), f"{name} names a notebook that does not exist: {path.name}"
    code = exercise.solution_code()
    assert code.strip() and "BEGIN SOLUTION" not in code and "hint()" not in code
    compile(code, name, "exec")
    sources = [c.source for c in nbformat.read(path, as_version=4).cells]
    assert any(exercise.call in s and code in s for s in sources), "the check call's cell"


def normalised(text: str) -> str:
    return re.sub(r"\s+", "", text)


@pytest.mark.parametrize("name", NAMES)
def test_hint_nudges_and_does_not_give_the_solution_away(name):
    exercise = EXERCISES[name]
    hint = normalised(exercise.hint_text)
    for line in exercise.solution_code().splitlines():
        line = line.split("#")[0]
        if re.match(r"\s*def \w+\(.*\):$", line):
            continue  # the signature the prompt asks for
        statement = normalised(line.split("=", 1)[1] if re.match(r"\s*\w+\s*=[^=]", line) else line)
        if len(statement) >= 25:
            assert statement not in hint, f"the hint of {name} holds the solution's {line!r}"


def test_solution_without_solutions_folder_points_to_the_hint(monkeypatch, tmp_path):
    monkeypatch.setattr("coursekit.exercises.core.repo_root", lambda: tmp_path)
    assert "ex00.q1.hint()" in EXERCISES["ex00.q1"].solution_code()


def test_solution_notebook_without_the_cell_is_a_course_bug(monkeypatch, tmp_path):
    (tmp_path / "solutions").mkdir()
    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell("x = 1")])
    nbformat.write(nb, tmp_path / "solutions" / f"{EXERCISES['ex00.q1'].notebook}.ipynb")
    monkeypatch.setattr("coursekit.exercises.core.repo_root", lambda: tmp_path)
    with pytest.raises(LookupError, match=r"ex00\.q1"):
        EXERCISES["ex00.q1"].solution_code()


# --- the core's building blocks ----------------------------------------------------------


def _exercise(answers=("a", "b"), checker=lambda a, b: "ok", **kw) -> Exercise:
    exercise = Exercise(
        title="t", answers=answers, checker=checker, hint_text="h", how_to_start="Start.", **kw
    )
    bind_exercises({"__name__": "coursekit.exercises.ex99", "q1": exercise}, "99_test")
    return exercise


def test_an_unbound_exercise_is_an_authoring_error():
    exercise = Exercise(title="t", answers=("a",), checker=str, hint_text="", how_to_start="")
    with pytest.raises(AuthoringError, match="bind_exercises"):
        exercise.evaluate(1)


def test_binding_refuses_bad_names_and_a_second_name():
    exercise = Exercise(title="t", answers=("a",), checker=str, hint_text="", how_to_start="")
    with pytest.raises(AuthoringError, match="q1, q2"):
        bind_exercises({"__name__": "x.ex99", "first": exercise}, "99_test")
    bind_exercises({"__name__": "x.ex99", "q1": exercise}, "99_test")
    with pytest.raises(AuthoringError, match="already bound"):
        bind_exercises({"__name__": "x.ex99", "q2": exercise}, "99_test")
    with pytest.raises(AuthoringError, match="NN_name"):
        bind_exercises({"__name__": "x.ex98", "q1": exercise}, "99_test")


def test_declared_answers_must_be_names():
    with pytest.raises(AuthoringError, match="tuple of names"):
        Exercise(title="t", answers="a", checker=str, hint_text="", how_to_start="")


def test_call_names_the_answers_and_partial_placeholders_are_named():
    exercise = _exercise()
    assert exercise.call == "ex99.q1.check(a, b)"
    outcome = exercise.evaluate(1, ____)
    assert outcome.status == "not_attempted" and "b is still ____" in outcome.message
    assert exercise.evaluate((____, ____), 1).status == "not_attempted"


def test_one_tuple_for_two_answers_says_pass_them_separately():
    outcome = _exercise().evaluate((1, 2))
    assert "separately" in outcome.message and "ex99.q1.check(a, b)" in outcome.message


def test_a_checker_that_crashes_gives_a_message_and_is_flagged():
    outcome = _exercise(answers=("a",), checker=lambda a: 1 / 0).evaluate(1)
    assert outcome.status == "incorrect" and outcome.crashed
    assert "ZeroDivisionError" in outcome.message


def test_unpack_takes_a_pair_a_dict_or_a_series_by_key():
    exercise = _exercise(checker=lambda a, b: f"{a}-{b}", combined=core.unpack(("A", "B"), "rate"))
    assert exercise.evaluate((1, 2)).message == "1-2"
    assert exercise.evaluate({"B": 2, "A": 1}).message == "1-2"
    assert exercise.evaluate(pd.Series({"A": 1, "B": 2})).message == "1-2"
    assert "indexed by 'a' and 'b'" in exercise.evaluate(pd.Series({"a": 1, "b": 2})).message
    assert "for each of A and B" in exercise.evaluate(1).message


def test_check_number_explains_non_numbers_and_nan():
    with pytest.raises(Incorrect, match="True"):
        check_number(True, 1.0, tolerance=0.1, what="x")
    with pytest.raises(Incorrect, match="a list"):
        check_number([1, 2], 1.0, tolerance=0.1, what="x")
    with pytest.raises(Incorrect, match=r"Take the number out of it, e.g. with \[0\]"):
        check_number([1], 1.0, tolerance=0.1, what="x")
    with pytest.raises(Incorrect, match="NaN"):
        check_number(float("nan"), 1.0, tolerance=0.1, what="x")
    with pytest.raises(Incorrect, match="return"):
        check_number(None, 1.0, tolerance=0.1, what="x")
    assert check_number(1.05, 1.0, tolerance=0.1, what="x") == 1.05
    assert check_number(np.float32(1.0), 1.0, tolerance=0.1, what="x") == 1.0
    assert check_number(np.array(1.0), 1.0, tolerance=0.1, what="x") == 1.0


def test_numbers_as_text_are_refused_with_the_fix():
    with pytest.raises(Incorrect, match="write 5000 without quotes"):
        check_number("5000", 5000, tolerance=0, what="x")


def test_check_number_lets_the_nearest_mistake_explain_and_names_coinciding_ones():
    mistakes = [(0.50, "Far."), (0.52, "Near.")]
    with pytest.raises(Incorrect, match=r"mistakes give\. Near\. Or: Far\."):
        check_number(0.515, 0.9, tolerance=0.02, what="x", mistakes=mistakes)
    with pytest.raises(Incorrect, match=r"is 0\.5\. Far\.$"):
        check_number(0.5, 0.9, tolerance=0.005, what="x", mistakes=mistakes)
    # a listed mistake equal to the right value never fires: right answers return first
    assert check_number(0.9, 0.9, tolerance=0.01, what="x", mistakes=[(0.9, "wrong")]) == 0.9


def test_check_number_says_when_an_answer_is_rounded_too_coarsely():
    with pytest.raises(Incorrect, match="rounded to 2 decimals"):
        check_number(0.77, 0.7712, tolerance=0.0005, what="x")


def test_check_fraction_names_percentages_and_complements():
    with pytest.raises(Incorrect, match="percentage"):
        core.check_fraction(76.5, 0.765, tolerance=0.001, what="x")
    with pytest.raises(Incorrect, match="1 minus"):
        core.check_fraction(0.235, 0.765, tolerance=0.001, what="x")
    with pytest.raises(Incorrect, match="between 0 and 1"):
        core.check_fraction(-0.2, 0.765, tolerance=0.001, what="x")


def test_as_bool_refuses_text_and_numbers():
    assert core.as_bool(np.True_, "x") is True
    for value, words in (("True", "without quotes"), (1, "comparison"), ([True], "one True")):
        with pytest.raises(Incorrect, match=words):
            core.as_bool(value, "x")


def test_as_names_takes_any_sequence_of_text_and_refuses_one_string():
    for form in (
        ["a", "b"],
        ("a", "b"),
        np.array(["a", "b"]),
        pd.Series(["a", "b"]),
        pd.Index(["a", "b"]),
    ):
        assert core.as_names(form, "x") == ["a", "b"]
    assert core.as_names({"b", "a"}, "x") == ["a", "b"]
    with pytest.raises(Incorrect, match="one piece of text"):
        core.as_names("a", "x")
    with pytest.raises(Incorrect, match="not a name the notebook uses"):
        core.as_names(["a", "zz"], "x", known=["a", "b"])
    with pytest.raises(Incorrect, match="holds 1"):
        core.as_names(["a", 1], "x")


def test_messages_print_plain_values_not_numpy_reprs():
    assert repr(core.plain([np.str_("A"), np.float64(0.5), np.int64(3)])) == "['A', 0.5, 3]"
    assert not NUMPY_REPR.search(core.describe([np.float64(float("nan"))]))
    assert core.describe(None) == "None"


def test_placeholder_is_falsy_and_prints_as_blank():
    assert not ____
    assert repr(____) == "____"


def test_solution_blocks_extracts_each_block():
    source = (
        "a = 1\n# BEGIN SOLUTION\nb = 2\n# END SOLUTION\n"
        "c = 3\n# BEGIN SOLUTION\nd = 4\n# END SOLUTION"
    )
    assert solution_blocks(source) == ["b = 2", "d = 4"]
