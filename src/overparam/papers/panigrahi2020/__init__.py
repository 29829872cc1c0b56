"""Panigrahi, Shetty, Goyal (ICLR 2020), Figures 1 and 2.

Figure 1 (synthetic data): n equally spaced points on a half circle (theta_i = pi i / n), lifted to S^9 by a
random orthonormal frame; labels uniform on {-1, +1}. DZPS setting: w ~ N(0, I), a ~ N(0, 1) fixed,
F(x) = (1/sqrt(m)) sum_k a_k phi(w_k^T x), L = 1/2 sum (y - u)^2, full-batch GD (spec panigrahi2020.md,
sections 1-3). Run r reseeds the data, labels and weights; all activations within a run share them.

Figure 2 (a random subset of CIFAR-10 training images, or the labelled synthetic stand-in of
``overparam.cifar10``; pixels in [0, 1], then the Section-2 preprocessing, d = 3074, unit norm): (a) histogram
of all pairwise distances, (b) cumulative normalised spectrum of the centred data covariance, (c) sorted
eigenvalues of G(0) in the DZPS setting for four activations (with G^inf as a cross-check), (d) training
cross-entropy of a two-layer net with both layers trained by SGD (``overparam.sgd``; spec section 4).

Stages: settings (data, initial weights, config keys), compute (the only torch importer; also the CIFAR-10
data job), tables, claims, plots; registry (figures, panels, jobs).
"""
