"""What the figures came from: the machine, the versions and the thread counts."""
import datetime
import os
import platform
import sys

import numpy as np

from . import THREAD_VARS


def describe(frameworks):
    """A JSON-ready record of the machine, versions, thread counts and date."""
    return {
        "date": datetime.datetime.now(datetime.timezone.utc).isoformat(timespec="seconds"),
        "machine": {"cpu": _cpu_model(), "cores": os.cpu_count(), "memory_bytes": _memory_bytes(),
                    "platform": platform.platform()},
        "versions": {"python": platform.python_version(), "numpy": np.__version__,
                     **{name: fw.version for name, fw in frameworks.items()}},
        "threads": threads(frameworks),
        "gc": "enabled during timing for every framework; before each framework's case, gc.collect() then gc.freeze() "
              "(the objects already alive, every imported framework's included, are not scanned by later collections)",
        "executable": sys.executable,
    }


def threads(frameworks):
    """NumPy's BLAS threads (threadpoolctl if installed, else the environment) and torch's."""
    out = {"env": {k: os.environ[k] for k in THREAD_VARS if k in os.environ}}
    try:
        from threadpoolctl import threadpool_info
        out["numpy_blas"] = [{k: i.get(k) for k in ("internal_api", "num_threads", "version")}
                             for i in threadpool_info() if i.get("user_api") == "blas"]
    except ImportError:
        out["numpy_blas"] = f"{_blas_name()}; threadpoolctl not installed, so its threads follow env (or its default)"
    torch_fw = frameworks.get("torch")
    if torch_fw is not None and torch_fw.available:
        out["torch"] = torch_fw.module.get_num_threads()
    return out


def _blas_name():
    try:
        config = np.show_config(mode="dicts")
        blas = config["Build Dependencies"]["blas"]
        return f"{blas.get('name')} {blas.get('version')}"
    except Exception:  # older NumPy has no mode="dicts"
        return "unknown BLAS"


def _cpu_model():
    try:
        with open("/proc/cpuinfo") as f:
            for line in f:
                if line.startswith("model name"):
                    return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or platform.machine()


def _memory_bytes():
    try:
        with open("/proc/meminfo") as f:
            for line in f:
                if line.startswith("MemTotal:"):
                    return int(line.split()[1]) * 1024
    except OSError:
        pass
    return None
