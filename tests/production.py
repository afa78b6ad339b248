"""Start the production settings in a child process, with the environment a deployment gives."""

import os
import subprocess
import sys
from pathlib import Path

from cryptography.fernet import Fernet

KEY_SETTINGS = ("MATCHING_ENCRYPTION_KEYS", "AUDIT_LOG_KEYS")
ROOT = Path(__file__).resolve().parent.parent


def production_env(**keys) -> dict:
    """Real keys unless a test names one (None: unset)."""
    env = {k: v for k, v in os.environ.items() if k not in ("SECRET_KEY", *KEY_SETTINGS)}
    env.update(SECRET_KEY="x" * 50, ALLOWED_HOSTS="x.example.jp")
    real = {
        "MATCHING_ENCRYPTION_KEYS": Fernet.generate_key().decode(),
        "AUDIT_LOG_KEYS": "a-real-audit-log-key-from-the-secret-store",
    }
    env.update({k: v for k, v in (real | keys).items() if v is not None})
    return env


def start_production(env: dict, code: str = "") -> subprocess.CompletedProcess:
    """Import cms.settings.production (as ``s``) in a fresh interpreter, then run ``code``."""
    return subprocess.run(
        [sys.executable, "-c", f"import cms.settings.production as s\n{code}"],
        env=env,
        capture_output=True,
        text=True,
        cwd=ROOT,
        check=False,
    )
