"""`sportacu export --format csv` and `sportacu import clinic`: the round trip, headless."""

import pytest

from tests.cli.test_cli import run


@pytest.fixture(scope="module")
def demo_db(tmp_path_factory):
    path = tmp_path_factory.mktemp("csv-cli") / "clinic.db"
    result = run("demo", "--db", str(path), "--patients", "20", "--seed", "5")
    assert result.returncode == 0, result.stderr
    return path


@pytest.fixture(scope="module")
def export(demo_db, tmp_path_factory):
    folder = tmp_path_factory.mktemp("csv-export") / "clinic-export"
    result = run("export", "--format", "csv", "--out", str(folder), "--db", str(demo_db))
    assert result.returncode == 0, result.stderr
    assert "CSV files" in result.stderr
    return folder


def test_import_rebuilds_a_clinic_that_checks_clean_and_lists_the_same_patients(
    demo_db, export, tmp_path
):
    copy = tmp_path / "copy.db"
    result = run("import", "clinic", str(export), "--db", str(copy))
    assert result.returncode == 0, result.stderr
    assert "Imported" in result.stdout and "Admin ▸ Users" in result.stdout
    check = run("check", "--db", str(copy))
    assert check.returncode == 0, check.stdout + check.stderr
    listed = [run("patients", "--json", "--db", str(db)).stdout for db in (demo_db, copy)]
    assert listed[0] == listed[1] and listed[0].count("chart_number") == 20


def test_a_clinic_with_records_is_refused_in_one_line(demo_db, export):
    result = run("import", "clinic", str(export), "--db", str(demo_db))
    assert result.returncode == 2
    assert result.stderr.count("\n") == 1 and "new, empty database" in result.stderr


def test_a_folder_that_is_no_export_is_refused_and_no_database_is_made(tmp_path):
    folder = tmp_path / "photos"
    folder.mkdir()
    target = tmp_path / "new.db"
    result = run("import", "clinic", str(folder), "--db", str(target))
    assert result.returncode == 2
    assert result.stderr.count("\n") == 1 and "not a SportAcu clinic export" in result.stderr
    assert not target.exists()


@pytest.mark.parametrize(
    "args, words",
    [
        (["--format", "xml", "--out", "{tmp}/x"], "unknown format"),
        (["--format", "csv", "--out", "{tmp}/file.txt/export"], "cannot write there"),
        (["--format", "csv", "--out", "{tmp}/x", "--patient", "NOPE-1"], "No patient"),
    ],
)
def test_bad_export_requests_exit_2_in_one_line_and_write_nothing(demo_db, tmp_path, args, words):
    (tmp_path / "file.txt").write_text("a file, not a folder")
    args = [arg.format(tmp=tmp_path) for arg in args]
    result = run("export", *args, "--db", str(demo_db))
    assert result.returncode == 2, result.stderr
    assert result.stderr.count("\n") == 1 and words in result.stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == ["file.txt"]
