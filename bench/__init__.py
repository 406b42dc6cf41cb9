"""Benchmarks of fichesujet: `bash bench/run` for the whole table, `python -m bench.<name>` for one."""
