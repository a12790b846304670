"""The applications use cases: the applicant's moves, reviews, decisions and what follows."""
