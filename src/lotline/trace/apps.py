from django.apps import AppConfig


class TraceConfig(AppConfig):
    name = "lotline.trace"
    label = "trace"
    verbose_name = "Traces and recalls"
