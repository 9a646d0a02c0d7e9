"""Lotline's benchmark harness (issue 3): `python -m bench`, or `make bench` / `make bench-full`.

Generated datasets are imported with Lotline's own importer and traced with its own functions,
every answer checked, and measured beside two small references written here: an in-memory floor
(floor.py) and a bare sqlite3 schema (baresql.py). Figures go to bench/results/ and docs/benchmarks.md.
"""
