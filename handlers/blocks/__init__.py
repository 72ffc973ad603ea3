"""Pure Block Kit builders: plain data in, dicts out, tested by structure."""
