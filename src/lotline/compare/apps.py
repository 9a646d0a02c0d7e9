from django.apps import AppConfig


class CompareConfig(AppConfig):
    name = "lotline.compare"
    label = "compare"
    verbose_name = "Batch comparison"
