from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "lotline.accounts"
    label = "accounts"
    verbose_name = "People, roles and API tokens"
