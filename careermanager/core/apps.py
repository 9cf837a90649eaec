from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "careermanager.core"
    label = "core"
    verbose_name = "Core"
