"""An optional ``fit`` loop with metrics, callbacks, progress bars and a History.

The plain PyTorch loop stays the first way to train::

    for x, t in loader:
        optimizer.zero_grad()
        loss = loss_fn(model(x), t)
        loss.backward()
        optimizer.step()

``fit`` runs that loop for you, evaluates on ``val_loader`` under ``no_grad``
and ``model.eval()`` after each epoch, and records a ``History``::

    history = fit(model, optimizer, nn.CrossEntropyLoss(), train_loader, val_loader, epochs=50,
                  callbacks=[EarlyStopping(patience=5, restore_best_weights=True)])
    history.plot("loss.png")
"""
import math
import os
import sys

import numpy as np

from .grad_mode import no_grad


class History:
    """Per-epoch logs of ``fit``: ``history.history['val_loss'][k]`` is epoch k's value.

    Attributes:
        history: dict from a log name ('loss', 'accuracy', 'val_loss', 'lr' ...) to one value per epoch.
        epoch: the epoch numbers (0-based) that ran.
    """

    def __init__(self):
        self.history, self.epoch = {}, []

    def append(self, epoch, logs):
        """Record one epoch's logs."""
        self.epoch.append(epoch)
        for key, value in logs.items():
            self.history.setdefault(key, [math.nan] * (len(self.epoch) - 1)).append(value)

    def __getitem__(self, key):
        return self.history[key]

    def __len__(self):
        return len(self.epoch)

    def plot(self, path):
        """Write a PNG of the loss and metric curves (train and validation) to ``path``; returns it."""
        try:
            import matplotlib
        except ImportError:
            raise ImportError("History.plot needs matplotlib: pip install matplotlib "
                              "(or pip install 'autograd_core[demo]')") from None
        matplotlib.use("Agg")
        import matplotlib.pyplot as plt

        names = [k for k in self.history if not k.startswith("val_") and k != "lr"]
        if not self.epoch or not names:
            raise ValueError(f"History.plot: nothing to plot ({len(self.epoch)} epochs recorded); train first")
        fig, axes = plt.subplots(1, len(names), figsize=(5 * len(names), 3.6), squeeze=False)
        epochs = [e + 1 for e in self.epoch]
        for ax, name in zip(axes[0], names):
            ax.plot(epochs, self.history[name], label=f"train {name}")
            if f"val_{name}" in self.history:
                ax.plot(epochs, self.history[f"val_{name}"], label=f"validation {name}")
            ax.set_xlabel("epoch")
            ax.set_title(name)
            ax.grid(alpha=0.3)
            ax.legend()
        fig.tight_layout()
        fig.savefig(path, dpi=100)
        plt.close(fig)
        return path

    def __repr__(self):
        last = {k: round(v[-1], 4) for k, v in self.history.items()}
        return f"History(epochs={len(self)}, last={last})"


# -- metrics -----------------------------------------------------------------

def _accuracy(y, t):
    """Share of samples whose arg-max class (last axis of ``y``) equals the label ``t``."""
    if not _class_labels(y, t):
        raise ValueError(f"accuracy: expects scores (N, C) and integer class labels (N,), got shapes {y.shape} "
                         f"and {t.shape}; for a regression model pass metrics=() or metrics=['mse']")
    return float((y.argmax(axis=-1) == t).mean())


def _class_labels(y, t):
    return y.ndim == t.ndim + 1 and y.shape[:-1] == t.shape and t.dtype.kind in "iu"


def _error(y, t, name):
    if y.size != t.size:
        raise ValueError(f"{name}: outputs {y.shape} and targets {t.shape} hold different numbers of values; "
                         f"this metric is for regression (use 'accuracy' for class labels)")
    return y - t.reshape(y.shape)


def _mse(y, t):
    return float((_error(y, t, "mse") ** 2).mean())


def _mae(y, t):
    return float(np.abs(_error(y, t, "mae")).mean())


METRICS = {"accuracy": _accuracy, "acc": _accuracy, "mse": _mse, "mae": _mae}


def _metric_fns(metrics):
    """Name -> function; None (the default) means accuracy for classifiers, picked at the first batch."""
    if metrics is None:
        return None
    fns = {}
    for metric in metrics or ():
        if callable(metric):
            fns[getattr(metric, "__name__", "metric")] = metric
        elif metric == "rmse":
            fns["rmse"] = _mse  # averaged as MSE, square-rooted at the end of the epoch
        elif metric in METRICS:
            fns[metric] = METRICS[metric]
        else:
            raise ValueError(f"fit: unknown metric {metric!r}; use one of {sorted(METRICS) + ['rmse']} "
                             f"or a callable(outputs, targets) -> float")
    return fns


class _Averages:
    """Sample-weighted running means of the loss and metrics over one pass."""

    def __init__(self, metric_fns):
        self.metric_fns, self.sums, self.count = metric_fns, {}, 0

    def add(self, n, loss, y, t):
        self.count += n
        values = {} if loss is None else {"loss": loss}
        if self.metric_fns is None:  # the default: accuracy when the outputs score integer class labels
            self.metric_fns = {"accuracy": _accuracy} if _class_labels(_numpy(y), _numpy(t)) else {}
        if self.metric_fns:
            y_np, t_np = _numpy(y), _numpy(t)
            values.update({name: fn(y_np, t_np) for name, fn in self.metric_fns.items()})
        for name, value in values.items():
            self.sums[name] = self.sums.get(name, 0.0) + value * n

    def means(self):
        out = {}
        for name, total in self.sums.items():
            mean = total / max(self.count, 1)
            out[name] = math.sqrt(mean) if name == "rmse" else mean
        return out


def _numpy(x):
    data = getattr(x, "data", x)
    return data.get() if hasattr(data, "get") else np.asarray(data)


# -- the loop ----------------------------------------------------------------

def _split(batch):
    if not isinstance(batch, (tuple, list)) or len(batch) < 2:
        raise ValueError("fit: each batch must be a tuple (inputs..., targets), as DataLoader gives; got "
                         f"{type(batch).__name__}")
    return batch[:-1], batch[-1]


def _check_loss(loss, where):
    value = float(loss.item())
    if not math.isfinite(value):
        raise FloatingPointError(f"fit: the loss became {value} at {where}; lower the learning rate, check "
                                 f"the inputs for nan/inf, or clip the gradients")
    return value


def evaluate(model, loader, loss_fn=None, metrics=None):
    """Mean loss and metrics of ``model`` over ``loader``, under ``no_grad()`` and ``model.eval()``.

    Returns:
        dict such as ``{'loss': 0.08, 'accuracy': 0.97}`` (no 'loss' without ``loss_fn``).
    """
    was_training = getattr(model, "training", False)
    model.eval()
    averages = _Averages(_metric_fns(metrics))
    try:
        with no_grad():
            for batch in loader:
                inputs, t = _split(batch)
                y = model(*inputs)
                loss = None if loss_fn is None else float(loss_fn(y, t).item())
                averages.add(len(t), loss, y, t)
    finally:
        model.train(was_training)
    return averages.means()


def fit(model, optimizer, loss_fn, train_loader, val_loader=None, epochs=1, metrics=None,
        callbacks=(), verbose=1):
    """Train ``model`` for ``epochs`` passes over ``train_loader``.

    Args:
        model: an ``nn.Module`` (called as ``model(*inputs)`` on each batch ``(inputs..., targets)``).
        optimizer: an ``optim.Optimizer`` over the model's parameters.
        loss_fn: ``loss_fn(outputs, targets)`` -> scalar Tensor (e.g. ``nn.CrossEntropyLoss()``).
        train_loader: iterable of batches (a ``DataLoader``).
        val_loader: optional; evaluated after each epoch, giving ``val_loss`` and ``val_<metric>``.
        epochs: number of passes.
        metrics: names ('accuracy', 'mse', 'mae', 'rmse') or callables ``fn(outputs, targets) -> float``
            on NumPy arrays; each is averaged over the samples of an epoch. None (the default) gives
            'accuracy' when the targets are integer class labels of the outputs' scores, else none.
        callbacks: ``Callback`` objects (``EarlyStopping``, ``ModelCheckpoint``, ``LRSchedulerCallback`` ...).
        verbose: 0 silent; 1 a tqdm progress bar per epoch with the running loss when stderr is a
            terminal (else one line per epoch); 2 one line per epoch.

    Returns:
        History with the per-epoch 'loss', metrics, 'val_*' values and the learning rate 'lr'.
    """
    if epochs < 0 or int(epochs) != epochs:
        raise ValueError(f"fit: epochs must be a non-negative integer, got {epochs!r}")
    metric_fns, history = _metric_fns(metrics), History()
    callbacks = list(callbacks)
    for cb in callbacks:
        monitor = cb.monitored()
        if val_loader is None and monitor is not None and monitor.startswith("val_"):
            raise ValueError(f"fit: {type(cb).__name__} monitors {monitor!r}, which needs a val_loader; "
                             f"pass val_loader= or monitor a training value such as 'loss'")
        cb.set_context(model, optimizer, history)
        cb.on_train_begin()
    for epoch in range(int(epochs)):
        model.train()
        averages = _Averages(metric_fns)
        bar = _progress_bar(train_loader, f"epoch {epoch + 1}/{epochs}", verbose)
        for step, batch in enumerate(train_loader):
            inputs, t = _split(batch)
            optimizer.zero_grad()
            y = model(*inputs)
            loss = loss_fn(y, t)
            loss.backward()
            optimizer.step()
            averages.add(len(t), _check_loss(loss, f"epoch {epoch + 1}, batch {step + 1}"), y.detach(), t)
            if bar is not None:
                bar.set_postfix(loss=f"{averages.means()['loss']:.4f}", refresh=False)
                bar.update()
        logs = averages.means()
        if val_loader is not None:
            logs.update({f"val_{k}": v for k, v in evaluate(model, val_loader, loss_fn, metrics).items()})
        logs["lr"] = optimizer.param_groups[0]["lr"]
        history.append(epoch, logs)
        _report(bar, epoch, epochs, logs, verbose)
        for cb in callbacks:
            cb.on_epoch_end(epoch, logs)
        if any(cb.stop_training for cb in callbacks):
            break
    for cb in callbacks:
        cb.on_train_end()
    return history


def _progress_bar(loader, desc, verbose):
    """A tqdm bar on stderr when verbose == 1, stderr is a terminal and tqdm is installed; else None."""
    if verbose != 1 or not sys.stderr.isatty():
        return None
    try:
        from tqdm.auto import tqdm
    except ImportError:
        return None
    total = len(loader) if hasattr(loader, "__len__") else None
    return tqdm(total=total, desc=desc, unit="batch", leave=True, dynamic_ncols=True, file=sys.stderr)


def _report(bar, epoch, epochs, logs, verbose):
    text = "  ".join(f"{k} {v:.4g}" for k, v in logs.items())
    if bar is not None:
        bar.set_postfix_str(text, refresh=False)
        bar.close()
    elif verbose:
        print(f"epoch {epoch + 1}/{epochs}  {text}", flush=True)


# -- callbacks ---------------------------------------------------------------

class Callback:
    """Base class: ``fit`` calls ``on_train_begin``, ``on_epoch_end(epoch, logs)`` and
    ``on_train_end``; a callback sets ``self.stop_training = True`` to end training."""

    def set_context(self, model, optimizer, history):
        self.model, self.optimizer, self.history = model, optimizer, history
        self.stop_training = False

    def on_train_begin(self):
        pass

    def on_epoch_end(self, epoch, logs):
        pass

    def on_train_end(self):
        pass

    def monitored(self):
        """The log entry this callback reads each epoch, or None (fit checks it can exist)."""
        return None


class _Monitor:
    """Tracks the best value of one log entry ('min' or 'max' mode)."""

    def __init__(self, who, monitor, mode, min_delta):
        if mode == "auto":
            mode = "max" if any(word in monitor for word in ("acc", "auc", "f1")) else "min"
        if mode not in ("min", "max"):
            raise ValueError(f"{who}: mode must be 'min', 'max' or 'auto', got {mode!r}")
        self.who, self.monitor, self.mode, self.min_delta = who, monitor, mode, abs(min_delta)
        self.best = math.inf if mode == "min" else -math.inf

    def value(self, logs):
        return _monitored(self.who, self.monitor, logs)

    def improved(self, value):
        better = value < self.best - self.min_delta if self.mode == "min" else value > self.best + self.min_delta
        if better:
            self.best = value
        return better


def _monitored(who, monitor, logs):
    if monitor not in logs:
        hint = " (is it a metric you did not ask fit for?)" if monitor.startswith("val_") else ""
        raise KeyError(f"{who}: monitor {monitor!r} is not in the logs {sorted(logs)}{hint}")
    return logs[monitor]


def _copy_state(model):
    return {k: v.detach().clone() if hasattr(v, "clone") else v.copy() for k, v in model.state_dict().items()}


class EarlyStopping(Callback):
    """Stop training when ``monitor`` has not improved for ``patience`` epochs.

    Args:
        monitor: the log entry to watch ('val_loss', 'val_accuracy', 'loss' ...).
        min_delta: smallest change that counts as an improvement.
        patience: epochs without improvement before stopping.
        mode: 'min', 'max', or 'auto' (max for accuracy-like names, else min).
        restore_best_weights: at the end of training, load the weights of the best epoch.

    Attributes:
        best, best_epoch: the best value and its epoch; stopped_epoch: the epoch training stopped at (or None).
    """

    def __init__(self, monitor="val_loss", min_delta=0.0, patience=0, mode="auto", restore_best_weights=False):
        self.monitor, self.patience = monitor, int(patience)
        self.restore_best_weights = restore_best_weights
        self._tracker = _Monitor("EarlyStopping", monitor, mode, min_delta)
        self.mode, self.min_delta = self._tracker.mode, self._tracker.min_delta

    def monitored(self):
        return self.monitor

    def on_train_begin(self):
        self._tracker.best = math.inf if self.mode == "min" else -math.inf
        self.wait, self.best_epoch, self.stopped_epoch, self.best_state = 0, None, None, None

    @property
    def best(self):
        return self._tracker.best

    def on_epoch_end(self, epoch, logs):
        if self._tracker.improved(self._tracker.value(logs)):
            self.wait, self.best_epoch = 0, epoch
            if self.restore_best_weights:
                self.best_state = _copy_state(self.model)
            return
        self.wait += 1
        if self.wait >= self.patience:
            self.stopped_epoch, self.stop_training = epoch, True

    def on_train_end(self):
        if self.restore_best_weights and self.best_state is not None:
            self.model.load_state_dict(self.best_state)


class ModelCheckpoint(Callback):
    """Save the model's ``state_dict`` with ``ag.save`` after each epoch (atomically).

    Args:
        path: file to write; may hold ``str.format`` fields from the logs and ``epoch``
            (1-based), e.g. ``'ckpt-{epoch:03d}-{val_loss:.3f}.npz'``.
        monitor: the log entry that decides what is best.
        save_best_only: write only when ``monitor`` improves (one file keeps the best model).
        mode: 'min', 'max' or 'auto', as in ``EarlyStopping``.

    Attributes:
        best: best monitored value; last_path: the file written last (or None).
    """

    def __init__(self, path, monitor="val_loss", save_best_only=False, mode="auto"):
        self.path, self.monitor, self.save_best_only = os.fspath(path), monitor, save_best_only
        self._tracker = _Monitor("ModelCheckpoint", monitor, mode, 0.0)

    def monitored(self):
        return self.monitor if self.save_best_only else None
        self.last_path = None

    @property
    def best(self):
        return self._tracker.best

    def on_epoch_end(self, epoch, logs):
        if self.save_best_only and not self._tracker.improved(self._tracker.value(logs)):
            return
        from .serialization import save
        path = self.path.format(epoch=epoch + 1, **logs)
        folder = os.path.dirname(path)
        if folder:
            os.makedirs(folder, exist_ok=True)
        save(self.model.state_dict(), path)
        self.last_path = path


class LRSchedulerCallback(Callback):
    """Step an ``optim.lr_scheduler`` scheduler at the end of each epoch.

    ``ReduceLROnPlateau`` is stepped with the value of ``monitor`` ('val_loss' by
    default); other schedulers with no argument.
    """

    def __init__(self, scheduler, monitor="val_loss"):
        self.scheduler, self.monitor = scheduler, monitor

    def monitored(self):
        return self.monitor if self._on_plateau() else None

    def _on_plateau(self):
        return type(self.scheduler).__name__ == "ReduceLROnPlateau"

    def on_epoch_end(self, epoch, logs):
        if self._on_plateau():
            self.scheduler.step(_monitored("LRSchedulerCallback", self.monitor, logs))
        else:
            self.scheduler.step()
