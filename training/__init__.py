"""Training scripts for the shipped models: run from the repository root as `python -m training.NAME`
(the train extra: scikit-learn)."""
