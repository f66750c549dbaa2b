"""Side-by-side benchmarks: autograd_core against PyTorch and DeZero, in the same process.

Run from the repository root::

    python -m benchmarks                      # every benchmark, full size
    python -m benchmarks overhead mlp --quick # a subset, small and fast (CI's smoke test)
    python -m benchmarks --peers torch --out bench-out --repeats 15

Each benchmark family is one module (``overhead``, ``depth``, ``mlp``, ``lenet``,
``lstm``, ``resnet18``, ``memory``) exposing ``cases(ctx)`` and optionally
``derive(results, ctx)``; ``harness`` times the cases, alternating frameworks
after warm-ups; ``report`` writes results.json, report.md and report.png.
"""
FAMILIES = ("overhead", "depth", "mlp", "lenet", "lstm", "resnet18", "memory")
THREAD_VARS = ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS", "BLIS_NUM_THREADS",
               "VECLIB_MAXIMUM_THREADS")  # the environment variables BLAS and OpenMP pools read at start-up
