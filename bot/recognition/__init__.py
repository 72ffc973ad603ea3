"""Mentor recognition: a mentor's own statement for a dossier, and the coordinators' annual recognition list."""
