"""Knowledge checks: every question fit to ask, every answer handled without a traceback."""

import importlib.util
import json

import pytest

from coursekit.exercises.core import ____
from coursekit.knowledge import KnowledgeCheck, Option, Question, knowledge_check, problems
from coursekit.paths import repo_root

NOTEBOOKS = [f"{n:02d}" for n in range(1, 13)]
READY = [n for n in NOTEBOOKS if importlib.util.find_spec(f"coursekit.knowledge_checks.kc{n}")]


def _option(text, right=False):
    return Option(text, f"Because {text} is what this option says, in at least ten words.", right)


GOOD = Question("Which is right?", (_option("one", True), _option("two"), _option("three")))


@pytest.mark.parametrize("notebook", READY)
def test_every_question_is_fit_to_ask(notebook):
    check = knowledge_check(notebook)
    assert 3 <= len(check.questions) <= 5, notebook
    for question in check.questions:
        assert problems(question) == [], (notebook, question.key, problems(question))
        right = [o for o in question.options if o.right]
        assert all(o.feedback.startswith("Right.") for o in right), (notebook, question.key)


@pytest.mark.parametrize("notebook", READY)
def test_the_right_answer_is_not_given_away_by_place_or_length(notebook):
    """A test-wise learner who picks the longest option, or always (b), must not pass."""
    questions = knowledge_check(notebook).questions
    places = {q.right_letters for q in questions}
    assert len(places) > 1, f"{notebook}: the right option is always ({places.pop()})"
    longest = sum(
        max(q.options, key=lambda o: len(o.text)).right for q in questions if not q.several
    )
    assert longest <= len(questions) / 2, f"{notebook}: the right option is mostly the longest"


def test_problems_names_each_flaw():
    assert problems(GOOD) == []
    two_right = Question("Which?", (_option("a", True), _option("b", True), _option("c")))
    assert "2 right options" in problems(two_right)[0]
    several = Question("Which?", (_option("a", True), _option("b", True), _option("c")), True)
    assert "all that apply" in problems(several)[0]
    too_few = Question("Which?", (_option("a", True), _option("b")))
    assert "2 options" in problems(too_few)[0]
    bare = Question("Which?", (Option("a", "yes", True), _option("b"), _option("c")))
    assert "real feedback" in problems(bare)[0]
    repeated = Question("Which?", (_option("same", True), _option("same"), _option("c")))
    assert "repeats" in problems(repeated)[0]
    away = Question(
        "Is the interval wide enough to rule out a gap?",
        (_option("the interval wide enough", True), _option("b"), _option("c")),
    )
    assert "gives its answer away" in problems(away)[0]


@pytest.mark.parametrize(
    "answer, words",
    [
        (None, "not attempted yet"),
        (____, "not attempted yet"),
        ("", "not attempted yet"),
        ("z", "is not one of the letters a, b, c"),
        (3, "is not one of the letters"),
        ("ab", "choose one letter"),
        ("aa", "is not one of the letters"),
        ("b", "❌"),
        (" A ", "✅"),
        (["a"], "✅"),
        ("(a)", "✅"),
    ],
)
def test_check_answers_every_input_without_raising(answer, words, capsys):
    check = KnowledgeCheck("xx", [GOOD])
    check.q1.check(answer)
    assert words in capsys.readouterr().out


def test_several_right_options_need_all_of_them(capsys):
    question = Question(
        "Which hold? Choose all that apply.",
        (_option("a", True), _option("b", True), _option("c")),
        several=True,
    )
    check = KnowledgeCheck("xx", [question])
    check.q1.check("a")
    assert "1 right option(s) not chosen yet" in capsys.readouterr().out
    check.q1.check("ba")
    assert "all the right options, and only those" in capsys.readouterr().out
    check.q1.check("abc")
    out = capsys.readouterr().out
    assert "❌" in out and "only those" not in out


def test_check_all_takes_letters_in_order_and_counts_them(capsys):
    check = KnowledgeCheck("xx", [GOOD, GOOD])
    check.check_all(____)
    assert "Not attempted yet" in capsys.readouterr().out
    check.check_all("a")
    assert "You gave 1 answers; this check has 2 questions" in capsys.readouterr().out
    check.check_all("a, b")
    out = capsys.readouterr().out
    assert out.count("✅") == 1 and out.count("❌") == 1


def test_an_unknown_notebook_is_named():
    with pytest.raises(ValueError, match="No knowledge check for notebook '42'"):
        knowledge_check("42")


@pytest.mark.parametrize("notebook", READY)
def test_the_solution_notebook_answers_its_check_right(notebook):
    """The solution's answers are the bank's right letters, and its stored output says so."""
    (path,) = (repo_root() / "solutions").glob(f"{notebook}_*.ipynb")
    cells = json.loads(path.read_text(encoding="utf-8"))["cells"]
    calls = [c for c in cells if "check_all(" in "".join(c["source"])]
    assert len(calls) == 1, f"{path.name} has no knowledge-check cell (or more than one)"
    printed = "".join("".join(o.get("text", "")) for o in calls[0].get("outputs", []))
    count = len(knowledge_check(notebook).questions)
    assert printed.count("✅") >= count and "❌" not in printed, printed
