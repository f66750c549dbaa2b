"""Learning-rate schedulers: sequences by hand and against torch.optim.lr_scheduler, state_dict, errors."""
import math

import pytest

import autograd_core as ag
from autograd_core import optim
from autograd_core.optim import lr_scheduler
from autograd_core.serialization import load, save

LRS = (1.0, 0.1)  # two parameter groups with different base learning rates


def make_optimizer(lrs=LRS):
    return optim.SGD([{"params": [ag.zeros(1, requires_grad=True)], "lr": lr} for lr in lrs])


def lr_sequence(sched, epochs, metrics=None):
    """get_last_lr() after construction and after each of ``epochs`` steps."""
    out = [list(sched.get_last_lr())]
    for e in range(epochs):
        sched.optimizer.step()
        sched.step() if metrics is None else sched.step(metrics[e])
        out.append(list(sched.get_last_lr()))
    return out


def first_group(seq):
    return [lrs[0] for lrs in seq]


def test_step_lr_by_hand():
    sched = lr_scheduler.StepLR(make_optimizer(), step_size=2, gamma=0.5)
    assert first_group(lr_sequence(sched, 6)) == [1, 1, 0.5, 0.5, 0.25, 0.25, 0.125]


def test_multistep_lr_by_hand():
    sched = lr_scheduler.MultiStepLR(make_optimizer(), milestones=[2, 5, 5], gamma=0.1)
    got = first_group(lr_sequence(sched, 6))
    assert got == pytest.approx([1, 1, 0.1, 0.1, 0.1, 0.001, 0.001])


def test_exponential_lr_by_hand():
    sched = lr_scheduler.ExponentialLR(make_optimizer(), gamma=0.9)
    assert first_group(lr_sequence(sched, 4)) == pytest.approx([0.9 ** t for t in range(5)])


def test_cosine_annealing_by_hand():
    # eta_t = eta_min + (base - eta_min) * (1 + cos(pi t / T)) / 2 for t in [0, T]
    sched = lr_scheduler.CosineAnnealingLR(make_optimizer(), T_max=4, eta_min=0.1)
    expected = [0.1 + 0.9 * (1 + math.cos(math.pi * t / 4)) / 2 for t in range(5)]
    assert first_group(lr_sequence(sched, 4)) == pytest.approx(expected)


def test_lambda_lr_by_hand_with_one_lambda_per_group():
    sched = lr_scheduler.LambdaLR(make_optimizer(), [lambda e: 1 / (e + 1), lambda e: 0.5 ** e])
    seq = lr_sequence(sched, 3)
    assert first_group(seq) == pytest.approx([1, 1 / 2, 1 / 3, 1 / 4])
    assert [lrs[1] for lrs in seq] == pytest.approx([0.1, 0.05, 0.025, 0.0125])


def test_reduce_on_plateau_by_hand():
    # patience 1: the second epoch without improvement reduces; cooldown 1 ignores the next epoch
    opt = make_optimizer()
    sched = lr_scheduler.ReduceLROnPlateau(opt, factor=0.5, patience=1, cooldown=1, min_lr=[0.3, 0.0])
    metrics = [1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 0.5]
    got = lr_sequence(sched, len(metrics), metrics)
    assert first_group(got) == [1, 1, 1, 0.5, 0.5, 0.5, 0.3, 0.3]
    assert [lrs[1] for lrs in got] == pytest.approx([0.1, 0.1, 0.1, 0.05, 0.05, 0.05, 0.025, 0.025])


CASES = [
    ("StepLR", dict(step_size=3, gamma=0.5)),
    ("MultiStepLR", dict(milestones=[2, 4, 4, 9], gamma=0.3)),
    ("ExponentialLR", dict(gamma=0.8)),
    ("CosineAnnealingLR", dict(T_max=5)),
    ("CosineAnnealingLR", dict(T_max=3, eta_min=0.01)),
]


@pytest.mark.parametrize("name,kwargs", CASES, ids=[f"{n}-{i}" for i, (n, _) in enumerate(CASES)])
def test_matches_torch(name, kwargs):
    torch = pytest.importorskip("torch")
    topt = torch.optim.SGD([{"params": [torch.zeros(1, requires_grad=True)], "lr": lr} for lr in LRS])
    ours = lr_sequence(getattr(lr_scheduler, name)(make_optimizer(), **kwargs), 12)
    theirs = lr_sequence(getattr(torch.optim.lr_scheduler, name)(topt, **kwargs), 12)
    for a, b in zip(ours, theirs):
        assert a == pytest.approx(b, rel=1e-12)


def test_lambda_lr_matches_torch():
    torch = pytest.importorskip("torch")
    topt = torch.optim.SGD([{"params": [torch.zeros(1, requires_grad=True)], "lr": lr} for lr in LRS])
    fn = lambda e: 0.95 ** e if e > 2 else (e + 1) / 3  # noqa: E731  (warm-up then decay)
    ours = lr_sequence(lr_scheduler.LambdaLR(make_optimizer(), fn), 8)
    assert ours == lr_sequence(torch.optim.lr_scheduler.LambdaLR(topt, fn), 8)


@pytest.mark.parametrize("kwargs", [dict(), dict(mode="max", threshold_mode="abs", threshold=0.05, patience=2),
                                    dict(factor=0.5, patience=0, cooldown=2, min_lr=0.02, threshold=0.2)])
def test_reduce_on_plateau_matches_torch(kwargs):
    torch = pytest.importorskip("torch")
    topt = torch.optim.SGD([{"params": [torch.zeros(1, requires_grad=True)], "lr": lr} for lr in LRS])
    metrics = [1.0, 0.9, 0.95, 0.91, 0.9, 0.9, 0.89, 0.7, 0.8, 0.8, 0.8, 0.8, 1.2, 0.8, 0.8, 0.8] * 2
    ours = lr_sequence(lr_scheduler.ReduceLROnPlateau(make_optimizer(), **kwargs), len(metrics), metrics)
    theirs = lr_sequence(torch.optim.lr_scheduler.ReduceLROnPlateau(topt, **kwargs), len(metrics), metrics)
    assert ours == theirs


def test_step_with_epoch_uses_the_closed_form():
    sched = lr_scheduler.StepLR(make_optimizer(), step_size=2, gamma=0.5)
    sched.step(5)
    assert sched.last_epoch == 5 and sched.get_last_lr() == [0.25, 0.025]


def test_scheduler_state_dict_round_trip():
    opt = make_optimizer()
    sched = lr_scheduler.CosineAnnealingLR(opt, T_max=6, eta_min=0.05)
    lr_sequence(sched, 3)
    opt2 = make_optimizer()
    opt2.load_state_dict(opt.state_dict())
    sched2 = lr_scheduler.CosineAnnealingLR(opt2, T_max=1)
    sched2.load_state_dict(sched.state_dict())
    assert "optimizer" not in sched.state_dict()
    assert lr_sequence(sched2, 5) == lr_sequence(sched, 5)


def test_lambda_lr_state_dict_leaves_the_functions_out():
    sched = lr_scheduler.LambdaLR(make_optimizer(), lambda e: 0.5 ** e)
    sched.step()
    sd = sched.state_dict()
    assert "lr_lambdas" not in sd and sd["last_epoch"] == 1


def test_resuming_needs_initial_lr():
    with pytest.raises(KeyError, match="initial_lr"):
        lr_scheduler.StepLR(make_optimizer(), step_size=2, last_epoch=3)
    opt = make_optimizer()
    lr_scheduler.StepLR(opt, step_size=2)
    lr_scheduler.StepLR(opt, step_size=2, last_epoch=3)  # initial_lr is there now


def test_bad_arguments_raise():
    with pytest.raises(TypeError, match="is not an Optimizer"):
        lr_scheduler.StepLR(object(), step_size=1)
    with pytest.raises(ValueError, match="Factor should be < 1.0"):
        lr_scheduler.ReduceLROnPlateau(make_optimizer(), factor=1.5)
    with pytest.raises(ValueError, match="mode 'up' is unknown"):
        lr_scheduler.ReduceLROnPlateau(make_optimizer(), mode="up")
    with pytest.raises(ValueError, match="threshold mode"):
        lr_scheduler.ReduceLROnPlateau(make_optimizer(), threshold_mode="x")
    with pytest.raises(ValueError, match="expected 2 min_lrs, got 3"):
        lr_scheduler.ReduceLROnPlateau(make_optimizer(), min_lr=[0, 0, 0])
    with pytest.raises(ValueError, match="Expected 2 lr_lambdas, but got 1"):
        lr_scheduler.LambdaLR(make_optimizer(), [lambda e: 1.0])


@pytest.mark.parametrize("name,kwargs", CASES + [("ReduceLROnPlateau", dict(patience=0))],
                         ids=[f"{n}-{i}" for i, (n, _) in enumerate(CASES + [("ReduceLROnPlateau", 0)])])
def test_scheduler_state_dict_survives_save_and_load(tmp_path, name, kwargs):
    metrics = [1.0, 2.0, 3.0, 0.5, 0.6, 0.7, 0.8] if name == "ReduceLROnPlateau" else None
    sched = getattr(lr_scheduler, name)(make_optimizer(), **kwargs)
    lr_sequence(sched, 3, metrics)
    save({"sched": sched.state_dict(), "optim": sched.optimizer.state_dict()}, tmp_path / "s.npz")
    ckpt = load(tmp_path / "s.npz")
    opt2 = make_optimizer()
    opt2.load_state_dict(ckpt["optim"])
    sched2 = getattr(lr_scheduler, name)(opt2, **kwargs)
    sched2.load_state_dict(ckpt["sched"])
    rest = metrics[3:] if metrics else None
    assert lr_sequence(sched2, 4, rest) == lr_sequence(sched, 4, rest)
    if metrics is None:  # the closed form (step(epoch)) reads the restored attributes too
        sched.step(9)
        sched2.step(9)
        assert sched2.get_last_lr() == sched.get_last_lr()
