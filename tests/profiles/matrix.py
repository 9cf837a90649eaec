from tests.matrix import FORBIDDEN, LOGIN, OK, Case, everyone, members_only, owner_only

STAFF_ONLY = everyone(FORBIDDEN, anonymous=LOGIN, staff=OK, admin=OK)


def _record(factory_name: str):
    def build(owner) -> dict:
        from tests.profiles import factories

        return {"pk": getattr(factories, factory_name)(owner=owner).pk}

    return build


def _roles(owner) -> dict:
    from tests.profiles import factories

    factories.EmploymentFactory(owner=owner)
    return {}


def _member(owner) -> dict:
    return {"pk": owner.pk}


SECTIONS = {
    "employment": "EmploymentFactory",
    "education": "EducationFactory",
    "scheme": "DevelopmentSchemeFactory",
    "training": "TrainingFactory",
    "achievement": "AchievementFactory",
}

CASES = [
    Case("profiles:index", members_only()),
    Case("profiles:personal-details", members_only()),
    Case("profiles:membership", members_only()),
    Case("profiles:orgchart", members_only()),
    Case("profiles:employment-detail", owner_only(), kwargs=_record("EmploymentFactory")),
    Case("profiles:accountabilities", owner_only(), kwargs=_record("EmploymentFactory")),
    # Download forms: each member downloads their own records (staff and admins too).
    Case("profiles:cv-download", members_only()),
    Case("profiles:training-summary", members_only()),
    # Without ?format the chart downloads as a PDF; another member's role is a 404.
    Case("profiles:orgchart-download", owner_only(), kwargs=_record("EmploymentFactory")),
    # The current and previous posts' charts in one PDF: the owner's roles; anyone without a
    # role (every other member here) has nothing to download, a 404.
    Case("profiles:orgcharts-download", owner_only(), kwargs=_roles),
    # Staff keep membership details; a member is told the pages are not for them (403).
    Case("profiles:staff-members", STAFF_ONLY),
    Case("profiles:staff-membership", STAFF_ONLY, kwargs=_member),
]
for _section, _factory in SECTIONS.items():
    CASES += [
        Case(f"profiles:{_section}-list", members_only()),
        Case(f"profiles:{_section}-add", members_only()),
        Case(f"profiles:{_section}-edit", owner_only(), kwargs=_record(_factory)),
        # GET shows what would be lost; only a POST deletes.
        Case(f"profiles:{_section}-delete", owner_only(), kwargs=_record(_factory)),
    ]
