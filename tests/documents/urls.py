"""The service's URLs, plus the pages an app that asks for documents would route."""

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.template import RequestContext, Template
from django.urls import path, reverse

from careermanager.documents.queries import document_rows
from careermanager.documents.views import upload_page
from careermanager.urls import urlpatterns as service_urlpatterns
from tests.documents.conftest import CV, DIAGRAM, HOLDER

PAGE = Template(
    "{% extends 'base.html' %}{% block title %}Application{% endblock %}"
    "{% block content %}<h1>Supporting documents</h1>"
    "{% include 'documents/includes/document_list.html' %}{% endblock %}"
)


@login_required
def holder_page(request):
    urls = {
        kind.key: reverse("test-document-upload", kwargs={"type_key": kind.key})
        for kind in (CV, DIAGRAM)
    }
    rows = document_rows(request.user, HOLDER, urls)
    return HttpResponse(
        PAGE.render(RequestContext(request, {"rows": rows, "next_url": request.path}))
    )


@login_required
def upload(request, type_key):
    return upload_page(
        request,
        holder=HOLDER,
        type_key=type_key,
        back_url=reverse("test-documents"),
        back_label="Back to your application",
    )


urlpatterns = [
    *service_urlpatterns,
    path("test-documents/", holder_page, name="test-documents"),
    path("test-documents/<str:type_key>/", upload, name="test-document-upload"),
]
