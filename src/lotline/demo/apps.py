from django.apps import AppConfig


class DemoConfig(AppConfig):
    name = "lotline.demo"
    label = "demo"
    verbose_name = "Demo business"
