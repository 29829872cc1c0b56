"""Oymak & Soltanolkotabi (2019): Figure 1 (network diagram) and Figure 2 (a-d) phase transitions.

Figure 2: the empirical probability that GD fits n random labels, over a grid of hidden units k and
input dimension d, for softplus (eta = 0.15) and ReLU (eta = 0.1) at two n (spec oymak2019.md, sections 2-5).
Stages: settings (panels, columns, key tuples), compute (the only torch importer: the batched engine
``overparam.phase_transition``), tables, claims, plots; registry (figures, panels, jobs).
"""
