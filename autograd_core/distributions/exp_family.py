"""ExponentialFamily: the base of the distributions with density ``exp(<t(x), theta> - F(theta) + k(x))``."""
from ..autograd import grad
from ..grad_mode import enable_grad, is_grad_enabled
from .distribution import Distribution
from .independent import sum_rightmost


class ExponentialFamily(Distribution):
    """A distribution of an exponential family, given by its natural parameters ``theta`` (``_natural_params``),
    its log normalizer ``F`` (``_log_normalizer(*theta)``) and the mean of its carrier measure ``E[k(x)]``
    (``_mean_carrier_measure``). Its entropy, and the KL divergence between two members of one family, follow
    from the Bregman divergence of ``F`` (Nielsen and Nock, Entropies and cross-entropies of exponential
    families), with ``grad F`` taken by autograd."""

    @property
    def _natural_params(self):
        raise NotImplementedError(f"{type(self).__name__} does not implement _natural_params")

    def _log_normalizer(self, *natural_params):
        raise NotImplementedError(f"{type(self).__name__} does not implement _log_normalizer")

    @property
    def _mean_carrier_measure(self):
        raise NotImplementedError(f"{type(self).__name__} does not implement entropy (it has no "
                                  "_mean_carrier_measure)")

    def _log_normalizer_and_grads(self):
        """The natural parameters, ``F`` at them and ``grad F``: differentiable (create_graph) in the parameters
        that require grad (torch detaches them, so its entropy and KL give them no gradient); constants when none
        does."""
        params = self._natural_params
        differentiable = is_grad_enabled() and any(p.requires_grad for p in params)
        with enable_grad():
            leaves = [p if differentiable and p.requires_grad else p.detach().requires_grad_() for p in params]
            log_normalizer = self._log_normalizer(*leaves)
            grads = grad(log_normalizer.sum(), leaves, create_graph=differentiable)
        if differentiable:
            return leaves, log_normalizer, grads
        return [p.detach() for p in leaves], log_normalizer.detach(), grads

    def entropy(self):
        """``F(theta) - <theta, grad F(theta)> - E[k(x)]``."""
        params, result, grads = self._log_normalizer_and_grads()
        result = result - self._mean_carrier_measure
        for p, g in zip(params, grads):
            result = result - sum_rightmost(p * g, p.dim() - len(self._batch_shape))
        return result


def bregman_kl(p, q):
    """KL(p || q) for two members of one exponential family: the Bregman divergence of the log normalizer. Each
    parameter's inner product sums the dims it has beyond the batch (torch sums ``len(event_shape)`` dims of
    every parameter, which mixes the batch entries of Wishart's scalar one)."""
    if type(p) is not type(q):
        raise NotImplementedError(f"The cross KL-divergence between different exponential families "
                                  f"({type(p).__name__}, {type(q).__name__}) cannot be computed using Bregman "
                                  f"divergences")
    p_params, p_log_normalizer, grads = p._log_normalizer_and_grads()
    result = q._log_normalizer(*q._natural_params) - p_log_normalizer
    for p_param, q_param, g in zip(p_params, q._natural_params, grads):  # <theta_q - theta_p, grad F(theta_p)>
        result = result - sum_rightmost((q_param - p_param) * g, p_param.dim() - len(p.batch_shape))
    return result
