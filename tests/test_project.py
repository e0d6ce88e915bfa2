import json
import os
import shutil

import pytest

from sahel_analysis import cli, config, project


@pytest.fixture(autouse=True)
def _no_active_project(monkeypatch):
    monkeypatch.delenv(project.PROJECT_ENV, raising=False)
    monkeypatch.delenv(config.NOTEBOOKS_ENV, raising=False)
    yield
    project.activate(None)
    os.environ.pop(config.NOTEBOOKS_ENV, None)


def _dry_run(capsys, *argv):
    code = cli.main(["render", "--dry-run", *argv])
    out = capsys.readouterr().out
    return code, [line.split()[1].rstrip(":") for line in out.splitlines() if line[:6].strip()
                  in ("render", "reuse")]


def test_render_takes_parameters_from_a_yaml_file(tmp_path, capsys, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "params.yaml").write_text("country: NER\nstart: 2018-01-01\n")
    code, slugs = _dry_run(capsys, "country_profile", "-f", "params.yaml")
    assert code == 0
    assert slugs == ["country_profile-NER-start-2018-01-01"]


def test_p_wins_over_the_parameters_file(tmp_path, capsys, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "params.yaml").write_text("country: NER\n")
    _, slugs = _dry_run(capsys, "country_profile", "-f", "params.yaml", "-p", "country=MLI")
    assert slugs == ["country_profile-MLI"]


@pytest.mark.parametrize("text, says", [("- NER\n", "mapping"), ("country: [NER\n", "YAML")])
def test_a_bad_parameters_file_is_exit_2_with_a_message(tmp_path, capsys, monkeypatch, text,
                                                        says):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "params.yaml").write_text(text)
    assert cli.main(["render", "--dry-run", "country_profile", "-f", "params.yaml"]) == 2
    assert says in capsys.readouterr().err


def test_init_writes_a_project_and_working_copies(tmp_path, capsys):
    assert cli.main(["init", str(tmp_path / "proj")]) == 0
    made = project.load(tmp_path / "proj" / project.PROJECT_FILE)
    shipped = sorted(p.name for p in config.shipped_notebooks_dir().glob("*.ipynb"))
    assert sorted(p.name for p in made.notebooks_dir.glob("*.ipynb")) == shipped
    assert made.settings.runs["country_profile"] == [{"country": "MLI"}, {"country": "BFA"},
                                                     {"country": "NER"}]
    assert cli.main(["init", str(tmp_path / "proj")]) == 2
    assert "exists already" in capsys.readouterr().err
    assert cli.main(["init", str(tmp_path / "proj"), "--force"]) == 0


def test_render_inside_a_project_uses_its_runs_output_and_copies(tmp_path, capsys,
                                                                  monkeypatch):
    project.init(tmp_path)
    path = tmp_path / project.PROJECT_FILE
    runs = 'country_profile = [{ country = "MLI" }, { country = "BFA" }, { country = "NER" }]'
    text = path.read_text().replace(runs, 'country_profile = [{ country = "TCD" }]')
    path.write_text(text.replace('output_dir = "reports"', 'output_dir = "out"'))
    (tmp_path / "sub").mkdir()
    monkeypatch.chdir(tmp_path / "sub")  # a folder below the project finds it too
    code = cli.main(["render", "--dry-run", "country_profile"])
    assert code == 0
    out = capsys.readouterr().out
    assert "country_profile-TCD" in out and "country_profile-MLI" not in out
    assert config.notebooks_dir() == tmp_path / "notebooks"


def test_an_edited_working_copy_leaves_the_package_notebooks_as_shipped(tmp_path):
    made = project.init(tmp_path)
    copy = made.notebooks_dir / "country_profile.ipynb"
    notebook = json.loads(copy.read_text())
    notebook["cells"].append({"cell_type": "code", "metadata": {}, "outputs": [],
                              "execution_count": None, "source": "print('mine')"})
    copy.write_text(json.dumps(notebook))
    assert project.changed_shipped_notebooks() == []
    assert project.changed_shipped_notebooks(made.notebooks_dir) == ["country_profile.ipynb"]


def test_the_recorded_hashes_are_those_of_the_shipped_notebooks():
    # `python -c "from sahel_analysis import project; project.record_shipped_hashes()"`
    # after changing a notebook
    assert project.changed_shipped_notebooks() == []
    assert set(project.shipped_hashes()) == {p.name for p in
                                             config.shipped_notebooks_dir().glob("*.ipynb")}


def test_a_render_warns_when_a_package_notebook_was_edited(tmp_path, monkeypatch):
    copy = tmp_path / "notebooks"
    shutil.copytree(config.shipped_notebooks_dir(), copy)
    cell = json.loads((copy / "briefing.ipynb").read_text())
    cell["cells"][-1]["source"] = "1 + 1"
    (copy / "briefing.ipynb").write_text(json.dumps(cell))
    monkeypatch.setattr(config, "shipped_notebooks_dir", lambda: copy)
    monkeypatch.setattr(config, "notebooks_dir", lambda: copy)
    with pytest.warns(UserWarning, match="briefing.ipynb differ"):
        project.warn_edited_notebooks()


@pytest.mark.parametrize("line, says", [('workers = 0', "workers"),
                                        ('formats = ["docx"]', "formats"),
                                        ('colour = "red"', "colour")])
def test_an_invalid_project_file_is_exit_2_naming_the_setting(tmp_path, capsys, monkeypatch,
                                                              line, says):
    project.init(tmp_path)
    path = tmp_path / project.PROJECT_FILE
    text = path.read_text().replace('formats = ["html", "pdf"]\n', "")
    path.write_text(line + "\n" + text)
    monkeypatch.chdir(tmp_path)
    assert cli.main(["render", "--dry-run"]) == 2
    assert says in capsys.readouterr().err
