"""The shared input checks, and that the helpers use them instead of their own copies."""

import ast

import numpy as np
import pandas as pd
import pytest
import scipy.stats

from coursekit.data import sha256_of
from coursekit.paths import repo_root
from coursekit.validation import (
    MissingColumnsError,
    binary_array,
    plain,
    positive_cost,
    require_columns,
)

PACKAGE = repo_root() / "coursekit"


@pytest.mark.parametrize(
    "values, message",
    [
        (np.zeros((3, 2)), r"shape \(3, 2\).*take \[:, 1\]"),
        (pd.DataFrame({"a": [0, 1], "b": [1, 0]}), "DataFrame with 2 columns"),
        ([], "empty"),
        ([1, np.nan], "1 missing value"),
        ([0.3, 0.9], r"only 0 and 1, found \['0.3', '0.9'\]"),
        (["yes", "no"], "only 0 and 1"),
    ],
)
def test_binary_array_refuses_what_is_not_decisions(values, message):
    with pytest.raises(ValueError, match=message):
        binary_array(values, "y_pred")


def test_binary_array_takes_lists_series_and_booleans():
    assert binary_array(pd.Series([True, False]), "y").tolist() == [1, 0]
    assert binary_array([1, 0, 1], "y").dtype.kind == "i"


@pytest.mark.parametrize("cost", [0, -1, float("nan"), float("inf"), True, None, "3"])
def test_positive_cost_refuses_what_cannot_be_a_price(cost):
    with pytest.raises(ValueError, match="positive"):
        positive_cost(cost, "cost")
    assert positive_cost(np.float64(3.0), "cost") == 3.0


def test_require_columns_names_the_gap_and_is_a_key_and_a_value_error():
    table = pd.DataFrame({"a": [1]})
    with pytest.raises(MissingColumnsError, match=r"split needs the column\(s\) \['b'\]") as e:
        require_columns(table, ["a", "b"], "split", "Pass load_loans().")
    assert isinstance(e.value, KeyError) and isinstance(e.value, ValueError)
    assert str(e.value).endswith("Pass load_loans().") and not str(e.value).startswith("'")
    with pytest.raises(TypeError, match="DataFrame, got list"):
        require_columns([1], ["a"], "split")


def test_plain_values_for_messages():
    assert repr(plain([np.str_("A"), np.float64(np.nan)])) == "['A', nan]"
    assert plain({np.str_("k"): np.int64(2)}) == {"k": 2}
    result = scipy.stats.spearmanr([1, 2, 3], [1, 3, 2])  # a namedtuple-like result
    assert plain(tuple(result)) == (0.5, plain(result.pvalue))
    assert isinstance(plain(result), tuple)


def test_sha256_of_bytes_and_paths_agree(tmp_path):
    path = tmp_path / "x.bin"
    path.write_bytes(b"course")
    assert sha256_of(path) == sha256_of(str(path)) == sha256_of(b"course")
    with pytest.raises(TypeError, match="bytes or a path"):
        sha256_of(42)


def _calls(tree: ast.AST, dotted: str) -> int:
    return sum(
        isinstance(node, ast.Call) and ast.unparse(node.func) == dotted for node in ast.walk(tree)
    )


def test_one_checksum_helper_and_one_missing_columns_check():
    """No module but data.py hashes files, and none hand-writes a missing-columns check."""
    for path in sorted(PACKAGE.rglob("*.py")):
        source = path.read_text(encoding="utf-8")
        tree = ast.parse(source)
        if path.name not in ("data.py", "privacy.py"):  # privacy hashes names, not files
            assert _calls(tree, "hashlib.sha256") == 0, f"{path.name}: use data.sha256_of"
        for node in ast.walk(tree) if path.name != "validation.py" else ():
            if isinstance(node, ast.ListComp):
                condition = " ".join(ast.unparse(c) for c in node.generators[0].ifs)
                assert not (" not in " in condition and ".columns" in condition), (
                    f"{path.name}:{node.lineno}: use validation.require_columns"
                )
