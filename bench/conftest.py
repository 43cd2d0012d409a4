"""Benchmarks for `make bench`: each compares baclo with a reference run side by side."""
