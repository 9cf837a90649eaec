"""The pages of a long list link to each other with the list's own query kept."""

from django.core.paginator import Paginator
from django.template.loader import render_to_string
from django.test import RequestFactory


def test_previous_and_next_links_carry_one_question_mark_and_the_filters():
    request = RequestFactory().get("/review/applications/", {"category": "IEng", "page": "2"})
    page = Paginator(list(range(30)), 10).page(2)

    html = render_to_string("core/includes/pagination.html", {"page": page}, request=request)

    assert 'href="?category=IEng&amp;page=1"' in html
    assert 'href="?category=IEng&amp;page=3"' in html
    assert "??" not in html
