"""Slack's mrkdwn, for text that people typed."""

from __future__ import annotations


def escape_mrkdwn(text: str) -> str:
    """Text someone typed, made inert inside mrkdwn: `<!here>`, `<@U…>` or `<https://x|label>` would otherwise
    become a live mention or a disguised link in someone else's Slack. The one escaping function: every piece of
    user-typed text shown to another person in mrkdwn goes through it (plain_text is never parsed)."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
