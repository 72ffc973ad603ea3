"""Pulse surveys: definitions (YAML, JSON or the Slack modal) and templates, scheduled rounds delivered in each
person's working hours, answering once (anonymously where promised), and results with small groups suppressed."""
