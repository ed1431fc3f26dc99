"""The local worker pool: results in input order, and workers that step back behind a learn process."""
import os

from newsmill.engine.workers import STEP_BACK, ordered_map


def _square(context, item):
    return context * item * item


def _niceness(context, item):
    return os.nice(0)


def test_results_come_back_in_input_order_with_any_number_of_workers():
    for workers in (1, 2, 3):
        assert list(ordered_map(_square, range(50), context=2, workers=workers, chunk_size=3)) == \
            [2 * i * i for i in range(50)]


def test_workers_step_back_behind_a_learn_process_and_the_engine_does_not():
    own = os.nice(0)
    assert set(ordered_map(_niceness, range(8), context=None, workers=2, chunk_size=1)) == {own}
    behind = set(ordered_map(_niceness, range(8), context=None, workers=2, chunk_size=1, behind_learn=True))
    assert behind == {min(own + STEP_BACK, 19)}
    assert os.nice(0) == own


def test_a_run_collects_garbage_less_often_and_puts_the_thresholds_back(tmp_path):
    import gc

    import newsmill
    from newsmill.engine.workers import GC_THRESHOLDS, fewer_collections

    before = gc.get_threshold()
    with fewer_collections():
        assert gc.get_threshold() == GC_THRESHOLDS
        assert set(ordered_map(_thresholds, range(4), context=None, workers=2, chunk_size=1)) == {GC_THRESHOLDS}
    assert gc.get_threshold() == before
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "a.txt").write_text("A headline\n\nOne paragraph of an article about a harbour.\n")
    newsmill.run([tmp_path / "in"], tmp_path / "out", progress=False)
    assert gc.get_threshold() == before


def _thresholds(context, item):
    import gc
    return gc.get_threshold()
