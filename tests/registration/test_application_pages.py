"""The member's application while they write it: the checklist, each section, the length
meter, and what a locked or sent application refuses."""

import re

import pytest
from django.urls import reverse

from careermanager.competence.queries import category_competences
from careermanager.profiles.models import Employment
from careermanager.registration.application_records import application_records, cv_text
from careermanager.registration.applications import application_update, statement_save
from careermanager.registration.length import estimated_pages
from careermanager.registration.models import (
    Application,
    ApplicationRole,
    ApplicationStatus,
    InterviewLocation,
    ListEntry,
    ListKind,
    Statement,
)
from tests.competence.factories import assess
from tests.profiles.factories import EmploymentFactory, PastEmploymentFactory
from tests.queries import assert_flat_queries
from tests.registration.factories import (
    complete_application,
    locked_application,
    submitted_application,
    submitted_intention,
)

pytestmark = pytest.mark.django_db

LOCKED_MESSAGE = "This application is locked: unlock it to change it."


def url(name: str, application: Application, *args) -> str:
    return reverse(f"registration:{name}", args=[application.pk, *args])


def page(response) -> str:
    return response.content.decode()


def text_of(html: str) -> str:
    """The page's words without tags or runs of space, as a reader would see them."""
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


def start(client) -> Application:
    response = client.post(reverse("registration:application-start"))
    assert response.status_code == 302
    return Application.objects.get(pk=int(response.url.rstrip("/").split("/")[-1]))


def field_error(html: str, field: str) -> str:
    """The message shown beside one field."""
    match = re.search(rf'<ul class="field__errors" id="id_{field}_error">(.*?)</ul>', html, re.S)
    return text_of(match.group(1)) if match else ""


def summary(html: str) -> str:
    match = re.search(r'<div class="error-summary".*?</div>', html, re.S)
    return text_of(match.group(0)) if match else ""


def add_lists():
    for kind, names in (
        (ListKind.SCHEME, ["Engineering Technician Apprenticeship"]),
        (ListKind.SECTOR, ["Energy", "Rail"]),
        (ListKind.SPECIALISM, ["Power systems", "Protection", "Signalling"]),
    ):
        for order, name in enumerate(names):
            ListEntry.objects.create(kind=kind, name=name, order=order)


@pytest.fixture
def draft(owner, owner_client) -> Application:
    return start(owner_client)


# Starting ----------------------------------------------------------------------------------


def test_the_index_offers_to_start_and_one_application_is_open_at_a_time(owner, owner_client):
    index = page(owner_client.get(reverse("registration:index")))
    assert "Your application" in index
    assert "Start your application" in index
    first = start(owner_client)
    assert first.status == ApplicationStatus.DRAFT
    response = owner_client.post(reverse("registration:application-start"), follow=True)
    assert "You already have an application in progress: here it is." in page(response)
    assert Application.objects.filter(owner=owner).count() == 1
    index = page(owner_client.get(reverse("registration:index")))
    assert "Continue your application" in index
    assert url("application", first) in index


def test_a_new_application_takes_the_category_of_the_intention_sent(owner, owner_client):
    submitted_intention(owner)  # CEng
    assert start(owner_client).category == "CEng"


def test_start_refuses_get(owner_client):
    assert owner_client.get(reverse("registration:application-start")).status_code == 405


def test_the_index_shows_the_status_of_an_application_sent(owner, owner_client):
    application = submitted_application(owner)
    index = text_of(page(owner_client.get(reverse("registration:index"))))
    assert "Applications you have submitted" in index
    assert "Submitted" in index
    assert "Start a new application" in index
    assert url("application", application) in page(owner_client.get(reverse("registration:index")))


# The checklist -----------------------------------------------------------------------------


def test_the_overview_lists_the_checklist_with_its_tags_and_guidance(draft, owner_client):
    html = page(owner_client.get(url("application", draft)))
    words = text_of(html)
    assert "0 of 7 mandatory items complete." in words
    assert url("application-category", draft) in html
    assert "Required" in words
    assert "Optional" in words
    assert "The substance of your application" in words  # guidance under the title
    assert "Not started" in words
    assert "Cannot start yet" in words  # statements wait for a category
    assert "Lock for attestation" not in words
    assert "Still to do" in words
    assert url("application-timeline", draft) in html
    assert url("application-download", draft) in html
    assert url("application-share", draft) in html
    assert url("application-documents", draft) in html


def test_a_complete_draft_offers_to_lock(owner, owner_client):
    application = complete_application(owner)
    html = page(owner_client.get(url("application", application)))
    assert "7 of 7 mandatory items complete." in text_of(html)
    assert "Lock for attestation" in html
    assert url("application-lock", application) in html


def test_the_overview_gives_the_length_and_names_a_long_role(owner, owner_client, draft):
    role = EmploymentFactory(owner=owner, job_title="Lead engineer", responsibilities="x" * 3400)
    html = text_of(page(owner_client.get(url("application", draft))))
    pages = estimated_pages(application_records(draft))
    assert f"about {pages} pages, within the guidance of about 12" in html
    assert f"{role.job_title}, {role.employer}:" in html


def test_the_overview_query_count_is_flat_as_roles_and_statements_grow(owner, owner_client):
    application = complete_application(owner)

    def grow():
        roles = [PastEmploymentFactory(owner=owner) for _ in range(6)]
        for role in roles[:3]:
            ApplicationRole.objects.create(application=application, employment=role, text="Mine")
        Statement.objects.bulk_create(
            Statement(application=application, code=f"Z{n}", text="Extra") for n in range(10)
        )

    assert_flat_queries(owner_client, url("application", application), grow=grow)


# Category and route ------------------------------------------------------------------------


def test_category_and_route_are_saved_and_shown(draft, owner_client):
    html = page(owner_client.get(url("application-category", draft)))
    for category in ("CEng", "IEng", "EngTech", "ICTTech"):
        assert f'value="{category}"' in html
    assert "has not listed any approved schemes yet" in html
    response = owner_client.post(
        url("application-category", draft), {"category": "IEng", "route": "standard"}
    )
    assert response.status_code == 302
    draft.refresh_from_db()
    assert (draft.category, draft.route, draft.scheme) == ("IEng", "standard", "")
    assert "IEng, standard route" in page(owner_client.get(url("application", draft)))


def test_the_streamlined_route_needs_a_scheme_from_the_list(draft, owner_client):
    add_lists()
    form = {"category": "EngTech", "route": "streamlined"}
    response = owner_client.post(url("application-category", draft), form)
    html = page(response)
    assert field_error(html, "scheme").strip() == "Error: Choose the approved scheme you followed."
    assert "Choose the approved scheme you followed." in summary(html)
    draft.refresh_from_db()
    assert draft.route == ""
    scheme = "Engineering Technician Apprenticeship"
    owner_client.post(url("application-category", draft), form | {"scheme": scheme})
    draft.refresh_from_db()
    assert (draft.route, draft.scheme) == ("streamlined", scheme)


def test_the_streamlined_route_cannot_be_chosen_without_schemes(draft, owner_client):
    response = owner_client.post(
        url("application-category", draft), {"category": "EngTech", "route": "streamlined"}
    )
    assert response.status_code == 200
    assert "There is a problem" in page(response)
    draft.refresh_from_db()
    assert draft.route == ""


def test_changing_the_category_keeps_statements_and_warns(owner, owner_client, draft):
    owner_client.post(url("application-category", draft), {"category": "CEng", "route": "standard"})
    statement_save(application=draft, actor=owner, code="A1", text="My A1")
    assert "check that every statement still fits" in page(
        owner_client.get(url("application-category", draft))
    )
    response = owner_client.post(
        url("application-category", draft), {"category": "IEng", "route": "standard"}, follow=True
    )
    assert "Check that each still fits the IEng competences." in page(response)
    assert Statement.objects.get(application=draft, code="A1").text == "My A1"


# Employment --------------------------------------------------------------------------------


def test_a_role_starts_from_the_cv_and_editing_it_leaves_the_cv_alone(owner, owner_client, draft):
    current = EmploymentFactory(owner=owner, job_title="Protection lead")
    past = PastEmploymentFactory(owner=owner, job_title="Graduate engineer")
    html = page(owner_client.get(url("application-roles", draft)))
    assert html.index("Protection lead") < html.index("Graduate engineer")  # current first
    assert "From your CV" in html
    assert url("application-role", draft, past.pk) in html

    role_page = page(owner_client.get(url("application-role", draft, current.pk)))
    assert "Responsibilities\nI set relays.\n\nAchievements\nI fixed things." in role_page
    assert 'aria-live="polite"' in role_page
    assert "registration/application.js" in role_page

    response = owner_client.post(
        url("application-role", draft, current.pk),
        {"included": "yes", "text": "I lead the protection team of six."},
    )
    assert response.status_code == 302
    assert response.url == url("application-roles", draft)
    saved = ApplicationRole.objects.get(application=draft, employment=current)
    assert saved.text == "I lead the protection team of six."
    current.refresh_from_db()
    assert current.responsibilities == "I set relays."
    assert current.achievements == "I fixed things."
    html = page(owner_client.get(url("application-roles", draft)))
    assert "Written for this application" in html

    response = owner_client.post(url("application-role", draft, current.pk), {"action": "from_cv"})
    assert "follows your CV again" in page(owner_client.get(response.url))
    assert not ApplicationRole.objects.filter(application=draft, employment=current).exists()
    # From now on a change to the CV shows in the draft.
    current.responsibilities = "I run the relay test bench."
    current.save()
    role_page = page(owner_client.get(url("application-role", draft, current.pk)))
    assert cv_text("I run the relay test bench.", "I fixed things.") in role_page


def test_a_role_left_out_needs_no_text_but_an_included_one_does(owner, owner_client, draft):
    role = EmploymentFactory(owner=owner)
    response = owner_client.post(
        url("application-role", draft, role.pk), {"included": "yes", "text": "  "}
    )
    html = page(response)
    assert "or leave the role out" in field_error(html, "text")
    assert "or leave the role out" in summary(html)
    assert ' aria-invalid="true"' in html or "field--error" in html
    owner_client.post(url("application-role", draft, role.pk), {"included": "no", "text": ""})
    assert not ApplicationRole.objects.get(application=draft, employment=role).included


def test_save_and_check_the_length_stays_and_shows_the_meter(owner, owner_client, draft):
    role = EmploymentFactory(owner=owner)
    response = owner_client.post(
        url("application-role", draft, role.pk),
        {"included": "yes", "text": "y" * 3200, "action": "stay"},
        follow=True,
    )
    html = text_of(page(response))
    assert "This role: 3,200 characters, 200 characters over the guide of about 3,000" in html


def test_another_members_role_is_not_found(owner, owner_client, other_member, draft):
    theirs = EmploymentFactory(owner=other_member)
    assert owner_client.get(url("application-role", draft, theirs.pk)).status_code == 404
    response = owner_client.post(
        url("application-role", draft, theirs.pk), {"included": "yes", "text": "Stolen"}
    )
    assert response.status_code == 404
    assert not ApplicationRole.objects.exists()


# Advisor -----------------------------------------------------------------------------------


def test_the_advisor_answer_needs_a_name_when_yes(owner_client, draft):
    response = owner_client.post(url("application-advisor", draft), {"advisor_spoken": "yes"})
    html = page(response)
    assert "Give the name of the advisor you spoke to." in field_error(html, "advisor_name")
    assert "Give the name of the advisor you spoke to." in summary(html)
    owner_client.post(
        url("application-advisor", draft), {"advisor_spoken": "yes", "advisor_name": "Ruth Hale"}
    )
    draft.refresh_from_db()
    assert (draft.advisor_spoken, draft.advisor_name) == (True, "Ruth Hale")
    assert "Yes, Ruth Hale" in page(owner_client.get(url("application", draft)))
    owner_client.post(url("application-advisor", draft), {"advisor_spoken": "no"})
    draft.refresh_from_db()
    assert (draft.advisor_spoken, draft.advisor_name) == (False, "")


# Statements --------------------------------------------------------------------------------


@pytest.fixture
def ceng_draft(owner, draft) -> Application:
    return application_update(
        application=draft, section="category", actor=owner, category="CEng", route="standard"
    )


def test_statements_come_from_assessment_evidence_without_overwriting(
    owner, owner_client, ceng_draft
):
    assess(owner, "A1", evidence="I designed the protection scheme.")
    assess(owner, "A2", evidence="Evidence the member rewrote.")
    statement_save(application=ceng_draft, actor=owner, code="A2", text="My own A2.")
    html = page(owner_client.get(url("application-statements", ceng_draft)))
    assert "Not written" in html
    assert ">Written<" in html
    assert url("application-statement", ceng_draft, "A1") in html
    response = owner_client.post(url("application-statements", ceng_draft), follow=True)
    assert "1 statement filled from your assessment evidence." in page(response)
    statements = dict(Statement.objects.filter(application=ceng_draft).values_list("code", "text"))
    assert statements["A1"] == "I designed the protection scheme."
    assert statements["A2"] == "My own A2."
    again = owner_client.post(url("application-statements", ceng_draft), follow=True)
    assert "No statement was filled" in page(again)


def test_one_statement_shows_the_evidence_and_can_use_it(owner, owner_client, ceng_draft):
    assess(owner, "B1", evidence="I ran the commissioning tests.")
    html = page(owner_client.get(url("application-statement", ceng_draft, "B1")))
    assert "B1:" in html
    assert "I ran the commissioning tests." in html
    owner_client.post(url("application-statement", ceng_draft, "B1"), {"action": "use_evidence"})
    assert Statement.objects.get(application=ceng_draft, code="B1").text == (
        "I ran the commissioning tests."
    )
    response = owner_client.post(
        url("application-statement", ceng_draft, "B1"), {"text": "Edited for the application."}
    )
    assert response.url == url("application-statements", ceng_draft)
    assert Statement.objects.get(code="B1").text == "Edited for the application."


def test_an_empty_statement_is_refused_beside_the_field(owner_client, ceng_draft):
    html = page(owner_client.post(url("application-statement", ceng_draft, "A1"), {"text": ""}))
    assert "Write your statement" in field_error(html, "text")
    assert "Write your statement" in summary(html)


def test_an_unknown_competence_is_not_found(owner_client, ceng_draft):
    assert owner_client.get(url("application-statement", ceng_draft, "Z9")).status_code == 404


def test_statements_wait_for_a_category(owner_client, draft):
    html = text_of(page(owner_client.get(url("application-statements", draft))))
    assert "Choose your category first." in html
    response = owner_client.post(url("application-statements", draft))
    assert response.url == url("application-category", draft)


# The length meter --------------------------------------------------------------------------


def test_the_length_fragment_counts_the_text_and_the_pages_with_it(owner, owner_client, draft):
    role = EmploymentFactory(owner=owner)
    text = "z" * 3500
    response = owner_client.post(
        url("application-length", draft), {"kind": "role", "key": role.pk, "text": text}
    )
    assert response.status_code == 200
    records = application_records(draft)
    records["employment"][0]["application_text"] = text
    pages = estimated_pages(records)
    words = text_of(page(response))
    assert (
        "This role: 3,500 characters, 500 characters over the guide of about 3,000 characters."
        in words
    )
    assert f"Your whole application: about {pages} printed pages" in words
    assert "<html" not in page(response)  # a fragment
    assert not ApplicationRole.objects.filter(application=draft).exists()


def test_the_length_fragment_of_a_statement_and_of_a_long_application(
    owner, owner_client, ceng_draft
):
    codes = [c.code for c in category_competences("CEng")]
    Statement.objects.bulk_create(
        Statement(application=ceng_draft, code=code, text="s" * 5000) for code in codes[1:]
    )
    response = owner_client.post(
        url("application-length", ceng_draft),
        {"kind": "statement", "key": codes[0], "text": "w" * 19000},
    )
    records = application_records(ceng_draft)
    records["areas"][0]["competences"][0]["statement"] = "w" * 19000
    pages = estimated_pages(records)
    assert pages > 12
    words = text_of(page(response))
    assert "This statement: 19,000 characters." in words
    assert (
        f"Your whole application: about {pages} printed pages, {pages - 12} "
        f"{'page' if pages == 13 else 'pages'} more than the guidance of about 12." in words
    )
    assert not Statement.objects.filter(code=codes[0]).exists()


def test_the_length_fragment_refuses_unknown_texts_and_others(
    owner, owner_client, other_client, draft
):
    role = EmploymentFactory(owner=owner)
    length = url("application-length", draft)
    assert owner_client.post(length, {"kind": "role", "key": "0", "text": "a"}).status_code == 404
    assert owner_client.post(length, {"kind": "bad", "key": "1"}).status_code == 404
    assert other_client.post(length, {"kind": "role", "key": role.pk}).status_code == 404
    assert owner_client.get(length).status_code == 405


# Panelling ---------------------------------------------------------------------------------


def ready_for_panelling(owner, category: str) -> Application:
    application = complete_application(owner, category=category)
    Application.objects.filter(pk=application.pk).update(
        sector="", specialisms=[], interview_location=""
    )
    application.refresh_from_db()
    return application


def test_panelling_waits_for_every_other_mandatory_item(owner, owner_client, draft):
    add_lists()
    html = page(owner_client.get(url("application-panelling", draft)))
    assert "once every other mandatory item is complete" in html
    assert 'name="sector"' not in html
    response = owner_client.post(
        url("application-panelling", draft),
        {"sector": "Energy", "specialisms": ["Protection"], "interview_location": "online"},
    )
    assert response.status_code == 302
    draft.refresh_from_db()
    assert draft.sector == ""


def test_panelling_is_saved_for_ieng_with_an_interview_location(owner, owner_client):
    add_lists()
    application = ready_for_panelling(owner, "IEng")
    panelling = url("application-panelling", application)
    html = page(owner_client.post(panelling, {}))
    assert "Choose your sector." in field_error(html, "sector")
    assert "Choose at least one specialism." in field_error(html, "specialisms")
    assert "Choose where you would prefer your interview." in summary(html)
    owner_client.post(
        panelling,
        {
            "sector": "Rail",
            "specialisms": ["Protection", "Signalling"],
            "interview_location": "online",
        },
    )
    application.refresh_from_db()
    assert application.sector == "Rail"
    assert application.specialisms == ["Protection", "Signalling"]
    assert application.interview_location == InterviewLocation.ONLINE


def test_engtech_gets_not_applicable_for_the_interview(owner, owner_client):
    add_lists()
    application = ready_for_panelling(owner, "EngTech")
    panelling = url("application-panelling", application)
    html = page(owner_client.get(panelling))
    assert "Not applicable" in html
    assert 'name="interview_location"' not in html
    owner_client.post(panelling, {"sector": "Energy", "specialisms": ["Power systems"]})
    application.refresh_from_db()
    assert application.interview_location == InterviewLocation.NOT_APPLICABLE
    assert "Completed" in page(owner_client.get(url("application", application)))


# Another member, and a fixed application ---------------------------------------------------

EDIT_PAGES = [
    ("application-category", ()),
    ("application-roles", ()),
    ("application-advisor", ()),
    ("application-statements", ()),
    ("application-statement", ("A1",)),
    ("application-panelling", ()),
]


def test_another_members_application_is_not_found(owner, other_client):
    application = complete_application(owner)
    role = Employment.objects.get(owner=owner)
    for name, args in [*EDIT_PAGES, ("application", ()), ("application-role", (role.pk,))]:
        assert other_client.get(url(name, application, *args)).status_code == 404, name
    response = other_client.post(
        url("application-advisor", application), {"advisor_spoken": "yes", "advisor_name": "X"}
    )
    assert response.status_code == 404
    response = other_client.post(url("application-statements", application))
    assert response.status_code == 404
    application.refresh_from_db()
    assert application.advisor_spoken is False


def test_a_locked_application_refuses_every_edit(owner, owner_client):
    application = locked_application(owner)
    role = Employment.objects.get(owner=owner)
    for name, args in [*EDIT_PAGES, ("application-role", (role.pk,))]:
        response = owner_client.get(url(name, application, *args))
        assert response.status_code == 302, name
        assert response.url == url("application", application)
    response = owner_client.get(url("application-advisor", application), follow=True)
    assert LOCKED_MESSAGE in page(response)

    before = Statement.objects.get(application=application, code="A1").text
    posts = [
        ("application-advisor", (), {"advisor_spoken": "yes", "advisor_name": "Crafted"}),
        ("application-category", (), {"category": "CEng", "route": "standard"}),
        ("application-role", (role.pk,), {"included": "yes", "text": "Crafted"}),
        ("application-statement", ("A1",), {"text": "Crafted"}),
        ("application-statement", ("A1",), {"action": "use_evidence"}),
        ("application-statements", (), {}),
        ("application-panelling", (), {"sector": "Rail", "specialisms": ["Rail"]}),
    ]
    for name, args, data in posts:
        response = owner_client.post(url(name, application, *args), data, follow=True)
        assert LOCKED_MESSAGE in page(response), name
    application.refresh_from_db()
    assert application.status == ApplicationStatus.LOCKED
    assert (application.advisor_spoken, application.category) == (False, "IEng")
    assert application.sector == "Energy"
    assert not ApplicationRole.objects.filter(application=application).exists()
    assert Statement.objects.get(application=application, code="A1").text == before


def test_a_change_the_service_refuses_as_locked_meanwhile_shows_its_message(
    owner, owner_client, monkeypatch
):
    """The page was read as a draft, then the application was locked before the change."""
    from careermanager.registration.views import drafting

    application = locked_application(owner)
    as_read = Application.objects.get(pk=application.pk)
    as_read.status = ApplicationStatus.DRAFT
    monkeypatch.setattr(drafting, "owned_application", lambda request, pk: as_read)
    response = owner_client.post(
        url("application-advisor", application),
        {"advisor_spoken": "yes", "advisor_name": "Crafted"},
        follow=True,
    )
    assert LOCKED_MESSAGE in page(response)
    application.refresh_from_db()
    assert (application.advisor_spoken, application.advisor_name) == (False, "")


def test_the_overview_of_a_locked_application_is_fixed(owner, owner_client):
    application = locked_application(owner)
    html = page(owner_client.get(url("application", application)))
    words = text_of(html)
    assert "fixed as it was when you locked it on" in words
    assert application.snapshot_sha256 in html
    assert url("application-category", application) not in html
    assert url("application-attesters", application) in html
    assert url("application-unlock", application) in html
    assert url("application-submit", application) in html
    assert url("application-lock", application) not in html


def test_the_overview_of_a_sent_application_offers_its_pdf(owner, owner_client):
    application = submitted_application(owner)
    html = page(owner_client.get(url("application", application)))
    assert url("application-pdf", application) in html
    assert url("application-timeline", application) in html
    assert url("application-attesters", application) not in html
    response = owner_client.get(url("application-category", application), follow=True)
    assert "This application has been submitted and can no longer change." in page(response)


# The home page -----------------------------------------------------------------------------


def test_the_home_panel_shows_the_application_in_one_query(owner, owner_client, rf):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from careermanager.registration.dashboard import panel

    application = locked_application(owner)
    html = page(owner_client.get(reverse("core:home")))
    assert url("application", application) in html
    assert (
        "Your application for IEng</a>: locked for attestation, 0 of 3 attesters have signed."
        in (html)
    )
    request = rf.get("/")
    request.user = owner
    with CaptureQueriesContext(connection) as queries:
        result = panel(request)
    assert result["application"].pk == application.pk
    assert len(queries) == 1


def test_the_home_panel_links_a_draft_application(owner, owner_client, draft):
    html = page(owner_client.get(reverse("core:home")))
    assert url("application", draft) in html
    assert "a draft in progress" in html


def test_the_home_panel_after_an_intention_invites_the_application(owner, owner_client):
    submitted_intention(owner)
    html = page(owner_client.get(reverse("core:home")))
    assert "When you are ready, your application starts from your CV" in html


# The section menu ----------------------------------------------------------------------------

MENU_LINK = '<li><a href="{}"{}>Your application</a></li>'


def test_the_section_menu_links_to_the_open_application(owner, owner_client, other_member):
    sent = submitted_application(owner)
    draft = Application.objects.create(owner=owner, category="IEng")
    Application.objects.create(owner=other_member, category="CEng")

    supporters = page(owner_client.get(reverse("registration:supporter-list")))
    here = page(owner_client.get(url("application", draft)))
    there = page(owner_client.get(url("application", sent)))

    assert MENU_LINK.format(url("application", draft), "") in supporters
    assert MENU_LINK.format(url("application", draft), ' aria-current="page"') in here
    # On a page about a sent application, the menu leads to that one.
    assert MENU_LINK.format(url("application", sent), ' aria-current="page"') in there


def test_the_section_menu_links_to_the_latest_sent_application(owner, owner_client):
    sent = submitted_application(owner)

    index = page(owner_client.get(reverse("registration:index")))

    assert MENU_LINK.format(url("application", sent), "") in index


def test_without_an_application_the_menu_has_no_link_to_one(owner_client, other_member):
    Application.objects.create(owner=other_member, category="CEng")

    index = page(owner_client.get(reverse("registration:index")))

    assert ">Your intention</a>" in index
    assert ">Your application</a>" not in index
