"""Knowledge check, notebook 09 (data privacy): pseudonyms, linkage, k-anonymity, privacy budget."""

from coursekit.knowledge import Option, Question

QUESTIONS = (
    Question(
        "The team replaced every e-mail address by its SHA-256 hash before sharing the table. A "
        "dictionary of 484,800 guessed addresses turns 68.2 % of the hashes back into addresses. "
        "What should the team do instead?",
        (
            Option(
                "Use a stronger hash, such as SHA-3 or SHA-512, which nobody can reverse.",
                "No hash is reversed in this attack: the attacker hashes each guess and compares. "
                "Any hash without a secret can be recomputed, whatever its strength.",
            ),
            Option(
                "Hash the customer number instead: unlike an e-mail address, nobody can guess it.",
                "There are only 900,000 customer numbers, and trying them all reversed 100 % of "
                "their plain hashes. The customer number is the right value to pseudonymise, but "
                "not with a plain hash.",
            ),
            Option(
                "Nothing: a hash cannot be inverted, and 31.8 % of the hashes resisted even a "
                "large dictionary.",
                "Inverting is not needed when guessing works. The rest escaped only because their "
                "addresses follow patterns this dictionary did not try; a bigger one would find "
                "them too.",
            ),
            Option(
                "Pseudonymise the customer number with a keyed hash (HMAC), its key kept out of "
                "notebooks and code.",
                "Right. Without the key nobody can recompute a pseudonym from a guess, and a "
                "customer number, unlike an e-mail address, does not change. Whoever holds the "
                "key can re-identify everyone, so the key needs an owner.",
                right=True,
            ),
        ),
    ),
    Question(
        "The lender removes names and e-mail addresses but keeps birth date, sex and postcode. "
        "Joined to a public register that lists 60 % of the applicants, they re-identify 2,982 "
        "of the 5,000 applicants, all but one correctly. What does this show?",
        (
            Option(
                "Removing the direct identifiers is not anonymisation: quasi-identifiers together "
                "single people out.",
                "Right. Birth date, sex and postcode together single out most people, in real "
                "populations too, so they must be generalised before release, not left exact.",
                right=True,
            ),
            Option(
                "The other 40 % are protected, so that part of the table can be shared as it is.",
                "They escaped only because the register does not list them: nearly everyone it "
                "lists was found, and a fuller list would find more.",
            ),
            Option(
                "The attack needed the exact birth date; with the birth year instead, the table "
                "would be safe to share.",
                "With the birth year and the full postcode, 94 % of the applicants are still "
                "unique. Coarsening the postcode to its area did most of the work.",
            ),
            Option(
                "The public register is the weak point, so the risk is its owner's to manage, "
                "not the lender's.",
                "The lender cannot control what lists exist outside it, and such lists do exist, "
                "like the voter list Sweeney used. The lender is responsible for what it releases.",
            ),
        ),
    ),
    Question(
        "After generalising, the release is 14-anonymous over age band, sex and district, and "
        "every applicant matches at least 62 register entries. What can the lender conclude?",
        (
            Option(
                "Every class holds at least 14 people, so no sensitive value can be learned from "
                "the release.",
                "Among the 14 men aged 60 and over in Lakeshore, every one repaid: an attacker "
                "who places a neighbour in that class learns their repayment record.",
            ),
            Option(
                "Someone who also knows an applicant's income still narrows them down to no fewer "
                "than 14 rows.",
                "k = 14 holds only for an attacker who knows the three generalised columns. "
                "Adding the exact income, which the release still holds, makes 81.6 % of the "
                "applicants unique.",
            ),
            Option(
                "Nobody can be singled out by those three columns, but the release still gives "
                "away sensitive values.",
                "Right. That is all k-anonymity promises. Because district is a proxy for group, "
                "the release tells an attacker the group of three in four applicants nine times "
                "in ten, so it stays personal data.",
                right=True,
            ),
            Option(
                "The release now counts as anonymous data, so the GDPR no longer applies to "
                "sharing it.",
                "k-anonymity guards against singling out, not against inference or linkage; this "
                "release still reveals group and, with an income, identity, so it remains "
                "personal data.",
            ),
        ),
    ),
    Question(
        "Each release below is a count with Laplace noise at ε = 1. Each applicant applies once "
        "and lives in one district. Which plan spends, in total, no more than ε = 1 on any one "
        "applicant?",
        (
            Option(
                "The number of rejected Millbrook applicants, published three times.",
                "The three releases are about the same people, so they add up to ε = 3: "
                "averaging them leaves a third of the noise's variance, as an attacker would "
                "compute.",
            ),
            Option(
                "One count of rejected applicants per district, six counts in all.",
                "Right. Each applicant is in exactly one of the six counts, so they compose in "
                "parallel: together they cost only the largest of their ε, here 1.",
                right=True,
            ),
            Option(
                "The number of rejected Millbrook applicants, and the number of all rejected "
                "applicants.",
                "A rejected Millbrook applicant is counted in both releases, so the two add up to "
                "ε = 2 for that person.",
            ),
            Option(
                "The number of rejected Millbrook applicants every month for a year, each count "
                "covering all applications so far.",
                "Every month's count holds the same applicants again, so the months add up: a "
                "year of such counts spends ε = 12 on each applicant who applied in January.",
            ),
        ),
    ),
)
