"""Quotes: quotation marks paired into quote spans, per paragraph."""
