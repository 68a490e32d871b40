"""Secrets are redacted before they reach the record; ordinary text is left alone."""

from __future__ import annotations

import pytest

from mlops_lab.core import JsonValue
from mlops_lab.core.capture.redaction import REDACTED, redact, redact_value, strip_url_credentials

# Shaped like real credentials, but made up (the AWS pair is AWS's documented example).
AWS_KEY_ID = "AKIAIOSFODNN7EXAMPLE"
AWS_SECRET = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"
GITHUB_TOKEN = "ghp_" + "a1B2c3D4e5F6g7H8i9J0k1L2m3N4o5P6q7R8"
JWT = (
    "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9."
    "eyJzdWIiOiIxMjM0NTY3ODkwIiwibmFtZSI6IkpvaG4ifQ."
    "SflKxwRJSMeKKF2QT4fwpMeJf36POk6yJV_adQssw5c"
)


@pytest.mark.parametrize(
    ("text", "secret"),
    [
        (f"key = '{AWS_KEY_ID}'", AWS_KEY_ID),
        ("ASIAY34FZKBOKMUTVV7A", "ASIAY34FZKBOKMUTVV7A"),
        (f"aws_secret_access_key = {AWS_SECRET}", AWS_SECRET),
        (f"git clone https://{GITHUB_TOKEN}@github.com/org/repo", GITHUB_TOKEN),
        ("github_pat_11ABCDEFG0123456789_abcdefghijklmnopqrstuvwxyz", "github_pat_11ABCDEFG"),
        ("SLACK = 'xoxb-123456789012-abcdefghijkl'", "xoxb-123456789012"),
        ("AIzaSyA-1234567890abcdefghijklmnopqrstu", "AIzaSyA-1234567890"),
        ("openai.api_key = 'sk-proj-abc123DEF456ghi789JKL012mno345PQR'", "sk-proj-abc123"),
        (f"token: {JWT}", JWT),
        ("headers = {'Authorization': 'Bearer abc123def456ghi789jkl'}", "abc123def456ghi789jkl"),
        ('password = "hunter2"', "hunter2"),
        ("db.connect(user='me', db_password='s3cr3t!')", "s3cr3t!"),
        ('{"api_key": "plainvalue"}', "plainvalue"),
        ("HF_TOKEN=hf_abcdefghijklmnop", "hf_abcdefghijklmnop"),
        ("export OPENAI_API_KEY=whatever-it-is", "whatever-it-is"),
        ("https://user:password@example.com/data.csv", "user:password"),
        ("https://example.com/file?token=abc123&x=1", "abc123"),
    ],
)
def test_secrets_are_redacted(text: str, secret: str) -> None:
    redacted = redact(text)
    assert secret not in redacted
    assert REDACTED in redacted


def test_context_around_a_secret_is_kept() -> None:
    assert redact('password = "hunter2"') == f'password = "{REDACTED}"'
    assert redact("https://user:password@host/x") == f"https://{REDACTED}@host/x"
    assert redact("Authorization: Bearer abcdef0123456789abcdef") == (
        f"Authorization: Bearer {REDACTED}"
    )


def test_private_key_block_is_redacted_whole() -> None:
    pem = (
        "before\n-----BEGIN RSA PRIVATE KEY-----\nMIIEowIBAAKCAQEAx1\nabc\n"
        "-----END RSA PRIVATE KEY-----\nafter"
    )
    assert redact(pem) == f"before\n{REDACTED}\nafter"


@pytest.mark.parametrize(
    "text",
    [
        "import pandas as pd\ndf = pd.read_csv('data/train.csv')\nmodel.fit(X, y)",
        "sha256 = 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855'",
        "commit 4b825dc642cb6eb9a060e54bf8d69288fbee4904",
        "run_id = '123e4567-e89b-12d3-a456-426614174000'",
        "tokenizer = AutoTokenizer.from_pretrained('bert-base-uncased')",
        "max_tokens = '512'",
        "login(password=pw, token=get_token())",
        "if secret is None: raise ValueError('set the secret')",
        "pip install scikit-learn  # sk-learn",
        "git@github.com:org/repo.git",
        "ssh://git@github.com/org/repo.git",
        "https://pypi.org/simple/numpy/",
        "Bearer authentication is described in RFC 6750",
        "xxh3 = 'f0e1d2c3b4a5968778695a4b3c2d1e0f'",
        "A sentence about passwords, tokens and keys.",
    ],
)
def test_ordinary_text_is_unchanged(text: str) -> None:
    assert redact(text) == text


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("https://user:password@github.com/org/repo.git", "https://github.com/org/repo.git"),
        (f"https://{GITHUB_TOKEN}@github.com/org/repo", "https://github.com/org/repo"),
        ("https://oauth2:abc@gitlab.com:8443/g/p.git", "https://gitlab.com:8443/g/p.git"),
        ("ssh://git@github.com/org/repo.git", "ssh://git@github.com/org/repo.git"),
        ("https://github.com/org/repo.git", "https://github.com/org/repo.git"),
        (
            "https://bucket.s3.amazonaws.com/f?X-Amz-Signature=abcd&v=1",
            f"https://bucket.s3.amazonaws.com/f?X-Amz-Signature={REDACTED}&v=1",
        ),
        ("git@github.com:org/repo.git", "git@github.com:org/repo.git"),
    ],
)
def test_strip_url_credentials(url: str, expected: str) -> None:
    assert strip_url_credentials(url) == expected


def test_redact_value_recurses_and_redacts_values_of_secret_keys() -> None:
    params: JsonValue = {
        "lr": 0.1,
        "epochs": 3,
        "use_gpu": True,
        "note": None,
        "db_password": "hunter2",
        "API_KEY": "plain",
        "tokenizer": "bert-base-uncased",
        "urls": ["https://u:p@host/x", "https://host/y"],
        "nested": {"github": GITHUB_TOKEN, "max_tokens": "512"},
    }
    assert redact_value(params) == {
        "lr": 0.1,
        "epochs": 3,
        "use_gpu": True,
        "note": None,
        "db_password": REDACTED,
        "API_KEY": REDACTED,
        "tokenizer": "bert-base-uncased",
        "urls": [f"https://{REDACTED}@host/x", "https://host/y"],
        "nested": {"github": REDACTED, "max_tokens": "512"},
    }
