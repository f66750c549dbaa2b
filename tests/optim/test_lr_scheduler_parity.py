"""The schedulers added after the first set, against torch.optim.lr_scheduler: the lr (and momentum / beta1)
sequence over every phase, step(epoch), state_dict through a file, and torch's error messages."""
import numpy as np
import pytest

import autograd_core as ag
from autograd_core import optim
from autograd_core.optim import lr_scheduler

torch = pytest.importorskip("torch")

LRS = (1.0, 0.1)


def make_optimizer(lib, kind="SGD"):
    """An optimizer of ``lib`` with two groups: SGD with momentum (momentum to cycle) or Adam (beta1)."""
    zeros = (lambda: ag.zeros(1, requires_grad=True)) if lib is ag else (lambda: torch.zeros(1, requires_grad=True))
    opt = getattr(optim if lib is ag else torch.optim, kind)
    extra = dict(momentum=0.9) if kind == "SGD" else {}
    return opt([{"params": [zeros()], "lr": lr} for lr in LRS], **extra)


def sched_module(lib):
    return lr_scheduler if lib is ag else torch.optim.lr_scheduler


def history(sched, opt, steps):
    """(lr, momentum or beta1) of every group, after construction and after each step."""
    def now():
        return [(g["lr"], g["betas"][0] if "betas" in g else g["momentum"]) for g in opt.param_groups] + \
            [tuple(sched.get_last_lr())]
    out = [now()]
    for _ in range(steps):
        opt.step()
        sched.step()
        out.append(now())
    return out


def single(name, **kwargs):
    return lambda lib, opt: getattr(sched_module(lib), name)(opt, **kwargs)


def sequential(lib, opt):
    m = sched_module(lib)
    return m.SequentialLR(opt, [m.ConstantLR(opt, factor=0.5, total_iters=2), m.CosineAnnealingLR(opt, T_max=4),
                                m.StepLR(opt, step_size=2, gamma=0.5)], milestones=[3, 9])


def sequential_warmup(lib, opt):
    m = sched_module(lib)
    return m.SequentialLR(opt, [m.LinearLR(opt, start_factor=0.1, total_iters=4), m.ExponentialLR(opt, gamma=0.8)],
                          milestones=[4])


def chained(lib, opt):
    m = sched_module(lib)
    return m.ChainedScheduler([m.ConstantLR(opt, factor=0.1, total_iters=3), m.ExponentialLR(opt, gamma=0.9),
                               m.PolynomialLR(opt, total_iters=12, power=0.5)])


def sequential_of_chained(lib, opt):
    m = sched_module(lib)
    inner = m.ChainedScheduler([m.LinearLR(opt, start_factor=0.5, total_iters=3), m.ExponentialLR(opt, gamma=0.9)])
    return m.SequentialLR(opt, [inner, m.MultiStepLR(opt, milestones=[2, 4])], milestones=[5])


CASES = {
    "linear": (single("LinearLR"), "SGD", 8),
    "linear-down": (single("LinearLR", start_factor=0.75, end_factor=0.25, total_iters=4), "SGD", 8),
    "constant": (single("ConstantLR", factor=0.5, total_iters=3), "SGD", 6),
    "constant-default": (single("ConstantLR"), "SGD", 8),
    "polynomial": (single("PolynomialLR", total_iters=6, power=2.0), "SGD", 9),
    "polynomial-default": (single("PolynomialLR"), "SGD", 7),
    "multiplicative": (single("MultiplicativeLR", lr_lambda=lambda e: 0.9), "SGD", 6),
    "multiplicative-per-group": (single("MultiplicativeLR", lr_lambda=[lambda e: 0.9, lambda e: 1 + e / 10]),
                                 "SGD", 6),
    "warm-restarts": (single("CosineAnnealingWarmRestarts", T_0=3), "SGD", 10),
    "warm-restarts-mult": (single("CosineAnnealingWarmRestarts", T_0=2, T_mult=2, eta_min=0.01), "SGD", 16),
    "one-cycle": (single("OneCycleLR", max_lr=[1.0, 0.5], total_steps=20), "SGD", 20),
    "one-cycle-linear-3phase": (single("OneCycleLR", max_lr=0.8, total_steps=25, anneal_strategy="linear",
                                       three_phase=True, pct_start=0.2), "SGD", 25),
    "one-cycle-cos-3phase-adam": (single("OneCycleLR", max_lr=0.01, epochs=4, steps_per_epoch=5, three_phase=True,
                                         base_momentum=0.8, max_momentum=[0.9, 0.95]), "Adam", 20),
    "one-cycle-no-momentum": (single("OneCycleLR", max_lr=1.0, total_steps=12, cycle_momentum=False,
                                     div_factor=10.0, final_div_factor=100.0, pct_start=0.5), "Adam", 12),
    "cyclic-triangular": (single("CyclicLR", base_lr=0.1, max_lr=1.0, step_size_up=3), "SGD", 14),
    "cyclic-triangular2": (single("CyclicLR", base_lr=[0.1, 0.01], max_lr=[1.0, 0.2], step_size_up=3,
                                  step_size_down=2, mode="triangular2"), "SGD", 16),
    "cyclic-exp-range-adam": (single("CyclicLR", base_lr=0.001, max_lr=0.01, step_size_up=2, mode="exp_range",
                                     gamma=0.9, base_momentum=0.85, max_momentum=0.95), "Adam", 14),
    "cyclic-scale-fn": (single("CyclicLR", base_lr=0.1, max_lr=1.0, step_size_up=2, scale_fn=lambda x: 0.5 ** x,
                               scale_mode="iterations", cycle_momentum=False), "SGD", 10),
    "sequential": (sequential, "SGD", 14),
    "sequential-warmup": (sequential_warmup, "SGD", 10),
    "chained": (chained, "SGD", 14),
    "sequential-of-chained": (sequential_of_chained, "SGD", 10),
}


@pytest.mark.parametrize("case", CASES)
def test_sequence_matches_torch(case):
    build, kind, steps = CASES[case]
    opt, topt = make_optimizer(ag, kind), make_optimizer(torch, kind)
    ours = history(build(ag, opt), opt, steps)
    theirs = history(build(torch, topt), topt, steps)
    assert len({row[0] for row in ours}) >= 2  # the lr did change
    np.testing.assert_allclose(np.array(ours, dtype=float), np.array(theirs, dtype=float), rtol=1e-13, atol=1e-15)


@pytest.mark.parametrize("name,kwargs", [
    ("LinearLR", dict(start_factor=0.2, total_iters=4)), ("ConstantLR", dict(factor=0.3, total_iters=4)),
    ("PolynomialLR", dict(total_iters=5, power=1.5)), ("CosineAnnealingWarmRestarts", dict(T_0=3)),
    ("CosineAnnealingWarmRestarts", dict(T_0=2, T_mult=3, eta_min=0.05))])
def test_step_with_epoch_matches_torch(name, kwargs):
    opt, topt = make_optimizer(ag), make_optimizer(torch)
    ours, theirs = getattr(lr_scheduler, name)(opt, **kwargs), getattr(torch.optim.lr_scheduler, name)(topt, **kwargs)
    for epoch in [3, 1, 7, 0, 2.5, 10, 4.25, 20]:
        if name != "CosineAnnealingWarmRestarts" and epoch != int(epoch):
            continue
        ours.step(epoch)
        theirs.step(epoch)
        assert ours.get_last_lr() == pytest.approx(theirs.get_last_lr(), rel=1e-13, abs=1e-15)
        assert ours.last_epoch == theirs.last_epoch


@pytest.mark.parametrize("case", CASES)
def test_state_dict_through_a_file_resumes_the_sequence(tmp_path, case):
    build, kind, steps = CASES[case]
    opt = make_optimizer(ag, kind)
    sched = build(ag, opt)
    history(sched, opt, steps // 2)
    ag.save({"sched": sched.state_dict(), "optim": opt.state_dict()}, tmp_path / "s.npz")
    ckpt = ag.load(tmp_path / "s.npz")
    opt2 = make_optimizer(ag, kind)
    sched2 = build(ag, opt2)
    opt2.load_state_dict(ckpt["optim"])
    sched2.load_state_dict(ckpt["sched"])
    rest = steps - steps // 2
    assert history(sched2, opt2, rest) == history(sched, opt, rest)


def _torch_and_ours_raise(make):
    with pytest.raises((ValueError, TypeError)) as theirs:
        make(torch, make_optimizer(torch))
    with pytest.raises(type(theirs.value)) as ours:
        make(ag, make_optimizer(ag))
    return str(ours.value), str(theirs.value)


BAD = {
    "linear-start": lambda lib, opt: sched_module(lib).LinearLR(opt, start_factor=0),
    "linear-end": lambda lib, opt: sched_module(lib).LinearLR(opt, end_factor=1.5),
    "constant-factor": lambda lib, opt: sched_module(lib).ConstantLR(opt, factor=2.0),
    "multiplicative-not-callable": lambda lib, opt: sched_module(lib).MultiplicativeLR(opt, lr_lambda=[0.9, 0.8]),
    "multiplicative-count": lambda lib, opt: sched_module(lib).MultiplicativeLR(opt, lr_lambda=[lambda e: 1.0]),
    "warm-restarts-T0": lambda lib, opt: sched_module(lib).CosineAnnealingWarmRestarts(opt, T_0=0),
    "warm-restarts-T0-float": lambda lib, opt: sched_module(lib).CosineAnnealingWarmRestarts(opt, T_0=2.0),
    "warm-restarts-Tmult": lambda lib, opt: sched_module(lib).CosineAnnealingWarmRestarts(opt, T_0=2, T_mult=0),
    "warm-restarts-eta": lambda lib, opt: sched_module(lib).CosineAnnealingWarmRestarts(opt, T_0=2, eta_min="0"),
    "one-cycle-steps": lambda lib, opt: sched_module(lib).OneCycleLR(opt, max_lr=1.0),
    "one-cycle-total": lambda lib, opt: sched_module(lib).OneCycleLR(opt, max_lr=1.0, total_steps=0),
    "one-cycle-epochs": lambda lib, opt: sched_module(lib).OneCycleLR(opt, max_lr=1.0, epochs=-1, steps_per_epoch=2),
    "one-cycle-per-epoch": lambda lib, opt: sched_module(lib).OneCycleLR(opt, 1.0, epochs=2, steps_per_epoch=0),
    "one-cycle-pct": lambda lib, opt: sched_module(lib).OneCycleLR(opt, max_lr=1.0, total_steps=5, pct_start=1.5),
    "one-cycle-anneal": lambda lib, opt: sched_module(lib).OneCycleLR(opt, 1.0, total_steps=5, anneal_strategy="x"),
    "one-cycle-max-lr": lambda lib, opt: sched_module(lib).OneCycleLR(opt, max_lr=[1.0], total_steps=5),
    "one-cycle-no-momentum": lambda lib, opt: sched_module(lib).OneCycleLR(
        (optim if lib is ag else torch.optim).Adagrad(opt.param_groups[0]["params"]), max_lr=1.0, total_steps=5),
    "cyclic-mode": lambda lib, opt: sched_module(lib).CyclicLR(opt, 0.1, 1.0, mode="sine"),
    "cyclic-base-lr": lambda lib, opt: sched_module(lib).CyclicLR(opt, [0.1, 0.2, 0.3], 1.0),
    "cyclic-not-optimizer": lambda lib, opt: sched_module(lib).CyclicLR(None, 0.1, 1.0),
    "sequential-empty": lambda lib, opt: sched_module(lib).SequentialLR(opt, [], milestones=[]),
    "sequential-milestones": lambda lib, opt: sched_module(lib).SequentialLR(
        opt, [sched_module(lib).StepLR(opt, 2)], milestones=[3]),
    "sequential-plateau": lambda lib, opt: sched_module(lib).SequentialLR(
        opt, [sched_module(lib).ReduceLROnPlateau(opt)], milestones=[]),
    "sequential-not-a-scheduler": lambda lib, opt: sched_module(lib).SequentialLR(opt, [object()], milestones=[]),
    "chained-empty": lambda lib, opt: sched_module(lib).ChainedScheduler([]),
    "chained-plateau": lambda lib, opt: sched_module(lib).ChainedScheduler([sched_module(lib).ReduceLROnPlateau(opt)]),
}


@pytest.mark.parametrize("case", BAD)
def test_errors_match_torch(case):
    ours, theirs = _torch_and_ours_raise(BAD[case])
    assert ours == theirs


def test_schedulers_of_other_optimizers_are_refused():
    opt, other = make_optimizer(ag), make_optimizer(ag)
    with pytest.raises(ValueError, match="expects all schedulers to belong to the same optimizer"):
        lr_scheduler.SequentialLR(opt, [lr_scheduler.StepLR(other, 2)], milestones=[])
    with pytest.raises(ValueError, match="expects all schedulers to belong to the same optimizer"):
        lr_scheduler.ChainedScheduler([lr_scheduler.StepLR(opt, 2), lr_scheduler.StepLR(other, 2)])


def test_one_cycle_refuses_steps_past_the_end():
    opt = make_optimizer(ag)
    sched = lr_scheduler.OneCycleLR(opt, max_lr=1.0, total_steps=3)
    for _ in range(3):
        sched.step()
    with pytest.raises(ValueError, match="Tried to step 4 times. The specified number of total steps is 3"):
        sched.step()


def test_cyclic_momentum_moves_adams_beta1_and_keeps_beta2():
    opt = make_optimizer(ag, "Adam")
    sched = lr_scheduler.CyclicLR(opt, base_lr=0.001, max_lr=0.01, step_size_up=2)
    sched.step()
    assert opt.param_groups[0]["betas"] == pytest.approx((0.85, 0.999))


RESUMED = [("ExponentialLR", dict(gamma=0.5)), ("LinearLR", dict(total_iters=6)), ("PolynomialLR", dict(total_iters=8)),
           ("MultiplicativeLR", dict(lr_lambda=lambda e: 0.5))]


@pytest.mark.parametrize("name,kwargs", RESUMED, ids=[n for n, _ in RESUMED])
def test_resuming_with_last_epoch_matches_torch(name, kwargs):
    def resumed(lib):
        opt = make_optimizer(lib)
        for group in opt.param_groups:
            group["initial_lr"] = group["lr"]
        sched = getattr(sched_module(lib), name)(opt, last_epoch=3, **kwargs)
        return history(sched, opt, 4)

    np.testing.assert_allclose(np.array(resumed(ag)), np.array(resumed(torch)), rtol=1e-13)
