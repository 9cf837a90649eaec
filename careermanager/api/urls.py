from django.urls import path, re_path

from careermanager.api import views
from careermanager.api.api import api, finished

app_name = "api"

_patterns, _app, _namespace = api.urls
for _pattern in _patterns:
    _pattern.callback = finished(_pattern.callback)

urlpatterns = [
    path("v1/", (_patterns, _app, _namespace)),
    path("v1/docs/", views.docs, name="docs"),
    path("v1/docs/assets/<str:name>", views.docs_asset, name="docs-asset"),
    # Anything else under v1/, newlines and all: a problem, not the site's HTML 404 page.
    re_path(r"^v1/(?P<rest>[\s\S]+)\Z", views.not_found, name="not-found"),
    path("tokens/", views.token_list, name="token-list"),
    path("tokens/new/", views.token_new, name="token-new"),
    path("tokens/<int:pk>/revoke/", views.token_revoke, name="token-revoke"),
]
