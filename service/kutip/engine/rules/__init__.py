"""Rules: loading the rules/ data (lexicon, rulebook, patterns, the file schema)."""
