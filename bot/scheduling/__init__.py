"""Pairs that actually meet: availability, slots both can make, invitations, reminders and follow-ups."""
