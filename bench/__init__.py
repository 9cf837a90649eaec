"""Benchmarks for Career Manager: `make bench` (or `python -m bench`) from the repository root.

Each benchmark is a module with a `TITLE` and a `run(bench) -> Section`; `bench/__main__.py`
lists them in `BENCHMARKS`. docs/benchmarks.md explains the numbers and how to add one.
"""
