"""The GPU tests (``-m gpu``) on a machine without a GPU: run on tests/fakegpu, a CPU stand-in for CuPy.

It proves the device code paths keep every array on the device (no host array mixed in, no
device-to-host copy inside a training step) and agree with the CPU; it cannot prove CUDA
kernels or speed. With real CuPy and a GPU the same tests run in the main session instead.
"""
import os
import re
import subprocess
import sys

import pytest

import autograd_core as ag

HERE = os.path.dirname(__file__)


@pytest.mark.skipif(ag.cuda.is_available(), reason="a real GPU runs the gpu tests in this session")
def test_gpu_suite_passes_on_the_cupy_stand_in():
    env = dict(os.environ, AUTOGRAD_CORE_FAKE_CUPY="1")
    run = subprocess.run([sys.executable, "-m", "pytest", "-q", "-m", "gpu", "-p", "no:cacheprovider",
                          os.path.join(HERE, "test_op_specs.py"), os.path.join(HERE, "test_gpu.py")],
                         cwd=os.path.dirname(HERE), env=env, capture_output=True, text=True, timeout=600)
    summary = run.stdout.strip().splitlines()[-1] if run.stdout.strip() else run.stderr[-2000:]
    assert run.returncode == 0, run.stdout[-6000:] + run.stderr[-2000:]
    passed = int(re.search(r"(\d+) passed", summary).group(1))
    assert passed >= 900, f"too few GPU tests ran on the stand-in: {summary}"
