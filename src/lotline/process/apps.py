from django.apps import AppConfig


class ProcessConfig(AppConfig):
    name = "lotline.process"
    label = "process"
    verbose_name = "Process records"

    def ready(self) -> None:
        from . import projections, tallies  # noqa: F401  (register the projectors, read tables and tallies)
