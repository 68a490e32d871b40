"""No value of an environment variable is written, whatever variable holds it."""

from __future__ import annotations

from pathlib import Path

from mlops_lab.core.capture.redaction import EnvironmentValues


def test_values_are_scrubbed_wherever_they_appear(tmp_path: Path) -> None:
    values = EnvironmentValues(
        {
            "DB_PASSWORD": "correct-horse-battery",
            "API": "k3y-0123456789",
            "SHORT": "abc",  # too short to tell from ordinary text
            "HOME": "/home/someone-long",
            "PATH": "/usr/bin:/bin",
            "DATA": str(tmp_path),  # a path: kept, paths are the record's subject
            "JPY_SESSION_NAME": "notebooks/train.ipynb",
        }
    )
    text = f"pw = 'correct-horse-battery'; key = 'k3y-0123456789'; abc; {tmp_path}; /usr/bin"
    assert values.scrub(text) == (
        f"pw = '[REDACTED]'; key = '[REDACTED]'; abc; {tmp_path}; /usr/bin"
    )
    assert values.scrub("notebooks/train.ipynb") == "notebooks/train.ipynb"
    assert values.scrub_value({"a": ["x correct-horse-battery", 3]}) == {"a": ["x [REDACTED]", 3]}
