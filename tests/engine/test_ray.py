"""The Ray engine against the local one: the same articles, crashes quarantined, a real two-node cluster.

Every test here shares one Ray (session fixture, 2 CPUs, no dashboard) and runs in one xdist group,
so `make test` starts Ray once per run; the cluster test starts its own two nodes and stops them.
"""
from __future__ import annotations

import contextlib
import functools
import json
import os
import secrets
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pytest

import newsmill
from newsmill.article import Article
from newsmill.engine import extract_documents
from newsmill.engine.pipeline import Pipeline, default_pipeline
from newsmill.engine.ray_engine import MAX_TEMP_DIR, RAMP_SHARDS, RayMapper, cut_into_shards, short_temp_dir
from newsmill.engine.workers import STEP_BACK
from newsmill.stage import DocumentStage
from newsmill.stories import StoryGrouper
from tests.helpers import generated_corpus, windowed_pipeline, write_jsonl

ray = pytest.importorskip("ray")
ray.cloudpickle.register_pickle_by_value(sys.modules[__name__])  # Ray workers need not import tests/

pytestmark = [pytest.mark.ray, pytest.mark.xdist_group("ray")]

BIN = Path(sys.executable).parent
QUIET_RAY = {"RAY_USAGE_STATS_ENABLED": "0"}


@pytest.fixture(scope="session")
def ray_session():
    """One private Ray for the session: 2 CPUs, no dashboard, usage stats off, temp files removed."""
    os.environ.update(QUIET_RAY)
    temp = tempfile.mkdtemp(prefix="nmrt-")
    ray.init(num_cpus=2, include_dashboard=False, log_to_driver=False, configure_logging=False, _temp_dir=temp)
    yield
    ray.shutdown()
    shutil.rmtree(temp, ignore_errors=True)


def run_both(inputs, tmp_path, **ray_options):
    """(local articles.jsonl, ray articles.jsonl, ray summary) for the same inputs."""
    newsmill.run(inputs, tmp_path / "local")
    summary = newsmill.run(inputs, tmp_path / "ray", engine="ray", **ray_options)
    return (tmp_path / "local" / "articles.jsonl").read_text(), (tmp_path / "ray" / "articles.jsonl").read_text(), summary


def copies_corpus(seeds_dir: Path, path: Path) -> Path:
    """A JSONL of the seeds with exact and near copies: 75 records, more than one shard."""
    records = []
    for seed in sorted(seeds_dir.iterdir()):
        text = seed.read_text(encoding="utf-8")
        lines = text.splitlines()
        for variant in range(15):
            if variant % 3 == 0:
                body = text  # exact copy
            elif variant % 3 == 1:
                body = "\n".join(lines[: len(lines) - variant % 4 - 1])  # near copy: the end cut off
            else:
                body = text + f"\n\nThis report was updated {variant} times."  # near copy: a line added
            records.append({"id": f"{seed.stem}-{variant:02d}", "text": body})
    write_jsonl(path, records)
    return path


def test_seeds_give_the_same_articles_as_the_local_engine(ray_session, seeds_dir, tmp_path):
    local, on_ray, summary = run_both([seeds_dir], tmp_path, workers=2)
    assert on_ray == local and summary.articles == 5 and summary.duplicates >= 1


def test_exact_and_near_copies_give_the_same_groups_as_the_local_engine(ray_session, seeds_dir, tmp_path):
    corpus = copies_corpus(seeds_dir, tmp_path / "copies.jsonl")
    local, on_ray, summary = run_both([corpus], tmp_path, workers=2)
    assert on_ray == local
    articles = [json.loads(line) for line in on_ray.splitlines()]
    assert summary.articles == 75 and summary.duplicates == sum(1 for a in articles if a["duplicate_of"]) > 40
    assert len({a["story_id"] for a in articles}) <= 10


def test_append_on_ray_gives_the_local_result(ray_session, seeds_dir, tmp_path):
    first, second = tmp_path / "first", tmp_path / "second"
    for index, seed in enumerate(sorted(seeds_dir.iterdir())):
        target = first if index < 3 else second
        target.mkdir(exist_ok=True)
        shutil.copy(seed, target / seed.name)
    for engine in ("local", "ray"):
        newsmill.run([first], tmp_path / engine, engine=engine, workers=2)
        summary = newsmill.run([second], tmp_path / engine, engine=engine, workers=2, append=True)
    assert summary.corpus_articles == 5
    assert (tmp_path / "ray" / "articles.jsonl").read_text() == (tmp_path / "local" / "articles.jsonl").read_text()


def test_a_run_of_several_story_windows_and_its_append_give_the_local_result(ray_session, tmp_path):
    """On Ray the stories learn runs in a process of its own beside the actors (engine/learner.py)."""
    first, second = generated_corpus(tmp_path / "a.jsonl", 0, 260), generated_corpus(tmp_path / "b.jsonl", 260, 140)
    for engine, workers in (("local", 1), ("ray", 2)):
        newsmill.run([first], tmp_path / engine, engine=engine, workers=workers, pipeline=windowed_pipeline())
        newsmill.run([second], tmp_path / engine, engine=engine, workers=workers, append=True, pipeline=windowed_pipeline())
    assert (tmp_path / "ray" / "articles.jsonl").read_bytes() == (tmp_path / "local" / "articles.jsonl").read_bytes()
    lines = (tmp_path / "ray" / "articles.jsonl").read_text().splitlines()
    assert len({json.loads(line)["id"] for line in lines}) == 400


def test_extract_documents_on_ray_gives_the_local_articles_in_order(ray_session, seeds_dir, tmp_path):
    corpus = copies_corpus(seeds_dir, tmp_path / "copies.jsonl")
    local = [item.to_dict() for item in extract_documents([corpus], mode="text", progress=False)]
    on_ray = [item.to_dict() for item in extract_documents([corpus], mode="text", workers=2, engine="ray",
                                                            progress=False)]
    assert len(local) == 75 and on_ray == local


def echo_id(context: object, item: int) -> tuple[int, int]:
    return item, os.getpid()


def test_mapper_keeps_input_order_across_shards_and_workers(ray_session):
    with RayMapper(workers=2, shard_size=3) as mapper:
        results = list(mapper(echo_id, range(50), context=None))
    assert [item for item, _ in results] == list(range(50))
    assert len({pid for _, pid in results}) == 2  # both actors did work


def test_shards_start_small_and_grow_to_the_largest_size_keeping_every_item_in_order():
    cut = list(cut_into_shards(range(1000), 4, 16))
    sizes = [len(shard) for shard in cut]
    assert [item for shard in cut for item in shard] == list(range(1000))
    assert sizes[:RAMP_SHARDS] == [4] * RAMP_SHARDS and sizes[RAMP_SHARDS:2 * RAMP_SHARDS] == [8] * RAMP_SHARDS
    assert set(sizes[3 * RAMP_SHARDS:-1]) == {16}   # never beyond the largest
    assert [len(s) for s in cut_into_shards(range(10), 4)] == [4, 4, 2]   # no largest given: a fixed size


def context_seen(context: dict, item: int) -> tuple[int, int, int, str]:
    return item, os.getpid(), id(context), context["pass"]


def test_each_actor_fetches_a_pass_context_once_and_a_new_pass_gets_the_new_one(ray_session):
    with RayMapper(workers=2, shard_size=3) as mapper:
        first = list(mapper(context_seen, range(40), context={"pass": "first"}))
        second = list(mapper(context_seen, range(40), context={"pass": "second"}))
    for results, name in ((first, "first"), (second, "second")):
        assert [r[0] for r in results] == list(range(40)) and {r[3] for r in results} == {name}
        copies = {(pid, ident) for _, pid, ident, _ in results}
        assert len(copies) == len({pid for _, pid, _, _ in results}) == 2  # one cached copy per actor per pass


def niceness(context: object, item: int) -> tuple[int, int]:
    return os.getpid(), os.nice(0)


def test_actors_step_back_once_a_pass_runs_beside_a_learn_process_and_stay_back(ray_session):
    with RayMapper(workers=2, shard_size=2) as mapper:
        before = dict(mapper(niceness, range(20), context=None))
        behind = dict(mapper(niceness, range(20), context=None, behind_learn=True))
        after = dict(mapper(niceness, range(20), context=None))
    assert len(before) == 2 and set(behind) == set(before)   # the same two actors
    assert all(behind[pid] == min(level + STEP_BACK, 19) for pid, level in before.items())
    assert after == behind   # a process cannot raise its priority again: later passes stay behind


class CrashOn(DocumentStage):
    """Kills its worker process (as a segfault or the OOM killer would) on an article holding `marker`."""

    name = "crash"

    def __init__(self, marker: str) -> None:
        self.marker = marker

    def __call__(self, article: Article) -> Article:
        if any(self.marker in paragraph for paragraph in article.body):
            os._exit(1)
        return article


def crashing_pipeline(marker: str, after: type | None = None) -> Pipeline:
    """The default pipeline with CrashOn right after its first step (pass 0), or after the step `after`."""
    pipeline = default_pipeline("text")
    index = 1 + (next(i for i, step in enumerate(pipeline.steps) if isinstance(step, after)) if after else 0)
    pipeline.steps.insert(index, CrashOn(marker))
    return pipeline


def test_a_document_that_kills_its_worker_is_quarantined_and_the_rest_survive(ray_session, seeds_dir, tmp_path):
    corpus = copies_corpus(seeds_dir, tmp_path / "copies.jsonl")
    records = [json.loads(line) for line in corpus.read_text().splitlines()]
    records[7]["text"] += "\n\nKILL-THE-WORKER here."
    write_jsonl(corpus, records)
    out = tmp_path / "out"
    summary = newsmill.run([corpus], out, engine="ray", workers=2,
                           pipeline_factory=functools.partial(crashing_pipeline, "KILL-THE-WORKER"))
    assert (summary.articles, summary.quarantined) == (74, 1)
    [problem] = [json.loads(line) for line in (out / "quarantine.jsonl").read_text().splitlines()]
    assert problem["id"] == records[7]["id"] and problem["stage"] == "worker"
    assert "failed on it every time" in problem["reason"] and "\n" not in problem["reason"]
    kept = {json.loads(line)["id"] for line in (out / "articles.jsonl").read_text().splitlines()}
    assert kept == {r["id"] for r in records} - {records[7]["id"]}


def test_a_document_that_kills_its_worker_in_a_later_pass_is_kept_without_that_passs_stages(ray_session, seeds_dir,
                                                                                               tmp_path):
    corpus = copies_corpus(seeds_dir, tmp_path / "copies.jsonl")
    records = [json.loads(line) for line in corpus.read_text().splitlines()]
    records[7]["text"] += "\n\nKILL-THE-WORKER here."
    write_jsonl(corpus, records)
    newsmill.run([corpus], tmp_path / "local")
    out = tmp_path / "out"
    summary = newsmill.run([corpus], out, engine="ray", workers=2,
                           pipeline_factory=functools.partial(crashing_pipeline, "KILL-THE-WORKER", StoryGrouper))
    assert (summary.articles, summary.quarantined, summary.stage_errors) == (75, 0, 1)
    [problem] = [json.loads(line) for line in (out / "quarantine.jsonl").read_text().splitlines()]
    assert problem["id"] == records[7]["id"] and problem["stage"] == "worker"
    assert "failed on it every time" in problem["reason"] and "kept" in problem["reason"]
    local = {a["id"]: a for a in map(json.loads, (tmp_path / "local" / "articles.jsonl").read_text().splitlines())}
    on_ray = {a["id"]: a for a in map(json.loads, (out / "articles.jsonl").read_text().splitlines())}
    crashed = on_ray.pop(records[7]["id"])
    expected = local.pop(records[7]["id"])
    assert on_ray == local  # every other article exactly as locally
    for key in ("body", "title", "duplicate_of", "story_id", "thread_id"):  # the steps applied before the crash
        assert crashed[key] == expected[key], key


def test_short_temp_dir_stays_short_enough_for_rays_sockets(tmp_path, monkeypatch):
    monkeypatch.delenv("RAY_TMPDIR", raising=False)
    deep = tmp_path / ("x" * 60)
    deep.mkdir()
    path, created = short_temp_dir(deep)
    assert created and len(path) <= MAX_TEMP_DIR and not path.startswith(str(deep))
    os.rmdir(path)
    monkeypatch.setenv("RAY_TMPDIR", "/somewhere/else")
    assert short_temp_dir(deep) == ("/somewhere/else", False)


def cli(*args: str, env: dict[str, str] | None = None, timeout: float = 180) -> subprocess.CompletedProcess:
    return subprocess.run([str(BIN / "newsmill"), *args], capture_output=True, text=True, timeout=timeout,
                          env={**os.environ, **QUIET_RAY, **(env or {})})


def test_private_ray_from_the_cli_with_a_long_output_path_leaves_nothing_behind(seeds_dir, tmp_path):
    """A deep --out cannot hold Ray's sockets: Ray's files go to a short folder, removed at the end."""
    out = tmp_path / ("deep-output-folder-" * 4) / "out"
    had_tmp_ray = Path("/tmp/ray").exists()
    done = cli("run", str(seeds_dir), "--out", str(out), "--engine", "ray", "--workers", "1", "--quiet",
               env={"RAY_TMPDIR": ""})
    assert done.returncode == 0, done.stderr
    newsmill.run([seeds_dir], tmp_path / "local")
    assert (out / "articles.jsonl").read_text() == (tmp_path / "local" / "articles.jsonl").read_text()
    assert sorted(p.name for p in out.iterdir()) == sorted(p.name for p in (tmp_path / "local").iterdir())
    assert Path("/tmp/ray").exists() == had_tmp_ray


def test_engine_ray_without_ray_installed_is_a_one_line_error(seeds_dir, tmp_path):
    code = ("import sys; sys.modules['ray'] = None; from newsmill.cli import main; "
            f"sys.exit(main(['run', {str(seeds_dir)!r}, '--out', {str(tmp_path / 'out')!r}, '--engine', 'ray']))")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert done.returncode == 2
    assert done.stderr.strip().splitlines() == ["newsmill: error: the Ray engine needs Ray: pip install 'newsmill[ray]'"]


def test_an_unreachable_cluster_is_a_one_line_error(seeds_dir, tmp_path):
    address = f"127.0.0.1:{free_port()}"
    done = cli("run", str(seeds_dir), "--out", str(tmp_path / "out"), "--engine", "ray", "--ray-address", address,
               timeout=60)
    assert done.returncode == 2
    assert done.stderr.strip().splitlines() == [f"newsmill: error: cannot reach a Ray cluster at {address}: "
                                                "Connection refused"]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def stop_node(process: subprocess.Popen) -> None:
    """SIGTERM to our `ray start --block`: it drains and stops its node's processes."""
    if process.poll() is None:
        process.terminate()
        try:
            process.wait(timeout=40)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def kill_cluster_leftovers(token: str) -> None:
    """Kill, by pid, whatever of this test's cluster outlived its node (agents can): they all carry the
    test's own auth token in their environment. `ray stop` would end every Ray on the machine instead."""
    import psutil

    for proc in psutil.process_iter():
        with contextlib.suppress(psutil.Error):
            if proc.environ().get("RAY_AUTH_TOKEN") == token:
                proc.kill()


def wait_for_cpus(address: str, cpus: int, env: dict[str, str], timeout: float = 90) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        status = subprocess.run([str(BIN / "ray"), "status", "--address", address], capture_output=True, text=True,
                                env=env, timeout=60)
        if f"/{cpus}.0 CPU" in status.stdout:
            return
        time.sleep(1)
    raise AssertionError(f"the cluster at {address} never reached {cpus} CPUs")


@pytest.mark.slow
def test_a_real_two_node_cluster_gives_the_local_result(seeds_dir, tmp_path):
    temp = tempfile.mkdtemp(prefix="nmrc-")  # short: Ray's sockets live under it
    address = f"127.0.0.1:{free_port()}"
    token = secrets.token_hex(32)
    env = {**os.environ, **QUIET_RAY, "RAY_AUTH_MODE": "token", "RAY_AUTH_TOKEN": token}
    common = ["--num-cpus", "1", "--node-ip-address", "127.0.0.1", "--block"]
    nodes: list[subprocess.Popen] = []
    try:
        nodes.append(subprocess.Popen([str(BIN / "ray"), "start", "--head", "--port", address.rsplit(":", 1)[1],
                                       "--temp-dir", temp, "--include-dashboard=false", "--disable-usage-stats",
                                       *common], env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL))
        wait_for_cpus(address, 1, env)
        nodes.append(subprocess.Popen([str(BIN / "ray"), "start", "--address", address, *common], env=env,
                                      stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL))
        wait_for_cpus(address, 2, env)
        done = subprocess.run([str(BIN / "newsmill"), "run", str(seeds_dir), "--out", str(tmp_path / "ray"),
                               "--engine", "ray", "--ray-address", address, "--workers", "2", "--quiet"],
                              capture_output=True, text=True, env=env, timeout=180)
        assert done.returncode == 0, done.stderr
    finally:
        for node in reversed(nodes):
            stop_node(node)
        kill_cluster_leftovers(token)
        shutil.rmtree(temp, ignore_errors=True)
    newsmill.run([seeds_dir], tmp_path / "local")
    assert (tmp_path / "ray" / "articles.jsonl").read_text() == (tmp_path / "local" / "articles.jsonl").read_text()
    assert all(node.returncode is not None for node in nodes)
