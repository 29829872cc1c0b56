"""Das & Golikov (2019), supplementary figures das2019-supp1 ... supp4 (the paper has no figures).

Model (paper, Sec. 2.2 and Thm 4.6): f(W, x) = m^{-1/2} sum_r a_r sigma(w_r^T x), no bias, a_r ~ unif{-1, 1}
fixed, w_r(0) ~ N(0, I_d), W trained on L = 1/2 sum_i (y_i - f(x_i))^2; sigma = softplus. The infinite-width
Gram matrix H^inf_pq = x_p.x_q E[sigma'(z.x_p) sigma'(z.x_q)] and lambda0 = lambda_min(H^inf) come from
overparam.kernels (Hermite series, checked against 2-D quadrature and Monte Carlo in the tests).

Stages: settings (data, initial weights, constants, width-threshold formulas), compute (the only torch importer),
tables, claims, plots; registry (figures, panels, jobs). The jobs that only read run files never import torch.

Every experimental setting is this repository's choice (UNSTATED in the paper; spec das2019.md, section 3):
GD with eta = 1/lambda_max(H^inf) plotted against t = eta k, float64 throughout, data uniform on the sphere with
y ~ U[-1, 1] (kappa = 1).

- supp1: lambda0(n) and the widths needed in practice (m_B*: Thm 4.2's event; m_GD*: GD reaches 1e-4 relative
  loss in a lambda0-scaled time) against the printed width thresholds (Das-Golikov, Song-Yang, Du et al.).
- supp2: loss curves against the Lemma 4.3(a) envelope e^{-lambda0 t}; lambda_min(C(t)); step-size check; GD at
  the theorem's own threshold width m_DG (D_tiny).
- supp3: per-neuron and total movement, kernel fluctuation and drift against m, beside the bounds of the proof
  (the total movement is where Prop. 4.5's argument fails: erratum E2).
- supp4: the antipodal counterexample to Thm 4.1 (erratum E1): spectra of H^inf and the loss plateau.
"""
