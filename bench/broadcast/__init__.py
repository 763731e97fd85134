"""The parts of `manage.py bench_broadcast`: the bench recipients (seed), the mail sink
(sink), the worker it starts (worker) and the timings (timing)."""
