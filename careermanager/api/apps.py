from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "careermanager.api"
    label = "api"
    verbose_name = "API"
