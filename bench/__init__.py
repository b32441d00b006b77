"""Benchmarks and load scripts for kutip (run by hand; the live hardening tests import them)."""
