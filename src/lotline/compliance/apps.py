from django.apps import AppConfig


class ComplianceConfig(AppConfig):
    name = "lotline.compliance"
    label = "compliance"
    verbose_name = "FSMA 204"

    def ready(self) -> None:
        from . import projections  # noqa: F401  (register the event projectors)
