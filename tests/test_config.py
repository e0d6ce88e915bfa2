import pytest

from sahel_analysis import config
from sahel_analysis.exceptions import MirrorNotFoundError


def test_missing_mirror_folder_is_a_clear_error(tmp_path, monkeypatch):
    with pytest.raises(MirrorNotFoundError, match="does not exist"):
        config.set_mirror(tmp_path / "nowhere")
    monkeypatch.setenv(config.MIRROR_ENV, str(tmp_path / "nowhere"))
    with pytest.raises(MirrorNotFoundError, match="SAHEL_ANALYSIS_MIRROR"):
        config.mirror_dir()


def test_data_dir_override(tmp_path, monkeypatch):
    monkeypatch.setenv(config.DATA_DIR_ENV, str(tmp_path))
    assert config.data_dir() == tmp_path
