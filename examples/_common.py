"""What the example scripts share: their command line and how they write a figure."""
import argparse
import os
import time


def pyplot():
    """matplotlib's pyplot, drawing to files only (the Agg backend)."""
    import matplotlib
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    return plt


def save(fig, path):
    """Write ``fig`` to ``path`` (making its folder), close it and return ``path``."""
    os.makedirs(os.path.dirname(path) or ".", exist_ok=True)
    fig.savefig(path, dpi=100)
    pyplot().close(fig)
    return path


def main(doc, train, summary, argv=None, out="out", length=("epochs", 100), options=()):
    """An example's command line: ``--out``, ``--epochs`` (or ``length``'s name) and ``--seed``, plus
    ``options`` as ``(flags, add_argument keywords)`` pairs. Runs ``train(**arguments)``, prints
    where the figure went and ``summary(result)`` with the time taken; returns the result."""
    parser = argparse.ArgumentParser(description=doc.splitlines()[0])
    parser.add_argument("--out", default=out, help="output folder")
    for flags, kwargs in options:
        parser.add_argument(*flags, **kwargs)
    parser.add_argument(f"--{length[0]}", type=int, default=length[1])
    parser.add_argument("--seed", type=int, default=0)
    start = time.perf_counter()
    result = train(**vars(parser.parse_args(argv)))
    print(f"wrote {result['plot']}")
    print(f"{summary(result)}  ({time.perf_counter() - start:.1f} s)")
    return result
