from django.apps import AppConfig


class CompetenceConfig(AppConfig):
    name = "careermanager.competence"
    label = "competence"
    verbose_name = "Competence"
