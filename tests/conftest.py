import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "corpus"
ATC = [sys.executable, "-m", "atc.cli"]


@pytest.fixture(scope="session", autouse=True)
def _private_cache(tmp_path_factory):
    """Each test session gets its own result cache and runtime build."""
    os.environ["ATC_CACHE_DIR"] = str(tmp_path_factory.mktemp("atc-cache"))
    yield


@pytest.fixture(scope="session", autouse=True)
def _load_at_first_call():
    """Rewritten programs load the library at the first call that takes the library path (ATC_LOAD_WORK=0):
    the tests check that tiny programs offload their kernels, which by default would stay below the work that
    makes loading worth it and run their original loops. tests/test_load_on_demand.py checks the default."""
    os.environ["ATC_LOAD_WORK"] = "0"
    yield


def run(cmd, cwd=None, env=None, timeout=600, check=False):
    full_env = dict(os.environ)
    full_env.update(env or {})
    proc = subprocess.run(cmd, cwd=cwd, env=full_env, capture_output=True, text=True, errors="replace", timeout=timeout)
    if check and proc.returncode != 0:
        raise AssertionError(f"{cmd} failed ({proc.returncode}):\n{proc.stdout}\n{proc.stderr}")
    return proc


def atc(*args, **kw):
    return run(ATC + list(args), **kw)


def cc_available():
    return shutil.which("cc") is not None


def skip_without_gpu(target, proc):
    """A cuBLAS program that could not reach a GPU (the toolkit is there, the device or driver is not): skip."""
    if target == "cublas" and proc.returncode != 0 and any(
            s in proc.stderr for s in ("cudaErrorNoDevice", "cudaErrorInsufficientDriver", "NOT_INITIALIZED")):
        pytest.skip(f"cuBLAS is installed but there is no usable GPU: {proc.stderr.strip().splitlines()[-1]}")
