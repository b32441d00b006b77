"""People: speaker mentions, their names and parts, the article's cast, and reference resolution."""
