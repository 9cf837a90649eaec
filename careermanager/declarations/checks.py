"""Start-up checks: the open declaration years must be years."""

from django.core import checks
from django.core.exceptions import ImproperlyConfigured


@checks.register()
def declaration_years(app_configs, **kwargs) -> list[checks.CheckMessage]:
    from careermanager.declarations.years import open_years

    try:
        open_years()
    except ImproperlyConfigured as error:
        return [checks.Error(str(error), id="declarations.E001")]
    return []
