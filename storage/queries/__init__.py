"""Query functions: keyword-only, each takes the session it runs in."""
