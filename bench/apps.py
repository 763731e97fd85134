from django.apps import AppConfig


class BenchConfig(AppConfig):
    """Benchmarks of the desk and the deliveries (`make bench`). They call the product's
    code and keep no copy of it; nothing of the product imports them."""

    name = "bench"
