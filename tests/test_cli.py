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


@pytest.fixture(scope="module")
def mixed(tmp_path_factory, seeds_dir):
    """The seeds plus an unrelated story and a copy of it: two threads, two duplicate groups."""
    folder = tmp_path_factory.mktemp("mixed-in")
    for page in seeds_dir.iterdir():
        (folder / page.name).write_bytes(page.read_bytes())
    tram = ("Tram network to cross the river\n\n"
            "The city council of Ghent voted on Tuesday to expand the tram network across the river, officials said.\n\n"
            "The plan adds eleven stations and is expected to cost about 400 million euros over six years.\n\n"
            "Opponents argued that the money would be better spent on buses, which serve more districts.\n")
    (folder / "tram.txt").write_text(tram)
    (folder / "tram-copy.txt").write_text(tram)
    out = tmp_path_factory.mktemp("mixed")
    newsmill("run", folder, "--out", out)
    return out


def test_limits_are_validated_and_shorten_stories_and_duplicates(mixed):
    for args in (("search", mixed, "x", "--limit", "0"), ("search", mixed, "x", "--limit", "-1"),
                 ("stories", mixed, "--limit", "0"), ("run", mixed, "--out", mixed, "--workers", "0")):
        proc = newsmill(*args, check=False)
        assert proc.returncode == 2 and "must be 1 or more" in proc.stderr
    assert newsmill("stories", mixed).stdout.count("\nthread ") + 1 >= 2
    one = newsmill("stories", mixed, "--limit", "1").stdout
    assert one.count("thread ") == 1 and "more threads (raise --limit" in one
    groups = newsmill("duplicates", mixed, "--limit", "1").stdout
    assert groups.startswith("2 groups") and groups.count("(canonical)") == 1 and "1 more groups" in groups


def test_search_snippets_are_one_line_highlighted_and_scored(corpus):
    out = newsmill("search", corpus, "the").stdout
    scores = [float(line.rsplit("score ", 1)[1].split()[0]) for line in out.splitlines() if "score " in line]
    assert scores and max(scores) == 1.0 and not all(s == 0 for s in scores)
    hits = [json.loads(l) for l in newsmill("search", corpus, "the", "--json").stdout.splitlines()]
    assert all("\n" not in h["snippet"] and "»the«" in h["snippet"].lower() for h in hits)
    assert all(h["score"] > 0 for h in hits)


def test_search_and_export_filters(corpus, tmp_path):
    def ids(*args):
        return [json.loads(l)["id"] for l in newsmill("search", corpus, "Karabakh", "--json", *args).stdout.splitlines()]

    assert sorted(ids("--since", "2021-01-01")) == ["002_dc50343b1682d573.txt", "003_1f898c961dd7184c.txt"]
    assert ids("--until", "2020-12-31") == ["000_01ee59e59d659b5a.txt"]
    assert ids("--source", "MassisPost") == ["004_76cf9ad062647976.txt"]
    assert ids("--language", "fr") == [] and len(ids("--language", "en,fr")) == 5
    assert "001_98a7db490f32b566.txt" not in ids("--canonical-only") and len(ids("--canonical-only")) == 4
    proc = newsmill("export", corpus, "--format", "jsonl", "-o", "-", "--canonical-only", "--since", "2021-01-01")
    assert sorted(json.loads(l)["id"] for l in proc.stdout.splitlines()) == ["002_dc50343b1682d573.txt",
                                                                           "003_1f898c961dd7184c.txt"]
    bad = newsmill("search", corpus, "x", "--since", "last week", check=False)
    assert bad.returncode == 2 and "not a date" in bad.stderr and bad.stderr.count("\n") == 1


def test_dash_means_standard_input_and_output(corpus, seeds_dir, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    page = (seeds_dir / "002_dc50343b1682d573.txt").read_bytes()
    proc = subprocess.run([sys.executable, "-m", "newsmill", "extract", "-", "--mode", "text"], input=page,
                          capture_output=True)
    (row,) = [json.loads(l) for l in proc.stdout.splitlines()]
    assert row["title"] == "Russia Vows No Letup In Karabakh Peace Efforts" and row["source_path"] == "-"
    parquet = subprocess.run([sys.executable, "-m", "newsmill", "export", corpus, "--format", "parquet", "-o", "-"],
                             capture_output=True)
    assert parquet.returncode == 0 and parquet.stdout[:4] == b"PAR1" and not (tmp_path / "-").exists()


def test_export_to_a_missing_folder_is_a_one_line_error(corpus, tmp_path):
    proc = newsmill("export", corpus, "--format", "csv", "-o", tmp_path / "missing" / "x.csv", check=False)
    assert proc.returncode == 2 and proc.stderr.count("\n") == 1 and "does not exist" in proc.stderr
    assert "Traceback" not in proc.stderr


def test_version_and_search_import_nothing_heavy(corpus):
    heavy = ("sklearn", "numpy", "pyarrow", "lxml", "selectolax", "charset_normalizer", "fastwarc", "tqdm")
    code = ("import sys, contextlib, io; from newsmill.cli import main\n"
            "with contextlib.redirect_stdout(io.StringIO()): main(['search', sys.argv[1], 'Lachin'])\n"
            f"print([m for m in {heavy!r} if m in sys.modules])")
    proc = subprocess.run([sys.executable, "-c", code, str(corpus)], capture_output=True, text=True)
    assert proc.stdout.strip() == "[]", proc.stderr
    assert newsmill("--version").stdout.startswith("newsmill ")


def test_the_parser_mirrors_the_real_modes_and_formats():
    from newsmill import cli
    from newsmill.extract import MODES
    from newsmill.store import FORMATS

    assert cli.MODES == MODES and cli.FORMATS == FORMATS
