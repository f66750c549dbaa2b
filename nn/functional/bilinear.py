"""The bilinear map ``F.bilinear``, composed from engine ops (twice differentiable)."""
from autograd_core.ops import matmul, permute, reshape
from autograd_core.ops._util import as_tensor

__all__ = ["bilinear"]


def bilinear(input1, input2, weight, bias=None):
    """``y[..., o] = sum_ij input1[..., i] * weight[o, i, j] * input2[..., j] + bias[o]``, as PyTorch.

    Args:
        input1: (*, in1_features); input2: (*, in2_features), the same leading dims.
        weight: (out_features, in1_features, in2_features); bias: (out_features,) or None.
    """
    input1, input2 = as_tensor(input1), as_tensor(input2)
    if weight.ndim != 3:
        raise ValueError(f"bilinear: weight must be 3-D (out, in1, in2), got shape {tuple(weight.shape)}")
    out, n1, n2 = weight.shape
    if input1.ndim == 0 or input1.shape[:-1] != input2.shape[:-1]:
        raise ValueError(f"bilinear: input1 {input1.shape} and input2 {input2.shape} must have the same leading dims")
    if input1.shape[-1] != n1 or input2.shape[-1] != n2:
        raise ValueError(f"bilinear: inputs of {input1.shape[-1]} and {input2.shape[-1]} features do not fit weight "
                         f"of shape {tuple(weight.shape)} (in1_features = {n1}, in2_features = {n2})")
    if bias is not None and tuple(bias.shape) != (out,):
        raise ValueError(f"bilinear: bias of shape {tuple(bias.shape)} does not match weight's {out} outputs")
    lead = input1.shape[:-1]
    x1, x2 = reshape(input1, (-1, n1)), reshape(input2, (-1, 1, n2))
    # (B, in1) @ (in1, out * in2): each row's input1 . weight[o], then its dot with input2 per output
    t = reshape(matmul(x1, reshape(permute(weight, 1, 0, 2), (n1, out * n2))), (-1, out, n2))
    y = (t * x2).sum(axis=-1)
    if bias is not None:
        y = y + bias
    return reshape(y, lead + (out,))
