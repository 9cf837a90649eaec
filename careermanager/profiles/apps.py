from django.apps import AppConfig


class ProfilesConfig(AppConfig):
    name = "careermanager.profiles"
    label = "profiles"
    verbose_name = "Profile and CV"
