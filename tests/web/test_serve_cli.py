"""`newsmill serve`: loopback by default, a wider address only with --public, a clear error without a store."""
from __future__ import annotations

from newsmill.cli import main


def test_serving_beyond_loopback_needs_public(store_dir, capsys):
    assert main(["serve", str(store_dir), "--host", "0.0.0.0"]) == 2
    assert "--public" in capsys.readouterr().err


def test_serving_a_folder_without_a_store_is_a_one_line_error(tmp_path, capsys):
    assert main(["serve", str(tmp_path)]) == 2
    err = capsys.readouterr().err
    assert "no newsmill store" in err and str(tmp_path) in err and "Traceback" not in err
