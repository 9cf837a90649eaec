"""The load run's pure parts: how requests are named, summed up by phase and judged."""

import json

import pytest
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from bench.loadtest.results import Record, percentile, phases, read_records, request_name, table
from bench.loadtest.seed import staff_key
from tests.factories import UserFactory


@pytest.mark.parametrize(
    ("path", "name"),
    [
        ("/cpd/activities/123/", "/cpd/activities/[id]/"),
        ("/reports/jobs/7/download/", "/reports/jobs/[id]/download/"),
        (
            "/competence/assessments/4/competences/A1/",
            "/competence/assessments/[id]/competences/[code]/",
        ),
        ("/review/2025/", "/review/[id]/"),
        ("/profile/staff/members/?q=Hale&page=2", "/profile/staff/members/?page=…&q=…"),
        ("/cpd/", "/cpd/"),
    ],
)
def test_requests_are_named_by_page_not_by_record(path, name):
    assert request_name(path) == name


def _records(phase, times, errors=0, start=0.0):
    return [
        Record(
            start + n, phase, "GET", "/cpd/", ms, 500 if n < errors else 200, "500" * (n < errors)
        )
        for n, ms in enumerate(times)
    ]


def test_the_steady_phase_meets_its_goal_only_without_errors_and_under_300_ms():
    fast = phases(_records("steady", [100.0] * 95 + [290.0] * 5))
    assert fast[0].verdict() is None
    slow = phases(_records("steady", [100.0] * 94 + [310.0] * 6))
    assert slow[0].verdict() == "p95 310 ms, goal under 300 ms"
    failing = phases(_records("steady", [100.0] * 100, errors=1))
    assert failing[0].verdict() == "1 errors"


def test_the_spike_is_judged_against_one_second_and_the_ramp_not_at_all():
    found = phases(_records("ramp", [5000.0] * 3) + _records("spike", [900.0] * 20, start=10))
    assert [phase.name for phase in found] == ["ramp", "spike"]
    assert found[0].verdict() is None
    assert found[1].verdict() is None
    assert phases(_records("spike", [1000.0] * 20))[0].verdict() == (
        "p95 1000 ms, goal under 1000 ms"
    )


def test_percentiles_are_nearest_rank():
    assert percentile(list(range(1, 101)), 0.95) == 95
    assert percentile([7.0], 0.95) == 7.0
    assert percentile([], 0.95) == 0.0


def test_records_are_read_back_and_tabled_by_page(tmp_path):
    path = tmp_path / "requests.jsonl"
    rows = [
        *_records("steady", [10.0, 20.0, 30.0]),
        Record(3.0, "steady", "POST", "/cpd/activities/add/", 80.0, 302, ""),
    ]
    path.write_text("".join(json.dumps(row._asdict()) + "\n" for row in rows))
    (phase,) = phases(read_records(path))
    assert phase.total.requests == 4
    text = table(phase)
    assert "| 3 | 1.0 | 0 | 20 | 30 | 30 | 30 | `GET /cpd/` |" in text
    assert "`POST /cpd/activities/add/`" in text


@pytest.mark.django_db
def test_a_seeded_member_of_staff_signs_in_with_the_code_the_load_client_works_out():
    staff = UserFactory(is_staff=True)
    device = TOTPDevice.objects.create(user=staff, name="Load run", key=staff_key(2))
    assert device.verify_token(f"{totp(bytes.fromhex(staff_key(2))):06d}")
    assert staff_key(1) != staff_key(2)
