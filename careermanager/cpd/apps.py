from django.apps import AppConfig


class CpdConfig(AppConfig):
    name = "careermanager.cpd"
    label = "cpd"
    verbose_name = "CPD"
