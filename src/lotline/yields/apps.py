from django.apps import AppConfig


class YieldsConfig(AppConfig):
    name = "lotline.yields"
    label = "yields"
    verbose_name = "Yields"
