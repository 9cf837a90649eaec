from django.apps import AppConfig


class PortabilityConfig(AppConfig):
    name = "careermanager.portability"
    label = "portability"
    verbose_name = "Your data"
