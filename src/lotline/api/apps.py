from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "lotline.api"
    label = "api"
    verbose_name = "JSON API"
