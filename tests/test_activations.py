import pytest
import torch
import yaml

from conftest import REPO
from overparam.activations import ACTIVATIONS, activation


@pytest.mark.parametrize("name", sorted(ACTIVATIONS))
def test_derivatives_match_autograd(name):
    act = activation(name)
    g = torch.Generator().manual_seed(0)
    z = torch.randn(2000, generator=g, dtype=torch.float64) * 3
    z = z[z.abs() > 1e-3]  # away from the kinks of ReLU and ELU
    z.requires_grad_(True)
    (d1,) = torch.autograd.grad(act.phi(z).sum(), z, create_graph=True)
    torch.testing.assert_close(act.dphi(z.detach()), d1.detach(), rtol=1e-10, atol=1e-12)
    if d1.requires_grad:  # ReLU's autograd derivative is piecewise constant: no graph to differentiate
        (d2,) = torch.autograd.grad(d1.sum(), z)
    else:
        d2 = torch.zeros_like(z)
    torch.testing.assert_close(act.d2phi(z.detach()), d2, rtol=1e-10, atol=1e-12)


def test_relu_derivative_at_zero_is_one():
    # Du et al. eq. (4) uses I{w^T x >= 0}.
    assert activation("relu").dphi(torch.zeros(1)).item() == 1.0


def test_softplus_is_exact_above_threshold():
    z = torch.tensor([25.0, 40.0], dtype=torch.float64)
    torch.testing.assert_close(activation("softplus").phi(z), z + torch.log1p(torch.exp(-z)))


def test_unknown_activation_is_named():
    with pytest.raises(ValueError, match="sigmoidal"):
        activation("sigmoidal")


def test_schema_enum_matches_registry():
    schema = yaml.safe_load((REPO / "workflow/schemas/config.schema.yaml").read_text())
    assert set(schema["$defs"]["activation"]["enum"]) == set(ACTIVATIONS)


def test_softplus_float32_formula_errs_by_a_few_ulps_of_one():
    # the phase-transition engine's softplus on a CPU: error against float64 at most 4 float32 ulps of
    # max(1, phi(z)), i.e. absolute where phi is small and relative where it is large
    z = torch.linspace(-100, 100, 400_001).double()  # float32 inputs, exactly representable in float64
    exact = activation("softplus").phi(z)
    fast = activation("softplus").phi_float32(z.float()).double()
    eps = torch.finfo(torch.float32).eps
    assert ((fast - exact).abs() / exact.clamp_min(1)).max() <= 4 * eps
    assert (fast - exact).abs().max() > 0  # not softplus itself: a formula of its own
    assert all(a.phi_float32 is None for a in ACTIVATIONS.values() if a.name != "softplus")
