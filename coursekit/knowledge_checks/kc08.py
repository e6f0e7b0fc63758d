"""Knowledge check, notebook 08 (LIME): local fit, stability, LIME against SHAP, reason codes."""

from coursekit.knowledge import Option, Question

QUESTIONS = (
    Question(
        "The model scores application 103840 at 0.052. LIME's local model for it has an R² of "
        "0.33 and predicts 0.237 for the applicant. How should you read LIME's weights?",
        (
            Option(
                "As exact effects: the same seed gives the same weights every time.",
                "Reproducible is not accurate. A seed makes a rough answer repeatable, so that an "
                "audit can check it, but it does not make the local model fit any better.",
            ),
            Option(
                "As a rough summary of the neighbourhood: the ranking may help, the exact "
                "weights less so.",
                "Right. A straight line through LIME's copies follows the model poorly where its "
                "probability is nearly flat near 0; the order of the features can still be "
                "useful, but not the weights as effects on this applicant.",
                right=True,
            ),
            Option(
                "As a warning about the model: a low R² means the gradient-boosting model "
                "predicts repayment badly.",
                "The R² measures how well LIME's straight line reproduces the model's scores on "
                "LIME's weighted copies. It says nothing about how well the model itself predicts.",
            ),
            Option(
                "As unfinished: run LIME again with other seeds until the local model fits well.",
                "Over ten seeds the R² averages about 0.35. The poor fit comes from the shape of "
                "the model near this applicant and from copies that could not exist, not from an "
                "unlucky draw.",
            ),
        ),
    ),
    Question(
        "With LIME's default settings, 17 of 20 seeds give application 103840 the same three "
        "reasons in the same order, and no weight moves by more than about 0.01. What can the "
        "team conclude?",
        (
            Option(
                "The reasons are fairly stable for this applicant and these settings only; "
                "measure again elsewhere.",
                "Right. Stability is a property of one applicant at one set of settings, not of "
                "LIME: with 500 samples only 5 of 10 seeds agreed on this applicant's reasons.",
                right=True,
            ),
            Option(
                "LIME is stable on this model, so one run per applicant is enough for every "
                "rejection letter the lender sends.",
                "The notebook measured one applicant. Another applicant, or fewer samples or "
                "another kernel width, can move the reasons far more; each kind of decision needs "
                "its own check.",
            ),
            Option(
                "A spread of 0.01 is negligible, so the order of the three reasons is certain.",
                "The third reason, the loan amount, lies only about 0.01 above the fourth, the "
                "district, so in 2 of the 20 seeds the district took third place.",
            ),
            Option(
                "A narrower kernel would make it steadier still, because only the copies closest "
                "to the applicant would count.",
                "With a kernel width of 0.5 almost no copy is close enough to count: the weights "
                "shrink towards zero and only 2 of 10 seeds agree on the reasons.",
            ),
        ),
    ),
    Question(
        "On six rejected applicants, the rank correlation between LIME's and SHAP's weights runs "
        "from about 0.73 to 0.94, yet for five of them the two methods share only two of their "
        "three reasons. What should the team make of it?",
        (
            Option(
                "Average the two methods' weights, so that every reason in the letter is backed "
                "by both.",
                "LIME's weights are changes in probability and SHAP's are in log-odds, so their "
                "average means nothing; and averaging would hide the disagreement instead of "
                "acting on it.",
            ),
            Option(
                "Both methods are unreliable: a rank correlation below 1 means they contradict "
                "each other.",
                "Correlations between 0.73 and 0.94 are fairly high: on the whole the methods "
                "agree on what matters, and differ on features that push about equally hard.",
            ),
            Option(
                "The reason is not clear-cut, often because features are correlated: the case is "
                "one for a person to review.",
                "Right. Neither method is the truth about the applicant. When they disagree, a "
                "small difference decides which feature makes the list, so the letter should not "
                "go out unreviewed.",
                right=True,
            ),
            Option(
                "Keep the method whose reasons look most sensible to the credit team, and report "
                "only that.",
                "Choosing the answer that looks better hides what the team measured. The "
                "disagreement is a finding to report, and a sign that this case needs review.",
            ),
        ),
    ),
    Question(
        "Had the lender shipped the challenger, district would be among the three strongest "
        "reasons for 34 of its 42 rejected group B applicants in the sample. One letter reads: "
        "late payments, the amount requested, place of residence. What should happen to it?",
        (
            Option(
                "Send it with the first two reasons only, since district must never be a stated "
                "reason.",
                "That letter hides the real reason: the decision rests partly on where the "
                "applicant lives. Leaving the proxy out silently is the mistake the notebook "
                "warns against.",
            ),
            Option(
                "Send it as it is: the applicant has a right to hear the real reasons.",
                "District is a proxy for the protected group (about 88 % of applicants in "
                "Eastfield and Millbrook are in group B), so it must never be a stated reason; a "
                "decision that rests on it must be fixed, not explained.",
            ),
            Option(
                "Replace district by the fourth-strongest reason, so that the letter still gives "
                "three.",
                "A letter with a substitute reason is still a letter that hides why the model "
                "rejected the applicant; the problem is in the decision, not in the wording.",
            ),
            Option(
                "Stop it: fix the model, which leans on a proxy, and send such cases to a person "
                "until then.",
                "Right. If district is among the strongest reasons, the decision depends on it. "
                "The fix belongs in the model or the process, and until then a person reviews "
                "each such case.",
                right=True,
            ),
        ),
    ),
)
