from django.apps import AppConfig

from careermanager.core.navigation import NavItem


class DevelopmentConfig(AppConfig):
    name = "careermanager.development"
    label = "development"
    verbose_name = "Development planning"
    navigation = [NavItem("Development", "development:index", order=35)]
