"""mentorbot: a Slack app that runs a medical mentorship program."""
