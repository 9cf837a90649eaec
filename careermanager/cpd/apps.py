from django.apps import AppConfig

from careermanager.core.navigation import NavItem


class CpdConfig(AppConfig):
    name = "careermanager.cpd"
    label = "cpd"
    verbose_name = "CPD"
    navigation = [NavItem("CPD", "cpd:index", order=40)]
    dashboard_panels = ["careermanager.cpd.dashboard.panel"]
