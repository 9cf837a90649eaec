import re

import pytest
from django.urls import reverse

from careermanager.core.help import HelpPage, help_for_section, help_page, help_pages

pytestmark = pytest.mark.django_db

AREAS = {
    "profile": "Your profile and CV",
    "competence": "Assessing your competence",
    "cpd": "Recording CPD",
    "development": "Planning your development",
    "documents": "Documents and downloads",
    "guest": "Guest links for mentors and attesters",
    "account": "Your account",
    "declarations": "Your annual CPD declaration",
    "registration": "Working towards registration",
    "monitoring": "CPD monitoring",
    "your-data": "Your data",
    "tokens": "Personal access tokens",
}


def help_url(slug: str) -> str:
    return reverse("core:help-page", kwargs={"slug": slug})


def test_each_app_contributes_its_help_page():
    assert {page.slug: page.title for page in help_pages()} == AREAS
    assert help_for_section("cpd").slug == "cpd"
    assert help_for_section("profiles").slug == "profile"
    assert help_for_section("core") is None


def test_a_slug_registered_twice_is_refused(monkeypatch):
    from django.apps import apps

    config = apps.get_app_config("cpd")
    monkeypatch.setattr(
        config, "help_pages", [*config.help_pages, HelpPage("cpd", "Again", "cpd/help.html")]
    )
    help_pages.cache_clear()
    try:
        with pytest.raises(ValueError, match="registered twice: cpd"):
            help_pages()
    finally:
        monkeypatch.undo()
        help_pages.cache_clear()


def test_the_index_lists_every_area(client):
    response = client.get(reverse("core:help"))

    assert response.status_code == 200
    for slug, title in AREAS.items():
        assert f'<a href="{help_url(slug)}">{title}</a>' in response.text


@pytest.mark.parametrize("slug", AREAS)
def test_each_area_has_a_page_for_members(client, slug):
    response = client.get(help_url(slug))

    assert response.status_code == 200
    text = response.text
    assert text.count("<h1") == 1
    assert f"<title>{AREAS[slug]} \N{EN DASH} Help" in text
    main = text.split('<main id="main"', 1)[1].split("</main>", 1)[0]
    # Written for members: no settings, code, file paths or addresses to type.
    assert not re.search(r"CAREERMANAGER_|_DAYS|\.py\b|<code>|careermanager/|docs/", main)
    assert reverse("core:help") in main


def test_an_unknown_area_is_not_found(client):
    assert client.get(help_url("no-such-area")).status_code == 404
    assert help_page("no-such-area") is None


def test_the_rpd_form_is_the_intention_to_start_towards_registration(client):
    text = client.get(reverse("core:help")).text
    rpd = text.split('id="term-rpd"', 1)[1].split("</div>", 1)[0]

    assert "starting to work towards professional registration" in rpd
    assert "ready to apply" not in rpd
    for term in ("term-pra", "term-twaves", "term-uk-spec", "term-cpd-declaration"):
        assert f'id="{term}"' in text


def test_the_help_states_this_services_limits(client, settings):
    settings.GUEST_TICKET_DAYS = 1
    settings.DOCUMENT_DAYS = 14

    assert "A link works for 1 day." in client.get(help_url("guest")).text
    assert "kept for 14 days after" in client.get(help_url("documents")).text


@pytest.mark.parametrize(
    ("url_name", "slug"),
    [
        ("profiles:index", "profile"),
        ("profiles:training-list", "profile"),
        ("profiles:cv-download", "documents"),
        ("competence:index", "competence"),
        ("competence:job-profile-list", "competence"),
        ("cpd:index", "cpd"),
        ("cpd:activity-list", "cpd"),
        ("accounts:security", "account"),
        ("portability:index", "your-data"),
        ("portability:import", "your-data"),
        ("portability:delete-account", "your-data"),
        ("api:token-list", "tokens"),
        ("api:token-new", "tokens"),
    ],
)
def test_each_main_page_links_to_its_areas_help(owner_client, url_name, slug):
    response = owner_client.get(reverse(url_name))

    assert response.status_code == 200
    link = f'<aside class="page-help" aria-label="Help"><a href="{help_url(slug)}">'
    assert link in response.text


def test_pages_for_visitors_and_guests_link_to_their_help(client, owner):
    from tests.competence.factories import AssessmentFactory, issue_ticket

    login = client.get(reverse("accounts:login")).text
    assert f'<aside class="page-help" aria-label="Help"><a href="{help_url("account")}">' in login

    _, token = issue_ticket(AssessmentFactory(owner=owner))
    guest = client.get(reverse("core:guest-start", kwargs={"token": token})).text
    assert f'<aside class="page-help" aria-label="Help"><a href="{help_url("guest")}">' in guest


def test_home_links_to_the_list_of_help(owner_client):
    text = owner_client.get(reverse("core:home")).text

    assert f'<aside class="page-help" aria-label="Help"><a href="{reverse("core:help")}">' in text


def test_help_pages_do_not_link_to_themselves(client):
    text = client.get(help_url("cpd")).text

    assert 'class="page-help"' not in text


@pytest.mark.parametrize(
    ("url_name", "explained", "link"),
    [
        ("cpd:index", "<strong>T</strong>raining", "/help/cpd/#twaves"),
        ("competence:index", "the UK Standard for Professional Engineering", "#standards"),
        ("competence:assessment-list", "UK-SPEC, the UK standard for", "#standards"),
        ("core:home", "the standards for professional registration", "#standards"),
    ],
)
def test_institution_terms_are_explained_with_a_link_to_help(
    owner_client, url_name, explained, link
):
    text = owner_client.get(reverse(url_name)).text

    assert explained in text
    assert f'{link}">' in text


def test_visitors_read_what_uk_spec_is(client):
    text = client.get(reverse("core:home")).text

    assert f'{reverse("core:help")}#term-uk-spec">standards for professional registration' in text
