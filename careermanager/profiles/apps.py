from django.apps import AppConfig

from careermanager.core.navigation import NavItem


class ProfilesConfig(AppConfig):
    name = "careermanager.profiles"
    label = "profiles"
    verbose_name = "Profile and CV"
    navigation = [NavItem("Profile", "profiles:index", order=10)]
    dashboard_panels = ["careermanager.profiles.dashboard.complete_your_cv"]
