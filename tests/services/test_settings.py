"""Clinic settings: every declared setting's default, its limits, who may change it, the trail."""

import pytest
from sqlalchemy import select

from sportacu_desktop.domain.enums import Role
from sportacu_desktop.domain.settings import (
    BACKUP_FOLDER,
    CUPPING_CODE,
    CUSTOM_PROTOCOLS,
    DECLARED,
    DRY_NEEDLING_WITH_ACUPUNCTURE,
    IDLE_LOCK_MINUTES,
    NEEDLE_GAUGE,
    NEEDLE_LENGTH_MM,
    NEEDLE_RETENTION_MINUTES,
    NEEDLE_TECHNIQUE,
    RETENTION_YEARS,
    SettingRefused,
)
from sportacu_desktop.services.context import Actor, PermissionDenied, command_line_actor
from sportacu_desktop.services.settings import ClinicSettings
from sportacu_desktop.storage import models as m

ADMIN = command_line_actor()
DESK = Actor("frontdesk", "Front Desk", frozenset({Role.FRONT_DESK}))
PRACTITIONER = Actor("rokafor", "R. Okafor", frozenset({Role.PRACTITIONER}))

DEFAULTS = {
    "session.idle_lock_minutes": 10,
    "records.retention_years": 7,
    "backup.folder": "",
    "protocols.custom": [],
    "billing.cupping_code": "97039",
    "billing.dry_needling_with_acupuncture": True,
    "charting.needle_technique": "even",
    "charting.needle_gauge": "0.25",
    "charting.needle_length_mm": 40,
    "charting.needle_retention_minutes": 20,
}
# A value each setting accepts and one it refuses, at the edges where it has them.
ACCEPTED_AND_REFUSED = [
    (IDLE_LOCK_MINUTES, [1, 120], [0, 121, "10", True, 2.5]),
    (RETENTION_YEARS, [1, 100], [0, 101, -7, None]),
    (BACKUP_FOLDER, ["/mnt/backups", ""], [3, None]),
    (CUSTOM_PROTOCOLS, [[{"key": "custom-x", "name": "X"}]], ["itbs", {}]),
    (CUPPING_CODE, ["97140", "97799"], ["97810", "", 97039]),
    (DRY_NEEDLING_WITH_ACUPUNCTURE, [False, True], [0, "no"]),
    (NEEDLE_TECHNIQUE, ["reduce", "press tack"], ["", "Even", 1]),
    (NEEDLE_GAUGE, ["0.16", "0.30"], ["0.255", "", 0.25]),
    (NEEDLE_LENGTH_MM, [5, 150], [4, 151, "40", True]),
    (NEEDLE_RETENTION_MINUTES, [0, 120], [-1, 121, 20.5]),
]


def stored(clinic) -> dict:
    with clinic.session_factory() as session:
        return {row.key: row.value for row in session.scalars(select(m.Setting))}


def setting_events(clinic) -> list[str]:
    with clinic.session_factory() as session:
        return list(
            session.scalars(
                select(m.AuditEvent.detail)
                .where(m.AuditEvent.entity == "setting")
                .order_by(m.AuditEvent.id)
            )
        )


def test_every_setting_reads_its_default_in_a_new_clinic(clinic):
    settings = ClinicSettings(clinic.session_factory, DESK)
    assert {d.key: settings.get(d) for d in DECLARED} == DEFAULTS


@pytest.mark.parametrize("declaration,accepted,refused", ACCEPTED_AND_REFUSED)
def test_each_setting_keeps_what_it_allows_and_refuses_the_rest(
    clinic, declaration, accepted, refused
):
    settings = ClinicSettings(clinic.session_factory, ADMIN)
    for value in accepted:
        settings.set(declaration, value)
        assert settings.get(declaration) == value
    kept = settings.get(declaration)
    before = stored(clinic)
    for value in refused:
        with pytest.raises(SettingRefused) as refusal:
            settings.set(declaration, value)
        assert declaration.label in str(refusal.value)
    assert stored(clinic) == before and settings.get(declaration) == kept


def test_a_refused_number_says_the_range_in_plain_words(clinic):
    with pytest.raises(SettingRefused, match="^Automatic lock is between 1 and 120 minutes.$"):
        ClinicSettings(clinic.session_factory, ADMIN).set(IDLE_LOCK_MINUTES, 500)


@pytest.mark.parametrize("declaration,value", [(d, v[0]) for d, v, _ in ACCEPTED_AND_REFUSED])
def test_only_the_declared_roles_may_change_a_setting(clinic, declaration, value):
    for actor in (DESK, PRACTITIONER):
        if actor.may(declaration.action):
            continue
        with pytest.raises(PermissionDenied):
            ClinicSettings(clinic.session_factory, actor).set(declaration, value)
    assert stored(clinic) == {} and setting_events(clinic) == []


def test_a_practitioner_may_keep_templates_but_not_change_the_lock(clinic):
    settings = ClinicSettings(clinic.session_factory, PRACTITIONER)
    settings.set(CUSTOM_PROTOCOLS, [{"key": "custom-a", "name": "A"}])
    with pytest.raises(PermissionDenied):
        settings.set(IDLE_LOCK_MINUTES, 5)
    assert settings.get(IDLE_LOCK_MINUTES) == 10


def test_each_change_is_in_the_audit_trail_with_who_and_what(clinic):
    settings = ClinicSettings(clinic.session_factory, ADMIN)
    settings.set(IDLE_LOCK_MINUTES, 5)
    settings.set(RETENTION_YEARS, 10)
    settings.set(BACKUP_FOLDER, "")
    settings.set(CUPPING_CODE, "97140")
    settings.set(DRY_NEEDLING_WITH_ACUPUNCTURE, False)
    assert setting_events(clinic) == [
        "Automatic lock: 5 minutes",
        "Record retention: 10 years",
        "Backup folder: beside the database",
        "Code for cupping and gua sha: 97140",
        "Bill dry needling alongside timed acupuncture: False",
    ]
    with clinic.session_factory() as session:
        actors = set(
            session.scalars(select(m.AuditEvent.actor).where(m.AuditEvent.entity == "setting"))
        )
    assert actors == {ADMIN.username}


def test_a_stored_value_that_does_not_fit_reads_as_the_default(clinic):
    with clinic.session_factory.begin() as session:
        for key, bad in (
            ("session.idle_lock_minutes", "ten"),
            ("records.retention_years", 0),
            ("backup.folder", 12),
            ("protocols.custom", {"key": "x"}),
            ("billing.cupping_code", "99999"),
            ("billing.dry_needling_with_acupuncture", "yes"),
        ):
            session.add(m.Setting(key=key, value=bad))
    settings = ClinicSettings(clinic.session_factory, DESK)
    assert {d.key: settings.get(d) for d in DECLARED} == DEFAULTS
