"""nn.Module: registration, traversal, modes, state_dict, repr, hooks, dtype/device moves."""
import copy

import numpy as np
import pytest

import autograd_core as ag
from autograd_core import nn


class Net(nn.Module):
    def __init__(self):
        super().__init__()
        self.fc1 = nn.Linear(4, 8)
        self.bn = nn.BatchNorm1d(8)
        self.head = nn.Sequential(nn.ReLU(), nn.Linear(8, 2))
        self.register_buffer("step", ag.zeros(1), persistent=False)
        self.scale = nn.Parameter(ag.ones(1))

    def forward(self, x):
        return self.head(self.bn(self.fc1(x))) * self.scale


def test_parameter_is_a_tensor_that_requires_grad():
    p = nn.Parameter(ag.randn(3, 2))
    assert isinstance(p, ag.Tensor) and isinstance(p, nn.Parameter)
    assert p.requires_grad and p.is_leaf
    assert not isinstance(p * 2, nn.Parameter)  # ops give plain tensors
    assert "Parameter containing" in repr(p)
    assert not nn.Parameter(ag.zeros(2), requires_grad=False).requires_grad


def test_named_parameters_order_and_names():
    names = [n for n, _ in Net().named_parameters()]
    assert names == ["scale", "fc1.weight", "fc1.bias", "bn.weight", "bn.bias", "head.1.weight", "head.1.bias"]


def test_shared_parameters_and_modules_are_listed_once():
    shared = nn.Linear(3, 3)
    m = nn.Sequential(shared, nn.Tanh(), shared)
    assert len(list(m.parameters())) == 2
    assert [n for n, _ in m.named_modules()] == ["", "0", "1"]
    assert list(m.state_dict()) == ["0.weight", "0.bias", "2.weight", "2.bias"]  # PyTorch keeps both keys


def test_buffers_children_modules():
    net = Net()
    assert [n for n, _ in net.named_buffers()] == ["step", "bn.running_mean", "bn.running_var",
                                                   "bn.num_batches_tracked"]
    assert [n for n, _ in net.named_children()] == ["fc1", "bn", "head"]
    assert [n for n, _ in net.named_modules()] == ["", "fc1", "bn", "head", "head.0", "head.1"]
    assert len(list(net.modules())) == 6
    assert net.get_submodule("head.1") is net.head[1]
    assert net.get_parameter("head.1.bias") is net.head[1].bias
    assert [n for n, _ in net.named_parameters(recurse=False)] == ["scale"]
    assert [n for n, _ in net.fc1.named_parameters(prefix="fc1")] == ["fc1.weight", "fc1.bias"]


def test_setattr_routing_and_errors():
    net = Net()
    with pytest.raises(TypeError, match="scale"):
        net.scale = ag.ones(1)  # a plain tensor can't replace a parameter
    net.scale = None
    assert "scale" not in dict(net.named_parameters())
    net.fc1 = nn.Linear(4, 8)  # replacing a child keeps its position
    assert [n for n, _ in net.named_children()][0] == "fc1"
    del net.head
    assert not hasattr(net, "head")

    class Early(nn.Module):
        def __init__(self):
            self.w = nn.Parameter(ag.ones(1))
    with pytest.raises(AttributeError, match="super"):
        Early()
    with pytest.raises(KeyError):
        net.register_buffer("fc1", ag.ones(1))  # an attribute already


def test_train_eval_and_zero_grad_and_requires_grad():
    net = Net()
    assert net.training and net.head[0].training
    net.eval()
    assert not any(m.training for m in net.modules())
    net.train()
    assert all(m.training for m in net.modules())
    net(ag.randn(5, 4)).sum().backward()
    assert net.fc1.weight.grad is not None
    net.zero_grad(set_to_none=False)
    assert float(net.fc1.weight.grad.abs().sum()) == 0
    net.zero_grad()
    assert net.fc1.weight.grad is None
    net.requires_grad_(False)
    assert not any(p.requires_grad for p in net.parameters())


def test_apply_visits_children_first():
    seen = []
    Net().apply(lambda m: seen.append(type(m).__name__))
    assert seen == ["Linear", "BatchNorm1d", "ReLU", "Linear", "Sequential", "Net"]


def test_state_dict_keys_values_and_round_trip():
    net, other = Net(), Net()
    sd = net.state_dict()
    assert list(sd) == ["scale", "fc1.weight", "fc1.bias", "bn.weight", "bn.bias", "bn.running_mean",
                        "bn.running_var", "bn.num_batches_tracked", "head.1.weight", "head.1.bias"]
    assert "step" not in sd  # non-persistent buffer
    assert not sd["fc1.weight"].requires_grad and sd["fc1.weight"]._data is net.fc1.weight._data
    result = other.load_state_dict({k: v.numpy() for k, v in sd.items()})
    assert result.missing_keys == [] and result.unexpected_keys == []
    x = ag.randn(3, 4)
    net.eval(), other.eval()
    np.testing.assert_array_equal(net(x).detach().numpy(), other(x).detach().numpy())
    assert other.bn.num_batches_tracked.dtype == np.int64
    assert sd is not net.state_dict() and net.state_dict(prefix="model.").keys().__iter__().__next__() == "model.scale"


def test_load_state_dict_strict_errors_name_the_keys():
    net = Net()
    sd = dict(net.state_dict())
    del sd["fc1.bias"]
    sd["extra.weight"] = ag.zeros(1)
    with pytest.raises(RuntimeError) as err:
        net.load_state_dict(sd)
    assert '"fc1.bias"' in str(err.value) and '"extra.weight"' in str(err.value)
    missing, unexpected = net.load_state_dict(sd, strict=False)
    assert missing == ["fc1.bias"] and unexpected == ["extra.weight"]
    sd = dict(net.state_dict())
    sd["fc1.weight"] = ag.zeros(2, 2)
    with pytest.raises(RuntimeError, match=r"size mismatch for fc1.weight.*\(2, 2\).*\(8, 4\)"):
        net.load_state_dict(sd, strict=False)


def test_load_state_dict_from_pytorch():
    torch = pytest.importorskip("torch")
    tnet = torch.nn.Sequential(torch.nn.Linear(4, 3), torch.nn.BatchNorm1d(3), torch.nn.Linear(3, 2))
    tnet(torch.randn(8, 4))  # updates the running stats
    net = nn.Sequential(nn.Linear(4, 3), nn.BatchNorm1d(3), nn.Linear(3, 2))
    assert list(net.state_dict()) == list(tnet.state_dict())
    net.load_state_dict({k: v.numpy() for k, v in tnet.state_dict().items()})
    net.eval(), tnet.eval()
    x = np.random.default_rng(0).normal(size=(5, 4)).astype(np.float32)
    np.testing.assert_allclose(net(ag.tensor(x)).detach().numpy(), tnet(torch.tensor(x)).detach().numpy(),
                               rtol=1e-5, atol=1e-6)


def test_repr_matches_pytorch_layout():
    expected = (
        "Net(\n"
        "  (fc1): Linear(in_features=4, out_features=8, bias=True)\n"
        "  (bn): BatchNorm1d(8, eps=1e-05, momentum=0.1, affine=True, bias=True, track_running_stats=True)\n"
        "  (head): Sequential(\n"
        "    (0): ReLU()\n"
        "    (1): Linear(in_features=8, out_features=2, bias=True)\n"
        "  )\n"
        ")")
    assert repr(Net()) == expected


def test_forward_hooks_local_and_global():
    net = Net()
    calls = []
    h1 = net.fc1.register_forward_pre_hook(lambda m, args: calls.append(("pre", type(m).__name__)))
    h2 = net.fc1.register_forward_hook(lambda m, args, out: out * 0)
    assert float(net.fc1(ag.randn(2, 4)).abs().sum()) == 0  # a hook may replace the output
    assert calls == [("pre", "Linear")]
    h1.remove(), h2.remove()
    assert float(net.fc1(ag.randn(2, 4)).abs().sum()) > 0
    paths = []
    names = {id(m): n for n, m in net.named_modules()}
    with nn.modules.module.register_module_forward_pre_hook(lambda m, args: paths.append(names[id(m)])):
        net(ag.randn(3, 4))
    assert paths == ["", "fc1", "bn", "head", "head.0", "head.1"]
    net(ag.randn(3, 4))
    assert len(paths) == 6  # removed by the with block
    out_hook = nn.modules.module.register_module_forward_hook(lambda m, args, out: None)
    net(ag.randn(3, 4))
    out_hook.remove()


def test_to_dtype_and_device():
    net = Net()
    opt_view = net.fc1.weight
    net.double()
    assert net.fc1.weight is opt_view and opt_view.dtype == np.float64  # same Parameter object
    assert net.bn.running_mean.dtype == np.float64 and net.bn.num_batches_tracked.dtype == np.int64
    assert net(ag.randn(3, 4, dtype=np.float64)).dtype == np.float64
    net.to(ag.float32).to("cpu").cpu()
    assert net.fc1.weight.dtype == np.float32
    with pytest.raises(TypeError):
        net.to(np.int64)


def test_cuda_without_gpu_raises_clearly():
    if ag.backend.cuda_device_count():
        pytest.skip("a GPU is present")
    with pytest.raises(RuntimeError, match="CuPy|CUDA|cuda"):
        Net().cuda()


def test_deepcopy_gives_independent_parameters():
    net = Net()
    clone = copy.deepcopy(net)
    assert isinstance(clone.fc1.weight, nn.Parameter)
    clone.fc1.weight.data[...] = 0
    assert float(net.fc1.weight.abs().sum()) > 0


def test_forward_missing_raises():
    with pytest.raises(NotImplementedError, match="forward"):
        nn.Module()(1)
