"""The shipped models: one file format and one loader for every learned part of newsmill.

A model file is JSON package data:

    {"format": "newsmill-model", "version": 1, "kind": "text-lines", "trained_by": "training/text_train.py",
     "trained_on": "...", "thresholds": {"line": 0.3, ...}, "model": {...}}

"model" holds the fitted parameters in the kind's own layout; "thresholds" holds every cut-off tuned
together with them, so a re-trained model never runs with another model's thresholds. Training scripts
write files with `model_document`; the runtime reads them with `load_model`. Nothing here (or anywhere in
the package) imports scikit-learn: exporting a fitted estimator lives in training/.
"""
from __future__ import annotations

import json
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path

FORMAT = "newsmill-model"
VERSION = 1


class ModelFileError(ValueError):
    """A model file that is not a newsmill model of the expected kind and version."""


@dataclass(frozen=True)
class ModelFile:
    """One model file, read: its kind, fitted parameters and the thresholds tuned with them."""

    kind: str
    model: dict
    thresholds: dict[str, float] = field(default_factory=dict)
    trained_by: str | None = None
    trained_on: str | None = None

    def threshold(self, name: str) -> float:
        """A tuned threshold by name (a missing one is a broken file, not a default)."""
        try:
            return self.thresholds[name]
        except KeyError:
            raise ModelFileError(f"{self.kind} model file has no threshold {name!r}") from None


def model_document(kind: str, model: dict, thresholds: dict[str, float], trained_by: str,
                   trained_on: str | None = None) -> dict:
    """The JSON document of a model file (what training scripts write)."""
    document = {"format": FORMAT, "version": VERSION, "kind": kind, "trained_by": trained_by}
    if trained_on:
        document["trained_on"] = trained_on
    document["thresholds"] = dict(thresholds)
    document["model"] = model
    return document


def write_model(path: Path, document: dict, compact: bool = False) -> None:
    """Write a model document as the package ships it: small ones a value per line (readable diffs),
    tree ensembles `compact`."""
    text = json.dumps(document, separators=(",", ":")) if compact else json.dumps(document, indent=1) + "\n"
    path.write_text(text, encoding="utf-8")


def parse_model(data: object, kind: str, source: str) -> ModelFile:
    """Check a parsed model document (`source` names it in errors) and wrap it."""
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        raise ModelFileError(f"{source}: not a {FORMAT} file")
    if data.get("version") != VERSION:
        raise ModelFileError(f"{source}: model format version {data.get('version')!r}, this newsmill reads {VERSION}")
    if data.get("kind") != kind:
        raise ModelFileError(f"{source}: a {data.get('kind')!r} model where a {kind!r} model was expected")
    if not isinstance(data.get("model"), dict) or not isinstance(data.get("thresholds", {}), dict):
        raise ModelFileError(f"{source}: 'model' and 'thresholds' must be objects")
    return ModelFile(kind=kind, model=data["model"], thresholds=dict(data.get("thresholds", {})),
                     trained_by=data.get("trained_by"), trained_on=data.get("trained_on"))


def load_model(package: str, name: str, kind: str) -> ModelFile:
    """The model file `name` shipped in `package` (e.g. "newsmill.extract", "text_model.json")."""
    text = resources.files(package).joinpath(name).read_text(encoding="utf-8")
    return parse_model(json.loads(text), kind, f"{package}/{name}")
