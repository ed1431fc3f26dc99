"""The `newsmill` command as a user runs it (a real subprocess for the console script)."""
import json
import subprocess
import sys

import pytest

from newsmill.cli import build_parser, main


def newsmill(*args, check=True):
    proc = subprocess.run([sys.executable, "-m", "newsmill", *map(str, args)], capture_output=True, text=True)
    if check and proc.returncode != 0:
        raise AssertionError(f"exit {proc.returncode}: {proc.stderr}")
    return proc


@pytest.fixture(scope="module")
def corpus(tmp_path_factory, seeds_dir):
    out = tmp_path_factory.mktemp("corpus")
    proc = newsmill("run", seeds_dir, "--out", out)
    assert "5 documents read -> 5 articles (1 duplicate, 4 stories, 1 thread," in proc.stdout
    return out


def test_search_finds_the_pages_that_mention_lachin(corpus):
    proc = newsmill("search", corpus, "Lachin")
    assert "000_01ee59e59d659b5a.txt" in proc.stdout and "004_76cf9ad062647976.txt" in proc.stdout
    assert "»Lachin«" in proc.stdout and "[Lachin]" not in proc.stdout
    hits = [json.loads(l) for l in newsmill("search", corpus, '"Minsk Group"', "--json", "--limit", "2").stdout.splitlines()]
    assert len(hits) == 2 and all("Minsk Group" in h["snippet"].replace("»", "").replace("«", "") for h in hits)


def test_export_and_listing_commands(corpus, tmp_path):
    proc = newsmill("export", corpus, "--format", "csv", "-o", tmp_path / "x.csv")
    assert "5 articles written" in proc.stdout and (tmp_path / "x.csv").exists()
    assert "thread" in newsmill("stories", corpus).stdout
    assert newsmill("duplicates", corpus).returncode == 0


def test_extract_writes_one_article_per_document(seeds_dir, tmp_path):
    target = tmp_path / "a.jsonl"
    proc = newsmill("extract", seeds_dir, "--mode", "text", "-o", target)
    rows = [json.loads(l) for l in target.read_text().splitlines()]
    assert len(rows) == 5 and "5 articles extracted" in proc.stderr
    assert all(r["duplicate_of"] is None and r["story_id"] is None for r in rows)  # no corpus stages


def test_errors_are_one_line_not_tracebacks(tmp_path, seeds_dir):
    proc = newsmill("run", tmp_path / "missing", "--out", tmp_path / "o", check=False)
    assert proc.returncode == 2 and proc.stderr.strip().count("\n") == 0 and "input not found" in proc.stderr
    blocker = tmp_path / "f"
    blocker.write_text("x")
    proc = newsmill("run", seeds_dir, "--out", blocker / "o", check=False)
    assert proc.returncode == 2 and "cannot write to" in proc.stderr and "Traceback" not in proc.stderr
    proc = newsmill("search", tmp_path, "x", check=False)
    assert proc.returncode == 2 and "no newsmill store" in proc.stderr


def test_strict_exits_non_zero_when_something_was_quarantined(tmp_path, seeds_dir):
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "empty.txt").write_bytes(b"")
    (tmp_path / "in" / "ok.txt").write_text((seeds_dir / "002_dc50343b1682d573.txt").read_text())
    assert newsmill("run", tmp_path / "in", "--out", tmp_path / "o").returncode == 0
    proc = newsmill("run", tmp_path / "in", "--out", tmp_path / "o", "--strict", check=False)
    assert proc.returncode == 3 and "1 quarantined" in proc.stdout


@pytest.mark.parametrize("command", ["run", "extract", "search", "export", "duplicates", "stories"])
def test_every_command_has_help_with_an_example(command, capsys):
    with pytest.raises(SystemExit) as exit_info:
        main([command, "--help"])
    assert exit_info.value.code == 0
    assert "examples:" in capsys.readouterr().out and "newsmill " in build_parser().format_help()
