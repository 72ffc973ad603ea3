"""The mentoring agreement of each match, and what follows from it: the early pulse, the midpoint and end
reviews, renewals and completions."""
