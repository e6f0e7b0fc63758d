"""Knowledge check, notebook 07 (SHAP): log-odds, the reference, reasons in a letter, proxies."""

from coursekit.knowledge import Option, Question

QUESTIONS = (
    Question(
        "The gradient-boosting model's SHAP values pass the additivity check in log-odds: base "
        "value plus SHAP values equals its log-odds for all 300 applicants. For one applicant, "
        "income's SHAP value is +0.5. What does that number say?",
        (
            Option(
                "Income adds 50 points to the applicant's probability of approval.",
                "The values add up in log-odds, not in probability: the same sums missed the "
                "predicted probabilities by up to 2.96, and +0.5 log-odds is not 50 points of "
                "probability.",
            ),
            Option(
                "Raising the applicant's income would add another 0.5 to its log-odds.",
                "A SHAP value compares the applicant's actual income with the reference; what a "
                "change would do is another question, for a counterfactual explanation.",
            ),
            Option(
                "Against the average applicant, its income multiplies its odds of approval by "
                "about 1.6.",
                "Right. A SHAP value moves the log-odds away from the base value, the model's "
                "average; +0.5 multiplies the odds of approval by e^0.5, about 1.6.",
                right=True,
            ),
            Option(
                "The applicant's income makes it more likely that the loan will be repaid.",
                "SHAP describes what the model does, not what causes repayment, and this model "
                "learned the officers' decisions, not repayment.",
            ),
        ),
    ),
    Question(
        "The rejected applicant closest to the threshold scores 0.4346 against 0.44. Its SHAP "
        "values sum to −0.625 log-odds, and income is its largest push towards rejection "
        "(−0.98). What do these SHAP values explain?",
        (
            Option(
                "Why it missed the threshold: −0.625 is how far the score lies below 0.44.",
                "A score of 0.4346 lies a hair below 0.44, about 0.02 in log-odds. The −0.625 "
                "runs from the base value, well above the threshold, to this applicant.",
            ),
            Option(
                "The whole fall from the average applicant, who would be approved, to this score.",
                "Right. SHAP values add up to the distance from the base value (0.362 log-odds, "
                "a probability of 0.590) to the applicant's output, not to the last step that "
                "decided the case.",
                right=True,
            ),
            Option(
                "What it would take to be approved: a higher income first, as the largest push.",
                "SHAP values name what lowered the score, not what would lift it over the line; "
                "the smallest change that flips a decision needs a counterfactual explanation.",
            ),
            Option(
                "How it falls short of the applicants the model approves, as a rejection letter "
                "needs.",
                "That is the letter's reference, the approved applicants. These values compare "
                "with the base value, the model's average over the training data.",
            ),
        ),
    ),
    Question(
        "For the same applicant, the letter from the shipped logistic regression, the model that "
        "decides, lists income, existing debt payments and age, and flags age with STOP: a "
        "protected characteristic in many jurisdictions, with no direct effect on repayment in "
        "these data. What should the team do?",
        (
            Option(
                "Send the letter with the two credit reasons and leave age out.",
                "A letter must give the specific, accurate reasons of the model that decided "
                "(Regulation B, 12 CFR 1002.9(b)(2)); leaving age out hides what the model does.",
            ),
            Option(
                "Write the letter from the gradient-boosting model's SHAP values instead.",
                "The reasons must be those of the model that decided. Another model's reasons "
                "are a guess about them, and this one learned the officers' biased decisions.",
            ),
            Option(
                "Nothing: age comes third, after income and debt, so it is only a minor reason.",
                "A protected characteristic among the deciding model's reasons is a finding "
                "whatever its rank: the model marks applicants down for it.",
            ),
            Option(
                "Hold the letter: have the model reviewed, or the case decided by a person.",
                "Right. The reasons are the deciding model's real ones, so the problem is in the "
                "model, not in the letter: fix the model, or send such cases to a person.",
                right=True,
            ),
        ),
    ),
    Question(
        "The model never sees `group`. Summed over the district columns, its SHAP values "
        "average +0.179 log-odds in group A and −0.367 in group B, over the 300 applicants "
        "explained. What does that show?",
        (
            Option(
                "Where the gap lives: through district alone, the model scores group B about "
                "0.55 log-odds lower on average.",
                "Right. The generator took 0.9 log-odds off every group B applicant, and the "
                "model, never shown group, recovers more than half of that through where people "
                "live.",
                right=True,
            ),
            Option(
                "That district predicts repayment, which the model has correctly learned.",
                "In these data district says nothing about repayment; the model learned the "
                "officers' penalty against group B, which makes up about 88 % of the residents "
                "of Eastfield and Millbrook.",
            ),
            Option(
                "Nothing about fairness: a model that never sees group cannot treat the groups "
                "differently.",
                "This is the evidence that it can: district stands in for group, so removing the "
                "protected attribute is not a fairness argument.",
            ),
            Option(
                "That the district's penalty falls on group B's applicants and on no one in "
                "group A.",
                "It falls on everyone in Eastfield and Millbrook, including the group A "
                "applicants who live there: group A's lowest district value is −0.817.",
            ),
        ),
    ),
)
