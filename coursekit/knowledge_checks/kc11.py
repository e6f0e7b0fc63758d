"""Knowledge check, notebook 11 (capstone): data card, simple rivals, small groups, go/no-go."""

from coursekit.knowledge import Option, Question

QUESTIONS = (
    Question(
        "In the German credit data, 300 of the 1,000 credits are labelled bad. What does that "
        "share of 30 % tell the team about the bank's borrowers?",
        (
            Option(
                "About three in ten of the bank's borrowers defaulted in 1973–1975.",
                "The data card says bad credits were oversampled: the sample holds far more of "
                "them than the bank had, so the share is a design choice, not a default rate.",
            ),
            Option(
                "The classes are imbalanced, so they must be rebalanced before any model is "
                "trained.",
                "Nothing requires it: the notebook trains on the sample as drawn and lets the 5:1 "
                "cost matrix set the threshold. The problem is what the share means, which "
                "rebalancing cannot fix.",
            ),
            Option(
                "Little about default: the sample was designed, so the share is not the bank's "
                "default rate.",
                "Right. A model trained here predicts for a world with 30 % bad credits. Its "
                "scores can rank applicants, but a threshold derived from them holds only for "
                "this sample.",
                right=True,
            ),
            Option(
                "A good model should approve about 70 % of the applicants, the share of good "
                "credits in the data.",
                "The share of good credits is not a target for the approval rate. Under the 5:1 "
                "cost matrix the model approves 30.3 % of the test applicants: caution, as the "
                "costs ask.",
            ),
        ),
    ),
    Question(
        "On the 300 test credits, the model saves 0.163 units per applicant over rejecting "
        "everyone (95 % interval 0.060 to 0.263), and 0.047 over the domain expert's rule of "
        "approving only applicants whose checking account is not overdrawn (interval −0.057 "
        "to 0.170). What can the team say?",
        (
            Option(
                "The model beats both alternatives, since both of its savings are positive.",
                "The saving over the rule has an interval that includes zero and a loss, so this "
                "test set does not show that the model beats the rule.",
            ),
            Option(
                "It is reliably better than rejecting everyone, but not shown to be better than "
                "the rule.",
                "Right. The first interval stays above zero, just; the second includes zero. "
                "Comparing with a simple alternative, here the domain expert's rule, is what "
                "reveals it.",
                right=True,
            ),
            Option(
                "The model is no better than the rule, because the interval includes zero.",
                "An interval that includes zero does not show the saving is zero: it reaches "
                "0.170 too. 'Not shown' is not 'shown not to exist'.",
            ),
            Option(
                "Nothing yet: 300 test credits are too few to compare costs at all.",
                "The same 300 credits do show a saving over rejecting everyone, with an interval "
                "above zero. The intervals say what the test set can and cannot show.",
            ),
        ),
    ),
    Question(
        "The model approves the 59 test applicants aged 25 or younger at 0.681 times the rate of "
        "those over 25, with a 95 % interval from 0.346 to 1.071. What belongs in the report?",
        (
            Option(
                "No significant gap: the interval includes 1, so the model treats young "
                "applicants fairly.",
                "The sample is too small to rule out a serious disadvantage: the interval "
                "reaches down to about 0.35. Not finding a gap is not showing there is none.",
            ),
            Option(
                "Adverse impact on young applicants, shown by a ratio below the four-fifths line.",
                "The point estimate is below 0.8, but the interval reaches above 1: the data are "
                "also consistent with no disadvantage at all, so adverse impact is not shown.",
            ),
            Option(
                "No age result: a group of 59 is too small for a rate to be reported at all.",
                "The team fixed a minimum group size of 50 before any model existed, and 59 meets "
                "it; even a smaller group's rate is reported, with its interval, not left out.",
            ),
            Option(
                "A warning sign that is still an open question: consistent with a large "
                "disadvantage and with none.",
                "Right. The estimate is below 0.8, and the interval spans from a large "
                "disadvantage to none. Both halves of that sentence go into the report.",
                right=True,
            ),
        ),
    ),
    Question(
        "The go/no-go function, with limits the team fixed before any model existed, returns "
        "NO-GO: the saving over the rule of thumb (low end −0.057) and the age ratio (0.681) "
        "fail their limits. What should the team do?",
        (
            Option(
                "Write down the no-go and its reasons, with next steps that each have an owner.",
                "Right. For example: a larger, unstratified sample, a test of whether duration "
                "or employment carries the age gap, and the real losses behind the 5:1 matrix.",
                right=True,
            ),
            Option(
                "Lower the two limits a little, since both intervals are wide, and run the "
                "function again.",
                "Moving a limit after seeing the result it would change makes the gate decide "
                "nothing. A team that wants other limits sets them before the results, with a "
                "reason.",
            ),
            Option(
                "Switch to the random forest, whose cross-validated ROC-AUC was higher, and run "
                "the gate on it.",
                "0.782 against 0.773 is within either model's spread over the folds, and the "
                "rule agreed in advance chose the simpler model. Trying models until one passes "
                "is another way of moving a limit.",
            ),
            Option(
                "Record the workshop as a failure, since it produced no model the bank can deploy.",
                "A no-go that says what is missing is a successful outcome: the limits made 'go' "
                "possible, and the evidence did not reach it. Knowing that is worth the session.",
            ),
        ),
    ),
)
