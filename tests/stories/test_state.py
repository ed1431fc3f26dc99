"""The stories state round trip: profiles a run never looks at are written back exactly as they were read."""
import zlib

from newsmill.stories import StoryGrouper
from newsmill.stories.state import StoryState

from .test_ecbplus import ecbplus_articles


def test_state_round_trip_decodes_only_what_a_run_reads(shared):
    _, articles = ecbplus_articles(shared, {1, 2, 3})
    state = StoryGrouper().run(articles)
    blob = state.to_bytes()
    again = StoryState.from_bytes(blob)
    assert len(again.stories) == len(state.stories) and not again.stories._loaded
    assert again.stories.story_ids() == [s.story_id for s in state.stories]
    assert again.stories.thread_ids() == [s.thread_id for s in state.stories]
    assert again.to_bytes() == blob and not again.stories._loaded     # nothing read: the same bytes back
    again.stories[0].thread_id = "t-changed"                          # read and changed: written anew
    lines = zlib.decompress(again.to_bytes()).split(b"\n")
    assert b"t-changed" in lines[1] and lines[2:] == zlib.decompress(blob).split(b"\n")[2:]
    assert StoryState.from_bytes(again.to_bytes()).stories[0].thread_id == "t-changed"
