"""Superbills: every required field on the PDF, refused when anything is missing, fixed once
issued (also against raw SQL), reprinted identically, corrected under a new number."""

import re
import subprocess
from datetime import date

import pytest
from sqlalchemy import func, select, text
from sqlalchemy.exc import DBAPIError

from sportacu_desktop.domain.enums import Role
from sportacu_desktop.services.billing import Billing, BillingLocked, LineInput
from sportacu_desktop.services.context import Actor, command_line_actor
from sportacu_desktop.services.superbills import SuperbillRefused, Superbills
from sportacu_desktop.storage import models as m
from tests.demo_cache import demo_clinic
from tests.services.superbill_support import (
    TODAY,
    insured_patient,
    pdf_text,
    signed_visit,
)

DESK = Actor("frontdesk", "Jamie", frozenset({Role.FRONT_DESK}), None)


@pytest.fixture
def demo(clinic):
    demo_clinic(clinic, command_line_actor(), patients=6, seed=4, today=TODAY)
    return clinic


@pytest.fixture
def billed(demo):
    patient_id = insured_patient(demo)
    visit_id = signed_visit(demo, patient_id)
    Billing(demo.session_factory, DESK).record_payment(
        patient_id, 5000, "hsa_fsa", visit_id=visit_id, received_on=TODAY, reference="HSA 4411"
    )
    return demo, patient_id, visit_id


def money(cents: int) -> str:
    return f"${cents // 100:,}.{cents % 100:02d}"


def test_every_required_field_is_on_the_superbill(billed, tmp_path):
    clinic, patient_id, visit_id = billed
    issued = Superbills(clinic.session_factory, DESK).issue(patient_id, visit_id=visit_id)
    words = pdf_text(issued.content, tmp_path)
    with clinic.session_factory() as s:
        practice = s.scalars(select(m.Practice)).one()
        visit = s.get(m.Visit, visit_id)
        provider = s.get(m.User, visit.provider_id)
        patient = s.get(m.Patient, patient_id)
        insurance = s.scalars(
            select(m.Insurance).where(m.Insurance.patient_id == patient_id)
        ).first()
        diagnoses = s.scalars(
            select(m.Diagnosis).where(m.Diagnosis.episode_id == visit.episode_id)
        ).all()
        lines = s.scalars(select(m.BillingLine).where(m.BillingLine.visit_id == visit_id)).all()
    expected = [
        practice.name,
        practice.address_line1,
        practice.city,
        practice.phone,
        practice.ein,
        practice.npi,
        practice.taxonomy,
        provider.display_name,
        provider.credentials,
        provider.license_number,
        provider.npi,
        f"{patient.first_name} {patient.last_name}",
        f"{patient.date_of_birth:%m/%d/%Y}",
        patient.address_line1,
        patient.chart_number,
        insurance.payer,
        insurance.member_id,
        insurance.group_number,
        *(d.code for d in diagnoses),
        issued.number,
        "Balance due",
        "Amount paid",
        "Total charges",
        "HSA/FSA",
    ]
    for value in expected:
        assert value and value in words, value
    total = sum(line.charge_cents for line in lines)
    for line in lines:
        row = re.search(rf"{TODAY:%m/%d/%Y}\s+11\s+{line.cpt_code}\b.*", words)
        assert row and money(line.charge_cents) in row.group(0)
    assert [line.cpt_code for line in lines] == ["97813", "97811", "97814"]
    assert issued.total_cents == total and issued.paid_cents == 5000
    assert f"Total charges {money(total)}" in " ".join(words.split())
    assert f"Balance due {money(total - 5000)}" in " ".join(words.split())


def test_the_pdf_is_valid_with_its_fonts_embedded(billed, tmp_path):
    clinic, patient_id, visit_id = billed
    issued = Superbills(clinic.session_factory, DESK).issue(patient_id, visit_id=visit_id)
    path = tmp_path / "sb.pdf"
    path.write_bytes(issued.content)
    subprocess.run(["qpdf", "--check", str(path)], check=True, capture_output=True)
    fonts = subprocess.run(["pdffonts", str(path)], capture_output=True, text=True).stdout
    rows = [r for r in fonts.splitlines()[2:] if r.strip()]
    assert rows and all(" yes " in r for r in rows)  # embedded


def test_unicode_names_print_right(billed, tmp_path):
    clinic, patient_id, visit_id = billed
    with clinic.session_factory.begin() as s:
        s.execute(
            text(
                "UPDATE patient SET first_name = 'Zoë', last_name = 'Ñúñez-O''Brien' WHERE id = :p"
            ),
            {"p": patient_id},
        )
    issued = Superbills(clinic.session_factory, DESK).issue(patient_id, visit_id=visit_id)
    assert "Zoë Ñúñez-O'Brien" in pdf_text(issued.content, tmp_path)


def test_reprint_gives_the_same_bytes_and_number(billed):
    clinic, patient_id, visit_id = billed
    superbills = Superbills(clinic.session_factory, DESK)
    first = superbills.issue(patient_id, visit_id=visit_id)
    again = superbills.issue(patient_id, visit_id=visit_id)
    assert again.reprint and not first.reprint
    assert (again.number, again.content, again.sha256) == (
        first.number,
        first.content,
        first.sha256,
    )
    with clinic.session_factory() as s:
        actions = s.scalars(
            select(m.AuditEvent.action).where(m.AuditEvent.entity == "superbill")
        ).all()
        assert actions == ["issue", "print"]


@pytest.mark.parametrize(
    ("statement", "words"),
    [
        ("UPDATE practice SET ein = ''", "EIN"),
        ("UPDATE practice SET phone = ''", "phone"),
        ("UPDATE practice SET address_line1 = ''", "street address"),
        ("UPDATE app_user SET npi = ''", "NPI"),
        ("UPDATE app_user SET license_number = ''", "license number"),
        ("UPDATE app_user SET credentials = ''", "credentials"),
        ("UPDATE patient SET address_line1 = '' WHERE id = :p", "no street address"),
        ("UPDATE insurance SET member_id = '' WHERE patient_id = :p", "member ID"),
        (
            "UPDATE insurance SET relationship_to_subscriber = 'child', subscriber_name = '' "
            "WHERE patient_id = :p",
            "insured person's name",
        ),
        ("UPDATE billing_line SET diagnosis_pointers = '' WHERE visit_id = :v", "Point the line"),
        ("UPDATE billing_line SET charge_cents = 0 WHERE visit_id = :v", "has no charge"),
        (
            "UPDATE billing_line SET cpt_code = '97810' WHERE cpt_code = '97813' AND visit_id = :v",
            None,
        ),
        ("DELETE FROM billing_line WHERE visit_id = :v AND cpt_code = '97813'", "add-on"),
        ("DELETE FROM billing_line WHERE visit_id = :v", "no billing lines"),
        (
            "DELETE FROM diagnosis WHERE episode_id = (SELECT episode_id FROM visit WHERE id = :v)",
            "no diagnosis",
        ),
    ],
)
def test_a_missing_field_refuses_the_superbill_and_says_where(billed, statement, words):
    clinic, patient_id, visit_id = billed
    with clinic.session_factory.begin() as s:
        s.execute(text(statement), {"p": patient_id, "v": visit_id})
    superbills = Superbills(clinic.session_factory, DESK)
    if words is None:  # 97810 with an e-stim add-on is fine; two initial codes are not
        with clinic.session_factory.begin() as s:
            s.execute(
                text(
                    "INSERT INTO billing_line (visit_id, position, service_date, cpt_code, "
                    "modifiers, units, charge_cents, diagnosis_pointers, description, created_at, "
                    "created_by, updated_at, updated_by, version) SELECT visit_id, 9, "
                    "service_date, '97813', '', 1, 100, 'A', '', created_at, '', updated_at, '', 1 "
                    "FROM billing_line WHERE visit_id = :v LIMIT 1"
                ),
                {"v": visit_id},
            )
        words = "only one initial"
    with pytest.raises(SuperbillRefused) as refused:
        superbills.issue(patient_id, visit_id=visit_id)
    assert any(words in item for item in refused.value.missing), refused.value.missing
    assert all("(" in item or ":" in item for item in refused.value.missing)  # says where
    with clinic.session_factory() as s:
        assert s.scalar(select(func.count(m.IssuedDocument.id))) == 0


def test_an_unsigned_visit_is_not_billed(demo):
    from sportacu_desktop.services.charting import Charting

    patient_id = insured_patient(demo)
    draft = Charting(demo.session_factory, command_line_actor()).start_visit(patient_id, on=TODAY)
    with pytest.raises(SuperbillRefused) as refused:
        Superbills(demo.session_factory, DESK).issue(patient_id, visit_id=draft.id)
    assert any("not signed" in item for item in refused.value.missing)


def test_an_empty_clinic_refuses_with_the_list_of_what_is_missing(clinic):
    with clinic.session_factory.begin() as s:
        s.add(
            m.Patient(
                chart_number="SA-000001",
                first_name="A",
                last_name="B",
                date_of_birth=date(1990, 1, 1),
            )
        )
    with pytest.raises(SuperbillRefused) as refused:
        Superbills(clinic.session_factory, DESK).issue(1, start=TODAY, end=TODAY)
    missing = " ".join(refused.value.missing)
    assert "Admin ▸ Clinic ▸ Practice" in missing and "Nothing to bill" in missing


@pytest.mark.parametrize(
    "statement",
    [
        "UPDATE superbill_line SET charge_cents = 1",
        "DELETE FROM superbill_line",
        "UPDATE issued_document SET content = X'00'",
        "DELETE FROM issued_document",
        "UPDATE billing_line SET units = 9 WHERE visit_id = :v",
        "DELETE FROM billing_line WHERE visit_id = :v",
        "INSERT INTO billing_line (visit_id, position, service_date, cpt_code, modifiers, units, "
        "charge_cents, diagnosis_pointers, description, created_at, created_by, updated_at, "
        "updated_by, version) SELECT visit_id, 9, service_date, '97039', '', 1, 100, 'A', '', "
        "created_at, '', updated_at, '', 1 FROM billing_line WHERE visit_id = :v LIMIT 1",
    ],
)
def test_raw_sql_cannot_change_an_issued_superbill(billed, statement):
    clinic, patient_id, visit_id = billed
    if clinic.engine.dialect.name == "postgresql":
        statement = statement.replace("X'00'", "'\\x00'::bytea")
    Superbills(clinic.session_factory, DESK).issue(patient_id, visit_id=visit_id)
    with (
        pytest.raises(DBAPIError, match="issued (superbill|documents) cannot be changed"),
        clinic.engine.begin() as connection,
    ):
        connection.execute(text(statement), {"v": visit_id})


def test_a_correction_reopens_then_issues_a_new_number_naming_the_old(billed, tmp_path):
    clinic, patient_id, visit_id = billed
    superbills = Superbills(clinic.session_factory, DESK)
    billing = Billing(clinic.session_factory, DESK)
    first = superbills.issue(patient_id, visit_id=visit_id)
    lines = [
        LineInput(x.code, x.units, ("GP",), x.pointers, x.charge_cents, x.description)
        for x in billing.visit(visit_id).lines
    ]
    with pytest.raises(BillingLocked, match=first.number):
        billing.save_lines(visit_id, lines)
    superbills.reopen(first.number, "GP modifier required by the payer")
    assert billing.save_lines(visit_id, lines).lines[0].modifiers == ("GP",)
    corrected = superbills.issue(patient_id, visit_id=visit_id)
    assert corrected.number != first.number and corrected.replaces == first.number
    assert f"Replaces {first.number}" in pdf_text(corrected.content, tmp_path)
    with clinic.session_factory() as s:
        stored = s.scalar(select(m.IssuedDocument).where(m.IssuedDocument.number == first.number))
        assert stored.content == first.content  # the old one stays as issued
        kept = s.scalars(
            select(m.SuperbillLine.modifiers).where(m.SuperbillLine.document_id == stored.id)
        ).all()
        assert set(kept) == {""}


def test_a_day_of_superbills_issues_one_per_patient_and_lists_refusals(demo):
    first = insured_patient(demo)
    signed_visit(demo, first, on=date(2026, 11, 20))
    with demo.session_factory() as s:
        other = s.scalar(select(m.Patient.id).where(m.Patient.id != first).limit(1))
    from sportacu_desktop.services.charting import Charting

    Charting(demo.session_factory, command_line_actor()).start_visit(other, on=date(2026, 11, 20))
    seen = []
    results = Superbills(demo.session_factory, DESK).for_day(
        date(2026, 11, 20), lambda done, total: seen.append((done, total)) or True
    )
    by_patient = {r.patient_id: r for r in results}
    assert by_patient[first].superbill is not None
    assert by_patient[other].superbill is None and by_patient[other].missing
    assert seen[-1] == (2, 2)


def test_every_demo_patient_with_signed_visits_can_get_a_superbill(demo):
    superbills = Superbills(demo.session_factory, DESK)
    with demo.session_factory() as s:
        spans = s.execute(
            select(m.Visit.patient_id, func.min(m.Visit.visit_date), func.max(m.Visit.visit_date))
            .where(m.Visit.status == "signed")
            .group_by(m.Visit.patient_id)
        ).all()
        methods = set(s.scalars(select(m.Payment.method)))
    assert spans
    for patient_id, first, last in spans:
        assert superbills.missing(patient_id, start=first, end=last) == ()
    assert methods <= {"cash", "card", "check", "hsa_fsa"}
