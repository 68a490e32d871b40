"""``python -m mlops_lab.cli``: the command line without its console script."""

from .main import run

run()
