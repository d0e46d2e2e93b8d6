"""Encryption at rest on a real file: no readable bytes, clean refusals, switchable."""

from datetime import date

import pytest
from sqlalchemy import text
from sqlalchemy.exc import DBAPIError

from sportacu_desktop.services.context import Clinic, command_line_actor
from sportacu_desktop.services.demo import create_demo_clinic
from sportacu_desktop.storage import schema
from sportacu_desktop.storage.encryption import (
    SQLITE_HEADER,
    connect_file,
    decrypt_file,
    encrypt_file,
    is_encrypted,
)
from sportacu_desktop.storage.engine import BUSY_TIMEOUT_MS, make_engine
from sportacu_desktop.storage.errors import (
    DatabaseInUse,
    PassphraseRequired,
    StorageError,
    WrongPassphrase,
)
from tests.backup.helpers import PASSPHRASE, a_patient_name, assert_same_data, dump


def raw_bytes(path) -> bytes:
    data = path.read_bytes()
    wal = path.with_name(path.name + "-wal")
    return data + (wal.read_bytes() if wal.exists() else b"")


def test_encrypted_file_has_no_header_and_no_readable_text(encrypted_path):
    name = a_patient_name(encrypted_path, PASSPHRASE)
    data = raw_bytes(encrypted_path)
    assert not data.startswith(SQLITE_HEADER)
    assert SQLITE_HEADER not in data
    for needle in (name, "patient", "CREATE TABLE", "visit"):
        assert needle.encode() not in data, needle
        assert needle.encode("utf-16-le") not in data, needle
    assert is_encrypted(encrypted_path)


def test_an_open_encrypted_clinic_keeps_its_write_ahead_log_encrypted_too(encrypted_path):
    clinic = Clinic.open(str(encrypted_path), passphrase=PASSPHRASE)
    try:
        with clinic.engine.begin() as connection:
            connection.execute(text("UPDATE patient SET last_name = 'Zzyzxwalker' WHERE id = 1"))
        wal = encrypted_path.with_name(encrypted_path.name + "-wal")
        assert wal.exists() and wal.stat().st_size > 0
        assert b"Zzyzxwalker" not in raw_bytes(encrypted_path)
    finally:
        clinic.close()


def test_plain_files_are_told_apart_without_a_passphrase(tmp_path, encrypted_path):
    plain = tmp_path / "plain.db"
    Clinic.open(str(plain)).close()
    assert not is_encrypted(plain)
    assert plain.read_bytes().startswith(SQLITE_HEADER)
    assert not is_encrypted(tmp_path / "missing.db")
    (tmp_path / "empty.db").write_bytes(b"")
    assert not is_encrypted(tmp_path / "empty.db")
    (tmp_path / "notes.db").write_bytes(b"not a database, just some text\n" * 512)
    assert not is_encrypted(tmp_path / "notes.db")
    assert not is_encrypted(tmp_path)
    assert is_encrypted(encrypted_path)


def test_every_encrypted_connection_gets_the_storage_pragmas(encrypted_path):
    engine = make_engine(f"sqlite:///{encrypted_path}", passphrase=PASSPHRASE)
    try:
        with engine.connect() as one, engine.connect() as two:
            for connection in (one, two):
                pragmas = {
                    name: connection.exec_driver_sql(f"PRAGMA {name}").scalar()
                    for name in ("journal_mode", "foreign_keys", "synchronous", "busy_timeout")
                }
                assert pragmas == {
                    "journal_mode": "wal",
                    "foreign_keys": 1,
                    "synchronous": 1,
                    "busy_timeout": BUSY_TIMEOUT_MS,
                }
                assert connection.exec_driver_sql("PRAGMA cipher_version").scalar()
    finally:
        engine.dispose()


def test_signed_notes_stay_locked_in_an_encrypted_database(encrypted_path):
    clinic = Clinic.open(str(encrypted_path), passphrase=PASSPHRASE)
    try:
        with clinic.engine.connect() as connection:
            signed = connection.execute(
                text("SELECT id FROM visit WHERE status = 'signed' LIMIT 1")
            ).scalar()
        with pytest.raises(DBAPIError), clinic.engine.begin() as connection:
            connection.execute(text(f"UPDATE visit SET assessment = 'x' WHERE id = {signed}"))
    finally:
        clinic.close()


def test_missing_or_wrong_passphrase_is_refused_cleanly(encrypted_path, capfd):
    with pytest.raises(PassphraseRequired):
        Clinic.open(str(encrypted_path))
    with pytest.raises(WrongPassphrase):
        Clinic.open(str(encrypted_path), passphrase="not the passphrase")
    with pytest.raises(WrongPassphrase):
        connect_file(encrypted_path, "not the passphrase")
    with pytest.raises(PassphraseRequired):
        connect_file(encrypted_path)
    out, err = capfd.readouterr()
    assert out == "" and err == "", "SQLCipher must not print on its own"


def test_a_plain_file_refuses_a_passphrase_and_a_new_one_must_be_long_enough(tmp_path):
    plain = tmp_path / "plain.db"
    Clinic.open(str(plain)).close()
    with pytest.raises(StorageError, match="not encrypted"):
        Clinic.open(str(plain), passphrase=PASSPHRASE)
    with pytest.raises(StorageError, match="at least 8"):
        Clinic.open(str(tmp_path / "new.db"), passphrase="short")
    assert not (tmp_path / "new.db").exists()


@pytest.mark.parametrize("passphrase", ['it\'s a "quoted" 100% pass', "Zoë ünïcødé ключ 鍵"])
def test_awkward_passphrases_open_through_both_drivers(tmp_path, passphrase):
    path = tmp_path / "clinic.db"
    Clinic.open(str(path), passphrase=passphrase).close()
    assert is_encrypted(path)
    connect_file(path, passphrase).close()  # the raw driver's quoting matches the dialect's
    Clinic.open(str(path), passphrase=passphrase).close()


def test_encrypt_then_decrypt_keeps_every_row(tmp_path):
    path = tmp_path / "clinic.db"
    clinic = Clinic.open(str(path))
    create_demo_clinic(clinic, command_line_actor(), patients=10, seed=5, today=date(2026, 5, 4))
    clinic.close()
    original = dump(path)
    name = a_patient_name(path)

    safety = encrypt_file(path, PASSPHRASE)
    assert is_encrypted(path) and not is_encrypted(safety)
    assert name.encode() not in raw_bytes(path)
    assert_same_data(dump(path, PASSPHRASE), original)
    assert_same_data(dump(safety), original)
    Clinic.open(str(path), passphrase=PASSPHRASE).close()

    safety_encrypted = decrypt_file(path, PASSPHRASE)
    assert not is_encrypted(path) and is_encrypted(safety_encrypted)
    assert_same_data(dump(path), original)
    clinic = Clinic.open(str(path))
    clinic.close()


def test_decrypt_with_a_wrong_passphrase_changes_nothing(encrypted_path):
    before = encrypted_path.read_bytes()
    with pytest.raises(WrongPassphrase):
        decrypt_file(encrypted_path, "not the passphrase")
    assert encrypted_path.read_bytes() == before
    assert sorted(p.name for p in encrypted_path.parent.iterdir()) == ["clinic.db"]


def test_encryption_is_not_switched_while_another_connection_is_open(tmp_path):
    path = tmp_path / "clinic.db"
    clinic = Clinic.open(str(path))
    try:
        with clinic.engine.connect(), pytest.raises(DatabaseInUse):
            encrypt_file(path, PASSPHRASE)
    finally:
        clinic.close()
    assert not is_encrypted(path)
    assert [p for p in tmp_path.iterdir() if "before-encrypt" in p.name] == []


def test_upgrading_an_encrypted_database_copies_it_aside_encrypted(tmp_path):
    path = tmp_path / "clinic.db"
    engine = make_engine(f"sqlite:///{path}", passphrase=PASSPHRASE)
    schema.upgrade(engine, "0003")
    engine.dispose()
    clinic = Clinic.open(str(path), passphrase=PASSPHRASE)
    try:
        copy = clinic.upgrade_backup
        assert copy is not None and copy.exists()
        assert is_encrypted(copy)
        connection = connect_file(copy, PASSPHRASE)
        revision = connection.execute("SELECT version_num FROM alembic_version").fetchone()
        connection.close()
        assert revision == ("0003",)
    finally:
        clinic.close()
