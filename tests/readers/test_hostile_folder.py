"""A folder a crawl or a careless user leaves behind: the run finishes, keeps every good page, says why for the rest."""
import contextlib
import gzip
import json
import os
import socket
import subprocess
import sys
import tempfile
from pathlib import Path


from newsmill.readers import Document, Problem, ReadTally, read_inputs
from tests.helpers import ARTICLE_PARAGRAPHS, html_page


def good_text(topic: str) -> str:
    return f"{topic} plan approved\n\n" + "\n\n".join(p.replace("tram", topic) for p in ARTICLE_PARAGRAPHS) + "\n"


@contextlib.contextmanager
def unix_socket(path: Path):
    sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    sock.bind(str(path))
    try:
        yield
    finally:
        sock.close()


def build_hostile(root: Path) -> dict[str, str]:
    """Write the folder; returns the good documents' ids -> a phrase each must keep."""
    root.mkdir()
    (root / "good.txt").write_text(good_text("tram"), encoding="utf-8")
    (root / "good.html").write_text(html_page("Bridge reopens", ARTICLE_PARAGRAPHS), encoding="utf-8")
    (root / "lying.html").write_bytes(  # says ISO-8859-1, is UTF-8
        html_page("Café crème", ["Crème brûlée — “quoted” in the café, said the mayor of the city."] * 3,
                  charset="iso-8859-1").encode("utf-8"))
    (root / "empty.txt").write_bytes(b"")
    (root / "binary.txt").write_bytes(os.urandom(8192))
    cut = gzip.compress(good_text("bus").encode() * 40)
    (root / "cut.txt.gz").write_bytes(cut[: len(cut) // 2])
    (root / "padded.txt.gz").write_bytes(gzip.compress(good_text("ferry boat").encode()) + b"garbage after the end")
    (root / "dump.jsonl").write_bytes(
        b'{"id": "j1", "text": "' + good_text("ferry").replace("\n", " ").encode() + b'"}\n'
        + b"\x00\x00\x00\x00\n"
        + b'{"id": "j2", "text": "' + ("x" * 300_000).encode() + b'"}\n'  # over the size limit below
        + b'{"id": "j3", "text": "' + good_text("metro").replace("\n", " ").encode() + b'"}\n'
        + b'{"id": "j4", "text": "A cut emoji \\ud83d in ' + good_text("night bus").replace("\n", " ").encode() + b'"}\n')
    (root / os.fsdecode(b"caf\xe9-latin1-name.txt")).write_text(good_text("cafe"), encoding="utf-8")
    os.mkfifo(root / "pipe.txt")
    (root / "loop-a").symlink_to(root / "loop-b")
    (root / "loop-b").symlink_to(root / "loop-a")
    (root / "nested").mkdir()
    (root / "nested" / "again").symlink_to(root)  # a folder loop
    (root / "nested" / "deep.txt").write_text(good_text("cable car"), encoding="utf-8")
    return {"good.txt": "tram network", "good.html": "tram network", "lying.html": "Crème brûlée — “quoted”",
            "j1": "ferry network", "j3": "metro network", "nested/deep.txt": "cable car network",
            "padded.txt.gz": "ferry boat network", "j4": "A cut emoji \ufffd in",
            "caf\\xe9-latin1-name.txt": "cafe network"}


def test_the_run_finishes_keeps_every_good_document_and_quarantines_the_rest(tmp_path):
    expected = build_hostile(tmp_path / "in")
    with unix_socket(tmp_path / "in" / "control.sock"):
        proc = subprocess.run([sys.executable, "-m", "newsmill", "run", tmp_path / "in", "--out", tmp_path / "out",
                               "--max-bytes", "100K", "--quiet"], capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, proc.stderr
    articles = {a["id"]: a for a in map(json.loads, (tmp_path / "out" / "articles.jsonl").read_text().splitlines())}
    assert set(articles) == set(expected)
    for doc_id, phrase in expected.items():
        text = " ".join([articles[doc_id]["title"] or ""] + articles[doc_id]["body"])
        assert phrase in text, doc_id
    problems = [json.loads(line) for line in (tmp_path / "out" / "quarantine.jsonl").read_text().splitlines()]
    reasons = {(Path(p["file"]).name, p["record"]): p["reason"] for p in problems}
    assert "empty" in reasons[("empty.txt", None)]
    assert "binary" in reasons[("binary.txt", None)]
    assert "truncated gzip" in reasons[("cut.txt.gz", None)]
    assert "line 2" in reasons[("dump.jsonl", 1)] and "NUL" in reasons[("dump.jsonl", 1)]
    assert "size limit" in reasons[("dump.jsonl", 2)]
    assert "named pipe" in reasons[("pipe.txt", None)]
    assert "socket" in reasons[("control.sock", None)]
    assert "symbolic links" in reasons[("loop-a", None)] and "symbolic links" in reasons[("loop-b", None)]
    assert len(problems) == 9
    assert f"{len(problems)} quarantined" in proc.stdout and "symlinked folder" in proc.stdout


@contextlib.contextmanager
def as_user_without_rights():
    """Root reads every folder: drop the effective uid so permissions apply, as they do for a normal user."""
    if os.geteuid() != 0:
        yield
        return
    os.seteuid(65534)
    try:
        yield
    finally:
        os.seteuid(0)


def test_an_unreadable_folder_is_quarantined_and_the_rest_read():
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder) / "in"
        (root / "locked").mkdir(parents=True)
        (root / "locked" / "secret.txt").write_text(good_text("tram"))
        (root / "open.txt").write_text(good_text("bus"))
        os.chmod(folder, 0o755)
        os.chmod(root, 0o755)
        os.chmod(root / "open.txt", 0o644)
        os.chmod(root / "locked", 0)
        try:
            with as_user_without_rights():
                items = list(read_inputs([root]))
        finally:
            os.chmod(root / "locked", 0o755)
    assert [i.id for i in items if isinstance(i, Document)] == ["open.txt"]
    (problem,) = [i for i in items if isinstance(i, Problem)]
    assert problem.id == "locked" and "cannot list folder" in problem.reason and "denied" in problem.reason


def test_the_output_folder_is_never_read_as_input(tmp_path):
    root = tmp_path / "in"
    root.mkdir()
    (root / "a.txt").write_text(good_text("tram"))
    out = root / "corpus"
    out.mkdir()
    (out / "articles.jsonl").write_text('{"id": "old", "text": "an earlier run\'s output"}\n')
    tally = ReadTally()
    items = list(read_inputs([root], tally=tally, exclude=[out]))
    assert [i.id for i in items] == ["a.txt"] and tally.skipped == {"in the output folder (not read)": 1}
    assert list(read_inputs([out / "articles.jsonl"], exclude=[out])) == []
    (out / "newsmill.sqlite").write_bytes(b"")  # an earlier run's output, now beside the pages
    tally = ReadTally()
    assert [i.id for i in read_inputs([root], tally=tally)] == ["a.txt"]
    assert tally.skipped == {"an earlier newsmill output folder (not read)": 1}
