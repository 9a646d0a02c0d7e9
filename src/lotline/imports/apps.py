from django.apps import AppConfig


class ImportsConfig(AppConfig):
    name = "lotline.imports"
    label = "imports"
    verbose_name = "Spreadsheet import"
