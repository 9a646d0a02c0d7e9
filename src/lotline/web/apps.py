from django.apps import AppConfig


class WebConfig(AppConfig):
    name = "lotline.web"
    label = "web"
    verbose_name = "Web app"
