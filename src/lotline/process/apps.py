from django.apps import AppConfig


class ProcessConfig(AppConfig):
    name = "lotline.process"
    label = "process"
    verbose_name = "Process records"

    def ready(self) -> None:
        from . import projections  # noqa: F401  (register the event projectors and the read tables)
