"""The one model format and loader: every shipped model file reads through it, thresholds included."""
import json
import subprocess
import sys

import pytest

from newsmill.models import ModelFileError, load_model, model_document, parse_model, write_model

SHIPPED = [("newsmill.extract", "text_model.json", "text-lines", {"line", "gap", "fill", "stray_lines"}),
           ("newsmill.extract", "html_model.json", "html-blocks", {"block", "alone"}),
           ("newsmill.stories", "story_model.json", "story-pairs", {"join", "merge", "reattach", "max_gap_days"})]


@pytest.mark.parametrize("package, name, kind, thresholds", SHIPPED)
def test_every_shipped_model_carries_the_thresholds_tuned_with_it(package, name, kind, thresholds):
    model = load_model(package, name, kind)
    assert model.kind == kind and model.trained_by and model.trained_by.startswith("training/")
    assert thresholds <= set(model.thresholds)
    assert all(isinstance(value, (int, float)) for value in model.thresholds.values())


def test_the_stages_use_the_thresholds_of_their_model_files():
    from newsmill.extract.html import HtmlBlockExtractor
    from newsmill.extract.text import TextExtractor
    from newsmill.stories.model import StoryModel

    html = load_model("newsmill.extract", "html_model.json", "html-blocks")
    extractor = HtmlBlockExtractor()
    assert (extractor.threshold, extractor.alone_threshold) == (html.threshold("block"), html.threshold("alone"))
    text = load_model("newsmill.extract", "text_model.json", "text-lines")
    assert TextExtractor().settings.to_thresholds() == text.thresholds
    story = StoryModel.load()
    assert story.thresholds() == load_model("newsmill.stories", "story_model.json", "story-pairs").thresholds


def test_a_written_model_reads_back(tmp_path):
    path = tmp_path / "m.json"
    write_model(path, model_document("demo", {"w": [0.25, -1.5]}, {"cut": 0.3}, "training/demo.py", "a test"))
    model = parse_model(json.loads(path.read_text(encoding="utf-8")), "demo", str(path))
    assert (model.model, model.thresholds, model.trained_on) == ({"w": [0.25, -1.5]}, {"cut": 0.3}, "a test")
    with pytest.raises(ModelFileError, match="no threshold 'other'"):
        model.threshold("other")


def test_a_wrong_file_is_refused_with_its_name():
    good = model_document("demo", {}, {}, "training/demo.py")
    with pytest.raises(ModelFileError, match="x.json: a 'demo' model where a 'text-lines'"):
        parse_model(good, "text-lines", "x.json")
    with pytest.raises(ModelFileError, match="x.json: model format version 99"):
        parse_model(dict(good, version=99), "demo", "x.json")
    with pytest.raises(ModelFileError, match="x.json: not a newsmill-model file"):
        parse_model({"weights": []}, "demo", "x.json")


def test_the_runtime_never_imports_scikit_learn():
    code = ("import sys, newsmill.extract.text, newsmill.extract.html, newsmill.stories.model as m;"
            "newsmill.extract.text.TextExtractor(); newsmill.extract.html.HtmlBlockExtractor(); m.StoryModel.load();"
            "print('sklearn' in sys.modules)")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "False"
