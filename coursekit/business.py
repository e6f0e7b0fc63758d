"""The business framing of notebook 02, reused wherever a decision is evaluated (04, 05, 10).

The lender's team agreed with the product manager and the domain experts on what each kind of
error costs, in *cost units* where 1 unit is the margin lost when a good applicant is turned
away. A wrong approval costs three times as much: on average the lender loses part of the
principal when a loan is not repaid.

The costs are about the **outcome**, ``repaid``, not the officers' decision ``approved``: pass
``repaid`` as ``y_true``. A cost computed against ``approved`` measures disagreement with the
officers, which is not money. (The course's synthetic data knows ``repaid`` for every
applicant; a real lender knows it only for the loans it granted, see notebook 02.)
"""

from __future__ import annotations

import numpy as np
from numpy.typing import ArrayLike

from coursekit.validation import binary_array, positive_cost, same_length

COST_OF_WRONG_APPROVAL = 3.0  # false positive: approved, but the applicant does not repay
COST_OF_WRONG_REJECTION = 1.0  # false negative: rejected, but the applicant would have repaid
# The threshold notebook 04 chooses for the chosen model (a model of the officers' decision):
# the cheapest, under the costs above priced against repaid, on out-of-fold predictions of the
# training split. tests/test_business_and_modeling.py recomputes it, so it cannot drift from
# what 04 shows; notebooks 05 onwards decide with it.
CHOSEN_THRESHOLD = 0.44


def expected_cost(
    y_true: ArrayLike,
    y_pred: ArrayLike,
    cost_of_wrong_approval: float = COST_OF_WRONG_APPROVAL,
    cost_of_wrong_rejection: float = COST_OF_WRONG_REJECTION,
) -> float:
    """Average cost per application of the decisions ``y_pred`` (1 = approve) against ``y_true``.

    ``y_true`` is the outcome the costs are about, ``repaid`` (1 = repaid).
    """
    truth, decision = binary_array(y_true, "y_true"), binary_array(y_pred, "y_pred")
    same_length(y_true=truth, y_pred=decision)
    cost_of_wrong_approval = positive_cost(cost_of_wrong_approval, "cost_of_wrong_approval")
    cost_of_wrong_rejection = positive_cost(cost_of_wrong_rejection, "cost_of_wrong_rejection")
    wrong_approvals = np.sum((decision == 1) & (truth == 0))
    wrong_rejections = np.sum((decision == 0) & (truth == 1))
    total = cost_of_wrong_approval * wrong_approvals + cost_of_wrong_rejection * wrong_rejections
    return float(total / truth.size)


def cost_optimal_threshold(
    cost_of_wrong_approval: float = COST_OF_WRONG_APPROVAL,
    cost_of_wrong_rejection: float = COST_OF_WRONG_REJECTION,
) -> float:
    """The probability of repayment above which approving costs less than rejecting.

    It holds for scores that are calibrated probabilities of ``repaid``; for any other score
    (a model of ``approved``, say) search the threshold on validation predictions instead.

    Approve when ``p * cost_of_wrong_rejection > (1 - p) * cost_of_wrong_approval``, i.e. when
    ``p > cost_of_wrong_approval / (cost_of_wrong_approval + cost_of_wrong_rejection)``.
    """
    cost_of_wrong_approval = positive_cost(cost_of_wrong_approval, "cost_of_wrong_approval")
    cost_of_wrong_rejection = positive_cost(cost_of_wrong_rejection, "cost_of_wrong_rejection")
    return cost_of_wrong_approval / (cost_of_wrong_approval + cost_of_wrong_rejection)
