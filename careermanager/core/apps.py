from django.apps import AppConfig

from careermanager.core.help import HelpPage


class CoreConfig(AppConfig):
    name = "careermanager.core"
    label = "core"
    verbose_name = "Core"
    help_pages = [
        HelpPage(
            "guest",
            "Guest links for mentors and attesters",
            "core/help/guest.html",
            summary="Let someone without an account read and comment on one of your records.",
            order=60,
        )
    ]

    def ready(self) -> None:
        from django.db.backends.signals import connection_created
        from django.db.models.signals import post_migrate, pre_migrate

        from careermanager.core import pagecache

        # Every committed write raises the data version that kept pages depend on.
        connection_created.connect(pagecache.watch_writes, dispatch_uid="pagecache.watch")
        pre_migrate.connect(pagecache.migration_started, sender=self)
        post_migrate.connect(pagecache.migration_finished, sender=self)
