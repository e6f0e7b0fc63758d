"""Knowledge check, notebook 05 (bias checking): alarms, proxies, label bias, four-fifths rule."""

from coursekit.knowledge import Option, Question

QUESTIONS = (
    Question(
        "One branch receives 60 applications from group A and 20 from group B a month. This "
        "month the article's check fires: group B's acceptance rate is more than 0.1 below "
        "group A's. What can the branch manager conclude?",
        (
            Option(
                "The branch treats group B worse than group A: the gap is above the check's "
                "tolerance.",
                "The check prints a difference with no uncertainty. With 20 applicants one "
                "approval moves B's rate by 0.05, so a gap of this size can be pure chance.",
            ),
            Option(
                "Little: a group-blind policy would set it off in about two months out of "
                "five here.",
                "Right. In the notebook's simulation a policy that gives every applicant the "
                "same chance triggers the check, one way or the other, in 39 % of months at such a "
                "branch: an alarm, not an audit.",
                right=True,
            ),
            Option(
                "The gap is real, though it may come from differences in creditworthiness.",
                "Nothing shows the gap is real: at 20 applicants from group B a month, chance "
                "alone crosses the 0.1 line in about two months out of five.",
            ),
            Option(
                "Group B's applicants who would repay are being rejected more often than group "
                "A's.",
                "The check looks at decisions only, never at errors or at who would repay; "
                "that needs error rates per group, measured against a truth you trust.",
            ),
        ),
    ),
    Question(
        "The model never sees `group`, but it uses `district`, which identifies an applicant's "
        "group 94.7 % of the time. Retrained without `district`, it shrinks the selection-rate "
        "gap from 26.3 to 2.9 points; one trained on unbiased labels has 3.2. What has dropping "
        "`district` fixed?",
        (
            Option(
                "The bias: the gap now matches that of a model trained on unbiased labels.",
                "The gaps match, the levels do not: without district the model approves both "
                "groups 6 to 7 points less often than the unbiased reference does.",
            ),
            Option(
                "The gap, but at a cost against repayment that the lender would notice.",
                "Measured against repaid, the model without district (at its own threshold) "
                "costs no measurably more: an estimated saving of 0.034 units per application, "
                "interval −0.073 to 0.002.",
            ),
            Option(
                "Less than it seems: the penalty is still in the label, and now falls on "
                "both groups.",
                "Right. Unable to aim the officers' penalty at group B, the model spreads it "
                "over everyone: group A is approved 6.8 points and group B 6.4 points below the "
                "reference.",
                right=True,
            ),
            Option(
                "The problem for good: with neither group nor district among its inputs, the "
                "model has no proxy left.",
                "In real data proxies are many and weak (postcode, first name, employer), and a "
                "flexible model rebuilds the group from what is left; the cause, the label, "
                "remains.",
            ),
        ),
    ),
    Question(
        "The officers approved 62.5 % of group A and 43.5 % of group B, who repay at almost the "
        "same rate (77.4 % and 75.5 %). A counterfactual audit, a model of how the officers "
        "treated group A applied to group B, says group B lost 17.0 approval points. What "
        "belongs in the report?",
        (
            Option(
                "17.0 points, the size of the officers' penalty.",
                "A bare number hides the audit's error: over 20 simulated lenders it missed its "
                "own truth by up to 2.8 points, so it needs a margin and its assumptions.",
            ),
            Option(
                "19 points, the whole approval gap, since the two groups repay alike.",
                "Similar repayment does not make every point of the gap a penalty: about 2 of "
                "the 19 points come from real differences in credit, mainly a small income gap.",
            ),
            Option(
                "17.0 points, a finding that holds whatever features the audit is given, since "
                "it compares like with like.",
                "It does not hold: on a lender with no penalty at all, an audit without income "
                "called 10.1 of an 11.6-point legitimate gap bias, and even the full audit, with "
                "raw income, found 2.4 phantom points.",
            ),
            Option(
                "About 17 points give or take 2.5, with what it assumes about the standard and "
                "the features.",
                "Right. The audit is right on average but off by two or three points on any one "
                "lender, and it assumes that group A's treatment is the standard and that its "
                "features, in their shape, hold all that the officers could legitimately use.",
                right=True,
            ),
        ),
    ),
    Question(
        "A post-processor gives group A a threshold between 0.46 and 0.56 and group B "
        "one of about 0.33. Its decisions pass the four-fifths rule: the smaller selection rate "
        "is 97 % of the larger. What can the lender conclude?",
        (
            Option(
                "Only that selection rates are close; a threshold per group is itself a legal "
                "question.",
                "Right. The rule compares selection rates and nothing else, and a threshold that "
                "depends on the group is, outside narrow exceptions, disparate treatment under "
                "US credit law (12 CFR 1002.4(a)); take it to compliance first.",
                right=True,
            ),
            Option(
                "Group B reached parity through new approvals, at no cost to group A's applicants.",
                "Group B gains approvals, but group A pays: the post-processor takes 63 approvals "
                "from group A, 71 % of them applicants who would repay, and adds none (levelling "
                "down).",
            ),
            Option(
                "The decisions are fair to both groups: the four-fifths rule is the regulator's "
                "test for credit.",
                "The rule comes from the US guidelines on employee selection (29 CFR "
                "1607.4(D)); it has no formal standing in credit law and is only a first screen.",
            ),
            Option(
                "The gaps in the error rates have closed as well, since the selection rates "
                "are now close.",
                "The rule says nothing about errors: here group B's non-repayers are approved "
                "more often than A's (+0.071, interval −0.057 to +0.194), undecided on this test "
                "set.",
            ),
        ),
    ),
)
