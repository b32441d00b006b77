"""Sieves: ordered rules attribute quotes in marks, then indirect speech; first decision wins."""
