"""The parts of `manage.py bench_desk`: the bench data (data, generate, bulk, seed), the
page timings against the admin (timing) and the load test under gunicorn (load)."""
